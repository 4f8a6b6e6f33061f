"""The red-flag NLU component, with Rasa's own Message and FallbackClassifier."""

import pytest
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

from components.red_flag_classifier import CLASSIFIER_ALARM_MIN_CONFIDENCE, RedFlagClassifier
from tests.pipeline_config import fallback_thresholds


def classify(text, ranking):
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
    RedFlagClassifier().process([message])
    fallback = FallbackClassifier({**FallbackClassifier.get_default_config(), **fallback_thresholds()})
    fallback.process([message])
    return message.get("intent")["name"]


def test_a_reported_symptom_wins_over_a_confident_classifier():
    ranking = [{"name": "ask_personal_advice", "confidence": 0.97}, {"name": "ask_risks", "confidence": 0.03}]
    assert classify("my chest hurts really bad, should I take an aspirin?", ranking) == "report_emergency"


def test_a_question_about_a_symptom_is_not_an_alarm():
    ranking = [{"name": "report_emergency", "confidence": 0.5}, {"name": "ask_risks", "confidence": 0.46}]
    assert classify("is heavy bleeding a risk after si joint fusion?", ranking) == "ask_risks"


def test_an_unsure_classifier_alarm_without_symptom_is_dropped():
    assert 0.81 < CLASSIFIER_ALARM_MIN_CONFIDENCE
    ranking = [
        {"name": "report_urgent_symptom", "confidence": 0.81},
        {"name": "ask_repeat", "confidence": 0.19},
    ]
    assert classify("is it something you have to get redone every few years", ranking) == "nlu_fallback"


def test_a_sure_classifier_alarm_is_kept():
    assert 0.97 >= CLASSIFIER_ALARM_MIN_CONFIDENCE
    ranking = [{"name": "report_emergency", "confidence": 0.97}, {"name": "ask_risks", "confidence": 0.03}]
    assert classify("my leg went purple and cold", ranking) == "report_emergency"


def test_a_fairly_sure_classifier_alarm_without_symptom_is_dropped():
    """Logistic regression gave this reassurance 0.92 for report_urgent_symptom."""
    ranking = [
        {"name": "report_urgent_symptom", "confidence": 0.92},
        {"name": "ask_personal_advice", "confidence": 0.07},
    ]
    assert 0.92 < CLASSIFIER_ALARM_MIN_CONFIDENCE
    # the next intent is far below the fallback threshold
    assert classify("Checked my temperature like you told me, it's 98.6, all good", ranking) == "nlu_fallback"


@pytest.mark.parametrize(
    "text",
    [
        "Checked my temperature like you told me, it's 98.6, all good",
        "took my temp this morning and it is normal",
        "the wound looks fine today, nothing to worry about i think",
        "no fever since yesterday, back to normal",
        # a history (patient probe set I: both reached the urgent tier through the classifier alone)
        "hi so my story: I'm 45, had a baby 4 years ago and since then I have pain at the back of my pelvis",
        "My back has been bad since my fall last year",
    ],
)
def test_a_sure_classifier_alarm_is_dropped_when_all_is_well_or_it_is_a_history(text):
    ranking = [{"name": "report_urgent_symptom", "confidence": 0.99}, {"name": "affirm", "confidence": 0.01}]
    assert classify(text, ranking) == "nlu_fallback"  # affirm at 0.01 is no answer either


def test_all_is_well_does_not_hide_a_symptom_the_rules_know():
    ranking = [{"name": "ask_follow_up", "confidence": 0.9}, {"name": "affirm", "confidence": 0.1}]
    assert classify("the wound looks fine but i have a fever of 102 and chills", ranking) == "report_urgent_symptom"
