"""test_imports.py's store tests (thousands of rows, in batches), on PostgreSQL."""

from tests.postgres.reuse import reused

globals().update(reused("test_imports", "store"))
