"""test_after.py's store tests, on PostgreSQL."""

from tests.postgres.reuse import reused

globals().update(
    reused(
        "test_after", "store", leave_out=("test_search_finds_answers_notes_debriefs_and_contacts",)
    )
)
