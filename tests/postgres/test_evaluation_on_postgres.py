"""test_synthesis.py's store tests (the reads behind the Evaluate screen), on PostgreSQL."""

from tests.postgres.reuse import reused

globals().update(reused("test_synthesis", "store"))
