"""After the interview: the debrief, the thank-you, and the people the contact suggested."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import col, select

from infotui.dates import working_hour
from infotui.errors import StoreError
from infotui.models import (
    Contact,
    Debrief,
    EventKind,
    Interview,
    OutreachStatus,
)
from infotui.store.contacts import Contacts, record
from infotui.store.database import Database
from infotui.store.interviews import Interviews
from infotui.validation import FieldError, ValidationError, clean_text

KEEP_IN_TOUCH_DAYS = 14
DEBRIEF_FIELDS = ("learned", "fit_notes", "still_unknown", "next_steps")


@dataclass
class ReferralNode:
    contact: Contact
    children: list[ReferralNode] = field(default_factory=list)


class FollowUps:
    """What comes after the meeting: the debrief, the thank-you, the referrals."""

    def __init__(self, db: Database, contacts: Contacts, interviews: Interviews) -> None:
        self.db = db
        self.contacts = contacts
        self.interviews = interviews

    # -- the debrief --------------------------------------------------------------------

    def debrief(self, interview_id: int) -> Debrief | None:
        with self.db.session() as s:
            return s.exec(select(Debrief).where(Debrief.interview_id == interview_id)).first()

    def save_debrief(
        self,
        interview_id: int,
        *,
        fit_score: int | None = None,
        skills_score: int | None = None,
        values_score: int | None = None,
        interests_score: int | None = None,
        **fields: str,
    ) -> Debrief:
        """Write the debrief: the texts given, and every score (None: not scored)."""
        scores = {"fit_score": fit_score, "skills_score": skills_score,
                  "values_score": values_score, "interests_score": interests_score}  # fmt: skip
        wrong = {k: "a score from 1 to 5, or none" for k, v in scores.items()
                 if v is not None and not 1 <= v <= 5}  # fmt: skip
        if wrong:
            raise ValidationError(wrong)
        unknown = set(fields) - set(DEBRIEF_FIELDS)
        if unknown:
            raise ValueError(f"not debrief fields: {sorted(unknown)}")
        cleaned: dict[str, str] = {}
        too_long: dict[str, str] = {}
        for key, value in fields.items():
            try:
                cleaned[key] = clean_text(key, value)
            except FieldError as error:  # refused as the scores are, every field at once
                too_long[key] = error.message
        if too_long:
            raise ValidationError(too_long)
        with self.db.session() as s:
            debrief = s.exec(select(Debrief).where(Debrief.interview_id == interview_id)).first()
            debrief = debrief or Debrief(interview_id=interview_id)
            for key, value in cleaned.items():
                setattr(debrief, key, value)
            for key, score in scores.items():
                setattr(debrief, key, score)
            debrief.updated_at = self.db.now()
            s.add(debrief)
            s.commit()
            return debrief

    # -- thank-you ----------------------------------------------------------------------

    def mark_thank_you_sent(self, interview_id: int) -> Interview:
        now = self.db.now()
        with self.db.session() as s:
            interview = self.db.require(s, Interview, interview_id)
            interview.thank_you_sent_at = now
            s.add(interview)
            contact = s.get(Contact, interview.contact_id)
            assert contact is not None
            moves = contact.status == OutreachStatus.INTERVIEWED.value
            record(
                s, contact, EventKind.STATUS, now,
                status=OutreachStatus.THANK_YOU_SENT if moves else None,
                note="thank-you sent", contacted=True,
                follow_up=working_hour(now, KEEP_IN_TOUCH_DAYS),
            )  # fmt: skip
            s.commit()
            return interview

    def thank_yous_due(self, limit: int | None = None) -> list[tuple[Interview, Contact]]:
        """Finished interviews without a thank-you, oldest first (each is due in 24 hours);
        with ``limit``, the first that many (:meth:`thank_yous_due_count` counts them all)."""
        return self.interviews.thank_yous_owed(limit)

    def thank_yous_due_count(self) -> int:
        return self.interviews.thank_yous_owed_count()

    # -- referrals ----------------------------------------------------------------------

    def add_referral(
        self, referrer_id: int, name: str, *, company: str = "", note: str = ""
    ) -> Contact:
        """A person the contact suggested: a new contact, referred by them, to contact."""
        referrer = self.contacts.get(referrer_id)
        if referrer is None:
            raise StoreError(f"there is no contact {referrer_id}")
        twin = self.contacts.find_duplicate(name, company=company)
        if twin is not None:
            return twin
        said = f"{referrer.name} suggested them" + (f": {note}" if note else ".")
        return self.contacts.add(
            name, company=company, notes=said, referred_by_id=referrer_id,
            how_we_know=f"Referred by {referrer.name}",
        )  # fmt: skip

    def referral_tree(self, contact_id: int) -> ReferralNode:
        """From the person at the top of this contact's chain of referrals, downwards."""
        with self.db.session() as s:
            contacts = {c.id: c for c in s.exec(select(Contact))}
        if contact_id not in contacts:
            raise StoreError(f"there is no contact {contact_id}")
        top, seen = contacts[contact_id], {contact_id}
        while (up := top.referred_by_id) is not None and up in contacts and up not in seen:
            seen.add(up)
            top = contacts[up]
        children: dict[int | None, list[Contact]] = {}
        for c in sorted(contacts.values(), key=lambda c: c.name.lower()):
            children.setdefault(c.referred_by_id, []).append(c)

        def grow(contact: Contact, path: frozenset[int]) -> ReferralNode:
            kids = [k for k in children.get(contact.id, []) if k.id not in path]
            return ReferralNode(contact, [grow(k, path | {k.id or 0}) for k in kids])

        return grow(top, frozenset({top.id or 0}))

    def referrals_to_contact(self) -> list[Contact]:
        with self.db.session() as s:
            return list(
                s.exec(
                    select(Contact)
                    .where(
                        col(Contact.referred_by_id).is_not(None),
                        Contact.status == OutreachStatus.TO_CONTACT.value,
                    )
                    .order_by(col(Contact.name), col(Contact.id))  # the same order everywhere
                )
            )
