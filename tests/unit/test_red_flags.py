"""The deterministic red-flag detector (the full evaluation runs through the model in make test)."""

import time

import pytest

from clinic.understanding.red_flags import CRISIS, EMERGENCY, URGENT, detect


@pytest.mark.parametrize(
    "text",
    [
        "I can't feel my legs and can't control my bladder",
        "chest pain",
        "CANT BREATHE",
        "my dad passed out in the hallway",
    ],
)
def test_emergency_reports(text):
    assert detect(text).tier == EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "I had my SI fusion last week and now I have a fever and my incision is leaking",
        "I have a fever, is that normal?",
        "my incision is red, is that normal?",
        "fell in the shower this morning",
        "the pain meds aren't working",
    ],
)
def test_urgent_reports(text):
    assert detect(text).tier == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "what are the risks of infection?",
        "is bleeding a risk of SI joint fusion?",
        "how much pain after surgery?",
        "no fever, no redness, all good",  # negation
        "I fainted once as a teenager",  # long ago
        "what if I get a fever after surgery?",  # hypothesis
        "how do I prevent a fall at home?",
        "can I fall asleep on my side?",
        "I've heard people can have trouble breathing after anaesthesia",
    ],
)
def test_questions_and_negations_are_not_alarms(text):
    assert detect(text).tier is None


def test_a_symptom_in_a_question_is_noted_but_not_an_alarm():
    result = detect("is heavy bleeding common with lumbopelvic fixation?")
    assert result.tier is None and result.symptom_mentioned


def test_emergency_takes_precedence_over_urgent():
    assert detect("I have a fever and now I can't breathe").tier == EMERGENCY


@pytest.mark.parametrize("text", ["", "   ", "🙂" * 1000, "a" * 100_000, "<script>alert(1)</script>"])
def test_odd_input_is_handled_quickly(text):
    start = time.perf_counter()
    assert detect(text).tier is None
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "i had a fever last month, can i still have si joint fusion next month?",
        "my calves are sore from running, does that matter for si joint fusion prep?",
    ],
)
def test_past_or_pre_operative_symptoms_are_not_post_operative_alarms(text):
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text",
    [
        "I had surgery a month ago and now my incision is red",
        "had my si fusion two weeks ago and since yesterday my calf is swollen",
    ],
)
def test_recent_surgery_with_a_current_symptom_still_escalates(text):
    assert detect(text).tier == URGENT


@pytest.mark.parametrize(
    "text",
    ["the pain is so bad i dont want to live anymore", "i want to end it all", "I feel like killing myself"],
)
def test_thoughts_of_suicide_are_a_crisis(text):
    assert detect(text).tier == CRISIS


@pytest.mark.parametrize(
    "text, tier",
    [("my calf is killing me", URGENT), ("is suicide a risk of anaesthesia?", None)],  # calf pain: a clot's sign
)
def test_crisis_words_in_other_senses_are_not_a_crisis(text, tier):
    assert detect(text).tier == tier


def test_long_standing_leg_numbness_is_not_an_emergency():
    assert detect("i get numbness in my legs sometimes, would si fusion help with that?").tier is None
    assert detect("my legs went numb all of a sudden").tier == EMERGENCY


def test_an_injury_that_is_the_reason_for_surgery_is_not_a_post_operative_alarm():
    text = "My husband fell off a ladder and fractured his sacrum, they're talking about spinopelvic fixation"
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text",
    [
        "had si joint surgery 4 days ago, some bruising and swelling around the cut",
        "after my si joint fusion the scar is a bit pink and itchy, otherwise i feel fine",
        "slight swelling at the incision site, nothing else",
        "little bit of swelling around the incision, no redness",
        # "a bit" written without its article
        "bit sore and swollen round the incision 3 days after my si joint fusion, is that normal?",
        "its just bit swollen at the incision",
        "only bit puffy around the wound, normal?",
    ],
)
def test_slight_swelling_or_pinkness_of_the_incision_is_no_alarm(text):
    """The SI joint fusion page lists swelling at the incision as a common side effect."""
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text",
    [
        "the incision looks swollen",
        "some swelling and the wound is leaking",
        "my incision is a bit swollen and red",
        "the scar is pink and hot",
        "my calf is a bit swollen",
        "the dog bit me and my incision is swollen",
    ],
)
def test_swelling_without_slight_or_with_another_sign_is_still_urgent(text):
    assert detect(text).tier == "urgent"


