"""The UIDs exports give what they hold: stable from one export to the next.

Each names the row and the database (its install id, a random setting made once),
so a calendar or an address book that reads a second export updates what the first
one added, and infotui, reading its own export back, knows which contact a card is.
"""

from __future__ import annotations

import re


def interview_uid(interview_id: int, install_id: str) -> str:
    return f"interview-{interview_id}-{install_id}@infotui"


def contact_uid(contact_id: int, install_id: str) -> str:
    return f"contact-{contact_id}-{install_id}@infotui"


def uid_contact_id(uid: str, install_id: str) -> int | None:
    """The id of the contact a UID names, if this database made it; else None."""
    if not install_id:
        return None
    match = re.fullmatch(rf"contact-(\d{{1,18}})-{re.escape(install_id)}@infotui", uid.strip())
    return int(match.group(1)) if match else None
