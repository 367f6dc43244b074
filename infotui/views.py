"""Plain records the screens show, shared by the store and the quick first look.

Nothing here imports the database layer: the live screen is built from these
before SQLAlchemy has finished loading (see :mod:`infotui.first_look`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pendulum


class ContactSummary(NamedTuple):
    """The few fields a list of contacts shows and filters on (a tuple: there are thousands)."""

    id: int
    name: str
    company: str
    role: str
    field: str


@dataclass(frozen=True)
class PlanEntry:
    """One row of an interview's checklist, as the screens show it."""

    id: int
    question_id: int
    text: str
    hint: str
    position: int
    starred: bool
    asked_at: pendulum.DateTime | None
    closing: bool
    minutes: int | None = None

    @property
    def asked(self) -> bool:
        return self.asked_at is not None