def test_a_fall_just_now_counts_even_after_surgery_last_week():
    assert detect("I had spinopelvic fixation last week and I just slipped and fell in the bathroom").tier == "urgent"
    assert detect("i had a fever last week, just wondering if i can still have surgery").tier is None


def test_a_fear_of_the_operation_is_not_a_crisis():
    assert detect("am i going to die under anesthesia??").tier is None
    assert detect("some days i just want to die").tier == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "two days after spinopelvic surgery, peeing is weird since yesterday, I can't really tell when I'm going",
        "got lightheaded in the bathroom and ended up on the floor",
    ],
)
def test_red_flags_in_plain_words_from_probe_set_h(text):
    assert detect(text).tier == "emergency"


def test_a_relative_barely_catching_her_breath_in_hospital_is_an_emergency():
    """Patient probe set J: a patient on the ward, told by a relative."""
    text = "my mum is in hospital after spinopelvic fixation, she is coughing non-stop and can barely catch her breath"
    assert detect(text).tier == "emergency"
    assert detect("he can barely breathe").tier == "emergency"
    assert detect("is coughing a risk after surgery?").tier is None


@pytest.mark.parametrize(
    "text",
    [
        "SIJ fusion do they cut you open big?",
        "do they have to cut me open for spinopelvic fixation",
        "how much do they cut her open",
        "will they cut my back open",
    ],
)
def test_cutting_open_in_the_operation_is_no_wound_sign(text):
    assert detect(text).tier is None


def test_a_cut_that_is_open_is_still_a_wound_sign():
    assert detect("my cut is open and leaking").tier == "urgent"
    assert detect("the cut has opened up").tier == "urgent"


@pytest.mark.parametrize(
    "text, tier",
    [
        # the date of the operation in the same clause does not make the symptom a past one
        ("I had SI joint fusion two weeks ago and I have chest pain", EMERGENCY),
        ("I had my SI fusion two weeks ago and I have a fever of 39 and chills", "urgent"),
        ("my mother had spinopelvic fixation a few weeks ago and she can't control her bladder", EMERGENCY),
        ("my dad had spinopelvic fixation last week and his calf is swollen and painful", "urgent"),
        ("I had SI joint fusion last week and my calf hurts", "urgent"),
        ("my surgery was 3 weeks ago and the wound is leaking", "urgent"),
        # breathing fast, and sudden confusion in someone else
        ("my wife had the spinopelvic surgery, she is confused and breathing fast", EMERGENCY),
        ("she is confused and breathing fast", EMERGENCY),
        ("my dad is confused and not making sense after his spinopelvic operation", EMERGENCY),
        ("hes breathing really fast since this morning", EMERGENCY),
    ],
)
def test_reports_that_date_the_operation_or_describe_a_relative(text, tier):
    assert detect(text).tier == tier


