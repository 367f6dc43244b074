"""test_store.py's store tests, on PostgreSQL."""

from tests.postgres.reuse import reused

globals().update(reused("test_store", "store"))
