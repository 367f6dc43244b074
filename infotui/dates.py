"""Dates and times as people type and read them, on top of pendulum.

``parse_when("tue 3pm", now)`` understands the few forms people use when they
book a meeting or log a call: a day (today, tonight, tomorrow, yesterday, a
weekday, "next wednesday", "in 3 days", "2 days ago", "dec 3", "3 December 2026",
"2026-12-01", "13/12") and a time (3pm, 9:30, 14h30, 15:00, noon), the time
before or after the day ("noon tomorrow"). What is impossible ("Feb 30",
"25:00") or ambiguous ("3" without am or pm, "01/02") is refused with a short
message saying why: it is shown beside a narrow field.

Every failure is a :class:`DateError`: the schedule dialog parses on each
keystroke, so nothing typed or pasted may raise anything else, or take long.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pendulum

WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
MONTHS = {
    name: n
    for n, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip

_TIME = re.compile(r"^(?:at\s+)?(\d{1,2})(?:(?::|h)(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]+(.+))?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$")
_SLASHED_START = re.compile(r"^\d{1,2}[/.]\d{1,2}")
# Words that name a time of day on their own.
NAMED_TIMES = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
WORKING_HOUR = 9  # when a follow-up set by an action is due, on its day
MAX_WHEN = 200  # characters: "next wednesday at 10:30am" is 25; a paste is refused at once


class DateError(ValueError):
    """Input that is not a date and time we can be sure of; the message says why."""


@dataclass(frozen=True)
class When:
    at: pendulum.DateTime
    has_time: bool


def _local(now: pendulum.DateTime, tz: str | None) -> pendulum.DateTime:
    return now.in_timezone(tz or pendulum.tz.get_local_timezone())


def parse_time(text: str, *, evening: bool = False) -> tuple[int, int]:
    """'3pm', '9:30', '14h30', '15:00', 'noon' -> (hour, minute).

    ``evening`` (the day said "tonight") reads a bare hour up to 11 as pm.
    """
    text = text.strip().lower()
    if text in NAMED_TIMES:
        return NAMED_TIMES[text]
    match = _TIME.match(text)
    if not match:
        raise DateError("not a time: try 3pm or 15:00")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if minute > 59:
        raise DateError("minutes go up to 59")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise DateError("with am or pm, hours are 1 to 12")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif hour > 23:
        raise DateError("hours go up to 23")
    elif evening and 1 <= hour <= 11 and not suffix:
        hour += 12
    elif 1 <= hour <= 7 and match.group(2) is None and not suffix:
        raise DateError(f"{hour}am or {hour}pm?")
    return hour, minute


def _clear_time(text: str) -> bool:
    """A time that cannot be a day's number: '3pm', '9:30', '14h30', 'noon'."""
    text = text.strip().lower().removeprefix("at ")
    return text in NAMED_TIMES or bool(re.fullmatch(r"\d{1,2}(?:[:h]\d{2}|\s*[ap]\.?m\.?|h)", text))


def _date_of(day: str, today: pendulum.DateTime) -> pendulum.DateTime | None:
    """The day part, or None when there is none; raises on a day that cannot be."""
    words = day.split()
    if not words:
        return None
    if day in ("today", "tonight"):
        return today
    if day in ("tomorrow", "tmrw", "tmr"):
        return today.add(days=1)
    if day == "yesterday":
        return today.subtract(days=1)
    ago = len(words) == 3 and words[2] == "ago" and words[0].isdigit()
    if (len(words) == 3 and words[0] == "in" and words[1].isdigit()) or ago:
        count, unit = (int(words[0]), words[1]) if ago else (int(words[1]), words[2])
        unit = unit.removesuffix("s")
        if unit in ("day", "week"):
            try:
                return today.add(**{f"{unit}s": -count if ago else count})
            except (OverflowError, ValueError):
                way = "back" if ago else "ahead"
                raise DateError(f"too far {way} for the calendar") from None
    is_weekday = words[-1] in WEEKDAYS and (len(words) == 1 or words[0] in ("next", "this", "on"))
    if len(words) <= 2 and is_weekday:
        target = WEEKDAYS[words[-1]]
        ahead = (target - (today.isoweekday() - 1)) % 7
        if words[0] == "next" and ahead == 0:
            ahead = 7
        return today.add(days=ahead)
    match = _ISO.match(day)
    if match:
        return _make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)), day, today)
    slashed = _SLASHED.match(day)
    if slashed:
        return _slashed_date(slashed, day, today)
    if _SLASHED_START.match(day):
        raise DateError("not a day: try tue or 3 Dec")
    return _month_day(words, day, today)


