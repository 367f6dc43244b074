"""Interviews as Markdown documents: what was asked, what was said.

Everything a person typed (names, companies, questions, answers) is text, not
Markdown: it is escaped so that no answer becomes a heading, a list, a rule,
a code block or raw HTML. Answers keep their lines (a hard line break at each
newline) inside a block quote; the facts at the top stay on one line each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from infotui.models import Contact, Interview, Medium
from infotui.timer import Countdown
from infotui.views import PlanEntry

# Characters with a meaning anywhere in a line (CommonMark lets any of them be escaped),
# each with a backslash before it (a table for str.translate: a regular expression's
# substitution called back into Python for every one found, 10 us a line).
INLINE_MARKUP = "\\`*_[]<>&~|"
_ESCAPED = str.maketrans({ch: "\\" + ch for ch in INLINE_MARKUP})
# A "#" that could open a heading or close one.
_HASH = re.compile(r"(^|\s)#")
# What opens a block at the start of a line: a list item, a setext underline, a rule.
_ORDERED = re.compile(r"^(\d+)([.)])")


def _has_markup(text: str) -> bool:
    """Whether the text holds any of INLINE_MARKUP: a search for each character (a fast
    scan in C) takes a sixth of the time translating the text does, and most answers
    hold none."""
    return any(ch in text for ch in INLINE_MARKUP)


def escape_line(text: str) -> str:
    """One line of typed text as Markdown that shows it exactly, markup and all."""
    line = text.translate(_ESCAPED) if _has_markup(text) else text
    if "#" in line:
        line = _HASH.sub(r"\1\\#", line)
    ordered = _ORDERED.match(line)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{line[ordered.end() :]}"
    if line.startswith(("-", "+", "=")):
        return "\\" + line
    return line


def inline(text: str) -> str:
    """Typed text on one line: newlines and runs of spaces become one space."""
    return escape_line(" ".join(text.split()))


def text_block(text: str, *, quote: bool = False) -> list[str]:
    """Typed text as paragraphs that keep every line (a hard break at each newline)."""
    paragraphs: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            paragraphs[-1].append(escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    lines: list[str] = []
    for paragraph in (p for p in paragraphs if p):
        if lines:
            lines.append("")
        lines += [line + "\\" for line in paragraph[:-1]] + paragraph[-1:]
    return [(f"> {line}" if line else ">") if quote else line for line in lines]


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
    title = f"# Informational interview: {inline(contact.name)}"
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
    lines += [f"- **{k}:** {inline(v)}" for k, v in facts]
    lines.append("")
    asked = [e for e in plan if e.asked or answers.get(e.question_id, "").strip()]
    if asked:
        lines += ["## Questions and answers", ""]
    for entry in asked:
        answer = answers.get(entry.question_id, "").strip()
        said = text_block(answer, quote=True) if answer else ["_(no notes)_"]
        lines += [f"### {inline(entry.text)}", "", *said, ""]
    unasked = [e for e in plan if not (e.asked or answers.get(e.question_id, "").strip())]
    if unasked:
        lines += ["## Not asked", ""] + [f"- {inline(e.text)}" for e in unasked] + [""]
    notes = answers.get(None, "").strip()
    if notes:
        lines += ["## General notes", "", *text_block(notes), ""]
    return "\n".join(lines).rstrip() + "\n"
