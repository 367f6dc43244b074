"""test_interviews.py's store tests, on PostgreSQL."""

from tests.postgres.reuse import reused

globals().update(reused("test_interviews", "store"))
