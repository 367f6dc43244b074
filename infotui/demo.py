"""Sample data for ``infotui --demo``, the README's screenshot and the tests.

Fictional people only. Builds a small networking list and one interview that
is half done, so a newcomer sees the live screen as it is in use.
"""

from __future__ import annotations

from infotui.models import OutreachStatus
from infotui.store import Store

CONTACTS = [
    dict(name="Priya Raman", company="Northwind Health", role="Clinical data analyst",
         field="Healthcare analytics", email="priya.raman@example.org",
         how_we_know="Former classmate"),
    dict(name="Marcus Feld", company="Harbor & Finch", role="UX research lead",
         field="Design", how_we_know="Met at a meetup"),
    dict(name="Dana Okafor", company="City Library", role="Digital services librarian",
         field="Libraries", phone="+1 555 010 4477"),
    dict(name="Jim Alvarez", company="Brightline Energy", role="Project engineer",
         field="Renewable energy", email="jim.alvarez@example.com",
         how_we_know="My cousin's neighbour"),
    dict(name="Lena Sorensen", company="Open Fields Co-op", role="Operations manager",
         field="Agriculture"),
]  # fmt: skip

ANSWERS = [
    "Mornings are standups and triage of data requests from the wards; afternoons are "
    "building dashboards. Month end is reporting to the board. SQL every day, Python weekly.",
    "SQL above all, then enough statistics to explain uncertainty to clinicians. "
    "Communication matters as much as the technical side.",
    "An internship in any hospital or insurer data team; volunteering on public health "
    "data projects counts too.",
]


def populate(store: Store, *, minutes_in: float = 14) -> int:
    """Fill an empty store with the sample data; return the half-done interview's id."""
    ids = [store.add_contact(**fields).id for fields in CONTACTS]
    priya = ids[0]
    assert priya is not None
    store.set_contact_status(priya, OutreachStatus.SCHEDULED)
    interview = store.create_interview(priya, agreed_minutes=30, place="Video call")
    assert interview.id is not None
    started = store.now().subtract(seconds=int(minutes_in * 60))
    store.change_timer(interview.id, lambda c: c.start(started))
    plan = store.plan(interview.id)
    for entry, answer in zip(plan, ANSWERS, strict=False):
        store.set_asked(entry.id, True)
        store.save_answer(interview.id, entry.question_id, answer)
    store.save_answer(interview.id, None, "Warm and generous. Mentioned a junior opening in Q2.")
    return interview.id
