"""The custom actions, run with real rasa_sdk Trackers and CollectingDispatchers."""

import asyncio
import shutil
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions import actions as acts
from actions import context as tracker_context
from clinic import replies
from clinic.settings import clinic
from clinic.knowledge import DEFAULT_PROCEDURES_DIR, default_knowledge_base
from tests.conftest import make_tracker, procedure_entity

ROOT = Path(__file__).resolve().parents[2]


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def texts(dispatcher):
    return [m["text"] for m in dispatcher.messages]


def heading(text):
    """The title of an answer: its first line, in bold (clinic.replies.titled)."""
    first = text.split("\n")[0].rstrip()
    assert first.startswith("**") and first.endswith("**"), text
    return first[2:-2]


def slots(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_answers_topic_for_the_procedure_in_the_message(dispatcher):
    tracker = make_tracker("How long does SI joint fusion take?", "ask_duration", [procedure_entity("si_joint_fusion")])
    events = run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "45 to 90 minutes" in texts(dispatcher)[0]
    assert "Source" in texts(dispatcher)[0]
    assert slots(events) == {"topic": "duration", "procedure": "si_joint_fusion", "disclaimer_shown": True}
    payloads = [b["payload"] for b in dispatcher.messages[-1]["buttons"]]
    assert '/ask_hospital_stay{"procedure": "si_joint_fusion"}' in payloads
    assert "/book_appointment" in payloads


def test_first_answer_carries_the_disclaimer_and_later_ones_do_not(dispatcher):
    tracker = make_tracker("si joint fusion risks", "ask_risks")
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "not medical advice" in texts(dispatcher)[-1]
    later = make_tracker(
        "and recovery?", "ask_recovery", slots={"procedure": "si_joint_fusion", "disclaimer_shown": True}
    )
    dispatcher.messages.clear()
    run(acts.ActionAnswerQuestion(), dispatcher, later)
    assert "not medical advice" not in " ".join(texts(dispatcher))


def test_follow_up_uses_the_procedure_in_context(dispatcher):
    tracker = make_tracker(
        "what are the risks?", "ask_risks", slots={"procedure": "si_joint_fusion", "topic": "overview"}
    )
    events = run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "implant migration" in texts(dispatcher)[0]
    assert events == [SlotSet("topic", "risks"), SlotSet("disclaimer_shown", True)]


def test_switching_procedure_keeps_the_topic(dispatcher):
    tracker = make_tracker(
        "and what about spinopelvic fixation?",
        "inform_procedure",
        [procedure_entity("spinopelvic_fixation")],
        slots={"procedure": "si_joint_fusion", "topic": "duration"},
    )
    events = run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    reply = texts(dispatcher)[0]
    assert "does not cover how long the procedure takes" in reply
    assert "spinopelvic fixation" in reply
    assert events == [SlotSet("procedure", "spinopelvic_fixation"), SlotSet("disclaimer_shown", True)]


def test_misspelt_procedure_without_entity_is_found_in_the_text(dispatcher):
    tracker = make_tracker("how long does sacroilac fusion take", "ask_duration")
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "45 to 90 minutes" in texts(dispatcher)[0]


def test_unknown_procedure_asks_which_with_buttons(dispatcher):
    tracker = make_tracker("how long is the recovery?", "ask_recovery")
    events = run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "Which procedure" in texts(dispatcher)[0]
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads == [
        '/ask_recovery{"procedure": "si_joint_fusion"}',
        '/ask_recovery{"procedure": "spinopelvic_fixation"}',
    ]
    assert slots(events) == {"topic": "recovery", "procedure": None, "which_procedure_asked": True}


def test_answer_after_asking_which_uses_the_pending_topic(dispatcher):
    tracker = make_tracker("the si one", "inform_procedure", slots={"topic": "recovery"})
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "walk on the same day" in texts(dispatcher)[0]


def test_both_procedures_named_get_both_answers(dispatcher):
    tracker = make_tracker("risks of si joint fusion vs spinopelvic fixation", "ask_risks")
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert len(dispatcher.messages) == 2
    assert heading(texts(dispatcher)[0]).startswith("SI joint fusion")
    assert heading(texts(dispatcher)[1]).startswith("Spinopelvic fixation")


def test_bare_procedure_name_without_topic_gives_the_overview(dispatcher):
    tracker = make_tracker("lumbopelvic fixation", "inform_procedure", [procedure_entity("spinopelvic_fixation")])
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "screws and rods" in texts(dispatcher)[0]


def test_personal_advice_gives_criteria_and_defers_to_the_surgeon(dispatcher):
    tracker = make_tracker("should I have SI joint fusion?", "ask_personal_advice")
    run(acts.ActionPersonalAdvice(), dispatcher, tracker)
    reply = " ".join(texts(dispatcher))
    assert "your surgeon will advise you" in reply
    assert "conservative treatments" in reply
    assert "book a consultation" in reply
    assert not any(t.lower().startswith(("yes", "no")) for t in texts(dispatcher))


def test_personal_advice_without_procedure_covers_both(dispatcher):
    tracker = make_tracker("is it safe for me with diabetes?", "ask_personal_advice")
    run(acts.ActionPersonalAdvice(), dispatcher, tracker)
    reply = " ".join(texts(dispatcher))
    assert "**SI joint fusion**" in reply and "**Spinopelvic fixation**" in reply


def test_greeting_introduces_the_assistant_with_the_disclaimer(dispatcher):
    run(acts.ActionGreet(), dispatcher, make_tracker("hi", "greet"))
    reply = texts(dispatcher)[0]
    assert "virtual assistant of Vitruvian Health" in reply
    assert "not medical advice" in reply
    assert clinic().emergency_number in reply


def test_contact_gives_the_phone_number(dispatcher):
    run(acts.ActionContactClinic(), dispatcher, make_tracker("can I talk to a person", "human_handoff"))
    assert clinic().phone in texts(dispatcher)[0]


def test_after_an_escalation_in_the_booking_form_nothing_typed_is_kept(dispatcher):
    # the escalation itself is written by the Rasa server (tests/unit/test_nlg.py)
    tracker = make_tracker("I have chest pain", "report_emergency", slots={"booking_name": "Daniel Kim"})
    events = run(acts.ActionForgetBooking(), dispatcher, tracker)
    assert texts(dispatcher) == [replies.BOOKING_STOPPED]  # told that nothing was sent
    assert slots(events)["booking_name"] is None  # a later booking starts afresh


def test_a_third_procedure_needs_no_code_change(dispatcher, tmp_path, monkeypatch):
    for path in DEFAULT_PROCEDURES_DIR.glob("*.yml"):
        shutil.copy(path, tmp_path)
    shutil.copy(ROOT / "tests/fixtures/procedures/kyphoplasty.yml", tmp_path)
    monkeypatch.setenv("PROCEDURES_DIR", str(tmp_path))
    default_knowledge_base.cache_clear()
    try:
        run(
            acts.ActionAnswerQuestion(),
            dispatcher,
            make_tracker("how long does kyphoplasty take", "ask_duration"),
        )
        assert "30 minutes" in texts(dispatcher)[0]
        dispatcher.messages.clear()
        run(acts.ActionAnswerQuestion(), dispatcher, make_tracker("how long does it take", "ask_duration"))
        assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == [
            "Kyphoplasty",
            "SI joint fusion",
            "Spinopelvic fixation",
        ]
    finally:
        default_knowledge_base.cache_clear()


@pytest.mark.parametrize("text", ["what about the other one", "wat abt the otr 1"])
def test_the_other_one_switches_procedure(dispatcher, text):
    tracker = make_tracker(
        text,
        "inform_procedure",
        slots={"procedure": "si_joint_fusion", "topic": "risks"},
    )
    events = run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert heading(texts(dispatcher)[0]).startswith("Spinopelvic fixation – the risks")
    assert slots(events)["procedure"] == "spinopelvic_fixation"


def test_no_booking_button_inside_the_booking_form(dispatcher):
    tracker = make_tracker(
        "what are the risks?", "ask_risks", slots={"procedure": "si_joint_fusion"}, active_loop="booking_form"
    )
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "/book_appointment" not in [b["payload"] for b in dispatcher.messages[-1]["buttons"]]


def test_activities_say_what_is_not_covered_and_what_is(dispatcher):
    run(
        acts.ActionAnswerQuestion(),
        dispatcher,
        make_tracker("when can I drive after si joint fusion", "ask_activities"),
    )
    reply = texts(dispatcher)[0]
    assert "does not give specific times" in reply and "several weeks" in reply


def test_warning_signs_list_both_tiers(dispatcher):
    run(
        acts.ActionWarningSigns(),
        dispatcher,
        make_tracker("what symptoms should I watch for after surgery", "ask_warning_signs"),
    )
    reply = texts(dispatcher)[0]
    assert f"call {clinic().emergency_number}" in reply
    assert "chest pain" in reply
    assert "fever or chills" in reply


def test_fallback_offers_the_likeliest_topics(dispatcher):
    tracker = make_tracker("my mum is thinking about si joint fusion, is it something for her?", "nlu_fallback")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_candidacy", "confidence": 0.35},
        {"name": "ask_personal_advice", "confidence": 0.3},
        {"name": "greet", "confidence": 0.2},
        {"name": "ask_risks", "confidence": 0.01},
    ]
    run(acts.ActionFallback(), dispatcher, tracker)
    message = dispatcher.messages[0]
    assert "Did you mean" in message["text"] and "SI joint fusion" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == [
        '/ask_candidacy{"procedure": "si_joint_fusion"}',
        "/ask_personal_advice",
        "/book_appointment",
    ]


