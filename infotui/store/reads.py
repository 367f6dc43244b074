"""The live screen's reads (:class:`~infotui.views.LiveReads`), answered by the store."""

from __future__ import annotations

from infotui.store.answers import Answers
from infotui.store.contacts import Contacts
from infotui.store.interviews import Interviews
from infotui.store.plans import Plans
from infotui.views import AnswerState, ContactSummary, FoundPage, InterviewView, PlanEntry


class StoreReads:
    """What the first look answers before the store opens, answered by the store after."""

    def __init__(
        self, contacts: Contacts, interviews: Interviews, plans: Plans, answers: Answers
    ) -> None:
        self.contacts = contacts
        self.interviews = interviews
        self.plans = plans
        self.answers = answers

    def first_contacts(self, limit: int) -> tuple[list[ContactSummary], int]:
        return self.contacts.page("", 0, limit), self.contacts.count()

    def contact_page(self, query: str, offset: int, limit: int) -> list[ContactSummary]:
        return self.contacts.page(query, offset, limit)

    def contact_first_page(self, query: str, limit: int) -> FoundPage:
        return self.contacts.first_page(query, limit)

    def contact_page_before_count(self, query: str, limit: int) -> FoundPage | list[ContactSummary]:
        return self.contacts.page_before_count(query, limit)

    def contact_count(self, query: str) -> int:
        return self.contacts.count(query)

    def contacts_mark(self) -> tuple[int, int]:
        return self.contacts.mark()

    def contact_found(self, contact_id: int, query: str) -> bool:
        return self.contacts.found(contact_id, query)

    def contact(self, contact_id: int) -> ContactSummary | None:
        return self.contacts.summary(contact_id)

    def interview(self, interview_id: int) -> InterviewView | None:
        found = self.interviews.get(interview_id)
        return InterviewView.of(found) if found is not None else None

    def open_interview(self, contact_id: int | None = None) -> InterviewView | None:
        found = self.interviews.to_resume(contact_id)
        return InterviewView.of(found) if found is not None else None

    def last_interview(self, contact_id: int) -> InterviewView | None:
        found = self.interviews.last_of(contact_id)
        return InterviewView.of(found) if found is not None else None

    def plan(self, interview_id: int) -> list[PlanEntry]:
        return self.plans.of(interview_id)

    def answer_states(self, interview_id: int) -> dict[int | None, AnswerState]:
        return self.answers.states(interview_id)

    def answer_state(self, interview_id: int, question_id: int | None) -> AnswerState:
        return self.answers.state(interview_id, question_id)

    def highlighted_questions(self, interview_id: int) -> set[int]:
        return self.answers.highlighted_questions(interview_id)
