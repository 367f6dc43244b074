from __future__ import annotations

import time

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infotui.dates import (
    WORKING_HOUR,
    DateError,
    day_name,
    humanize,
    parse_time,
    parse_when,
    relative,
    working_days_after,
    working_hour,
)

TZ = "Europe/London"
# Wednesday 25 November 2026, 10:00 in London.
NOW = pendulum.datetime(2026, 11, 25, 10, 0, tz=TZ)


def when(text: str) -> str:
    return parse_when(text, NOW, tz=TZ).at.format("ddd YYYY-MM-DD HH:mm")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tue 3pm", "Tue 2026-12-01 15:00"),
        ("Tuesday 3 PM", "Tue 2026-12-01 15:00"),
        ("tomorrow 9:30", "Thu 2026-11-26 09:30"),
        ("tomorrow at 9:30am", "Thu 2026-11-26 09:30"),
        ("2026-12-01 14:00", "Tue 2026-12-01 14:00"),
        ("next wednesday 10", "Wed 2026-12-02 10:00"),
        ("wed 11", "Wed 2026-11-25 11:00"),  # later today
        ("wed 9:00", "Wed 2026-12-02 09:00"),  # already gone today: next week's
        ("today 15:00", "Wed 2026-11-25 15:00"),
        ("3pm", "Wed 2026-11-25 15:00"),
        ("noon", "Wed 2026-11-25 12:00"),
        ("fri at 2:30pm", "Fri 2026-11-27 14:30"),
        ("dec 3 2pm", "Thu 2026-12-03 14:00"),
        ("3rd December 11am", "Thu 2026-12-03 11:00"),
        ("3 Dec 2027 14:00", "Fri 2027-12-03 14:00"),
        ("jan 5 10am", "Tue 2027-01-05 10:00"),  # a date already past this year: next year
        ("in 3 days 10am", "Sat 2026-11-28 10:00"),
        ("in 2 weeks 9am", "Wed 2026-12-09 09:00"),
        ("12pm", "Wed 2026-11-25 12:00"),
        ("tomorrow 12am", "Thu 2026-11-26 00:00"),
    ],
)
def test_parses_what_people_type(text: str, expected: str) -> None:
    assert when(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13/12 10am", "Sun 2026-12-13 10:00"),  # 13 cannot be a month
        ("12/13 10am", "Sun 2026-12-13 10:00"),  # nor here: month first
        ("5/5 3pm", "Wed 2027-05-05 15:00"),  # the same either way
        ("13/12/27 9am", "Mon 2027-12-13 09:00"),
        ("noon tomorrow", "Thu 2026-11-26 12:00"),
        ("3pm on friday", "Fri 2026-11-27 15:00"),
        ("10:30 13/12", "Sun 2026-12-13 10:30"),
        ("14h30", "Wed 2026-11-25 14:30"),
        ("tomorrow 9h", "Thu 2026-11-26 09:00"),
        ("midday", "Wed 2026-11-25 12:00"),
        ("tonight 8", "Wed 2026-11-25 20:00"),  # tonight: the evening's 8
        ("tonight at 7:30", "Wed 2026-11-25 19:30"),
        ("yesterday 3pm", "Tue 2026-11-24 15:00"),  # logging a call made then
        ("2 days ago 9am", "Mon 2026-11-23 09:00"),
        ("tomorrow at 3pm", "Thu 2026-11-26 15:00"),
    ],
)
def test_parses_everyday_forms(text: str, expected: str) -> None:
    assert when(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", "2026-11-24"),
        ("feb 29", "2028-02-29"),  # the next 29 February
        ("dec 3", "2026-12-03"),
    ],
)
def test_days_without_a_time(text: str, expected: str) -> None:
    parsed = parse_when(text, NOW, tz=TZ, need_time=False)
    assert (parsed.at.format("YYYY-MM-DD"), parsed.has_time) == (expected, False)