def test_fallback_without_candidates_says_what_it_can_do(dispatcher):
    tracker = make_tracker("asdf qwerty", "nlu_fallback")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "greet", "confidence": 0.3},
    ]
    run(acts.ActionFallback(), dispatcher, tracker)
    assert "rephrase" in texts(dispatcher)[0]


def test_medicine_questions_get_no_yes_or_no(dispatcher):
    run(
        acts.ActionPersonalAdvice(),
        dispatcher,
        make_tracker("can i take ibuprofen before si joint fusion", "ask_personal_advice"),
    )
    reply = texts(dispatcher)[0]
    assert "can't advise on medicines" in reply and "conservative" not in reply


def test_a_specific_risk_the_document_does_not_mention_is_said_plainly(dispatcher):
    tracker = make_tracker("is bleeding a risk of spinopelvic fixation?", "ask_risks")
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "does not mention bleeding specifically" in texts(dispatcher)[0]
    dispatcher.messages.clear()
    run(acts.ActionAnswerQuestion(), dispatcher, make_tracker("is bleeding a risk of si joint fusion?", "ask_risks"))
    assert "does not mention" not in texts(dispatcher)[0] and "bleeding" in texts(dispatcher)[0]


def test_the_surgery_keeps_the_procedure_in_context(dispatcher):
    tracker = make_tracker("how long is the surgery?", "ask_duration", slots={"procedure": "si_joint_fusion"})
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "45 to 90 minutes" in texts(dispatcher)[0]


