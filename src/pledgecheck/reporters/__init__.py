"""Reporters: pure functions from finished assessments to text, one module per format."""
