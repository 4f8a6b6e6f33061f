"""clinic.understanding.subjects and .facets: the specific thing and the topics a question asks (no Rasa)."""

import pytest

from clinic import replies
from clinic.knowledge import default_knowledge_base
from clinic.settings import clinic
from clinic.understanding.facets import facets_in
from clinic.understanding.reading import kb_names
from clinic.understanding.subjects import mention_elsewhere, subjects, subjects_in

KB = default_knowledge_base()
SI, SPF = "si_joint_fusion", "spinopelvic_fixation"


@pytest.mark.parametrize(
    "question, subject",
    [
        ("will I be able to get an MRI later", "mri"),
        ("do the screws set off metal detectors at the airport", "metal detectors"),
        ("can I get pregnant after the fusion", "pregnancy"),
        ("I'm a smoker, is that a problem", "smoking"),
        ("I take warfarin", "blood thinners"),
        ("can they do both sides at once", "both sides"),
        ("how many screws do they put in", "number of implants"),
        ("what if it never fuses", "not fusing"),
        ("why the breathing exercises afterwards", "breathing exercises"),
        ("can I put weight through my pelvis", "weight on the pelvis"),
        ("is weight bearing allowed", "weight on the pelvis"),
    ],
)
def test_the_subject_a_question_names(question, subject):
    assert subject in [s.key for s in subjects_in(question)]


def test_unless_phrases_keep_a_history_from_being_a_question():
    assert "physiotherapy after surgery" not in [s.key for s in subjects_in("after years of physio that didn't help")]


@pytest.mark.parametrize(
    "procedure, subject, topic_found",
    [
        (SPF, "breathing exercises", "risks"),  # respiratory physiotherapy, lung complications
        (SI, "not fusing", "risks"),  # failure of the joint to fully fuse
        (SPF, "infection", "overview"),  # minimally invasive approaches reduced the risk of infection
    ],
)
def test_the_sentence_of_the_page_that_mentions_it(procedure, subject, topic_found):
    found = mention_elsewhere(KB, procedure, subjects()[subject], but_not="")
    assert found is not None and found.topic == topic_found
    assert found.sentence in KB.procedures[procedure].answers[topic_found].text


# "once per affected side" does not say whether both sides can be done in one operation (issue 15)
@pytest.mark.parametrize(
    "procedure, subject", [(SI, "mri"), (SPF, "mri"), (SI, "pregnancy"), (SPF, "smoking"), (SI, "both sides")]
)
def test_what_the_pages_never_mention(procedure, subject):
    assert mention_elsewhere(KB, procedure, subjects()[subject], but_not="") is None


def test_a_physiotherapy_question_is_not_answered_with_physical_therapy_before_surgery():
    """SI joint fusion's page names physical therapy only as a treatment tried before surgery."""
    assert mention_elsewhere(KB, SI, subjects()["physiotherapy after surgery"], but_not="") is None


def test_on_subjects_names_what_is_not_covered_and_quotes_what_is():
    reply = replies.on_subjects(KB, SPF, [subjects()["mri"], subjects()["breathing exercises"]], clinic())
    assert "does not mention MRI scans with the implants in" in reply.text
    assert "respiratory" in reply.text and "(Source: the clinic's spinopelvic fixation page" in reply.text


def test_answer_adds_the_sentence_from_another_section():
    text = replies.answer(KB, [SI], "overview", clinic(), question="and what if the joint never fuses")[0].text
    assert "On the joint not fusing, the page says: Serious risks are rare" in text and "Risks" in text


@pytest.mark.parametrize(
    "question, topics",
    [
        ("is it done under general anaesthetic and do I lie on my front", ["anesthesia", "procedure_steps"]),
        ("how long is the operation and how long do I stay in hospital", ["duration", "hospital_stay"]),
        ("what are the risks and how much does it cost", ["risks", "cost"]),
        ("will I need crutches and when do the stitches come out", ["mobility_aids", "wound_care"]),
        ("how long will she be in the operating room", ["duration"]),
        ("do they put you to sleep", ["anesthesia"]),
        ("why would someone need it done", ["indications"]),
        ("why do people end up needing it rather than a brace", ["indications"]),
        ("what makes someone need this operation", ["indications"]),
        ("do they flip you onto your stomach", ["procedure_steps"]),
        ("will they turn you over during it", ["procedure_steps"]),
        ("whats the recovery like", ["recovery"]),
        ("hello there", []),
    ],
)
def test_facets_in_the_order_asked(question, topics):
    assert facets_in(question) == topics


