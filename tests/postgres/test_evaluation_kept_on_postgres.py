"""test_synthesis_kept.py's store tests (the counting kept from one start to the next), on
PostgreSQL."""

from tests.postgres.reuse import reused

globals().update(reused("test_synthesis_kept", "store"))
