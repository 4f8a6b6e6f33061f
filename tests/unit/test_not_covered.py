"""Every reply saying the clinic's information has no answer is counted as "not covered" by
the staff report, and no answer is: the replies are built by clinic/replies.py's own
functions from the real knowledge base, glossary and vocabularies, then summarised as the
report summarises a conversation read from the tracker store."""

from datetime import date, datetime
from typing import List, Tuple

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from clinic import replies
from clinic.glossary import default_glossary
from clinic.knowledge import default_knowledge_base
from clinic.office import office_answer
from clinic.report.summary import REASON_NOT_COVERED, summarise
from clinic.settings import clinic
from clinic.understanding import procedures
from clinic.understanding.subjects import mention_elsewhere, mentioned_nowhere, subjects, subjects_in

KB = default_knowledge_base()
DAY = date(2025, 3, 11)
QUESTION = "a question"
# Topics whose written answer (data/procedures/*.yml) says the page does not mention the
# thing asked ("does not mention a brace, a walker, crutches..."): counted as not covered.
SAYS_NOT_MENTIONED = {"mobility_aids"}


def _not_covered_replies() -> List[Tuple[str, str]]:
    """(what produced it, reply text) for every reply that says the information has no answer."""
    config = clinic()
    made: List[Tuple[str, str]] = []
    for p in KB.procedures:
        for t in KB.topics:
            if not KB.answer(p, t).covered:
                made += [(f"answer {p} {t}", r.text) for r in replies.answer(KB, [p], t, config)]
                made.append((f"more_detail {p} {t}", replies.more_detail(KB, p, t, "why?", config).text))
    for t in (t for t in KB.topics if not KB.covered_anywhere(t)):
        made.append((f"not_covered_anywhere {t}", replies.not_covered_anywhere(KB, t, config).text))
    covered = {p: next(t for t in KB.topics if KB.answer(p, t).covered) for p in KB.procedures}
    for subject in subjects().values():
        question = f"what about {subject.phrases[0].rstrip('*')}?"
        for p in KB.procedures:
            if mention_elsewhere(KB, p, subject, but_not="") is None and subject in subjects_in(question):
                made.append((f"on_subjects {p} {subject.key}", replies.on_subjects(KB, p, [subject], config).text))
                texts = [r.text for r in replies.answer(KB, [p], covered[p], config, question=question)]
                made.append((f"answer {p} {covered[p]} asked {subject.key}", texts[0]))
    for p in KB.procedures:
        for t in SAYS_NOT_MENTIONED:
            made += [(f"answer {p} {t} (written so)", r.text) for r in replies.answer(KB, [p], t, config)]
    unmentioned = mentioned_nowhere(KB, list(subjects().values()))
    for subject in unmentioned:
        made.append(
            (f"not_mentioned_anywhere {subject.key}", replies.not_mentioned_anywhere(KB, [subject], config).text)
        )
    made.append(("unknown_term", replies.unknown_term(KB, default_glossary(), config).text))
    made.append(("not_compared unmentioned", replies.not_compared(["SI joint fusion"], ["hip replacement"], []).text))
    made.append(("not_compared uncompared", replies.not_compared(["SI joint fusion"], [], ["si joint injection"]).text))
    for p in KB.procedures.values():
        made.append((f"warning_signs {p.id}", replies.warning_signs(config, p.name).text))
    for p, terms in procedures.vocabulary().items():
        for name in terms.display.values():
            made.append((f"unnamed_names {p} {name}", replies.unnamed_names(KB, [name], [p]).text))
    return made


def _answered_replies() -> List[Tuple[str, str]]:
    """(what produced it, reply text) for replies that do answer."""
    config = clinic()
    made: List[Tuple[str, str]] = []
    for p in KB.procedures:
        for t in KB.topics:
            if KB.answer(p, t).covered and t not in SAYS_NOT_MENTIONED:
                made += [(f"answer {p} {t}", r.text) for r in replies.answer(KB, [p], t, config)]
                made.append((f"more_detail {p} {t}", replies.more_detail(KB, p, t, "how many exactly?", config).text))
    glossary = default_glossary()
    made += [(f"explain {k}", r.text) for k in glossary.terms for r in replies.explain_terms(KB, glossary, [k])]
    made.append(("contact", replies.contact(config).text))
    made.append(("office hours", office_answer("are you open on saturday", config)))
    return made


NOT_COVERED = _not_covered_replies()
ANSWERED = _answered_replies()


def _reported_not_covered(reply: str) -> int:
    """How many messages the report counts as not covered in a conversation with this one reply."""
    at = datetime(2025, 3, 11, 10, tzinfo=clinic().tz).timestamp()
    intent = {"name": "ask_overview", "confidence": 0.9}
    parse = {"text": QUESTION, "intent": intent, "intent_ranking": [intent], "entities": []}
    events = [
        UserUttered(QUESTION, intent, [], parse, timestamp=at).as_dict(),
        ActionExecuted("action_answer_question", timestamp=at + 0.1).as_dict(),
        BotUttered(reply, timestamp=at + 0.2).as_dict(),
    ]
    summary = summarise({"c": events}, DAY, DAY, KB, clinic())
    return summary.unanswered[(REASON_NOT_COVERED, QUESTION)]


def test_every_kind_of_not_covered_reply_is_built():
    kinds = {what.split()[0] for what, _ in NOT_COVERED}
    assert kinds == {
        "answer",
        "more_detail",
        "not_covered_anywhere",
        "not_compared",
        "not_mentioned_anywhere",
        "on_subjects",
        "unknown_term",
        "unnamed_names",
        "warning_signs",
    }
    assert any(what.endswith("(written so)") for what, _ in NOT_COVERED)
    assert any(" asked " in what for what, _ in NOT_COVERED)  # a subject the page does not mention


@pytest.mark.parametrize("what, text", NOT_COVERED, ids=[w for w, _ in NOT_COVERED])
def test_each_not_covered_reply_is_counted_by_the_report(what, text):
    assert replies.says_not_covered(text)
    assert _reported_not_covered(text) == 1


@pytest.mark.parametrize("what, text", ANSWERED, ids=[w for w, _ in ANSWERED])
def test_answers_are_not_counted_as_not_covered(what, text):
    assert not replies.says_not_covered(text)
    assert _reported_not_covered(text) == 0
