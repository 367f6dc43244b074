"""The question bank in the database: seeding and reading."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from infotui.models import (
    Question,
    Section,
)
from infotui.questions import QuestionBank
from infotui.store.base import StoreBase

SECTION_ORDER = {section.value: n for n, section in enumerate(Section)}


class QuestionsMixin(StoreBase):
    def seed_questions(self, bank: QuestionBank) -> int:
        """Add the shipped questions the database does not have yet.

        Never touches a question that is already there, edited or archived:
        only unknown keys are added, at the end of their section.
        """
        with self.session() as s:
            known = set(s.exec(select(Question.key).where(col(Question.key).is_not(None))).all())
            missing = [q for q in bank.questions if q.key not in known]
            if not missing:
                return 0
            now = self.now()
            last = dict(
                s.exec(
                    select(Question.section, func.max(Question.position)).group_by(Question.section)
                ).all()
            )
            for shipped in missing:
                position = last.get(shipped.section.value, -1) + 1
                last[shipped.section.value] = position
                s.add(
                    Question(
                        key=shipped.key,
                        text=shipped.text,
                        hint=shipped.hint,
                        section=shipped.section.value,
                        position=position,
                        closing=shipped.closing,
                        created_at=now,
                        updated_at=now,
                    )
                )
            s.commit()
            return len(missing)

    def questions(self, *, include_archived: bool = False) -> list[Question]:
        """The bank in display order: by section, then position."""
        with self.session() as s:
            query = select(Question)
            if not include_archived:
                query = query.where(col(Question.archived).is_(False))
            rows = list(s.exec(query).all())
        rows.sort(key=lambda q: (SECTION_ORDER.get(q.section, 99), q.position, q.id or 0))
        return rows

    def _after_open(self) -> None:
        super()._after_open()
        self.seed_questions(self.bank)
