"""The synthesis across interviews (:class:`infotui.synthesis.Synthesis`) as a Markdown
document to print or share, and as plain data for scripts (``infotui report --json``).

Everything a person typed (names, fields, notes, next steps) is escaped as the
interview export escapes it: no answer or note becomes a heading, a list or HTML.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from infotui.formats.markdown import inline
from infotui.synthesis import Average, FitGroup, Synthesis
from infotui.views import plural

TITLE = "What my informational interviews told me"
NAMES = 12  # who said a phrase (--json gives every one)
REASONS = 10  # the debriefs' words on why, per group (--json gives every one)
EMPTY = (
    "No interview has finished yet. Hold one first: pick a contact, start the interview, "
    "end it and write its debrief (with the fit scored 1 to 5). Each finished interview "
    "adds to this picture."
)


def _date(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d") if at is not None else ""


def evidence(group: FitGroup) -> str:
    """'1 interview (thin evidence)', '3 interviews'."""
    return plural(group.count, "interview") + (" (thin evidence)" if group.thin else "")


def report_markdown(synthesis: Synthesis, now: dt.datetime) -> str:
    by = synthesis.by
    lines = [f"# {TITLE}", ""]
    if synthesis.empty:
        return "\n".join([*lines, EMPTY, ""])
    lines += [
        f"{plural(synthesis.interviews, 'finished interview')}, as of {_date(now)}; "
        f"grouped by {by}. Scores are the debriefs' (1 to 5), averaged; best first.",
        "",
    ]
    best = synthesis.best
    if best is not None:
        lines += [
            f"**Fits best: {inline(best.name)}**, {best.overall} overall from {evidence(best)}.",
            "",
        ]
    lines += [f"## Fit by {by}", ""]
    for group in synthesis.groups:
        lines.append(
            f"- **{inline(group.name)}**: {group.overall} overall (skills {group.skills}, "
            f"values {group.values}, interests {group.interests}), {evidence(group)}"
        )
    if any(g.reasons for g in synthesis.groups):
        lines += ["", "Why, in the debriefs' words:", ""]
    for group in synthesis.groups:
        reasons = group.reasons
        for who, why in reasons[:REASONS]:
            lines.append(f"- {inline(group.name)}: {inline(why)} ({inline(who)})")
        if len(reasons) > REASONS:
            lines.append(f"- {inline(group.name)}: and {len(reasons) - REASONS} more debriefs")
    lines += ["", "## What they said", ""]
    lines.append(
        "The words and phrases named most often in the answers to the main questions, "
        "each counted once per interview."
    )
    for theme in synthesis.themes:
        lines += ["", f"### {theme.title}", ""]
        if theme.question:
            lines += [f"*{inline(theme.question)}*", ""]
        if not theme.phrases:
            lines.append("Not answered in any finished interview yet.")
            continue
        lines.append(f"Answered in {plural(theme.answered, 'interview')}.")
        lines.append("")
        for phrase in theme.phrases:
            names = phrase.who
            who = ", ".join(inline(name) for name in names[:NAMES])
            if len(names) > NAMES:
                who += f" and {len(names) - NAMES} more"
            lines.append(f"- **{inline(str(phrase))}**: {phrase.count} ({who})")
    lines += ["", "## Next steps", ""]
    if synthesis.next_steps:
        for step in synthesis.next_steps:
            when = f", {_date(step.at)}" if step.at else ""
            lines.append(f"- {inline(step.text)} ({inline(step.source)}{when})")
    else:
        lines.append("None written down: the debriefs have no next steps, and no referral waits.")
    lines += ["", "## Questions not asked yet, or asked once", ""]
    never = [q for q in synthesis.questions if q.asked == 0]
    once = [q for q in synthesis.questions if q.asked == 1]
    for title, questions in (("Never asked", never), ("Asked once", once)):
        if questions:
            lines += [f"{title}:", ""]
            lines += [f"- {inline(q.text)}" for q in questions]
            lines.append("")
    if not synthesis.questions:
        lines += ["Every question of the bank has been asked at least twice.", ""]
    if synthesis.hidden:
        lines += ["## Left out as noise", ""]
        lines.append(", ".join(inline(p) for p in synthesis.hidden))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _average(average: Average) -> dict[str, Any]:
    mean = round(average.mean, 2) if average.mean is not None else None
    return {"mean": mean, "scored": average.scored}


def report_data(synthesis: Synthesis, now: dt.datetime) -> dict[str, Any]:
    """The synthesis as JSON-ready data (``infotui report --json``)."""
    return {
        "as_of": now.isoformat(),
        "grouped_by": synthesis.by,
        "interviews": synthesis.interviews,
        "fit": [
            {
                "group": g.name,
                "interviews": g.count,
                "thin_evidence": g.thin,
                "overall": _average(g.overall),
                "skills": _average(g.skills),
                "values": _average(g.values),
                "interests": _average(g.interests),
                "why": [{"name": who, "fit_notes": why} for who, why in g.reasons],
                "interview_ids": [i.interview_id for i in g.interviews],
            }
            for g in synthesis.groups
        ],
        "said": [
            {
                "question_key": t.key,
                "title": t.title,
                "question": t.question,
                "answered": t.answered,
                "phrases": [
                    {
                        "phrase": p.text,
                        "as_written": str(p),
                        "interviews": p.count,
                        "who": [
                            {
                                "name": m.name,
                                "contact_id": m.contact_id,
                                "interview_id": m.interview_id,
                            }
                            for m in p.mentions
                        ],
                    }
                    for p in t.phrases
                ],
            }
            for t in synthesis.themes
        ],
        "next_steps": [
            {
                "text": s.text,
                "source": s.source,
                "contact_id": s.contact_id,
                "interview_id": s.interview_id,
                "at": s.at.isoformat() if s.at else None,
            }
            for s in synthesis.next_steps
        ],
        "questions_to_ask": [
            {
                "question_id": q.question_id,
                "text": q.text,
                "asked": q.asked,
                "in_next_plan": q.planned,
            }
            for q in synthesis.questions
        ],
        "hidden_phrases": list(synthesis.hidden),
        "next_interview": synthesis.next_interview,
    }
