"""Templates, each interview's question plan, the opener, and editing the bank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from infotui.errors import StoreError
from infotui.models import (
    Answer,
    Interview,
    InterviewStatus,
    OpenerItem,
    PlanItem,
    Question,
    Section,
    Template,
    TemplateItem,
)
from infotui.questions import DEFAULT_TEMPLATE
from infotui.store.base import StoreBase
from infotui.validation import ValidationError

OPENER_SEEDED = "opener_seeded"
MAX_QUESTION = 1000


@dataclass(frozen=True)
class PlanDraft:
    """A question in a plan or template being edited."""

    question_id: int
    text: str
    starred: bool = False
    minutes: int | None = None
    closing: bool = False


def _wording(text: str) -> str:
    wording = " ".join(text.split())
    if not wording:
        raise ValidationError({"question": "type the question first"})
    if len(wording) > MAX_QUESTION:
        raise ValidationError({"question": f"keep it under {MAX_QUESTION} characters"})
    return wording


class PlansMixin(StoreBase):
    def _after_open(self) -> None:
        super()._after_open()  # the questions first: templates refer to them
        self.seed_templates()
        self.seed_opener()

    # -- seeding ------------------------------------------------------------------------

    def seed_templates(self) -> int:
        """Add shipped templates the database does not have (by key); never edit one."""
        with self.session() as s:
            known = set(s.exec(select(Template.key).where(col(Template.key).is_not(None))).all())
            names = set(s.exec(select(Template.name)).all())
            by_key = {q.key: q for q in s.exec(select(Question)) if q.key}
            added = 0
            for shipped in self.bank.templates:
                if shipped.key in known:
                    continue
                name = shipped.name if shipped.name not in names else f"{shipped.name} (shipped)"
                template = Template(key=shipped.key, name=name, created_at=self.now(),
                                    updated_at=self.now())  # fmt: skip
                s.add(template)
                s.flush()
                assert template.id is not None
                for position, key in enumerate(k for k in shipped.questions if k in by_key):
                    question_id = by_key[key].id
                    assert question_id is not None
                    starred = key in shipped.starred
                    s.add(TemplateItem(template_id=template.id, question_id=question_id,
                                       position=position, starred=starred))  # fmt: skip
                added += 1
            s.commit()
            return added

    def seed_opener(self) -> None:
        if self.get_setting(OPENER_SEEDED):
            return
        self.set_opener(list(self.bank.opener))
        self.set_setting(OPENER_SEEDED, "1")

    # -- the opener ---------------------------------------------------------------------

    def opener(self) -> list[str]:
        with self.session() as s:
            return [o.text for o in s.exec(select(OpenerItem).order_by(col(OpenerItem.position)))]

    def set_opener(self, lines: Sequence[str]) -> None:
        items = [" ".join(line.split()) for line in lines if line.strip()]
        with self.session() as s:
            for old in s.exec(select(OpenerItem)):
                s.delete(old)
            for position, text in enumerate(items):
                s.add(OpenerItem(position=position, text=text))
            s.commit()

    # -- templates ----------------------------------------------------------------------

    def templates(self) -> list[Template]:
        with self.session() as s:
            rows = list(s.exec(select(Template)))
        rows.sort(key=lambda t: (t.key != DEFAULT_TEMPLATE, t.name.lower()))
        return rows

    def template_plan(self, template_id: int) -> list[PlanDraft]:
        with self.session() as s:
            rows = s.exec(
                select(TemplateItem, Question)
                .join(Question, col(TemplateItem.question_id) == col(Question.id))
                .where(TemplateItem.template_id == template_id, col(Question.archived).is_(False))
                .order_by(col(TemplateItem.position))
            ).all()
        return [
            PlanDraft(q.id or 0, q.text, item.starred, item.minutes, q.closing) for item, q in rows
        ]

    def default_template_id(self) -> int | None:
        with self.session() as s:
            found = s.exec(select(Template).where(Template.key == DEFAULT_TEMPLATE)).first()
            return found.id if found else None

    def save_template(self, name: str, drafts: Sequence[PlanDraft]) -> Template:
        """Create the template, or replace the questions of the one with that name."""
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": "give the template a name"})
        now = self.now()
        with self.session() as s:
            template = s.exec(select(Template).where(Template.name == name)).first()
            if template is None:
                template = Template(name=name, created_at=now, updated_at=now)
            template.updated_at = now
            s.add(template)
            s.flush()
            for old in s.exec(select(TemplateItem).where(TemplateItem.template_id == template.id)):
                s.delete(old)
            assert template.id is not None
            for position, draft in enumerate(drafts):
                s.add(TemplateItem(template_id=template.id, question_id=draft.question_id,
                                   position=position, starred=draft.starred,
                                   minutes=draft.minutes))  # fmt: skip
            s.commit()
            return template

    def delete_template(self, template_id: int) -> None:
        with self.session() as s:
            template = s.get(Template, template_id)
            if template is not None:
                s.delete(template)
                s.commit()

    # -- an interview's plan ------------------------------------------------------------

    def plan_drafts(self, interview_id: int) -> list[PlanDraft]:
        return [
            PlanDraft(e.question_id, e.text, e.starred, e.minutes, e.closing)
            for e in self.plan(interview_id)  # type: ignore[attr-defined]
        ]

    def replace_plan(self, interview_id: int, drafts: Sequence[PlanDraft]) -> None:
        """Make the interview's plan exactly these questions, in this order.

        Questions already in the plan keep the wording they were planned with
        and whether they were asked.
        """
        with self.session() as s:
            existing = {
                item.question_id: item
                for item in s.exec(select(PlanItem).where(PlanItem.interview_id == interview_id))
            }
            wanted = {d.question_id for d in drafts}
            for question_id, item in existing.items():
                if question_id not in wanted:
                    s.delete(item)
            s.flush()
            for position, draft in enumerate(drafts):
                item = existing.get(draft.question_id) or PlanItem(
                    interview_id=interview_id, question_id=draft.question_id, text=draft.text
                )
                item.position = position
                item.starred = draft.starred
                item.minutes = draft.minutes
                s.add(item)
            s.commit()

    # -- editing the bank ---------------------------------------------------------------

    def add_question(
        self, text: str, section: Section = Section.CUSTOM, *, archived: bool = False
    ) -> Question:
        """A new question at the end of its section (archived: kept out of the bank's list)."""
        wording = _wording(text)
        now = self.now()
        with self.session() as s:
            last = s.exec(
                select(func.max(Question.position)).where(Question.section == section.value)
            ).one()
            question = Question(text=wording, section=section.value, archived=archived,
                                position=(last if last is not None else -1) + 1,
                                created_at=now, updated_at=now)  # fmt: skip
            s.add(question)
            s.commit()
            return question

    def edit_question(self, question_id: int, text: str, hint: str | None = None) -> Question:
        """New wording for the bank and for plans not yet started; past interviews keep theirs."""
        wording = _wording(text)
        with self.session() as s:
            question = self._require(s, Question, question_id)
            question.text = wording
            if hint is not None:
                question.hint = " ".join(hint.split())
            question.updated_at = self.now()
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

    def move_question(self, question_id: int, step: int) -> None:
        """Move a question up (step -1) or down (+1) within its section."""
        with self.session() as s:
            question = self._require(s, Question, question_id)
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

    def delete_question(self, question_id: int) -> None:
        """Only a question never planned nor answered can go; others are archived."""
        with self.session() as s:
            question = self._require(s, Question, question_id)
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
        with self.session() as s:
            question = self._require(s, Question, question_id)
            setattr(question, name, value)
            question.updated_at = self.now()
            s.add(question)
            s.commit()
