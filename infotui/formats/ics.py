"""Scheduled interviews as an iCalendar file (RFC 5545), through the icalendar library."""

from __future__ import annotations

from collections.abc import Sequence

import pendulum
from icalendar import Calendar, Event

from infotui import __version__
from infotui.models import Medium
from infotui.uids import interview_uid
from infotui.views import Upcoming


def interviews_ics(items: Sequence[Upcoming], *, install_id: str, now: pendulum.DateTime) -> bytes:
    """One VEVENT per interview. The UID is stable, so importing again updates the event."""
    calendar = Calendar()
    calendar.add("prodid", f"-//infotui//infotui {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for item in items:
        contact, interview = item.contact, item.interview
        event = Event()
        event.add("uid", interview_uid(interview.id or 0, install_id))
        event.add("dtstamp", now.in_timezone("UTC"))
        # A moved booking is a new revision of the same event (RFC 5545 3.8.7.4).
        event.add("sequence", interview.sequence)
        event.add("last-modified", pendulum.instance(interview.updated_at).in_timezone("UTC"))
        event.add("dtstart", item.starts_at.in_timezone("UTC"))
        event.add("dtend", item.ends_at.in_timezone("UTC"))
        who = contact.name + (f", {contact.company}" if contact.company else "")
        event.add("summary", f"Informational interview: {who}")
        if interview.place:
            event.add("location", interview.place)
        lines = [f"{interview.agreed_minutes} minutes, {Medium(interview.medium).label}."]
        if contact.role:
            lines.append(f"{contact.name}: {contact.role}")
        if contact.phone:
            lines.append(f"Phone: {contact.phone}")
        if contact.email:
            lines.append(f"Email: {contact.email}")
        if contact.notes:
            lines.append(contact.notes)
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