@pytest.mark.parametrize(
    "text", ["which one is minimally invasive?", "which has the shorter recovery", "which of the two is quicker?"]
)
def test_a_comparison_without_names_answers_for_both(dispatcher, text):
    tracker = make_tracker(text, "ask_overview", slots={"procedure": "si_joint_fusion"})
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert len(dispatcher.messages) == 2


def test_a_factual_question_with_personal_context_is_answered(dispatcher):
    tracker = make_tracker("I'm 61 and have SI joint pain, will I need both sides done?", "ask_personal_advice")
    tracker.latest_message["intent_ranking"] = [
        {"name": "ask_personal_advice", "confidence": 0.6},
        {"name": "ask_repeat", "confidence": 0.3},
    ]
    run(acts.ActionPersonalAdvice(), dispatcher, tracker)
    assert "once per affected side" in texts(dispatcher)[0]


def test_after_an_escalation_waiting_is_not_an_option(dispatcher):
    tracker = make_tracker("should i just wait till monday?", "ask_personal_advice")
    tracker.events[:0] = [
        {"event": "action", "name": "utter_red_flag"},
        {"event": "bot", "text": "These symptoms after surgery need to be checked…"},
        {"event": "action", "name": "action_listen"},
    ]
    run(acts.ActionPersonalAdvice(), dispatcher, tracker)
    assert "don't wait" in texts(dispatcher)[0]
    dispatcher.messages.clear()
    run(acts.ActionAcknowledge(), dispatcher, tracker)
    assert "don't wait" in texts(dispatcher)[0]
    dispatcher.messages.clear()
    run(acts.ActionAcknowledge(), dispatcher, make_tracker("ok", "affirm"))
    assert "anything else" in texts(dispatcher)[0]