def test_every_facet_is_a_topic():
    from clinic.understanding.facets import facet_phrases

    assert set(facet_phrases()) <= set(KB.topics)


NAMES = [name for name, _ in default_knowledge_base().names()]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a procedure's name inside the phrase reads as "it"
        ("who is si fusion for", ["candidacy"]),
        ("who is spinopelvic fixation for", ["candidacy"]),
        ("who is si fusion for and who cant have it", ["candidacy", "contraindications"]),
        # names and filler words inside the phrase are left out
        ("how long does the si joint fusion operation itself take", ["duration"]),
        ("how long is the actual spinopelvic fixation surgery", ["duration"]),
        # "how long does it take" is the operation, unless it says to recover or heal
        ("how long does it take to recover from si fusion", ["recovery"]),
        ("what anaesthetic do they use for spinopelvic fixation and how long does it take", ["anesthesia", "duration"]),
        ("how long is the surgery and how long till its fully healed", ["duration", "results"]),
        # anyone the question is about reads as the patient
        ("when can he walk after his si fusion", ["recovery"]),
        ("will they put her under for spinopelvic fixation", ["anesthesia"]),
        ("how long does that operation take", ["duration"]),
        ("will i have pain from the spinopelvic surgery itself", ["recovery"]),
        # "the <procedure>" reads as "it"; "used for" alone is no topic ("what anaesthesia is used for…")
        ("what happens if my mum doesn't have the spinopelvic fixation", ["alternatives"]),
        ("who is the si fusion for", ["candidacy"]),
        ("what anesthesia is used for spinopelvic fixation", ["anesthesia"]),
        ("is spinopelvic fixation used for that", ["indications"]),
        ("SIJ fusion - how long is it for", ["duration"]),
    ],
)
def test_patients_phrasings_around_a_procedure_name(text, expected):
    assert facets_in(text, NAMES) == expected


def test_every_phrase_of_the_vocabularies_needs_words_to_match():
    """A phrase normalised to nothing ("%") would match every message; an alternative with a
    space in it ("the surgery/the op") is split at the space and asks something else."""
    from clinic.understanding.facets import facet_phrases
    from clinic.understanding.phrases import phrase_pattern

    phrases = [p for ps in facet_phrases().values() for p in ps]
    phrases += [p for s in subjects().values() for p in (*s.phrases, *s.unless)]
    for phrase in phrases:
        assert not phrase_pattern(phrase).fullmatch(""), phrase
        assert not phrase_pattern(phrase).search("zzz"), phrase


@pytest.mark.parametrize(
    "question, topic",
    [
        # how they know it worked: the follow-up imaging that confirms fusion
        ("how will they know if my si fusion actually took?", "follow_up"),
        ("how do they check the bone has fused after si joint fusion?", "follow_up"),
        ("how do you find out whether the SI joint fusion was successful?", "follow_up"),
        ("how can the doctor tell if spinopelvic fixation worked?", "follow_up"),
        ("how can i be sure the joint has fused", "follow_up"),
        # whether it is done once
        ("can SI joint fusion be done a second time?", "repeat"),
        ("is spinopelvic fixation a one time thing?", "repeat"),
        ("Rialto implant procedure for my SI joint - is it usually done only once?", "repeat"),
        ("will they have to redo spinopelvic fixation", "repeat"),
        # what it is for, in other words
        ("whats the point of spinopelvic fixation?", "indications"),
        ("why do people get SI fusion in the first place", "indications"),
        ("why would somebody have spinopelvic fixation", "indications"),
        ("Who is sacroiliac arthrodesis recommended for?", "candidacy"),
        # before it: fasting, being fit for it
        ("do i need to fast for it?", "preparation"),
        ("can i eat b4", "preparation"),
        ("will they check she's fit for it first", "preparation"),
        ("is he medically fit enough for the op", "preparation"),
        # after it
        ("what happens after that op?", "recovery"),
        ("what exercises do they get you doing after that?", "recovery"),
        ("how long is op", "duration"),
        ("can I be back at work the next morning?", "activities"),
        ("what percent of patients are happy with it long term", "success_rate"),
        ("do many people regret having it", "success_rate"),
        # "also general?" after another procedure's anaesthesia
        ("what about SI joint fusion, also general?", "anesthesia"),
        ("is that one general too?", "anesthesia"),
        ("is it local or general", "anesthesia"),
        # the hardware staying in is the long term, not the hospital stay
        ("do the screws stay in forever", "results"),
        ("how long do i stay in?", "hospital_stay"),
        # getting over it is the recovery; pain after it too
        ("how long does it take to get over an si joint fusion", "recovery"),
        ("how long till she gets over the surgery", "recovery"),
        ("will she be in pain after, or is that the anaesthetic wearing off?", "recovery"),
        # how long the joint takes to fuse is the results
        ("How long do the SI fusion implants take to fuse?", "results"),
        # why it has to be done that way is the indications
        ("why does it have to go all the way into the pelvis?", "indications"),
        ("my old fusion failed, is that a normal reason for it?", "indications"),
        ("when can I go back to the gym", "activities"),
        ("my legs sometimes go numb, is SI fusion for that?", "indications"),
        ("can i eat before si fusion", "preparation"),
        # how long one is asleep is how long the operation lasts
        ("how long will i be asleep for?", "duration"),
        ("how long will she be under for spinopelvic fixation", "duration"),
        # out of action, off one's feet: the recovery; picking up a child: the activities
        ("How long would I actually be out of action?", "recovery"),
        ("how long would she be off her feet", "recovery"),
        ("Will I be able to pick up my toddler?", "activities"),
        ("Is that something that's done for osteoporotic fractures?", "indications"),
        ("is this done for people with a failed fusion", "indications"),
        ("is it done for fractures", "indications"),
        ("is SI fusion done for arthritis of the joint", "indications"),
    ],
)
def test_the_topic_of_patients_other_words(question, topic):
    assert facets_in(question, kb_names(default_knowledge_base()))[:1] == [topic]