@pytest.mark.parametrize(
    "text",
    [
        "I had chest pain two weeks ago, before the surgery",
        "two weeks ago I had a fever",
        "im confused about the recovery times",
        "I am a bit confused, is recovery 6 weeks?",
        "is fast breathing a risk after surgery?",
    ],
)
def test_a_past_symptom_or_a_confusing_answer_is_no_alarm(text):
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text",
    [
        "post op day 3 from spinopelvic fixation and i keep weeing myself, cant stop it",
        "i keep peeing myself after the si fusion",
        "had si joint fusion last week, now ive pooed myself twice and cant feel it",
        "my bowels just went without warning, had si joint fusion 5 days ago",
        "my bladder just gave way in the kitchen, had the fusion last week",
    ],
)
def test_losing_bladder_or_bowel_control_in_everyday_words_is_an_emergency(text):
    assert detect(text).tier == EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "my wife had a fall and fractured her pelvis. she had spinopelvic fixation yesterday. when can she get out of bed?",
        "she fell and fractured her sacrum, then had the fixation op. will she need physio?",
        "i had a fall which is why i needed the fixation, is the hospital stay long?",
        "Mum had a fall and fractured her sacrum, what happens after the surgery?",
        "my bowels opened normally today after the fusion",
    ],
)
def test_the_fall_that_caused_the_injury_operated_on_is_no_alarm(text):
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text",
    [
        "she fell and broke her wrist yesterday, 2 weeks after her si fusion",
        "she had the fixation 5 days ago and fell and cracked her elbow",
        "i broke my hip when i fell after the operation yesterday",
        "I had spinopelvic fixation last week and I just slipped and fell in the bathroom",
    ],
)
def test_a_fall_after_the_operation_stays_an_alarm_even_with_a_fracture(text):
    assert detect(text).tier == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        # from the second fresh tester: confusion or drowsiness, urine retention, a racing heart
        "my mother had her spinopelvic fixation on friday, she is very drowsy and not making sense",
        "he doesnt know where he is since the back op, keeps mixing up words",
        "i cant wake my husband up properly, he had his pelvis screws done 2 days ago",
        "hi my nan had the pelvis screws op and shes got really confused today she doesnt know us",
        "cant wee since the op yesterday",
        "i havent been able to pee since my si joint fusion yesterday",
        "i cant pass urine since my operation yesterday",
        "my heart is racing and i feel dizzy, had si joint surgery 3 days ago",
    ],
)
def test_confusion_drowsiness_retention_and_a_racing_heart_after_surgery_are_emergencies(text):
    assert detect(text).tier == EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "my husband is confused about which procedure he is having",
        "im confused about the recovery times",
        "what if he gets confused after the surgery?",
        "she gets very sleepy in the afternoons, can she still have si fusion",
        "is it normal to not be able to pee after surgery?",
    ],
)
def test_confused_about_something_or_a_question_is_no_alarm(text):
    assert detect(text).tier is None


def test_tablets_that_dont_help_are_pain_not_controlled():
    assert detect("its actually really bad right now and the tablets arent helping at all").tier == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "since this evening my leg on the op side has gone numb and weak, it wasnt like this yesterday",
        "i can barely lift my foot since yesterday",
        "he can hardly move his left leg since tonight",
        "she is struggling to lift her leg since this morning",
        "my leg is weak, numb and tingling since this morning",
    ],
)
def test_new_leg_weakness_in_everyday_words_is_an_emergency(text):
    assert detect(text).tier == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "i could barely lift my leg for years before the op, will fusion help?",
        "my leg has been a bit weak for years, is SI fusion for me?",
    ],
)
def test_long_standing_leg_weakness_is_no_emergency(text):
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text",
    [
        # a list's comma does not cut the symptom from its cause
        "I can't sleep, sit or lie down from the pain",
        "the wound is red, hot and oozing",
        # an implant felt through the skin
        "the screw is poking out under the skin",
        "I think the implant is sticking out near my scar",
        "something metal is coming through the wound",
    ],
)
def test_lists_and_an_implant_through_the_skin_are_urgent(text):
    assert detect(text).tier == "urgent"


@pytest.mark.parametrize("text", ["will the screws stick out?", "can the implant come out one day?"])
def test_questions_about_the_implant_are_no_alarm(text):
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text",
    [
        "hard to get a deep breath since my operation yesterday",
        "my wife's breathing is a bit off since her spinopelvic surgery yesterday, she says it's hard to get a deep breath",
        "I cant take a deep breath",
        "my breathing feels hard work since surgery",
    ],
)
def test_breathing_trouble_in_other_words_is_an_emergency(text):
    assert detect(text).tier == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # signs the patient denies
        "I don't have any chest pain or trouble breathing, I just want to know when I can shower after SI fusion",
        "the wound isn't red or swollen, when can I take a bath after SI fusion?",
        "my incision is not red and not leaking",
        # the chance of a sign, asked in general
        "what are the chances of getting a fever after si joint fusion?",
        "whats the risk of getting a blood clot after spinopelvic fixation",
        "how likely is it to get an infection",
    ],
)
def test_denied_signs_and_the_chance_of_a_sign_are_no_alarm(text):
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text, tier",
    [
        ("i dont have chest pain, i have trouble breathing", "emergency"),
        ("I don't have a fever but my calf is swollen and hot", "urgent"),
        ("I have a fever, what are the chances it is an infection?", "urgent"),
        ("pain is 10/10 and the medication isn't helping at all", "urgent"),
        ("i havent been able to pee since the op", "emergency"),
        ("my wound is not healing and is red", "urgent"),
    ],
)
def test_a_sign_beside_a_denied_one_or_a_sign_that_is_a_negation_still_counts(text, tier):
    assert detect(text).tier == tier