def escalated(tracker):
    tracker.events[:0] = [
        {"event": "action", "name": "utter_red_flag"},
        {"event": "bot", "text": "These symptoms after surgery need to be checked…"},
        {"event": "action", "name": "action_listen"},
    ]
    return tracker


@pytest.mark.parametrize(
    "text, intent",
    [
        ("should i wait till my follow up appt on friday", "ask_follow_up"),
        ("should I be worried? she looks pale and scared", "ask_recovery"),
        ("should i just rest it and see?", "ask_results"),
        ("it's not that bad though, maybe it's just anxiety?", "ask_contraindications"),
    ],
)
def test_after_an_escalation_a_question_about_waiting_gets_only_the_reminder(dispatcher, text, intent):
    tracker = escalated(make_tracker(text, intent, slots={"procedure": "si_joint_fusion"}))
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert len(texts(dispatcher)) == 1 and "don't wait" in texts(dispatcher)[0]


def test_an_escalation_that_closed_the_booking_form_still_counts(dispatcher):
    tracker = make_tracker("thanks, i'll wait till tomorrow", "ask_follow_up", slots={"procedure": "si_joint_fusion"})
    tracker.events[:0] = [
        {"event": "action", "name": "utter_red_flag"},
        {"event": "action", "name": "action_deactivate_loop"},
        {"event": "active_loop", "name": None},
        {"event": "action", "name": "action_forget_booking"},
        {"event": "action", "name": "action_listen"},
    ]
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert len(texts(dispatcher)) == 1 and "don't wait" in texts(dispatcher)[0]


def test_after_an_escalation_another_question_is_answered_after_the_reminder(dispatcher):
    tracker = escalated(
        make_tracker("how long is the hospital stay?", "ask_hospital_stay", slots={"procedure": "si_joint_fusion"})
    )
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "don't wait" in texts(dispatcher)[0]
    assert "SI joint fusion" in texts(dispatcher)[1]


@pytest.mark.parametrize("text", ["its only on one side", "it came on all at once this evening"])
def test_after_an_escalation_more_about_the_symptom_gets_only_the_reminder(dispatcher, text):
    tracker = escalated(make_tracker(text, "ask_repeat", slots={"procedure": "si_joint_fusion"}))
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert len(texts(dispatcher)) == 1 and "don't wait" in texts(dispatcher)[0]


def asked_which(tracker, topic="risks"):
    """The assistant's last message asked which procedure a question about `topic` is about."""
    tracker.events[:0] = [
        {"event": "action", "name": "action_answer_question"},
        {"event": "bot", "text": "Which procedure is your question about: SI joint fusion or spinopelvic fixation?"},
        {"event": "slot", "name": "which_procedure_asked", "value": True},
        {"event": "action", "name": "action_listen"},
    ]
    tracker.slots["topic"] = topic
    return tracker


@pytest.mark.parametrize(
    "text, action, expected",
    [
        ("the first one", acts.ActionAnswerQuestion(), ["SI joint fusion – the risks"]),
        ("the second one please", acts.ActionFallback(), ["Spinopelvic fixation – the risks"]),
        ("both", acts.ActionAcknowledge(), ["SI joint fusion – the risks", "Spinopelvic fixation – the risks"]),
        ("not sure", acts.ActionAcknowledge(), ["SI joint fusion – the risks", "Spinopelvic fixation – the risks"]),
        ("fixation", acts.ActionExplainTerm(), ["Spinopelvic fixation – the risks"]),
    ],
)
def test_answers_to_which_procedure_by_position_or_both(dispatcher, text, action, expected):
    run(action, dispatcher, asked_which(make_tracker(text, "inform_procedure")))
    assert [heading(t).split(" and")[0] for t in texts(dispatcher)] == expected


