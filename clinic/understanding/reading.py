"""Which answer a message gets: the decisions the answering actions make, in their order.

The dialogue policy (data/rules.yml) picks an action for the intent; the action asks
`read(route, message, context, kb)` what to do with this message in this conversation,
and `clinic.rendering.render` turns the answer (a `Reading`) into replies and slot changes.
Plain Python: a `Message` is what NLU gave, a `Context` what the conversation says before
it (the actions build both from the tracker).

Orders that matter, each a branch below: right after an escalation the red-flag reminder
comes first (alone unless the message is a real question); "the first one" answers
"Which procedure…?"; names the clinic's pages don't use get a note before the answer; a
topic or a thing no page covers is said so without asking which procedure; words only one
page uses pick that procedure; "is X the same as Y?" is read before the topic the intent
names, and another operation named without a procedure is not answered for the
conversation's procedure. Before any route's own order: during the booking form, a question
about why the details are asked; feeling low; a follow-up carrying the last question's
subjects to the other procedure. A compound question's parts come from topics_asked (the
words of each clause, else its own NLU ranking).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from enum import Enum
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from clinic.glossary import Glossary, default_glossary
from clinic.knowledge import KnowledgeBase
from clinic.office import clear_subject, subject_of
from clinic.understanding import (
    booking_text,
    comparisons,
    follow_ups,
    language,
    people,
    procedures,
    retrieval,
    routing,
    topic_pairs,
)
from clinic.understanding.facets import facets_in
from clinic.understanding.subjects import Subject, mentioned_nowhere, subjects_in
from clinic.understanding.subjects import subjects as subjects_by_key

QUESTION_PREFIX = "ask_"
# A compound question gets at most this many topics answered.
MAX_TOPICS_PER_ANSWER = 3
# Below this confidence, a topic in the NLU ranking is not worth answering or offering.
MIN_TOPIC_CONFIDENCE = 0.15
# A clause of a compound question asks the topic its own ranking puts first at this confidence or more.
MIN_CLAUSE_CONFIDENCE = 0.5
# Office subjects clear enough from the words alone to answer when the classifier is unsure.
OFFICE_SUBJECTS_CLEAR = {
    "insurance",
    "location",
    "referral",
    "second_opinion",
    "reviews",
    "telehealth",
    "language",
    "waiting",
    "existing_appointment",
    "contact",
    "hours",
    "booking",
    "arrival",
}
# Office subjects the cost topic's answer already speaks to.
COST_SUBJECTS = {"cost", "insurance"}
# Office subjects answered even when the classifier took the message as out of scope.
OFFICE_SUBJECTS_OUT_OF_SCOPE = {"location", "insurance", "referral", "reviews", "second_opinion", "hours", "arrival"}
# Topics the personal-advice reply already speaks to (the general criteria).
PERSONAL_ADVICE_SAYS = {"overview", "candidacy", "indications", "contraindications"}
# Intents worth offering when the assistant is unsure what was meant.
SUGGESTIBLE = {"book_appointment", "human_handoff", "ask_warning_signs", "ask_personal_advice"}
MIN_SUGGESTION_CONFIDENCE = 0.1


class Route(Enum):
    """The answering action the dialogue policy chose (one per action of actions/actions.py)."""

    QUESTION = "action_answer_question"
    PERSONAL_ADVICE = "action_personal_advice"
    CONTACT = "action_contact_clinic"
    OFFICE = "action_office_info"
    EXPLAIN_TERM = "action_explain_term"
    MORE_DETAIL = "action_more_detail"
    FALLBACK = "action_fallback"
    CORE_FALLBACK = "action_core_fallback"
    ACKNOWLEDGE = "action_acknowledge"
    OUT_OF_SCOPE = "action_out_of_scope"
    WARNING_SIGNS = "action_warning_signs"


@dataclass(frozen=True)
class Clause:
    """One clause of a compound message, as the NLU pipeline ranked it on its own
    (components/clauses.py): text[start:end] is the clause; ranking as Message's."""

    start: int
    end: int
    ranking: Tuple[Tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Message:
    """What NLU gave for the latest message.

    intent: the intent's name ("" when none); ranking: (intent, confidence 0..1) pairs,
    likeliest first; procedure_entities: the values of its `procedure` entities;
    clauses: each clause's own ranking when the message has two or more, else ().
    """

    text: str
    intent: str = ""
    ranking: Tuple[Tuple[str, float], ...] = ()
    procedure_entities: Tuple[str, ...] = ()
    clauses: Tuple[Clause, ...] = ()


@dataclass(frozen=True)
class Context:
    """What the conversation says when the message arrives.

    procedure: the `procedure` slot now (the message's own entity may have set it);
    procedure_before: the slot before the latest message (the conversation's procedure);
    topic, term, disclaimer_shown: the slots; asked_which_procedure: the assistant's last
    message asked which procedure; just_escalated: its last reply was a red-flag escalation
    or the reminder after one; form_active: a form (the booking form) is running; subjects:
    the `subjects` slot, what the last question named (data/vocabulary/subjects.yml keys);
    escalation_tier: the tier of that escalation (emergency, urgent, crisis), when just_escalated;
    procedures_answered: the `procedures_answered` slot, the procedures the last answer covered
    when it covered several ("what are the risks of both?"); people: the `people` slot as
    (person, procedure id) pairs, person "me" or "them" (clinic.understanding.people).
    """

    procedure: Optional[str] = None
    procedure_before: Optional[str] = None
    topic: Optional[str] = None
    term: Optional[str] = None
    disclaimer_shown: Optional[bool] = None
    asked_which_procedure: bool = False
    just_escalated: bool = False
    form_active: bool = False
    subjects: Tuple[str, ...] = ()
    escalation_tier: Optional[str] = None
    procedures_answered: Tuple[str, ...] = ()
    people: Tuple[Tuple[str, str], ...] = ()


# --- the readings: what to answer (clinic.rendering writes each) -------------------------


@dataclass(frozen=True)
class Remind:
    """The red-flag reminder, all the reply says (the message is not a new question)."""


@dataclass(frozen=True)
class AnswerTopics:
    """The topics' answers for the procedures, in order; `unnamed`: names the pages don't
    use (a note first); reminder_first: the red-flag reminder before it all; office_too: the
    message also asks a practical office question (parking, hours), answered after them;
    subjects: things the last question named, answered as if this one named them too."""

    topics: Tuple[str, ...]
    procedures: Tuple[str, ...]
    unnamed: Tuple[str, ...] = ()
    reminder_first: bool = False
    office_too: bool = False  # "…and is there parking?": the office answer after the topics
    subjects: Tuple[Subject, ...] = ()  # named by the last question ("do they do that for SI fusion too?")
    # no topic asked in words, only a thing ("can I have an MRI after it?"): what the page says of
    # the thing comes before the topic's answer
    things_first: bool = False
    # different topics of different procedures ("how long is SI fusion, and is he asleep for his
    # spinopelvic fixation?"): (procedure, topic) pairs answered instead of every topic for every procedure
    pairs: Tuple[Tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AskWhichProcedure:
    """Ask which procedure a question on `topic` is about."""

    topic: str
    reminder_first: bool = False


@dataclass(frozen=True)
class NotCoveredAnywhere:
    """No procedure's document covers `topic`: say so without asking which procedure."""

    topic: str
    reminder_first: bool = False


@dataclass(frozen=True)
class NotMentionedAnywhere:
    """No page mentions the subjects asked about (the topic slot becomes `topic`)."""

    topic: str
    subjects: Tuple[Subject, ...]
    reminder_first: bool = False


@dataclass(frozen=True)
class OnSubjects:
    """What the procedure's page says of each subject; always_sets_procedure: the slot is set
    even when unchanged (personal advice), else only when it changes."""

    procedure: str
    subjects: Tuple[Subject, ...]
    always_sets_procedure: bool = False


@dataclass(frozen=True)
class Compare:
    """'Is SI joint fusion the same as a hip replacement?': what the pages say of the
    `procedures` (their overview) and glossary `terms`, after naming the things they don't
    mention (`unmentioned`) or don't compare (`uncompared`, words the pages use), as the
    patient wrote them."""

    procedures: Tuple[str, ...]
    terms: Tuple[str, ...]
    unmentioned: Tuple[str, ...] = ()
    uncompared: Tuple[str, ...] = ()
    on_words: Optional["OnWords"] = None  # the page's sentence that uses the other thing's words


@dataclass(frozen=True)
class OnWords:
    """The sentence of the procedure's page that uses the question's words."""

    procedure: str
    found: retrieval.Found


@dataclass(frozen=True)
class OtherPagesFigure:
    """A figure the patient quotes from the `other` procedure's page (`found`) about `procedure`:
    whose figure it is, and what `procedure`'s own page says on that topic."""

    procedure: str
    other: str
    found: retrieval.Found


@dataclass(frozen=True)
class ExplainTerms:
    """The glossary's explanations of `terms` (keys); sets_procedure: the procedure whose
    document all of them come from, when the conversation has none yet."""

    terms: Tuple[str, ...]
    offer_booking: bool = True
    sets_procedure: Optional[str] = None


@dataclass(frozen=True)
class UnknownTerm:
    """A word the glossary does not have."""


@dataclass(frozen=True)
class MoreOnTerm:
    """A follow-up on the glossary term just explained (its key)."""

    term: str


@dataclass(frozen=True)
class MoreDetail:
    """A follow-up on the last answer: the procedure and topic it was about."""

    procedure: Optional[str]
    topic: Optional[str]


@dataclass(frozen=True)
class OfficeAnswer:
    """What clinic.yml says of the office subject asked; sets_topic: the topic slot to set."""

    offer_booking: bool = True
    sets_topic: Optional[str] = None


@dataclass(frozen=True)
class Contact:
    """How to reach a person at the clinic."""


@dataclass(frozen=True)
class PersonalAdvice:
    """'Should I have it?': the general criteria for the procedures, the surgeon decides;
    `topics`: other questions of the message, answered after it for the procedures."""

    procedures: Tuple[str, ...]
    topics: Tuple[str, ...] = ()


@dataclass(frozen=True)
class DetailsQuestion:
    """During the booking form: why the details are asked, or what happens to them (`topic`:
    clinic.understanding.booking_text.CONSENT_QUESTION_TOPICS); the form then asks again."""

    topic: str


@dataclass(frozen=True)
class OtherLanguage:
    """A message in another language, not understood: the assistant answers in English only."""


@dataclass(frozen=True)
class LowMood:
    """The patient says they feel low: heard, and who to tell (no assessment, no medical claim)."""


@dataclass(frozen=True)
class StoryNoted:
    """A story, not a question: noted, and what the assistant can do."""

    procedure: Optional[str]


@dataclass(frozen=True)
class Suggest:
    """Not understood: offer the suggested intents (likeliest first)."""

    suggestions: Tuple[str, ...]
    procedure: Optional[str]


@dataclass(frozen=True)
class AnythingElse:
    """'ok' outside a question: anything else?"""


@dataclass(frozen=True)
class WithdrawRequest:
    """'Cancel my booking', 'change my number' with no booking in progress: a sent request is
    cancelled or changed by phone."""


@dataclass(frozen=True)
class WarningSigns:
    """'What should we watch out for at home?': the clinic's signs that need help now; the
    procedure's page, when one is known, lists none (said first)."""

    procedure: Optional[str] = None


@dataclass(frozen=True)
class OutOfScope:
    """Not about the procedures; `named`: what the patient named that is not ("knee replacement", "the weather")."""

    named: Optional[str] = None


@dataclass(frozen=True)
class LostThread:
    """No rule fits the conversation: ask to rephrase."""


Reading = Union[
    Remind,
    AnswerTopics,
    AskWhichProcedure,
    NotCoveredAnywhere,
    NotMentionedAnywhere,
    OnSubjects,
    Compare,
    OnWords,
    OtherPagesFigure,
    ExplainTerms,
    UnknownTerm,
    MoreOnTerm,
    MoreDetail,
    OfficeAnswer,
    Contact,
    PersonalAdvice,
    DetailsQuestion,
    OtherLanguage,
    LowMood,
    StoryNoted,
    Suggest,
    AnythingElse,
    WithdrawRequest,
    WarningSigns,
    OutOfScope,
    LostThread,
]


# --- what the message says ---------------------------------------------------------------


def reference(message: Message, context: Context, kb: KnowledgeBase) -> procedures.Reference:
    """What the message says about procedures (clinic.understanding.procedures.refer); the
    context is the procedure before the message (its own entity has already set the slot)."""
    return procedures.refer(
        message.text,
        kb,
        entity_values=[str(v) for v in message.procedure_entities],
        in_context=kb.resolve(context.procedure_before),
        asked_which=context.asked_which_procedure,
    )


def mentioned(message: Message, context: Context, kb: KnowledgeBase) -> List[str]:
    """Procedure ids the message is about, in order (empty when it names none)."""
    return list(reference(message, context, kb).procedures)


def mentioned_by_name(message: Message, kb: KnowledgeBase) -> bool:
    """Whether the message itself names a procedure (by a name, an unused name or a description)."""
    return bool(procedures.refer(message.text, kb, entity_values=message.procedure_entities).procedures)


def clarified(message: Message, context: Context, kb: KnowledgeBase) -> List[str]:
    """The answer to "Which procedure…?" by position or as every procedure."""
    return procedures.clarified(message.text, kb, context.asked_which_procedure)


@lru_cache(maxsize=4)  # asked several times for every message
def kb_names(kb: KnowledgeBase) -> Tuple[str, ...]:
    """The procedures' names, normalised, and the names the pages don't use ("ifuse", "s2ai"),
    as facets_in reads them ("how long does the ifuse surgery take" asks the duration)."""
    unnamed = tuple(name for terms in procedures.vocabulary().values() for name in terms.unnamed)
    return tuple(name for name, _ in kb.names()) + unnamed


def asked_topic(message: Message, kb: KnowledgeBase) -> Optional[str]:
    """The topic of the intent, if it is a topic question."""
    intent = message.intent or ""
    topic = intent[len(QUESTION_PREFIX) :] if intent.startswith(QUESTION_PREFIX) else None
    return topic if topic in kb.topics else None


def ranked_topics(message: Message, kb: KnowledgeBase) -> List[str]:
    """Topics in the intent ranking at MIN_TOPIC_CONFIDENCE or more, likeliest first."""
    return [
        name[len(QUESTION_PREFIX) :]
        for name, confidence in message.ranking
        if confidence >= MIN_TOPIC_CONFIDENCE and name[len(QUESTION_PREFIX) :] in kb.topics
    ]


def topics_asked(message: Message, kb: KnowledgeBase) -> List[str]:
    """Every topic the message asks, in its order ([] when none is clear). Clause by clause:
    the topics its own words ask (facets_in), else, for a clause put as a question, the topic
    its own ranking puts first at MIN_CLAUSE_CONFIDENCE or more ("…, and does someone have
    to drive me?"); then what facets_in finds across clauses. A clause the patient sets
    aside ("not how it's done") is no question, and asks none."""
    names = kb_names(kb)
    whole = [t for t in facets_in(message.text, names) if t in kb.topics]
    found: List[str] = []
    for clause in message.clauses:
        words = message.text[clause.start : clause.end]
        own = [t for t in facets_in(words, names) if t in kb.topics]
        asked = routing.question_like(words) or message.text[clause.end : clause.end + 1] == "?"
        if not own and clause.ranking and asked:  # "she can do the fusion?" is a question too
            name, confidence = clause.ranking[0]
            topic = name[len(QUESTION_PREFIX) :] if name.startswith(QUESTION_PREFIX) else None
            own = [topic] if topic in kb.topics and confidence >= MIN_CLAUSE_CONFIDENCE else []
        found += [t for t in own if t not in found]
    return found + [t for t in whole if t not in found]


def asks_if_it_suits_too(message: Message) -> bool:
    """Whether a clause of a compound message asks whether the procedure suits the patient
    ("is it safe for him", "should I have it"; routing.asks_if_procedure_suits)."""
    return any(routing.asks_if_procedure_suits(message.text[c.start : c.end]) for c in message.clauses)


def suggestions(message: Message, kb: KnowledgeBase) -> List[str]:
    """Intents worth offering when unsure: at most three, likeliest first."""
    return [
        name
        for name, confidence in message.ranking
        if confidence >= MIN_SUGGESTION_CONFIDENCE
        and (name in SUGGESTIBLE or name[len(QUESTION_PREFIX) :] in kb.topics)
    ][:3]


# --- the decisions -------------------------------------------------------------------------


def persons_procedure(text: str, context: Context) -> Tuple[str, ...]:
    """The procedure of the person the text speaks of ("my risks", "and him?"), when the
    conversation said whose procedure is whose (Context.people); () otherwise."""
    person = people.person_in(text) if context.people else None
    return tuple(p for who, p in context.people if who == person)[:1]


def procedures_meant(
    message: Message, context: Context, kb: KnowledgeBase, said: procedures.Reference
) -> Tuple[str, ...]:
    """The procedure ids a question is about, in this order: the one of the last answer's
    procedures it points to by position ("the first one"), or the earlier one it goes back
    to ("going back to the first one"), unless it names one; those it names or describes
    (`said`); the one of the person it speaks of ("my risks", "and him?"); every procedure the
    last answer covered ("and the recovery?" after the risks of both); the conversation's;
    the one page that uses its words ("guided by fluoroscopy?"). () when none."""
    text = message.text
    if not kb.find_procedures(text):
        position = procedures.position_in(text, context.procedures_answered) or (
            kb.other_procedure(kb.resolve(context.procedure_before)) if procedures.going_back(text) else None
        )
        if position:  # before "the second one" read as "the other one"
            return (position,)
    return (
        said.procedures
        or persons_procedure(message.text, context)
        or tuple(p for p in context.procedures_answered if kb.resolve(p))
        or tuple(p for p in (kb.resolve(context.procedure), retrieval.only_page(kb, text)) if p)[:1]
    )


def answer_topic(message: Message, context: Context, kb: KnowledgeBase, topic: str) -> Reading:
    """Answer `topic` for the procedure(s) in the message or the conversation, or ask which.

    Right after an escalation the reminder comes first; if the message is not a question,
    or is about waiting or playing the symptoms down, it comes alone."""
    text = message.text
    reminder_first = False
    if context.just_escalated:
        if routing.still_waiting(text) or not routing.question_like(text):
            return Remind()  # "it came on all at once this evening": more about the symptom
        reminder_first = True
    # every topic the question asks, in its own words ("asleep? and face down?"), else the given one
    asked = topics_asked(message, kb)
    topics = asked[:MAX_TOPICS_PER_ANSWER] or [topic]
    topic = topics[0]
    said = reference(message, context, kb)
    found = procedures_meant(message, context, kb, said)
    also = [t for t in asked if t not in PERSONAL_ADVICE_SAYS]
    if found and not reminder_first and not said.unnamed and asks_if_it_suits_too(message):
        # "should I have SI fusion? and how long is the op?", "…injections not help. Is SI fusion
        # good for me?": the general criteria, then the rest
        return PersonalAdvice(tuple(found), tuple(also[:MAX_TOPICS_PER_ANSWER]))
    if found:
        # "iFuse", "S2AI screws": names the clinic's pages don't use, noted before the answer
        office = clear_subject(text)
        office_too = office in OFFICE_SUBJECTS_CLEAR and not (office in COST_SUBJECTS and "cost" in topics)
        things_first = not asked and bool(subjects_in(text))
        paired = (
            topic_pairs.pairs(
                text, topics, kb.find_procedures, lambda part: facets_in(part, kb_names(kb)), people.relative_in
            )
            if len(found) > 1 and len(topics) > 1
            else None
        )
        return AnswerTopics(
            tuple(topics), tuple(found), said.unnamed, reminder_first, office_too, (), things_first, paired or ()
        )
    if not kb.covered_anywhere(topic):
        # e.g. cost: no document covers it, so asking which procedure would not help
        return NotCoveredAnywhere(topic, reminder_first)
    unmentioned = mentioned_nowhere(kb, subjects_in(text))
    if unmentioned:
        # "is there an age limit?": no page mentions it, so asking which procedure would not help
        return NotMentionedAnywhere(topic, tuple(unmentioned), reminder_first)
    return AskWhichProcedure(topic, reminder_first)


def read_comparison(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Optional[Reading]:
    """ "Is it the same as a hip replacement?", "is fixation different from fusion?": what the
    pages say of each thing they describe, naming what they don't; None when the message asks
    no such question, asks a topic ("is recovery the same as…"), uses a name the pages don't
    use (answered as such), or right after an escalation."""
    if context.just_escalated:
        return None
    said = reference(message, context, kb)
    if said.unnamed or [f for f in facets_in(message.text, kb_names(kb)) if f != "overview"]:
        return None
    meant = [p for p in (*said.procedures, kb.resolve(context.procedure_before), kb.resolve(context.procedure)) if p]
    found = comparisons.compared(message.text, kb, glossary, meant)
    if found is None:
        return None
    unmentioned, uncompared, on_words = [], [], None
    for thing in found.unknown:
        # "the si joint injection I had": the sentence of the procedure's page that uses its words
        words = (
            retrieval.sentence_for(kb, found.procedures[0], thing, min_weight=retrieval.MIN_WEIGHT_FOR_A_THING)
            if len(found.procedures) == 1
            else None
        )
        if words is not None and on_words is None:
            on_words = OnWords(found.procedures[0], words)
        if words is not None or comparisons.mentioned_by(kb, glossary, thing):
            uncompared.append(thing)
        else:
            unmentioned.append(thing)
    return Compare(found.procedures, found.terms, tuple(unmentioned), tuple(uncompared), on_words)


def answer_what_if(message: Message, context: Context, kb: KnowledgeBase) -> Optional[Reading]:
    """ "What if the SI joint never fuses?": what the page says of the subject named (not the
    word "SI joint" explained); None when the message is no such question or names no
    subject or procedure, or right after an escalation (the reminder comes first)."""
    if context.just_escalated:
        return None
    asked = subjects_in(message.text) if routing.asks_what_if(message.text) else []
    if not asked or "contraindications" in facets_in(message.text, kb_names(kb)):
        return None  # "what if I have an infection right now?" asks whether it rules the operation out
    named = mentioned(message, context, kb)
    procedure = named[0] if named else kb.resolve(context.procedure)
    if not procedure:
        return None
    return OnSubjects(procedure, tuple(asked))


def explain(
    terms: Sequence[str], context: Context, kb: KnowledgeBase, glossary: Glossary, offer_booking: bool
) -> Reading:
    """Explain `terms`; the procedure too when the conversation has none and every term comes
    from one procedure's document ("screws in his pelvis")."""
    documents = {doc for term in terms for doc in glossary.terms[term].sources}
    owners = [p.id for p in kb.procedures.values() if p.source_document in documents]
    owner = owners[0] if len(owners) == 1 and not kb.resolve(context.procedure) else None
    return ExplainTerms(tuple(terms), offer_booking, owner)


def read_question(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """A topic question (or a bare procedure name): the topic from the intent, or the `topic`
    slot for a follow-up ("and what about spinopelvic fixation?"), else the overview."""
    text = message.text
    topic = asked_topic(message, kb) or context.topic or "overview"
    asks_signs = routing.asks_what_to_do_about_a_sign(text) or (
        routing.asks_warning_signs(text) and not topics_asked(message, kb)
    )
    if asks_signs and not context.just_escalated:
        # "what should I do if I get chest pain after the surgery?": the signs and where to go
        named = mentioned(message, context, kb)
        return WarningSigns(named[0] if named else kb.resolve(context.procedure))
    last = kb.resolve(context.procedure)
    if (
        context.topic in kb.topics
        and last
        and not kb.find_procedures(text)
        and follow_ups.asks_number_of_last_answer(text, kb.answer(last, context.topic).text)
        and not [t for t in topics_asked(message, kb) if t not in (context.topic, "duration")]
    ):
        return MoreDetail(last, context.topic)  # "how many hours no food exactly?" after "several hours"
    if context.topic and routing.follow_up(text) and persons_procedure(text, context) and not topics_asked(message, kb):
        topic = context.topic  # "and him?" after the risks: the same topic for the other person, whatever the intent
    if reference(message, context, kb).unnamed and routing.asks_what_it_is(text) and not topics_asked(message, kb):
        topic = "overview"  # "is the iFuse implant the same as SI joint fusion?": what the pages say it is
    comparison = read_comparison(message, context, kb, glossary)
    if comparison is not None:
        return comparison
    other = routing.other_operation(text)
    if (
        other
        and not context.just_escalated
        and not mentioned_by_name(message, kb)
        and not routing.asks_about_having_it(text)
    ):
        # "and what about a hip replacement, how long does that take?": not the conversation's procedure
        return OutOfScope(other)
    what_if = answer_what_if(message, context, kb)
    if what_if is not None:
        return what_if
    if routing.asks_medicine_dose(text) and not context.just_escalated:
        # "the dosage of oxycodone after SI joint fusion": no advice on medicines, the care team decides
        return PersonalAdvice(tuple(mentioned(message, context, kb)))
    if (
        topic == "overview"
        and asked_topic(message, kb)
        and routing.asks_definition(text)
        and not facets_in(text, kb_names(kb))
    ):
        # "what is the sacrum?" taken for an overview question: explain the word
        hits = glossary.find(text, kb.names())
        if hits and all(h.kind == "term" for h in hits) and not routing.compares(text):
            return explain([h.key for h in hits], context, kb, glossary, not context.form_active)
    if (
        topic == "cost"
        and asked_topic(message, kb)
        and subject_of(text) == "insurance"
        and not routing.asks_cost(text)
        and not reference(message, context, kb).procedures
    ):
        # "do you take medicare?": an office question, not one about a procedure
        return OfficeAnswer(sets_topic=topic)
    if (
        routing.asks_definition(text)
        and not facets_in(text, kb_names(kb))
        and not mentioned(message, context, kb)
        and not kb.resolve(context.procedure)
        and not routing.compares(text)
    ):
        # "does fusion mean they glue the joint together?": the word, not which procedure
        hits = glossary.find(text, kb.names())
        if hits and all(h.kind == "term" for h in hits):
            return explain([h.key for h in hits], context, kb, glossary, not context.form_active)
    return answer_topic(message, context, kb, topic)


def read_personal_advice(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """'Should I have this surgery?': the general criteria, unless it is a factual question
    with personal context, or about a subject the page mentions."""
    text = message.text
    if context.just_escalated:  # "should I just wait till Monday?"
        return Remind()
    if routing.asks_warning_signs(text) and not facets_in(text, kb_names(kb)):
        # "which of those would mean I should go to A&E? just asking in advance"
        named = mentioned(message, context, kb)
        return WarningSigns(named[0] if named else kb.resolve(context.procedure))
    if context.topic == "normal_after_surgery" and routing.worried(text):
        # "should I be worried?" after "a bit sore…": what is common, and the warning signs
        return answer_topic(message, context, kb, "normal_after_surgery")
    in_words = topics_asked(message, kb)
    topics = in_words or ranked_topics(message, kb)
    if topics and not routing.asks_personal_decision(text) and not routing.asks_about_medicines(text):
        # a factual question with personal context ("I'm 61… will I need both sides done?",
        # "my dad's fixation, is he fully asleep for it?")
        return answer_topic(message, context, kb, topics[0])
    known = mentioned(message, context, kb) or [p for p in [kb.resolve(context.procedure)] if p]
    asked = subjects_in(text)
    others = [t for t in in_words if t not in PERSONAL_ADVICE_SAYS]
    if known and others and routing.asks_about_medicines(text):
        # "I take blood thinners. do I need to stop them, and can I go home the same day?": the
        # medicines line, then the other questions
        return PersonalAdvice(tuple(known), tuple(others[:MAX_TOPICS_PER_ANSWER]))
    if known and asked and not routing.asks_if_procedure_suits(text):
        # "MRI after spinopelvic fixation, is it ok?": what the page says of it (but "numbness
        # for years, is SI joint fusion for me?" asks for the criteria)
        return OnSubjects(known[-1], tuple(asked), always_sets_procedure=True)
    # "is it safe for him, and how long is the recovery?": the other questions answered too
    also = [t for t in in_words if t not in PERSONAL_ADVICE_SAYS] if message.clauses and known else []
    return PersonalAdvice(tuple(known), tuple(also[:MAX_TOPICS_PER_ANSWER]))


def read_contact(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """How to reach a person, unless the words ask an office question ("where are you located?")
    or which signs need a call ("what should make me call the clinic?")."""
    if routing.asks_warning_signs(message.text) and not context.just_escalated:
        named = mentioned(message, context, kb)
        return WarningSigns(named[0] if named else kb.resolve(context.procedure))
    subject = subject_of(message.text)
    return OfficeAnswer() if subject and subject != "contact" else Contact()


def read_office(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """An office question; a name the pages don't use ("is the Rialto system the one you use?")
    gets what the pages say instead."""
    said = reference(message, context, kb)
    if said.unnamed:
        return answer_topic(message, context, kb, "overview")
    facets = topics_asked(message, kb)
    if facets and (said.procedures or (kb.resolve(context.procedure) and not subject_of(message.text))):
        # "my surgeon wants to fuse the joint at the back of my pelvis, how do I get ready?",
        # "and do you lie on your back?" in a conversation about spinopelvic fixation
        return answer_topic(message, context, kb, facets[0])
    return OfficeAnswer(offer_booking=not context.form_active)


def read_term(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """'What is the sacrum?': the glossary's explanation, unless the message answers "Which
    procedure…?", asks what-if, or asks a topic in other words."""
    text = message.text
    if (
        context.topic
        and context.asked_which_procedure
        and (clarified(message, context, kb) or (kb.find_procedures(text) and routing.short(text)))
    ):  # "fixation" in answer to "Which procedure…?"
        return answer_topic(message, context, kb, context.topic)
    comparison = read_comparison(message, context, kb, glossary)
    if comparison is not None:
        return comparison
    if routing.asks_what_that_is(text) and len(kb.find_procedures(text)) == 1:
        # "my dad broke his sacrum and they said spinopelvic fixation. what is that?": the procedure
        return answer_topic(message, context, kb, "overview")
    what_if = answer_what_if(message, context, kb)
    if what_if is not None:
        return what_if
    facets = topics_asked(message, kb)
    if facets and not routing.starts_as_definition(text):
        # "S2AI screws and iliac crest, was I put under general?": the topic, not the words
        return answer_topic(message, context, kb, facets[0])
    hits = glossary.find(text, kb.names())
    terms = [h.key for h in hits if h.kind == "term"]
    if terms:
        return explain(terms, context, kb, glossary, not context.form_active)
    if any(h.kind == "procedure" for h in hits) or routing.other_one(text) or reference(message, context, kb).unnamed:
        # "what does si joint fusion mean?"; "what is iFuse?": a name the pages don't use, then the procedure
        return answer_topic(message, context, kb, "overview")
    return UnknownTerm()


def read_more_detail(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """A follow-up on the last answer, or on the word just explained ("how common is it?"),
    unless its words ask another topic ("how long am I under for?" after the anaesthesia)."""
    if context.just_escalated:
        return Remind()
    if glossary.get(context.term or ""):
        return MoreOnTerm(context.term or "")
    named = mentioned(message, context, kb)
    procedure = named[0] if named else kb.resolve(context.procedure)
    asked = [t for t in topics_asked(message, kb) if t not in (context.topic, "overview")]
    if asked and procedure:
        # "ok and how long does that op last?" after the hospital stay: a new question, not more on the last answer
        return answer_topic(message, context, kb, asked[0])
    return MoreDetail(procedure, context.topic)


def read_fallback(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """Not understood by the classifier: what the words make clear, else suggestions."""
    text = message.text
    if context.just_escalated:
        return Remind()
    if language.other_language(text):  # "¿Cuánto tiempo dura…?": English only, and the phone number
        return OtherLanguage()
    if clarified(message, context, kb) and context.topic:  # "the first one"
        return answer_topic(message, context, kb, context.topic)
    comparison = read_comparison(message, context, kb, glossary)
    if comparison is not None:
        return comparison
    if reference(message, context, kb).unnamed:  # "do you use iFuse?": what the pages say instead
        facets = topics_asked(message, kb)
        return answer_topic(message, context, kb, facets[0] if facets else "overview")
    hits = glossary.find(text, kb.names())
    if (
        context.topic
        and (kb.find_procedures(text) or persons_procedure(text, context))
        and routing.follow_up(text)
        and not any(h.kind == "term" for h in hits)
    ):  # "what about with SI joint fusion", "and him?": the same topic for the procedure named
        return answer_topic(message, context, kb, context.topic)
    facets = topics_asked(message, kb)
    if routing.asks_definition(text) and any(h.kind == "procedure" for h in hits) and not facets:
        return answer_topic(message, context, kb, "overview")  # "wat is si joint fuzion"
    # Unsure classifier, but the words are unambiguous: a word from the documents
    # ("what's the ilium?", unless a topic is asked) or a practical office question ("what about medicare?").
    terms_only = hits and all(h.kind == "term" for h in hits)
    if (routing.asks_definition(text) or routing.short(text)) and terms_only and not facets:
        return explain([h.key for h in hits], context, kb, glossary, True)
    if clear_subject(text) in OFFICE_SUBJECTS_CLEAR and not kb.find_procedures(text):
        return OfficeAnswer()
    named = mentioned(message, context, kb)
    procedure = named[0] if named else kb.resolve(context.procedure)
    if not facets and routing.asks_warning_signs(text):
        # "how do I know if something is wrong after spinopelvic fixation?"
        return WarningSigns(procedure)
    if procedure and facets:  # "why would somebody need it fused?": the topic in the patient's words
        return answer_topic(message, context, kb, facets[0])
    if facets and routing.question_like(text) and not routing.story_not_question(text):
        # "…just wondering when the stitches come out": the topic is clear, the procedure is asked
        return answer_topic(message, context, kb, facets[0])
    if routing.story_not_question(text):
        if named:  # "my dad needs spinopelvic fixation after a fall": what the page says it is
            return answer_topic(message, context, kb, "overview")
        # "I had a car accident two months ago and broke my pelvis": a story, not a question
        return StoryNoted(kb.resolve(context.procedure))
    asked = subjects_in(text)
    if procedure and asked:  # "why the breathing physio after spinopelvic fixation?": what the page says of it
        return OnSubjects(procedure, tuple(asked))
    found = retrieval.sentence_for(kb, procedure, text) if procedure else None
    if procedure and found:  # "is it a rigid fix?": the page's sentence that uses the words
        return OnWords(procedure, found)
    other = kb.other_procedure(procedure)
    figure = retrieval.sentence_for(kb, other, text) if other else None
    if procedure and other and figure and any(w.isdigit() for w in figure.words):
        # "so that takes 45 to 90 minutes too?" about spinopelvic fixation: the other page's figure
        return OtherPagesFigure(procedure, other, figure)
    return Suggest(tuple(suggestions(message, kb)), procedure)


def read_core_fallback(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """No rule fits: the reminder right after an escalation, else a request to rephrase."""
    return Remind() if context.just_escalated else LostThread()


def read_acknowledgement(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """'ok', 'yes', 'no' outside a question: after an escalation the reminder; after "Which
    procedure…?", "both" or "not sure" is an answer."""
    if context.just_escalated:
        return Remind()
    if clarified(message, context, kb) and context.topic:  # "both", "not sure"
        return answer_topic(message, context, kb, context.topic)
    if message.intent == "booking_change" or (message.intent == "stop" and routing.mentions_booking(message.text)):
        return WithdrawRequest()  # "cancel my booking", "change my phone number", with none in progress
    return AnythingElse()


def read_out_of_scope(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """Not about the procedures, unless the words ask a practical office question, whether
    a procedure is the same as something else ("is SI fusion like a hip replacement?"), or
    a topic of a procedure they name or describe."""
    comparison = read_comparison(message, context, kb, glossary)
    if comparison is not None:
        return comparison
    if clear_subject(message.text) in OFFICE_SUBJECTS_OUT_OF_SCOPE:
        return OfficeAnswer()
    asked, said = topics_asked(message, kb), reference(message, context, kb)
    if said.unnamed and not context.just_escalated:
        # "what's Rialto?": the pages don't use the name; what they say of the procedure
        return answer_topic(message, context, kb, asked[0] if asked else "overview")
    if asked and said.procedures and not routing.other_operation(message.text):
        # "they put screws from my lower back into my hip bone… whats recovery like?": a
        # procedure in words and a topic asked
        return answer_topic(message, context, kb, asked[0])
    return OutOfScope(routing.other_operation(message.text) or routing.thing_asked_about(message.text))


def read_warning_signs(message: Message, context: Context, kb: KnowledgeBase, glossary: Glossary) -> Reading:
    """The signs to watch for after the operation named, or the conversation's; a topic asked
    in words ("what if I've got an infection at the moment?"), or a subject named in a
    question that is not about warning signs ("what should I eat after it?"), is answered
    instead."""
    facets = [f for f in topics_asked(message, kb) if f != "overview"]
    if facets and not context.just_escalated and not routing.asks_what_to_do_about_a_sign(message.text):
        # ("what should I do if I get chest pain after the surgery?" is about the sign, not the recovery)
        return answer_topic(message, context, kb, facets[0])
    named = mentioned(message, context, kb)
    procedure = named[0] if named else kb.resolve(context.procedure)
    asked = subjects_in(message.text)
    if procedure and asked and not routing.asks_warning_signs(message.text) and not context.just_escalated:
        # "what should I eat after spinopelvic fixation? more calcium?": what the page says of it
        return OnSubjects(procedure, tuple(asked))
    return WarningSigns(procedure)


READERS: Dict[Route, Callable[[Message, Context, KnowledgeBase, Glossary], Reading]] = {
    Route.QUESTION: read_question,
    Route.PERSONAL_ADVICE: read_personal_advice,
    Route.CONTACT: read_contact,
    Route.OFFICE: read_office,
    Route.EXPLAIN_TERM: read_term,
    Route.MORE_DETAIL: read_more_detail,
    Route.FALLBACK: read_fallback,
    Route.CORE_FALLBACK: read_core_fallback,
    Route.ACKNOWLEDGE: read_acknowledgement,
    Route.OUT_OF_SCOPE: read_out_of_scope,
    Route.WARNING_SIGNS: read_warning_signs,
}


def follow_up_on_subjects(message: Message, context: Context, kb: KnowledgeBase) -> Optional[Reading]:
    """ "do they do that for SI fusion too?" after breathing physiotherapy, "and after spinopelvic
    fixation?" after an MRI question: the things the last question named (the `subjects` slot),
    for the other procedure now named; the last topic too, if there was one. None when the
    message names things of its own, asks a topic of its own without pointing back, names
    no other procedure, or right after an escalation."""
    text = message.text
    if not context.subjects or context.just_escalated or subjects_in(text):
        return None
    said = reference(message, context, kb)
    other = [p for p in said.procedures if p != kb.resolve(context.procedure_before)]
    if len(said.procedures) != 1 or not other or said.unnamed:
        return None
    points_back = routing.refers_back(text)
    if not (points_back or routing.follow_up(text)):
        return None
    if [t for t in topics_asked(message, kb) if t != context.topic] and not points_back:
        return None  # "and how long is the recovery for SI fusion?": its own question
    by_key = subjects_by_key()
    carried = tuple(by_key[key] for key in context.subjects if key in by_key)
    if not carried:
        return None
    if context.topic in kb.topics:
        return AnswerTopics((context.topic,), (other[0],), subjects=carried)
    return OnSubjects(other[0], carried)


# Routes whose message may be a follow-up on the last question's subjects.
SUBJECT_FOLLOW_UP_ROUTES = {
    Route.QUESTION,
    Route.FALLBACK,
    Route.EXPLAIN_TERM,
    Route.MORE_DETAIL,
    Route.PERSONAL_ADVICE,
}
# Routes whose message may ask about something the clinic's information is not about, in passing.
UNRELATED_ROUTES = SUBJECT_FOLLOW_UP_ROUTES | {
    Route.OUT_OF_SCOPE,
    Route.ACKNOWLEDGE,
    Route.WARNING_SIGNS,
    Route.CORE_FALLBACK,
    Route.OFFICE,
}
# Routes whose message may say the patient feels low ("been really down lately").
LOW_MOOD_ROUTES = SUBJECT_FOLLOW_UP_ROUTES | {Route.ACKNOWLEDGE, Route.OUT_OF_SCOPE}


def read(
    route: Route, message: Message, context: Context, kb: KnowledgeBase, glossary: Optional[Glossary] = None
) -> Reading:
    """What to answer to `message` in `context`, for the action the policy chose (`route`).
    glossary: default_glossary() unless given."""
    details = booking_text.details_question_topic(message.text) if context.form_active else None
    if details and not context.just_escalated:
        return DetailsQuestion(details)  # "why do you need my name?" while the form asks for it
    if route in LOW_MOOD_ROUTES and not context.just_escalated:
        if routing.low_mood(message.text) and not topics_asked(message, kb):
            return LowMood()  # "I feel a bit down since the operation"
    if route in UNRELATED_ROUTES and not context.just_escalated and not context.form_active:
        unrelated = routing.unrelated_subject(message.text)
        if unrelated:
            return OutOfScope(unrelated)  # "what's the weather tomorrow? my surgery is at 7am"
    if route in SUBJECT_FOLLOW_UP_ROUTES:
        follow_up = follow_up_on_subjects(message, context, kb)
        if follow_up is not None:
            return follow_up
    return READERS[route](message, context, kb, default_glossary() if glossary is None else glossary)
