"""A reading (clinic.understanding.reading) written out: the replies to send, in order, and
the slots to set, in order. The actions send the one and return the other as SlotSet events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

from clinic import replies
from clinic.glossary import Glossary, default_glossary
from clinic.knowledge import KnowledgeBase
from clinic.office import office_answer
from clinic.settings import clinic
from clinic.understanding import people, routing
from clinic.understanding import reading as r
from clinic.understanding.subjects import subjects_in

# Slots an action sets with a reply, true only while that reply is the assistant's last
# message (domain/core.yml): the state comes from events, never from the replies' wording.
ASKED_WHICH_PROCEDURE = "which_procedure_asked"  # the reply asked which procedure
REMINDED = "escalated"  # the reply was the red-flag reminder, all the action said


@dataclass
class Response:
    """replies: to send in order; slots: (slot name, value) to set in order."""

    replies: List[replies.Reply] = field(default_factory=list)
    slots: List[Tuple[str, Any]] = field(default_factory=list)


def _changes(context: r.Context, **values: Any) -> List[Tuple[str, Any]]:
    """The slots whose value changes (fewer events to check and store)."""
    return [(name, value) for name, value in values.items() if getattr(context, name) != value]


def _office(message: r.Message, offer_booking: bool) -> replies.Reply:
    return replies.Reply(office_answer(message.text, clinic()), [replies.BOOK_BUTTON] if offer_booking else [])


def _answer(reading: r.AnswerTopics, message: r.Message, context: r.Context, kb: KnowledgeBase) -> Response:
    out = Response()
    if routing.anxious(message.text) and not reading.reminder_first:  # "I'm so scared. … how long…?"
        out.replies.append(replies.Reply(replies.FEAR_HEARD))
    if reading.unnamed:
        out.replies.append(replies.unnamed_names(kb, reading.unnamed, reading.procedures))
    procedures, topics = list(reading.procedures), reading.topics
    answers = {each: [kb.answer(p, each).text for p in procedures] for each in topics}
    for i, each in enumerate(topics):
        last = i == len(topics) - 1
        messages = replies.answer(
            kb,
            [p for p in procedures if (p, each) in reading.pairs] if reading.pairs else procedures,
            each,
            clinic(),
            with_disclaimer=not context.disclaimer_shown and last,
            offer_booking=not context.form_active,
            question=message.text,
            also_said=[said for other, texts in answers.items() if other != each for said in texts]
            + [reply.text for reply in out.replies],
            subjects=reading.subjects,
            things_first=reading.things_first,
        )
        if not last:
            messages[-1].buttons = []  # the next steps follow the last answer
        out.replies += messages
    if topics[-1] == "normal_after_surgery":  # "the incision is a bit sore, is that normal?"
        out.replies.append(replies.warning_signs(clinic()))
    if reading.office_too:  # "…and is there parking?"
        out.replies.append(_office(message, offer_booking=False))
    out.slots = _changes(context, topic=topics[-1], procedure=procedures[-1], disclaimer_shown=True, term=None)
    several = list(procedures) if len(procedures) > 1 else []
    if several != list(context.procedures_answered):
        out.slots.append(("procedures_answered", several or None))
    return out


def _compare(
    reading: r.Compare, message: r.Message, context: r.Context, kb: KnowledgeBase, glossary: Glossary
) -> Response:
    """The note on what the pages don't mention or compare, then what they say of each known thing."""
    out = Response()
    titles = [glossary.terms[t].title for t in reading.terms]
    known = [kb.procedures[p].name for p in reading.procedures] + [
        "the " + t[0].lower() + t[1:] if t[1:2].islower() else t for t in titles
    ]
    if reading.unmentioned or reading.uncompared:
        out.replies.append(replies.not_compared(known, reading.unmentioned, reading.uncompared))
    if reading.procedures:
        answered = _answer(r.AnswerTopics(("overview",), reading.procedures), message, context, kb)
        out.replies += answered.replies
        # the conversation stays with the first thing compared ("is that the same as SI fusion?")
        out.slots += _changes(context, topic="overview", procedure=reading.procedures[0], disclaimer_shown=True)
    if reading.on_words:
        out.replies.append(replies.on_words(kb, reading.on_words.procedure, reading.on_words.found))
    if reading.terms:
        out.replies += replies.explain_terms(kb, glossary, reading.terms, offer_booking=not context.form_active)
        out.slots.append(("term", reading.terms[-1]))
    return out


def render(
    reading: r.Reading,
    message: r.Message,
    context: r.Context,
    kb: KnowledgeBase,
    glossary: Optional[Glossary] = None,
) -> Response:
    """The replies and slot changes for `reading` (clinic.yml's settings, the glossary:
    default_glossary() unless given). Raises TypeError for an unknown reading."""
    glossary = default_glossary() if glossary is None else glossary
    settings = clinic()
    first: List[replies.Reply] = []
    if getattr(reading, "reminder_first", False):
        first = [replies.red_flag_reminder(settings, context.escalation_tier)]
    out = _render(reading, message, context, kb, glossary)
    out.replies[:0] = first
    assigned = people.as_slot(people.assign(message.text, kb.find_procedures))
    if assigned and assigned != people.as_slot(dict(context.people)):
        out.slots.append(("people", assigned))  # "I had SI joint fusion and my father had spinopelvic fixation"
    if isinstance(reading, KEEPS_SUBJECTS):
        # what this question named, or what the follow-up carried, for the next follow-up
        named = subjects_in(message.text) or list(getattr(reading, "subjects", ()))
        keys = tuple(s.key for s in named)
        if keys != context.subjects:
            out.slots.append(("subjects", list(keys) or None))
    return out