@pytest.mark.parametrize(
    "question, subject",
    [
        ("what should i eat so the bone fuses faster after my si joint fusion?", "diet"),
        ("I have hEDS, is SI fusion ok for people with hypermobility?", "hypermobility"),
        ("my mum has osteoporosis, can she have spinopelvic fixation", "osteoporosis"),
        ("does rheumatoid arthritis matter for si joint fusion", "arthritis"),
        ("where do the screws go in spinopelvic fixation? and are the rods permanent?", "implant removal"),
        ("do the screws stay in forever", "implant removal"),
        ("will the implants be in for life", "implant removal"),
        ("what about spinopelvic fixation, fasting too?", "fasting"),
        ("how many hours no food exactly", "fasting"),
        ("what about cancer in the spine?", "cancer"),
        ("is spinopelvic fixation used for scoliosis?", "scoliosis"),
        ("do they take bone from my hip for the spinopelvic fusion?", "bone graft"),
    ],
)
def test_the_subjects_of_patients_other_words(question, subject):
    assert subject in [s.key for s in subjects_in(question)]


def test_eating_after_the_operation_is_not_the_preparation():
    assert "preparation" not in facets_in(
        "what can I eat after spinopelvic fixation?", kb_names(default_knowledge_base())
    )


def test_a_single_word_of_a_long_message_is_not_quoted_as_its_question():
    question = (
        "My wife is 58 and has had pain in her buttock and lower back for years, nothing helped, and she also "
        "has diabetes. She is booked for SI joint fusion next month and we are both a bit nervous. What are the risks?"
    )
    text = " ".join(
        r.text
        for r in replies.answer(default_knowledge_base(), ["si_joint_fusion"], "risks", clinic(), question=question)
    )
    assert 'On "buttock"' not in text


def test_an_answers_own_not_covered_sentence_is_not_quoted_as_what_the_page_says():
    from clinic.understanding.subjects import SAYS_ABSENCE

    assert SAYS_ABSENCE.search("The clinic's information does not give the size of the incision or the scar.")
    assert not SAYS_ABSENCE.search("A small incision is made using x-ray guidance.")
    text = " ".join(
        r.text
        for r in replies.answer(
            default_knowledge_base(),
            ["si_joint_fusion"],
            "procedure_steps",
            clinic(),
            question="how big is the scar from si joint fusion",
        )
    )
    assert "the page says: The clinic's information does not" not in text


@pytest.mark.parametrize(
    "question, subject",
    [
        ("My mom had SI fusion yesterday and she's a bit nauseous from the anaesthetic, she threw up once", "nausea"),
        ("I've got a mild headache since the fixation surgery", "headache"),
        ("2 weeks after SI fusion, the scar is itchy, is that ok?", "itching"),
        ("there's some bruising around it, is that normal?", "bruising"),
    ],
)
def test_harmless_symptoms_are_named(question, subject):
    assert subject in [s.key for s in subjects_in(question)]


def test_heavy_bleeding_is_not_heavy_work():
    assert "heavy or manual work" not in [s.key for s in subjects_in("is heavy bleeding a risk with SI joint fusion?")]