def test_position_words_mean_nothing_without_the_question(dispatcher):
    run(acts.ActionAcknowledge(), dispatcher, make_tracker("both", "affirm", slots={"topic": "risks"}))
    assert "anything else" in texts(dispatcher)[0]


def test_a_mild_symptom_after_surgery_gets_what_is_common_and_the_warning_signs(dispatcher):
    tracker = make_tracker(
        "had my si fusion 5 days ago and the incision is a bit sore",
        "ask_normal_after_surgery",
        [procedure_entity("si fusion")],
    )
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    answer, signs = texts(dispatcher)
    assert "temporary soreness where the incision was made" in answer and "common side effects" in answer
    assert "emergency department" in signs and "Contact your surgeon's office" in signs


def test_a_short_message_naming_the_other_procedure_keeps_the_topic(dispatcher):
    tracker = make_tracker(
        "what about with SI joint fusion", "nlu_fallback", slots={"topic": "risks", "procedure": "spinopelvic_fixation"}
    )
    run(acts.ActionFallback(), dispatcher, tracker)
    assert heading(texts(dispatcher)[0]).startswith("SI joint fusion – the risks")


def test_should_i_be_worried_after_a_mild_symptom_repeats_what_is_common_and_the_signs(dispatcher):
    tracker = make_tracker(
        "should I be worried?",
        "ask_personal_advice",
        slots={"topic": "normal_after_surgery", "procedure": "si_joint_fusion"},
    )
    run(acts.ActionPersonalAdvice(), dispatcher, tracker)
    assert "common side effects" in texts(dispatcher)[0] and "emergency department" in texts(dispatcher)[1]


def test_the_reminder_holds_while_the_patient_plays_the_symptom_down(dispatcher):
    tracker = make_tracker("no pain, no numbness. do I still need to get checked?", "affirm")
    tracker.events[:0] = [
        {"event": "user", "text": "I feel ok though, just a bit shaken"},
        {"event": "action", "name": "action_acknowledge"},
        {"event": "bot", "text": "Please don't wait with these symptoms. If you have not done so yet, call 911…"},
        {"event": "slot", "name": "escalated", "value": True},
        {"event": "action", "name": "action_listen"},
    ]
    escalated(tracker)  # before all that, the escalation itself
    run(acts.ActionAcknowledge(), dispatcher, tracker)
    assert "don't wait" in texts(dispatcher)[0]


def test_no_rule_fitting_is_never_silent_and_keeps_an_escalation(dispatcher):
    events = run(acts.ActionCoreFallback(), dispatcher, make_tracker("change it and wait?", "booking_change"))
    assert "lost the thread" in texts(dispatcher)[0] and events == [{"event": "rewind", "timestamp": None}]
    dispatcher.messages.clear()
    run(
        acts.ActionCoreFallback(),
        dispatcher,
        escalated(make_tracker("should I just change it and wait?", "booking_change")),
    )
    assert "don't wait" in texts(dispatcher)[0]


def test_an_answer_after_the_reminder_ends_the_escalation(dispatcher):
    tracker = make_tracker("and the pelvic fixation, is that the same thing?", "ask_overview")
    tracker.events[:0] = [
        {"event": "user", "text": "what's the preparation before it?"},
        {"event": "action", "name": "action_answer_question"},
        {"event": "bot", "text": "Please don't wait with these symptoms. If you have not done so yet, call 911…"},
        {"event": "bot", "text": "SI joint fusion – how to prepare: …"},
        {"event": "action", "name": "action_listen"},
    ]
    escalated(tracker)
    assert not tracker_context.just_escalated(tracker)


