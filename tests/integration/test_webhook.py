"""Patient conversations over the REST webhook, checked on what the replies say."""

import pytest

from clinic.replies import NO_CONTENT
from clinic.settings import clinic


def test_greeting_introduces_the_assistant(chat):
    reply = chat.say("hello")
    assert "virtual assistant" in reply
    assert "not medical advice" in reply


def test_duration_then_follow_up_then_switch(chat):
    assert "45 to 90 minutes" in chat.say("how long does si joint fusion take?")
    assert "implant migration" in chat.say("and the risks?")
    reply = chat.say("what about spinopelvic fixation?")
    assert "a risk of lung (pulmonary) complications" in reply


def test_document_silence_is_said_plainly(chat):
    reply = chat.say("how long does spinopelvic fixation take")
    assert "does not cover" in reply
    assert "consultation" in reply


def test_cost_is_not_invented(chat):
    reply = chat.say("how much does sacroiliac joint fusion cost?")
    assert "does not cover" in reply
    assert "$" not in reply


def test_unknown_procedure_asks_which(chat):
    messages = chat.send("what are the risks?")
    assert "Which procedure" in messages[0]["text"]
    assert len(messages[0]["buttons"]) == 2
    assert "implant migration" in chat.say(messages[0]["buttons"][0]["payload"])


@pytest.mark.parametrize(
    "message, expected",
    [
        ("I can't feel my legs and can't control my bladder", f"Call {clinic().emergency_number} now"),
        (
            "I had my SI fusion last week and now I have a fever and my incision is leaking",
            "checked by a doctor",
        ),
    ],
)
def test_red_flags_are_escalated_first(chat, message, expected):
    chat.say("what is si joint fusion")
    assert expected in chat.send(message)[0]["text"]


def test_an_escalation_names_the_risk_the_procedure_page_mentions(chat):
    first = chat.send("5 days after my SI joint fusion the incision is hot, red and oozing and I have a fever")[0][
        "text"
    ]
    assert "checked by a doctor" in first
    assert "SI joint fusion page mentions infection among the risks" in first
    other = chat.send("my dad had spinopelvic fixation and now his leg has suddenly gone numb and weak")[0]["text"]
    assert f"Call {clinic().emergency_number} now" in other
    assert "nerve irritation" not in other  # named on the SI joint fusion page only


def test_a_question_about_a_symptom_is_answered_not_escalated(chat):
    reply = chat.say("is bleeding a risk of SI joint fusion?")
    assert "could be a medical emergency" not in reply
    assert "need to be checked by a doctor" not in reply
    assert "bleeding" in reply


@pytest.mark.parametrize("message", ["", "   "])
def test_a_message_without_words_is_told_so(chat, message):
    assert chat.send(message) == [{"recipient_id": chat.sender, "text": NO_CONTENT}]
    assert "45 to 90 minutes" in chat.say("how long does SI joint fusion take?")


@pytest.mark.parametrize("message", ["🙂" * 50, "<script>alert(1)</script>", "'; DROP TABLE events; --"])
def test_odd_input_gets_a_reply(chat, message):
    replies = chat.send(message)
    assert replies and all(r["recipient_id"] == chat.sender and r.get("text", "").strip() for r in replies)
    assert not any(message in r["text"] for r in replies)  # not echoed back
    assert "45 to 90 minutes" in chat.say("how long does SI joint fusion take?")


def test_a_message_over_the_size_limit_is_refused_politely(chat):
    reply = chat.say("why " * 30_000)
    assert "too long" in reply
    assert "45 to 90 minutes" in chat.say("how long does SI joint fusion take?")


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"{not json", "application/json"),
        (b'{"sender": "x"}', "application/json"),
        (b"hello", "text/plain"),
        (b"[1, 2]", "application/json"),
    ],
)
def test_bad_requests_get_a_400_and_the_server_keeps_serving(chat, body, content_type):
    import requests

    response = requests.post(chat.url, data=body, headers={"Content-Type": content_type}, timeout=30)
    assert response.status_code == 400
    assert "45 to 90 minutes" in chat.say("how long does SI joint fusion take?")


def test_asking_for_a_human_in_frustration_gets_the_phone_number(chat):
    reply = chat.say("this bot is useless, I just want to talk to a human")
    assert clinic().phone in reply


def test_two_people_in_one_conversation_keep_their_own_procedures(chat):
    chat.say("I had SI joint fusion and my father had spinopelvic fixation")
    assert "SI joint fusion – the risks" in chat.say("what were my risks again?")
    assert "Spinopelvic fixation – the risks" in chat.say("and him?")
