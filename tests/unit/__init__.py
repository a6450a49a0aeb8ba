"""Unit tests, one module per source module (tests/unit/test_<module>.py)."""