def _slashed_date(match: re.Match[str], text: str, today: pendulum.DateTime) -> pendulum.DateTime:
    """'13/12' is 13 December (13 cannot be a month); '01/02' could be either."""
    first, second = int(match.group(1)), int(match.group(2))
    if min(first, second) < 1:
        raise DateError("days and months start at 1")
    if first > 12 and second > 12:
        raise DateError(f"there is no month {min(first, second)}")
    if first > 12 or first == second:
        day, month = first, second
    elif second > 12:
        day, month = second, first
    else:
        one = pendulum.date(2000, second, 1).format("MMM")
        other = pendulum.date(2000, first, 1).format("MMM")
        raise DateError(f"is it {first} {one} or {second} {other}?")
    if match.group(3):
        year = int(match.group(3))
        return _make_date(year + 2000 if year < 100 else year, month, day, text, today)
    return _next_date(month, day, text, today)


def _month_day(words: list[str], day: str, today: pendulum.DateTime) -> pendulum.DateTime:
    words = [w.rstrip(",") for w in words if w not in ("on", "the", "of")]
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    numbers = [re.sub(r"(?<=\d)(st|nd|rd|th)$", "", w) for w in words if w not in MONTHS]
    if month is None or not numbers or not all(n.isdigit() for n in numbers) or len(numbers) > 2:
        raise DateError("not a day: try tue or 3 Dec")
    day_number = int(numbers[0])
    if len(numbers) == 2:
        return _make_date(int(numbers[1]), month, day_number, day, today)
    return _next_date(month, day_number, day, today)


def _next_date(month: int, day: int, text: str, today: pendulum.DateTime) -> pendulum.DateTime:
    """A day and month without a year: the next one from today (29 Feb: the next leap year)."""
    for year in range(today.year, min(today.year + 8, dt.MAXYEAR) + 1):
        candidate = _make_date(year, month, day, text, today, quiet=True)
        if candidate is not None and candidate.date() >= today.date():
            return candidate
    month_name = pendulum.datetime(2000, month, 1).format("MMMM")
    raise DateError(f"{month_name} has no day {day}")


def _make_date(
    year: int, month: int, day: int, text: str, today: pendulum.DateTime, *, quiet: bool = False
) -> pendulum.DateTime:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise DateError("years go from 1 to 9999")
    try:
        return today.set(year=year, month=month, day=day)
    except (OverflowError, ValueError):
        if quiet:
            return None  # type: ignore[return-value]
        month_name = pendulum.datetime(2000, month, 1).format("MMMM") if 1 <= month <= 12 else ""
        if month_name and not 1 <= day <= 31:
            raise DateError(f"{month_name} has no day {day}") from None
        if month_name:
            raise DateError(f"{month_name} {year} has no day {day}") from None
        raise DateError(f"there is no month {month}") from None


def parse_when(
    text: str, now: pendulum.DateTime, *, tz: str | None = None, need_time: bool = True
) -> When:
    """Read a date and time as a person types it; the result is in the local time zone.

    Raises :class:`DateError`, and nothing else, for anything it cannot read.
    """
    if len(text) > MAX_WHEN:
        raise DateError(
            f"too long for a date and time (at most {MAX_WHEN} characters, like tue 3pm)"
        )
    try:
        return _parse_when(text, now, tz=tz, need_time=need_time)
    except DateError:
        raise
    except Exception:
        # A number or a day the calendar cannot hold that no check above foresaw:
        # still the user's input to correct, never a crash of the dialog.
        raise DateError("not a date and time we can use") from None


def _parse_when(text: str, now: pendulum.DateTime, *, tz: str | None, need_time: bool) -> When:
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned:
        raise DateError("type a day and time: tue 3pm")
    local = _local(now, tz)
    today = local.start_of("day")
    iso = _ISO.match(cleaned)
    if iso:
        day_text, time_text = cleaned[: iso.end(3)], iso.group(4) or ""
    else:
        day_text, time_text = _split_day_time(cleaned.split(), today)
    date = _date_of(day_text, today) if day_text else None
    if not time_text:
        if need_time:
            raise DateError("add a time, like 3pm or 15:00")
        if date is None:
            raise DateError("not a day: try tue or 3 Dec")
        return When(date, has_time=False)
    hour, minute = parse_time(time_text.removeprefix("at "), evening=day_text == "tonight")
    at = (date or today).set(hour=hour, minute=minute, second=0, microsecond=0)
    if at < local and day_text in WEEKDAYS:
        at = at.add(weeks=1)  # "wed 10" said on a Wednesday at noon means next week's
    return When(at, True)


