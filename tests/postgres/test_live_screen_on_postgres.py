"""test_live_screen.py's journeys with a store, on PostgreSQL: the live screen typed
into, saved, quit and reopened with a server behind it."""

from tests.postgres.reuse import reused
from tests.ui.conftest import pilot_waits_for_the_app  # noqa: F401  (autouse, as in tests/ui)

globals().update(reused("test_live_screen", "store"))
