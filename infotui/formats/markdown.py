"""Interviews as Markdown documents: what was asked, what was said."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from infotui.models import Contact, Interview, Medium
from infotui.timer import Countdown
from infotui.views import PlanEntry


def interview_markdown(
    contact: Contact,
    interview: Interview,
    plan: Sequence[PlanEntry],
    answers: Mapping[int | None, str],
    *,
    tz: str | None = None,
) -> str:
    import pendulum

    zone = tz or pendulum.tz.get_local_timezone()
    title = f"# Informational interview: {contact.name}"
    lines = [title, ""]
    facts = []
    if contact.role or contact.company:
        facts.append(("Who", ", ".join(p for p in (contact.role, contact.company) if p)))
    when = interview.started_at or interview.scheduled_at
    if when is not None:
        facts.append(("Date", when.in_timezone(zone).format("dddd D MMMM YYYY, HH:mm")))  # type: ignore[attr-defined]
    agreed = f"{interview.agreed_minutes} minutes"
    if interview.extended_minutes:
        agreed += f" (extended by {interview.extended_minutes})"
    facts.append(("Agreed", agreed))
    countdown = Countdown.of(interview)
    if interview.ended_at is not None:
        facts.append(("Actual", f"{round(countdown.elapsed(interview.ended_at) / 60)} minutes"))  # type: ignore[arg-type]
    facts.append(
        (
            "How",
            Medium(interview.medium).label + (f", {interview.place}" if interview.place else ""),
        )
    )
    lines += [f"- **{k}:** {v}" for k, v in facts]
    lines.append("")
    asked = [e for e in plan if e.asked or answers.get(e.question_id, "").strip()]
    if asked:
        lines += ["## Questions and answers", ""]
    for entry in asked:
        lines += [
            f"### {entry.text}",
            "",
            answers.get(entry.question_id, "").strip() or "_(no notes)_",
            "",
        ]
    unasked = [e for e in plan if e not in asked]
    if unasked:
        lines += ["## Not asked", ""] + [f"- {e.text}" for e in unasked] + [""]
    notes = answers.get(None, "").strip()
    if notes:
        lines += ["## General notes", "", notes, ""]
    return "\n".join(lines).rstrip() + "\n"
