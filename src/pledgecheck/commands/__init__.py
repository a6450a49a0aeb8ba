"""Command bodies: each takes keyword-only options and returns an exit code."""
