"""Templates, each interview's question plan, and the opener."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select as sql_select  # more columns than SQLModel's types
from sqlmodel import col, select

from infotui.models import OpenerItem, PlanItem, Question, Template, TemplateItem
from infotui.questions import DEFAULT_TEMPLATE
from infotui.store.database import IN_CHUNK, Database
from infotui.store.questions import Questions
from infotui.store.settings import Settings
from infotui.validation import ValidationError
from infotui.views import PlanEntry

OPENER_SEEDED = "opener_seeded"


@dataclass(frozen=True)
class PlanDraft:
    """A question in a plan or template being edited."""

    question_id: int
    text: str
    starred: bool = False
    minutes: int | None = None
    closing: bool = False


class Plans:
    """What will be asked: each interview's plan, the templates plans start from, the opener."""

    def __init__(self, db: Database, questions: Questions, settings: Settings) -> None:
        self.db = db
        self.questions = questions
        self.settings = settings

    # -- seeding ------------------------------------------------------------------------

    def seed_templates(self) -> int:
        """Add shipped templates the database does not have (by key); never edit one."""
        with self.db.session() as s:
            known = set(s.exec(select(Template.key).where(col(Template.key).is_not(None))).all())
            names = set(s.exec(select(Template.name)).all())
            by_key = {q.key: q for q in s.exec(select(Question)) if q.key}
            added = 0
            for shipped in self.db.bank.templates:
                if shipped.key in known:
                    continue
                name = shipped.name if shipped.name not in names else f"{shipped.name} (shipped)"
                template = Template(key=shipped.key, name=name, created_at=self.db.now(),
                                    updated_at=self.db.now())  # fmt: skip
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
        if self.settings.get(OPENER_SEEDED):
            return
        self.set_opener(list(self.db.bank.opener))
        self.settings.set(OPENER_SEEDED, "1")

    # -- the opener ---------------------------------------------------------------------

    def opener(self) -> list[str]:
        with self.db.session() as s:
            return [o.text for o in s.exec(select(OpenerItem).order_by(col(OpenerItem.position)))]

    def set_opener(self, lines: Sequence[str]) -> None:
        items = [" ".join(line.split()) for line in lines if line.strip()]
        with self.db.session() as s:
            for old in s.exec(select(OpenerItem)):
                s.delete(old)
            for position, text in enumerate(items):
                s.add(OpenerItem(position=position, text=text))
            s.commit()

    # -- templates ----------------------------------------------------------------------

    def templates(self) -> list[Template]:
        with self.db.session() as s:
            rows = list(s.exec(select(Template)))
        rows.sort(key=lambda t: (t.key != DEFAULT_TEMPLATE, t.name.lower()))
        return rows

    def template_plan(self, template_id: int) -> list[PlanDraft]:
        with self.db.session() as s:
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
        with self.db.session() as s:
            found = s.exec(select(Template).where(Template.key == DEFAULT_TEMPLATE)).first()
            return found.id if found else None

    def save_template(self, name: str, drafts: Sequence[PlanDraft]) -> Template:
        """Create the template, or replace the questions of the one with that name."""
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": "give the template a name"})
        now = self.db.now()
        with self.db.session() as s:
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
        with self.db.session() as s:
            template = s.get(Template, template_id)
            if template is not None:
                s.delete(template)
                s.commit()

    # -- an interview's plan ------------------------------------------------------------

    def drafts_of(self, interview_id: int) -> list[PlanDraft]:
        return [
            PlanDraft(e.question_id, e.text, e.starred, e.minutes, e.closing)
            for e in self.of(interview_id)
        ]

    def replace(self, interview_id: int, drafts: Sequence[PlanDraft]) -> None:
        """Make the interview's plan exactly these questions, in this order.

        Questions already in the plan keep the wording they were planned with
        and whether they were asked.
        """
        with self.db.session() as s:
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

    def of(self, interview_id: int) -> list[PlanEntry]:
        return self.of_each([interview_id]).get(interview_id, [])

    def of_each(self, interview_ids: Sequence[int]) -> dict[int, list[PlanEntry]]:
        """Each interview's plan (as :meth:`of` gives it), read in a few statements: an
        export of thousands of interviews is not a statement each."""
        plans: dict[int, list[PlanEntry]] = {}
        with self.db.session() as s:
            for start in range(0, len(interview_ids), IN_CHUNK):
                chunk = interview_ids[start : start + IN_CHUNK]
                # Columns, not records (thousands of records cost more than the query):
                # the interview's id, then PlanEntry's fields in their order.
                query = (
                    sql_select(
                        col(PlanItem.interview_id), col(PlanItem.id), col(PlanItem.question_id),
                        col(PlanItem.text), col(Question.hint), col(PlanItem.position),
                        col(PlanItem.starred), col(PlanItem.asked_at), col(Question.closing),
                        col(PlanItem.minutes),
                    )
                    .join(Question, col(PlanItem.question_id) == col(Question.id))
                    .where(col(PlanItem.interview_id).in_(chunk))
                    .order_by(col(PlanItem.interview_id), col(PlanItem.position), col(PlanItem.id))
                )  # fmt: skip
                for interview_id, *fields in s.connection().execute(query):
                    plans.setdefault(interview_id, []).append(PlanEntry(*fields))
        return plans

    def set_asked(self, plan_item_id: int, asked: bool) -> None:
        with self.db.session() as s:
            item = self.db.require(s, PlanItem, plan_item_id)
            if asked and item.asked_at is None:
                item.asked_at = self.db.now()
            elif not asked:
                item.asked_at = None
            s.add(item)
            s.commit()

    def set_starred(self, plan_item_id: int, starred: bool) -> None:
        with self.db.session() as s:
            item = self.db.require(s, PlanItem, plan_item_id)
            item.starred = starred
            s.add(item)
            s.commit()

    def add_bank_question(self, interview_id: int, question_id: int) -> bool:
        """A question of the bank, at the end of an interview's plan, in its wording of
        today. False when the plan has it already."""
        with self.db.session() as s:
            question = self.db.require(s, Question, question_id)
            there = s.exec(
                select(PlanItem.id).where(
                    PlanItem.interview_id == interview_id, PlanItem.question_id == question_id
                )
            ).first()
            if there is not None:
                return False
            end = s.exec(
                select(func.max(PlanItem.position)).where(PlanItem.interview_id == interview_id)
            ).one()
            position = (end if end is not None else -1) + 1
            s.add(PlanItem(interview_id=interview_id, question_id=question_id,
                           text=question.text, position=position))  # fmt: skip
            s.commit()
        return True

    def add_question(self, interview_id: int, text: str, *, to_bank: bool = True) -> PlanEntry:
        """A question that came up in the moment: into the plan, and the bank unless told not to."""
        question = self.questions.add(text, archived=not to_bank)
        wording = question.text
        with self.db.session() as s:
            end = s.exec(
                select(func.max(PlanItem.position)).where(PlanItem.interview_id == interview_id)
            ).one()
            assert question.id is not None
            item = PlanItem(
                interview_id=interview_id,
                question_id=question.id,
                text=wording,
                position=(end if end is not None else -1) + 1,
            )
            s.add(item)
            s.commit()
        return PlanEntry(
            id=item.id or 0, question_id=question.id, text=wording, hint="",
            position=item.position, starred=False, asked_at=None, closing=False,
        )  # fmt: skip