@pytest.mark.parametrize(
    "text",
    [
        "Hello. I had a car accident two months ago and broke my pelvis",
        "My mother is 76 and has osteoporosis",
        "I did physio for a year and had two injections, nothing really helped",
    ],
)
def test_a_story_is_acknowledged_with_what_the_assistant_can_do(dispatcher, text):
    run(acts.ActionFallback(), dispatcher, make_tracker(text, "nlu_fallback"))
    reply = dispatcher.messages[0]
    assert reply["text"].startswith("Thank you for telling me. I can't assess your situation")
    assert [b["title"] for b in reply["buttons"]] == [
        "Who is SI joint fusion for?",
        "Who is spinopelvic fixation for?",
        "Book a consultation",
    ]


def test_explaining_a_word_from_one_document_sets_the_procedure(dispatcher):
    tracker = make_tracker("what is the iliac crest", "ask_term")
    events = run(acts.ActionExplainTerm(), dispatcher, tracker)
    assert slots(events) == {"term": "iliac_crest", "procedure": "spinopelvic_fixation"}


def test_a_longer_follow_up_naming_the_other_procedure_keeps_the_topic(dispatcher):
    tracker = make_tracker(
        "and what about after the fixation one, my brother is having that",
        "nlu_fallback",
        slots={"topic": "activities", "procedure": "si_joint_fusion"},
    )
    run(acts.ActionFallback(), dispatcher, tracker)
    assert heading(texts(dispatcher)[0]).startswith("Spinopelvic fixation – when you can return to work")


def test_the_context_is_the_procedure_before_the_message_not_the_one_its_entity_just_set():
    """Rasa fills the `procedure` slot from the message's entity before the action runs:
    "do those S2AI screws go through the SI joint?" (entity: SI joint) stays with
    spinopelvic fixation, the procedure the conversation was about."""
    text = "they mentioned S2AI screws, do those go through the SI joint?"
    entity = {"entity": "procedure", "value": "si_joint_fusion", "start": 52, "end": 60}
    latest = {"text": text, "intent": {"name": "ask_procedure_steps", "confidence": 0.97}, "entities": [entity]}
    tracker = Tracker(
        sender_id="test-user",
        slots={"procedure": "si_joint_fusion"},
        latest_message=latest,
        events=[
            {"event": "slot", "name": "procedure", "value": "spinopelvic_fixation"},
            {"event": "user", "text": text, "parse_data": latest},
            {"event": "slot", "name": "procedure", "value": "si_joint_fusion"},
        ],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    kb = default_knowledge_base()
    assert tracker_context.procedure_reference(tracker, kb).procedures == ("spinopelvic_fixation",)


def test_the_fallback_offers_booking_once_and_last_when_the_model_suggests_it():
    kb = default_knowledge_base()
    reply = acts.replies.fallback(kb, ["book_appointment", "ask_personal_advice"], "spinopelvic_fixation")
    payloads = [b["payload"] for b in reply.buttons]
    assert payloads == ["/ask_personal_advice", "/book_appointment"]


def test_the_action_server_registers_every_custom_action_of_the_domain():
    """rasa-sdk registers every concrete Action subclass it finds in the package (the
    abstract ReadingAction base is skipped); each custom action the domain lists is there."""
    import yaml
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    listed = {
        name
        for path in (ROOT / "domain").glob("*.yml")
        for name in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("actions") or []
    }
    assert listed and listed <= set(executor.actions), listed - set(executor.actions)


@pytest.mark.parametrize(
    "parse, expected",
    [
        ({"intent": {"name": "report_urgent_symptom"}, "red_flag": "urgent"}, "surgeon's office"),
        ({"intent": {"name": "report_emergency"}, "red_flag": "emergency"}, "nearest emergency department now"),
    ],
)
def test_the_reminder_keeps_the_tier_of_the_escalation(dispatcher, parse, expected, monkeypatch):
    monkeypatch.setattr(type(clinic()), "is_open", lambda self, now=None: True)
    tracker = make_tracker("ok I'll call them. can we continue the booking?", "ask_follow_up")
    tracker.events[:0] = [
        {"event": "user", "text": "my incision is red and hot", "parse_data": parse},
        {"event": "action", "name": "utter_red_flag"},
        {"event": "action", "name": "action_deactivate_loop"},
        {"event": "action", "name": "action_forget_booking"},
        {"event": "action", "name": "action_listen"},
    ]
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "don't wait" in texts(dispatcher)[0] and expected in texts(dispatcher)[0]