# Readings that answer a question about the procedures: the `subjects` slot follows them.
KEEPS_SUBJECTS = (
    r.AnswerTopics,
    r.OnSubjects,
    r.NotMentionedAnywhere,
    r.NotCoveredAnywhere,
    r.AskWhichProcedure,
    r.PersonalAdvice,
    r.OnWords,
    r.Compare,
    r.WarningSigns,
)


def _render(
    reading: r.Reading, message: r.Message, context: r.Context, kb: KnowledgeBase, glossary: Glossary
) -> Response:
    settings = clinic()
    if isinstance(reading, r.Remind):
        return Response([replies.red_flag_reminder(settings, context.escalation_tier)], [(REMINDED, True)])
    if isinstance(reading, r.AnswerTopics):
        return _answer(reading, message, context, kb)
    if isinstance(reading, r.AskWhichProcedure):
        return Response(
            [replies.ask_which_procedure(kb, reading.topic)],
            [("topic", reading.topic), ("procedure", None), (ASKED_WHICH_PROCEDURE, True)],
        )
    if isinstance(reading, r.NotCoveredAnywhere):
        return Response([replies.not_covered_anywhere(kb, reading.topic, settings)], [("topic", reading.topic)])
    if isinstance(reading, r.NotMentionedAnywhere):
        return Response(
            [replies.not_mentioned_anywhere(kb, reading.subjects, settings, message.text)], [("topic", reading.topic)]
        )
    if isinstance(reading, r.OnSubjects):
        changed = (
            [("procedure", reading.procedure)]
            if reading.always_sets_procedure
            else _changes(context, procedure=reading.procedure)
        )
        return Response([replies.on_subjects(kb, reading.procedure, reading.subjects, settings, message.text)], changed)
    if isinstance(reading, r.Compare):
        return _compare(reading, message, context, kb, glossary)
    if isinstance(reading, r.OnWords):
        return Response(
            [replies.on_words(kb, reading.procedure, reading.found)], _changes(context, procedure=reading.procedure)
        )
    if isinstance(reading, r.OtherPagesFigure):
        topic = reading.found.sentence.topic
        own = replies.answer(kb, [reading.procedure], topic, settings, offer_booking=not context.form_active)
        note = replies.other_pages_figure(kb, reading.procedure, reading.other, reading.found)
        return Response([note] + own, _changes(context, topic=topic))
    if isinstance(reading, r.ExplainTerms):
        slots: List[Tuple[str, Any]] = [("term", reading.terms[-1])]
        if reading.sets_procedure:
            slots.append(("procedure", reading.sets_procedure))
        return Response(replies.explain_terms(kb, glossary, reading.terms, reading.offer_booking), slots)
    if isinstance(reading, r.UnknownTerm):
        return Response([replies.unknown_term(kb, glossary, settings)])
    if isinstance(reading, r.MoreOnTerm):
        term = glossary.get(reading.term)
        if term is None:
            raise TypeError(f"not a glossary term: {reading.term!r}")
        return Response([replies.more_on_term(kb, term, message.text, settings)])
    if isinstance(reading, r.MoreDetail):
        return Response([replies.more_detail(kb, reading.procedure, reading.topic, message.text, settings)])
    if isinstance(reading, r.OfficeAnswer):
        return Response(
            [_office(message, reading.offer_booking)], [("topic", reading.sets_topic)] if reading.sets_topic else []
        )
    if isinstance(reading, r.Contact):
        return Response([replies.contact(settings)])
    if isinstance(reading, r.PersonalAdvice):
        out = Response(
            replies.personal_advice(kb, reading.procedures, settings, message.text, offer_booking=not reading.topics),
            [("procedure", reading.procedures[-1])] if reading.procedures else [],
        )
        if reading.topics:  # "…and how long is the recovery?": the next steps follow its answer
            answered = _answer(r.AnswerTopics(reading.topics, reading.procedures), message, context, kb)
            out.replies += answered.replies
            out.slots = answered.slots
        return out
    if isinstance(reading, r.DetailsQuestion):
        return Response([replies.consent_question(reading.topic, settings)])
    if isinstance(reading, r.OtherLanguage):
        return Response([replies.english_only(settings)])
    if isinstance(reading, r.LowMood):
        return Response([replies.low_mood(settings)])
    if isinstance(reading, r.StoryNoted):
        return Response(
            [replies.history_noted(kb, reading.procedure)],
            [("procedure", reading.procedure)] if reading.procedure else [],
        )
    if isinstance(reading, r.Suggest):
        return Response([replies.fallback(kb, reading.suggestions, reading.procedure)])
    if isinstance(reading, r.AnythingElse):
        return Response([replies.anything_else(kb)])
    if isinstance(reading, r.WithdrawRequest):
        return Response([replies.withdraw_request(clinic())])
    if isinstance(reading, r.WarningSigns):
        name = kb.procedures[reading.procedure].name if reading.procedure else None
        return Response(
            [replies.warning_signs(settings, name)], _changes(context, procedure=reading.procedure or context.procedure)
        )
    if isinstance(reading, r.OutOfScope):
        return Response([replies.out_of_scope(reading.named)])
    if isinstance(reading, r.LostThread):
        return Response([replies.Reply(replies.LOST_THREAD)])
    raise TypeError(f"not a reading: {reading!r}")
