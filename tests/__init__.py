"""pledgecheck's tests; shared helpers are imported from tests.support."""