def _split_day_time(words: list[str], today: pendulum.DateTime) -> tuple[str, str]:
    """The day part and the time part: 'tomorrow at 3pm', 'noon tomorrow', 'feb 30'."""
    split = len(words)
    evening = "tonight" in words
    for cut in range(len(words), 0, -1):
        tail = " ".join(words[cut - 1 :]).removeprefix("at ")
        try:
            parse_time(tail, evening=evening)
        except DateError:
            if tail.strip() and _looks_like_time(tail):
                if cut >= 2 and words[cut - 2] in MONTHS and tail.isdigit():
                    continue  # "feb 30", "dec 3": the number is the month's day
                raise  # the specific message: "25:00", "3" without am or pm
            continue
        split = cut - 1
        break
    if split == len(words):
        # The time first: "noon tomorrow", "3pm on friday", "10:30 13/12".
        for cut in range(1, len(words)):
            head = " ".join(words[:cut])
            if not _clear_time(head):
                continue
            rest = " ".join(words[cut:]).removeprefix("on ").strip()
            try:
                _date_of(rest, today)
            except DateError:
                continue
            return rest, head
    day_text, time_text = " ".join(words[:split]), " ".join(words[split:])
    day_text = day_text.removesuffix(" at").strip()
    return ("" if day_text == "at" else day_text), time_text


def _looks_like_time(text: str) -> bool:
    return bool(re.fullmatch(r"(?:at\s+)?\d{1,2}(?:[:h]\d{1,2})?\s*(?:am|pm|h)?", text.strip()))


def humanize(at: dt.datetime, now: pendulum.DateTime, *, tz: str | None = None) -> str:
    """'today 15:00, in 2 hours', 'tomorrow 09:30, in 18 hours', 'tomorrow 15:00',
    'Tue 1 Dec, 15:00, in 3 days': the days counted on the calendar, as the name says."""
    local = pendulum.instance(at).in_timezone(tz or pendulum.tz.get_local_timezone())
    here = _local(now, tz)
    days = (local.date() - here.date()).days
    clock = local.format("HH:mm")
    if days == 0:
        when = f"today {clock}"
    elif days == 1:
        when = f"tomorrow {clock}"
    elif days == -1:
        when = f"yesterday {clock}"
    else:
        year = f" {local.year}" if local.year != here.year else ""
        when = f"{local.format('ddd D MMM')}{year}, {clock}"
    rel = relative(local, here, tz=tz)
    return when if rel in ("tomorrow", "yesterday") else f"{when}, {rel}"


def relative(at: dt.datetime, now: dt.datetime, *, tz: str | None = None) -> str:
    """'in 45 minutes', 'in 5 hours', 'tomorrow', 'in 3 days', '2 weeks ago', 'now'.

    Within a day, minutes or hours; beyond, days as the calendar counts them in the
    local time zone (02:00 to tomorrow 15:00 is "tomorrow", never "in 2 days").
    """
    seconds = (at - now).total_seconds()
    size = abs(seconds)
    days = 0
    if size >= 24 * 3600:
        zone = tz or pendulum.tz.get_local_timezone()
        there = pendulum.instance(at).in_timezone(zone).date()
        here = pendulum.instance(now).in_timezone(zone).date()
        days = abs((there - here).days)
    if days == 0:
        count, unit = (round(size / 60), "minute") if size < 3600 else (round(size / 3600), "hour")
    elif days == 1:
        return "tomorrow" if seconds > 0 else "yesterday"
    elif days < 14:
        count, unit = days, "day"
    else:
        count, unit = round(days / 7), "week"
    if count == 0:
        return "now"
    words = f"{count} {unit}{'s' if count != 1 else ''}"
    return f"in {words}" if seconds > 0 else f"{words} ago"


def working_hour(now: pendulum.DateTime, days: int, *, tz: str | None = None) -> pendulum.DateTime:
    """``days`` after today (local time) at the start of the working day, in UTC: when a
    follow-up set by an action (a call, the end of an interview) falls due. A day that
    falls on a weekend moves to the Monday after it."""
    day = _local(now, tz).start_of("day").add(days=days)
    weekday = day.isoweekday()  # Monday 1 ... Sunday 7
    if weekday > 5:
        day = day.add(days=8 - weekday)
    return day.set(hour=WORKING_HOUR).in_timezone("UTC")


def working_days_after(
    now: pendulum.DateTime, taken: set[pendulum.Date], count: int = 2, *, tz: str | None = None
) -> list[pendulum.Date]:
    """The next ``count`` weekdays after today that have nothing booked."""
    day = _local(now, tz).date()
    found: list[pendulum.Date] = []
    while len(found) < count:
        day = day.add(days=1)
        if day.isoweekday() <= 5 and day not in taken:
            found.append(day)
    return found


def day_name(day: pendulum.Date, now: pendulum.DateTime, *, tz: str | None = None) -> str:
    """'Tuesday' within the coming week, 'Tuesday 9 December' beyond it."""
    days = (day - _local(now, tz).date()).days
    return day.format("dddd") if days <= 6 else day.format("dddd D MMMM")