def test_messages_are_short_enough_for_the_field_beside_them() -> None:
    """They are shown beside a narrow field: every common one fits in 32 columns."""
    for text in ("01/02 10:00", "feb 30", "tue 3", "25:00", "13pm", "tue", "someday",
                 "10:75", "", "31/31 9am"):  # fmt: skip
        with pytest.raises(DateError) as error:
            parse_when(text, NOW, tz=TZ, need_time=text != "someday")
        assert len(str(error.value)) <= 32, str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "type a day and time"),
        ("   ", "type a day and time"),
        ("feb 30 10am", "^February has no day 30$"),
        ("feb 30", "^February has no day 30$"),  # not "'30' is not a time of day"
        ("31 april", "^April has no day 31$"),
        ("2026-02-30 10:00", "February 2026 has no day 30"),
        ("2026-13-01 10:00", "no month 13"),
        ("25:00", "hours go up to 23"),
        ("tomorrow 10:75", "minutes go up to 59"),
        ("13pm", "hours are 1 to 12"),
        ("tue 3", r"^3am or 3pm\?$"),
        ("01/02 10:00", r"^is it 1 Feb or 2 Jan\?$"),
        ("31/31 10:00", "no month 31"),
        ("0/5 10:00", "start at 1"),
        ("5/0 10:00", "start at 1"),
        ("dec 3", "add a time"),  # the 3 is the day, not a time without am or pm
        ("tue", "add a time"),
        ("someday 3pm", "not a day"),
    ],
)
def test_refuses_what_cannot_be_sure(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_when(text, NOW, tz=TZ)


@pytest.mark.parametrize(
    ("text", "need_time", "message"),
    [
        ("in 99999999999 days", False, "too far ahead"),
        ("in 99999999999 days 3pm", True, "too far ahead"),
        ("in 9999999 weeks 3pm", True, "too far ahead"),
        ("dec 99999999999", False, "December has no day 99999999999"),
        ("dec 99999999999 3pm", True, "December has no day 99999999999"),
        ("99999999999999999999 sept 00:00", True, "has no day 99999999999999999999"),
        ("3 dec 99999 3pm", True, "years go from 1 to 9999"),
        ("99999-01-01 10:00", True, "not a day"),
    ],
)
def test_numbers_too_big_for_the_calendar_are_refused(
    text: str, need_time: bool, message: str
) -> None:
    with pytest.raises(DateError, match=message):
        parse_when(text, NOW, tz=TZ, need_time=need_time)


def test_a_long_paste_is_refused_at_once() -> None:
    for pasted in ("a " * 20_000, "lorem ipsum, " * 3_000, "x" * 201):
        started = time.perf_counter()
        with pytest.raises(DateError, match=r"too long for a date and time \(at most 200 char"):
            parse_when(pasted, NOW, tz=TZ)
        assert time.perf_counter() - started < 0.5  # it took 4 s before the limit
    assert parse_when(" " * 150 + "tue 3pm", NOW, tz=TZ).at.day == 1  # 200 is still fine


WORDS = [
    "in", "at", "on", "the", "of", "next", "this", "day", "days", "week", "weeks", "today",
    "tonight", "tomorrow", "tue", "wednesday", "dec", "sept", "feb", "noon", "midnight", "am",
    "pm", "h", "3pm", "9:30", "25:00", "12am", "3rd", "31st", "2026-12-01", "2026-02-30",
    "01/02", "1.2.2026", "t", ",", "-", ":", "0", "00", "9999", "10000", "99999999999",
    "99999999999999999999", "-1", "٣", "²", "Ⅻ", "\u0130", "\x00",
]  # fmt: skip


number = st.one_of(st.integers(-5, 40), st.integers(), st.integers(0, 10**30)).map(str)
word = st.one_of(st.sampled_from(WORDS), number)
# The shapes the parser looks for, with any number in them: "in N days", "dec N", "N-N-N".
shaped = st.tuples(
    st.sampled_from(["in {} days", "in {} weeks", "dec {}", "{} sept", "{} dec {}", "{}-{}-{}",
                     "{}/{}", "{}:{}", "{}pm", "next {}", "{} {}"]),
    st.lists(number, min_size=3, max_size=3),
    st.sampled_from(["", " 3pm", " 00:00", " at 9:30", " {}"]),
    number,
).map(lambda t: t[0].format(*t[1]) + t[2].format(t[3]))  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(
    text=st.one_of(st.text(max_size=250), st.lists(word, max_size=8).map(" ".join), shaped),
    need_time=st.booleans(),
    now=st.datetimes(
        min_value=pendulum.datetime(1, 1, 2).naive(),
        max_value=pendulum.datetime(9999, 12, 30).naive(),
    ),
    tz=st.sampled_from([TZ, "UTC", "Pacific/Kiritimati", "America/St_Johns"]),
)
def test_parse_when_answers_or_says_why(text: str, need_time: bool, now, tz: str) -> None:  # type: ignore[no-untyped-def]
    try:
        parsed = parse_when(text, pendulum.instance(now, tz="UTC"), tz=tz, need_time=need_time)
    except DateError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(parsed.at, pendulum.DateTime)
        assert parsed.has_time or not need_time


def test_a_day_without_a_time_when_allowed() -> None:
    parsed = parse_when("fri", NOW, tz=TZ, need_time=False)
    assert not parsed.has_time
    assert parsed.at.date() == pendulum.date(2026, 11, 27)


def test_result_is_in_the_local_zone_and_converts_to_utc() -> None:
    at = parse_when("tomorrow 9:30", NOW.in_timezone("UTC"), tz="America/New_York").at
    assert at.timezone_name == "America/New_York"
    assert at.in_timezone("UTC").hour == 14


def test_parse_time_forms() -> None:
    assert parse_time("9") == (9, 0)
    assert parse_time("12:30pm") == (12, 30)
    assert parse_time("midnight") == (0, 0)


def test_humanize() -> None:
    assert humanize(NOW.add(hours=5), NOW, tz=TZ) == "today 15:00, in 5 hours"
    assert humanize(NOW.add(days=1, minutes=-30), NOW, tz=TZ) == "tomorrow 09:30, in 24 hours"
    assert humanize(NOW.add(days=6, hours=5), NOW, tz=TZ) == "Tue 1 Dec, 15:00, in 6 days"
    assert humanize(NOW.add(days=40), NOW, tz=TZ) == "Mon 4 Jan 2027, 10:00, in 6 weeks"
    assert relative(NOW.subtract(days=12), NOW, tz=TZ) == "12 days ago"
    assert relative(NOW.add(seconds=20), NOW, tz=TZ) == "now"


def test_days_ahead_are_counted_on_the_calendar() -> None:
    small_hours = pendulum.datetime(2026, 11, 29, 2, 27, tz=TZ)  # Sunday 02:27
    tomorrow_3pm = parse_when("tomorrow at 3pm", small_hours, tz=TZ).at
    assert humanize(tomorrow_3pm, small_hours, tz=TZ) == "tomorrow 15:00"  # not "in 2 days"
    assert relative(tomorrow_3pm, small_hours, tz=TZ) == "tomorrow"
    late = pendulum.datetime(2026, 11, 29, 23, 0, tz=TZ)
    two_days = late.add(days=1, hours=2)  # Tuesday 01:00, 26 hours on
    assert humanize(two_days, late, tz=TZ) == "Tue 1 Dec, 01:00, in 2 days"
    assert humanize(late.subtract(days=1), late, tz=TZ) == "yesterday 23:00"
    # Thursday 00:30 seen on Sunday 23:00: 3.9 days, and 3 on the calendar.
    assert relative(late.subtract(days=3, hours=22, minutes=30), late, tz=TZ) == "3 days ago"


def test_follow_ups_fall_at_the_start_of_a_working_day() -> None:
    small_hours = pendulum.datetime(2026, 11, 29, 2, 27, tz=TZ)
    due = working_hour(small_hours, 3, tz=TZ)
    assert due.in_timezone(TZ).format("ddd D MMM HH:mm") == "Wed 2 Dec 09:00"
    assert due.timezone_name == "UTC"


def test_proposed_days_skip_weekends_and_booked_days() -> None:
    friday = pendulum.datetime(2026, 11, 27, 9, tz=TZ)
    assert working_days_after(friday, set(), tz=TZ) == [
        pendulum.date(2026, 11, 30),
        pendulum.date(2026, 12, 1),
    ]
    booked = {pendulum.date(2026, 11, 30)}
    assert working_days_after(friday, booked, tz=TZ) == [
        pendulum.date(2026, 12, 1),
        pendulum.date(2026, 12, 2),
    ]


def test_day_name() -> None:
    assert day_name(pendulum.date(2026, 12, 1), NOW, tz=TZ) == "Tuesday"
    assert day_name(pendulum.date(2026, 12, 9), NOW, tz=TZ) == "Wednesday 9 December"


@pytest.mark.parametrize(("today", "days", "due"), [
    ("2026-11-26", 1, "2026-11-27"),  # Thursday, tomorrow: Friday
    ("2026-11-26", 2, "2026-11-30"),  # Saturday: the Monday after
    ("2026-11-26", 3, "2026-11-30"),  # Sunday: the Monday after
    ("2026-11-27", 3, "2026-11-30"),  # Friday and three days: Monday
    ("2026-11-28", 0, "2026-11-30"),  # set on a Saturday for today: Monday
])  # fmt: skip
def test_a_follow_up_falls_due_on_a_working_day(today: str, days: int, due: str) -> None:
    now = pendulum.parse(f"{today}T15:00:00", tz="Europe/Paris")
    assert isinstance(now, pendulum.DateTime)
    at = working_hour(now.in_timezone("UTC"), days, tz="Europe/Paris")
    local = at.in_timezone("Europe/Paris")
    assert (local.to_date_string(), local.hour, local.minute) == (due, WORKING_HOUR, 0)
