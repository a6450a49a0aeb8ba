"""What the tests import, as a package (`from tests.support.cli import run_cli`); the
fixtures stay in the conftest.py files."""
