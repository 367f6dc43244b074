"""The question bank in the database: seeding, reading and editing it."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from infotui.errors import StoreError
from infotui.models import Answer, Interview, InterviewStatus, PlanItem, Question, Section
from infotui.questions import QuestionBank
from infotui.store.database import Database
from infotui.validation import ValidationError

SECTION_ORDER = {section.value: n for n, section in enumerate(Section)}
MAX_QUESTION = 1000


def _wording(text: str) -> str:
    wording = " ".join(text.split())
    if not wording:
        raise ValidationError({"question": "type the question first"})
    if len(wording) > MAX_QUESTION:
        raise ValidationError({"question": f"keep it under {MAX_QUESTION} characters"})
    return wording


class Questions:
    """The questions the user can ask, in sections; plans and templates refer to them."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def seed(self, bank: QuestionBank) -> int:
        """Add the shipped questions the database does not have yet.

        Never touches a question that is already there, edited or archived:
        only unknown keys are added, at the end of their section.
        """
        with self.db.session() as s:
            known = set(s.exec(select(Question.key).where(col(Question.key).is_not(None))).all())
            missing = [q for q in bank.questions if q.key not in known]
            if not missing:
                return 0
            now = self.db.now()
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

    def all(self, *, include_archived: bool = False) -> list[Question]:
        """The bank in display order: by section, then position."""
        with self.db.session() as s:
            query = select(Question)
            if not include_archived:
                query = query.where(col(Question.archived).is_(False))
            rows = list(s.exec(query).all())
        rows.sort(key=lambda q: (SECTION_ORDER.get(q.section, 99), q.position, q.id or 0))
        return rows

    # -- editing the bank ---------------------------------------------------------------

    def add(
        self, text: str, section: Section = Section.CUSTOM, *, archived: bool = False
    ) -> Question:
        """A new question at the end of its section (archived: kept out of the bank's list)."""
        wording = _wording(text)
        now = self.db.now()
        with self.db.session() as s:
            last = s.exec(
                select(func.max(Question.position)).where(Question.section == section.value)
            ).one()
            question = Question(text=wording, section=section.value, archived=archived,
                                position=(last if last is not None else -1) + 1,
                                created_at=now, updated_at=now)  # fmt: skip
            s.add(question)
            s.commit()
            return question

    def edit(self, question_id: int, text: str, hint: str | None = None) -> Question:
        """New wording for the bank and for plans not yet started; past interviews keep theirs."""
        wording = _wording(text)
        with self.db.session() as s:
            question = self.db.require(s, Question, question_id)
            question.text = wording
            if hint is not None:
                question.hint = " ".join(hint.split())
            question.updated_at = self.db.now()
            s.add(question)
            waiting = s.exec(
                select(PlanItem)
                .join(Interview, col(PlanItem.interview_id) == col(Interview.id))
                .where(
                    PlanItem.question_id == question_id,
                    Interview.status == InterviewStatus.PLANNED.value,
                )
            )
            for item in waiting:
                item.text = wording
                s.add(item)
            s.commit()
            return question

    def move(self, question_id: int, step: int) -> None:
        """Move a question up (step -1) or down (+1) within its section."""
        with self.db.session() as s:
            question = self.db.require(s, Question, question_id)
            siblings = list(
                s.exec(
                    select(Question)
                    .where(Question.section == question.section)
                    .order_by(col(Question.position), col(Question.id))
                )
            )
            index = next(i for i, q in enumerate(siblings) if q.id == question_id)
            target = index + step
            if not 0 <= target < len(siblings):
                return
            siblings.insert(target, siblings.pop(index))
            for position, sibling in enumerate(siblings):
                sibling.position = position
                s.add(sibling)
            s.commit()

    def set_archived(self, question_id: int, archived: bool) -> None:
        self._set_flag(question_id, "archived", archived)

    def set_closing(self, question_id: int, closing: bool) -> None:
        self._set_flag(question_id, "closing", closing)

    def delete(self, question_id: int) -> None:
        """Only a question never planned nor answered can go; others are archived."""
        with self.db.session() as s:
            question = self.db.require(s, Question, question_id)
            used = (
                s.exec(
                    select(func.count())
                    .select_from(PlanItem)
                    .where(PlanItem.question_id == question_id)
                ).one()
                + s.exec(
                    select(func.count())
                    .select_from(Answer)
                    .where(Answer.question_id == question_id)
                ).one()
            )
            if used:
                raise StoreError("this question was used in an interview: archive it instead")
            s.delete(question)
            s.commit()

    def _set_flag(self, question_id: int, name: str, value: bool) -> None:
        with self.db.session() as s:
            question = self.db.require(s, Question, question_id)
            setattr(question, name, value)
            question.updated_at = self.db.now()
            s.add(question)
            s.commit()
