"""The risk a reported warning sign can point to, named only when the procedure's page mentions it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from clinic import server_replies as replies
from clinic.knowledge import default_knowledge_base
from clinic.settings import clinic
from clinic.understanding.warning_sign_risks import risks_pointed_to

KB = default_knowledge_base()
SI = KB.procedures["si_joint_fusion"].answers["risks"].text
SPF = KB.procedures["spinopelvic_fixation"].answers["risks"].text


@pytest.mark.parametrize(
    "message, risks",
    [
        ("the incision is hot and red and leaking yellowish stuff, my temperature is 39", ["infection"]),
        ("wound is oozing pus and I have chills", ["infection"]),
        ("there's redness around the cut and it smells", ["infection"]),
        ("my leg has gone numb and weak, I can barely lift my foot", ["nerve irritation"]),
        ("pins and needles down my leg since this morning", ["nerve irritation"]),
        ("the dressing is soaked in blood and it keeps bleeding", ["bleeding"]),
        ("the dressing is completely soaked with blood and it keeps coming", ["bleeding"]),
        ("fever and my leg is numb", ["infection", "nerve irritation"]),
        ("reduced appetite and chest pain", []),  # "reduced" is not "red"
        ("blood clot in my leg?", []),
    ],
)
def test_signs_point_to_the_risks_the_si_joint_fusion_page_names(message, risks):
    assert risks_pointed_to(message, SI) == risks


def test_a_risk_the_page_does_not_mention_is_never_named():
    # the spinopelvic fixation page mentions infection but not nerve irritation or bleeding
    assert risks_pointed_to("fever and my leg is numb and bleeding", SPF) == ["infection"]
    assert risks_pointed_to("my leg is numb", SPF) == []


def test_the_escalation_adds_the_page_sentence_except_for_a_crisis():
    now = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    urgent = replies.red_flag("urgent", clinic(), now, page_risks=("SI joint fusion", ["infection", "bleeding"]))
    assert urgent.text.endswith(
        "The clinic's SI joint fusion page mentions infection and bleeding among the risks of the operation."
    )
    assert "page" not in replies.red_flag("urgent", clinic(), now).text
    assert "page" not in replies.red_flag("crisis", clinic(), now, page_risks=("SI joint fusion", ["infection"])).text