@pytest.mark.parametrize(
    "text, tier",
    [
        ("I'm feeling really down and hopeless since the operation", "crisis"),
        ("i feel worthless since the op", "crisis"),
        ("i just cant cope anymore", "crisis"),
        ("is the situation hopeless if the fusion fails?", None),
        ("I feel a bit down since the operation, just low mood", None),
    ],
)
def test_hopelessness_is_a_crisis_sign_and_low_mood_alone_is_not(text, tier):
    assert detect(text).tier == tier


@pytest.mark.parametrize(
    "text",
    [
        "whats the point anymore, the surgery didnt work and i cant go on like this",
        "sometimes i wish i hadnt woken up from the surgery",
        "what's the point of living like this after the surgery",
        "i cant go on like this",
        "i wish i was dead",
        "no point living like this",
    ],
)
def test_despair_said_as_a_question_or_a_wish_is_a_crisis(text):
    assert detect(text).tier == "crisis"


@pytest.mark.parametrize(
    "text",
    [
        "what is the point of the breathing exercises?",
        "i cant go on holiday after",
        "i wish i had done it sooner",
        "i wish i was better already",
        "i cant carry on walking far",
    ],
)
def test_the_same_words_in_other_senses_are_no_crisis(text):
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text, tier",
    [
        ("i feel dizzy when i stand up after spinopelvic surgery", "urgent"),
        ("feeling dizzy since my si joint fusion", "urgent"),
        ("will i be dizzy after the anaesthetic?", None),
        ("is dizziness a side effect?", None),
    ],
)
def test_dizziness_after_surgery_is_a_warning_sign_and_a_question_about_it_is_not(text, tier):
    assert detect(text).tier == tier


@pytest.mark.parametrize(
    "text, tier",
    [
        # an implant felt under or through the skin
        ("I can feel the implant through my skin after si joint fusion", URGENT),
        ("i can feel the screw under my skin", URGENT),
        ("i can feel something hard poking under the skin where the implant is", URGENT),
        # not passing urine at all: a bladder sign
        ("I haven't peed since the surgery yesterday", EMERGENCY),
        ("I havent had a wee since yesterday after the op", EMERGENCY),
        # vomiting that does not stop
        ("I had SI fusion 4 days ago, I've been vomiting all night", URGENT),
        ("I keep throwing up and can't keep anything down after surgery", URGENT),
        # a thermometer reading that is a fever, in either unit, with its decimal point
        ("my temperature is 38.5 after si fusion", URGENT),
        ("my temp is 100.9f is that bad", URGENT),
        ("temp 38,4 since this morning", URGENT),
    ],
)
def test_signs_in_patients_words(text, tier):
    assert detect(text).tier == tier


@pytest.mark.parametrize(
    "text",
    [
        "my temp is 37.2 is that ok after si fusion",
        "temp 37.5 after spinopelvic fixation, should I worry?",
        "temperature 98.6, all good",
        "can i feel the implant through my skin?",
        "will I be able to feel the implants under the skin?",
        "i was sick once after the anaesthetic",
        "is it normal not to pee much after surgery?",
    ],
)
def test_a_normal_reading_or_a_question_is_no_alarm(text):
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text",
    [
        "since my SI fusion operation last week my right leg has been numb on and off",
        "I had spinopelvic fixation. my foot is numb and I keep tripping",
        "i have new pins and needles down my leg after the spine surgery",
        "post op day 3 SI fusion, shooting pain down the back of my leg into the foot, different from before",
    ],
)
def test_new_numbness_tingling_or_shooting_pain_in_a_leg_after_the_operation_is_urgent(text):
    assert detect(text).tier == URGENT


@pytest.mark.parametrize(
    "text",
    [
        "my legs sometimes go numb, is SI fusion for that?",
        "I haven't had surgery yet but my legs sometimes go numb",
        "will my leg be numb after the surgery?",
        "my leg isn't numb, just sore after the op",
        "before my SI fusion my leg was numb all the time",
    ],
)
def test_numbness_before_the_operation_or_asked_about_is_no_alarm(text):
    assert detect(text).tier is None


@pytest.mark.parametrize(
    "text",
    [
        "if this surgery doesn't work I don't see the point in going on",
        "if the operation doesn't help I don't see the point in living",
    ],
)
def test_despair_after_a_condition_is_a_crisis(text):
    assert detect(text).tier == CRISIS
