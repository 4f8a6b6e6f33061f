"""The confidence thresholds in code, checked against the pipeline in config.yml: each
branch they guard must be reachable with the configured FallbackClassifier.

FallbackClassifier predicts nlu_fallback when the top intent is below `threshold`, or
less than `ambiguity_threshold` ahead of the second. Code that acts on an nlu_fallback
ranking therefore only ever sees a top intent below `threshold` (or one that is
ambiguous); code that acts on a recognised intent only sees one at `threshold` or more.
(The fallback's former `clear_leader` branch, a topic at 0.3 or more and 0.15 ahead, could
not fire once the threshold became 0.3; and no nlu_fallback ranking of the trained model
on the held-out and patient phrasings has a topic more than 0.06 ahead: it was removed.
tests/model/test_fallback_rankings.py runs the fallback on the model's own rankings.)
"""

from actions import booking_form
from clinic.understanding import reading
from components.red_flag_classifier import CLASSIFIER_ALARM_MIN_CONFIDENCE
from tests.pipeline_config import component, fallback_thresholds

FALLBACK = fallback_thresholds()


def test_topics_below_the_fallback_threshold_can_be_offered():
    assert 0 < reading.MIN_SUGGESTION_CONFIDENCE <= reading.MIN_TOPIC_CONFIDENCE < FALLBACK["threshold"]


def test_a_classifier_alarm_needs_more_than_the_fallback_threshold():
    """Below CLASSIFIER_ALARM_MIN_CONFIDENCE a classifier-only alarm is dropped; the band
    between the fallback threshold and it is where that check acts."""
    assert FALLBACK["threshold"] < CLASSIFIER_ALARM_MIN_CONFIDENCE <= 1.0


def test_an_interruption_of_the_booking_form_must_be_sure():
    assert FALLBACK["threshold"] < booking_form.SURE <= 1.0


def test_the_core_fallback_threshold_is_a_probability():
    assert 0 < float(component("TailRulePolicy")["core_fallback_threshold"]) < 1
