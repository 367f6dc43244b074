"""Sample data for ``infotui --demo``, the README's screenshot and the tests.

Fictional people only. Builds a small networking list and one interview that
is half done, so a newcomer sees the live screen as it is in use.
"""

from __future__ import annotations

from typing import Any

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
    ids = [store.contacts.add(**fields).id for fields in CONTACTS]  # type: ignore[arg-type]
    priya = ids[0]
    assert priya is not None
    store.contacts.set_status(priya, OutreachStatus.SCHEDULED)
    interview = store.interviews.create(priya, agreed_minutes=30, place="Video call")
    assert interview.id is not None
    started = store.now().subtract(seconds=int(minutes_in * 60))
    store.interviews.change_timer(interview.id, lambda c: c.start(started))
    plan = store.plans.of(interview.id)
    for entry, answer in zip(plan, ANSWERS, strict=False):
        store.plans.set_asked(entry.id, True)
        store.answers.save(interview.id, entry.question_id, answer)
    store.answers.save(interview.id, None, "Warm and generous. Mentioned a junior opening in Q2.")
    for contact_id, days_ago, said, debrief in PAST:
        _past_interview(store, ids[contact_id], days_ago, said, debrief)
    return interview.id


# Three earlier interviews, each with its debrief, so that search, compare and the
# Evaluate screen have something to work with. The answers follow the default plan:
# a typical day, key skills, experience wanted, breaking in, buzz words, advancement.
PAST = [
    (3, 9, ["Site visits on Mondays, design reviews midweek, reports on Friday.",
            "Project management, and reading drawings quickly. Communication with the "
            "site crews matters too.",
            "A co-op placement with a utility or a contractor.",
            "The engineering licence exam; for project coordinators, a PMP certificate.",
            "Stakeholder management, scheduling, budget tracking.",
            "Project engineer, then project manager; a master's helps for leadership roles."],
     dict(learned="Engineering jobs want the licence; coordination roles do not.",
          fit_score=2, skills_score=3, values_score=3, interests_score=1,
          fit_notes="Likes the mission, but site work and drawings are not for me",
          next_steps="Ask Jim for a project coordinator to talk to")),
    (2, 4, ["Mostly running workshops with patrons and fixing the catalogue.",
            "Teaching: people who can explain technology calmly. Communication, and "
            "some data analysis for the usage reports.",
            "Volunteering at a library's digital help desk counts.",
            "Most posts ask for a library degree (MLIS); digital services less so.",
            "Digital literacy, user support, data analysis.",
            "Slow: team lead after five years or so."],
     dict(learned="Digital services value teaching more than the degree.",
          fit_score=4, skills_score=4, values_score=5, interests_score=3,
          fit_notes="Teaching people technology is what I enjoy most",
          next_steps="- Volunteer at the library's digital help desk\n- Look up MLIS programmes")),
    (1, 6, ["Research sessions with users, then synthesis with the designers.",
            "Interviewing people, and communication: explaining findings to designers. "
            "Data analysis helps for surveys.",
            "A portfolio of two or three real studies, even unpaid ones.",
            "A portfolio and a referral; the interview includes a case study.",
            "Usability testing, user interviews, data analysis, stakeholder management.",
            "Senior researcher, then research lead; no degree needed to move up."],
     dict(learned="UX research hires on a portfolio, not on a degree.",
          fit_score=5, skills_score=4, values_score=5, interests_score=5,
          fit_notes="Research with people every day, and my survey work counts",
          next_steps="Write up the survey project as a portfolio case study")),
]  # fmt: skip


def _past_interview(
    store: Store, contact_id: int | None, days_ago: int, said: list[str], debrief: dict[str, Any]
) -> None:
    assert contact_id is not None
    interview = store.interviews.create(contact_id)
    assert interview.id is not None
    started = store.now().subtract(days=days_ago)
    store.interviews.change_timer(interview.id, lambda c: c.start(started))
    for entry, answer in zip(store.plans.of(interview.id), said, strict=False):
        store.plans.set_asked(entry.id, True)
        store.answers.save(interview.id, entry.question_id, answer)
    store.interviews.change_timer(interview.id, lambda c: c.end(started.add(minutes=32)))
    store.follow_ups.save_debrief(interview.id, **debrief)
    store.follow_ups.mark_thank_you_sent(interview.id)
