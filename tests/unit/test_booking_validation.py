"""Checks of names, phone numbers and email addresses typed by patients."""

import time

import pytest

from clinic.booking.validation import (
    clean_email,
    clean_name,
    clean_phone,
    explain_contact_problem,
    parse_contact,
)

HUGE_INPUTS = [
    "x" * 10_000,
    "1" * 10_000,
    "+" * 10_000,
    "@" * 10_000,
    "a@" * 5_000,
    "1 " * 5_000,
    "(" * 10_000,
    "a." * 5_000 + "@",
    " " * 10_000 + "555 010 0199",
    "😀" * 10_000,
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Zoë O'Brien-Núñez", "Zoë O'Brien-Núñez"),
        ("  Anna \t  Maria\n Smith ", "Anna Maria Smith"),
        ("李小龙", "李小龙"),
        ("अनुराग", "अनुराग"),
        ("J.R.R. Tolkien", "J.R.R. Tolkien"),
        ("Zoe\u0308", "Zoë"),  # combining diaeresis, composed
        ("O’Neil", "O’Neil"),
        ("Will Turner", "Will Turner"),
        ("will van dyke", "will van dyke"),
        ("Mary Ann Lee", "Mary Ann Lee"),
        ("Hope Price", "Hope Price"),
    ],
)
def test_clean_name_accepts(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12345",
        "R2D2",
        "😀",
        "Bob 😀",
        "--",
        "jo@example.org",
        "www.example.com",
        "https://example.com",
        "example.com",
        "a" * 101,
        "Bob\u200d",
        "can i pay in installments",
        "how long is the wait",
        "i dont want to give my name",
        "ok now book please",
        "actually what does it cost first",
        "thanks, Anna",
        "BOOK. A. CONSULTATION. for Ruth Okafor",
        # asking for more at the name question
        "tell me more",
        "explain that please",
        "sorry wait",
        "more info first",
    ],
)
def test_clean_name_refuses(text):
    assert clean_name(text) is None


def test_clean_name_allows_100_characters():
    assert clean_name("a" * 100) == "a" * 100


@pytest.mark.parametrize(
    "text, expected",
    [
        ("+1 (555) 010-0199", "+15550100199"),
        ("555.010.0199", "+15550100199"),
        ("+44 20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+44 (0)20 7946 0958", "+442079460958"),
        ("  555   010 0199  ", "+15550100199"),
        ("+49 30 901820", "+4930901820"),  # shorter numbers abroad
        ("＋１ ５５５ ０１０ ０１９９", "+15550100199"),  # full-width
    ],
)
def test_clean_phone_accepts(text, expected):
    assert clean_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "555-01",
        "12345",
        "1234567890123456",
        "++1 555 010 0199",
        "+1 555 +010 0199",
        "555 O1O 0199",
        "call 555 010 0199",
        "555 0199",  # no area code
        "555#010#0199",
        "+0 555 010 0199",
    ],
)
def test_clean_phone_refuses(text):
    assert clean_phone(text) is None


def test_clean_phone_refuses_over_64_characters():
    assert clean_phone("5" + " " * 62 + "550100199") is None
    assert clean_phone("555 010 0199" + " -" * 26) == "+15550100199"  # 64 characters


@pytest.mark.parametrize(
    "text, expected",
    [
        ("jo@example.org", "jo@example.org"),
        ("Jo.Smith@Example.ORG", "Jo.Smith@example.org"),
        ("  jo+clinic@mail.example.co.uk ", "jo+clinic@mail.example.co.uk"),
        ("zoë@bücher.de", "zoë@bücher.de"),
    ],
)
def test_clean_email_accepts(text, expected):
    assert clean_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "jo",
        "jo@",
        "@example.org",
        "jo@example",
        "jo@@example.org",
        "jo@ex ample.org",
        "jo smith@example.org",
        "jo@-example.org",
        "jo..smith@example.org",
        "jo@example..org",
        ".jo@example.org",
        "jo@example.org.",
        "a" * 250 + "@x.org",
    ],
)
def test_clean_email_refuses(text):
    assert clean_email(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("+44 20 7946 0958", ("+442079460958", None)),
        ("jo@example.org", (None, "jo@example.org")),
        ("it's 555 010 0199 thanks", ("+15550100199", None)),
        ("my email is Jo@Example.org.", (None, "Jo@example.org")),
        ("555 010 0199 or <jo@example.org>", ("+15550100199", "jo@example.org")),
        ("tomorrow please", (None, None)),
        ("++1 555 010 0199", (None, None)),
        ("555-01", (None, None)),
    ],
)
def test_parse_contact(text, expected):
    assert parse_contact(text) == expected


@pytest.mark.parametrize(
    "text, start",
    [
        ("555-01", "That phone number looks too short"),
        ("1234567890123456", "That phone number looks too long"),
        ("555 O1O 0199", "That phone number has letters"),
        ("++1 555 010 0199", "That phone number has a + in the wrong place"),
        ("jo@", "That email address is missing the part after the @"),
        ("@example.org", "That email address is missing the part before the @"),
        ("jo @ example.org", "That email address has a space"),
        ("jo@example", "The part of that email address after the @"),
        ("next Tuesday", "I couldn't find a phone number or email address in that"),
        ("", "I couldn't find a phone number or email address in that"),
        ("x" * 10_000, "That message is too long"),
    ],
)
def test_explain_contact_problem(text, start):
    assert explain_contact_problem(text).startswith(start)


def test_explain_contact_problem_is_empty_for_valid_contact():
    assert explain_contact_problem("+1 (555) 010-0199") == ""
    assert explain_contact_problem("jo@example.org") == ""


@pytest.mark.parametrize("text", HUGE_INPUTS)
def test_huge_input_is_refused_quickly(text):
    started = time.perf_counter()
    assert clean_name(text) is None
    assert clean_phone(text) is None
    assert clean_email(text) is None
    assert parse_contact(text) == (None, None)
    assert explain_contact_problem(text)
    assert time.perf_counter() - started < 1.0


def test_longest_accepted_input_is_quick():
    # Just under the parse_contact cap, full of near-matches for the phone pattern.
    text = "1 (2 -3 .4 /" * 41
    started = time.perf_counter()
    for _ in range(100):
        parse_contact(text)
        explain_contact_problem(text)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "text, region, expected",
    [
        ("(617) 555-0199", None, "+16175550199"),  # US, the clinic's region (clinic.yml)
        ("617-555-0199 ext. 204", None, "+16175550199;ext=204"),  # US with extension
        ("617 555 0199 x12", None, "+16175550199;ext=12"),
        ("020 7946 0958", "GB", "+442079460958"),  # UK, national
        ("+44 7700 900123", None, "+447700900123"),  # international with +
        ("+49 30 901820", None, "+4930901820"),
    ],
)
def test_phone_numbers_with_phonenumbers(text, region, expected):
    assert clean_phone(text, region) == expected


@pytest.mark.parametrize(
    "text, start",
    [
        ("617 555 O199", "That phone number has letters"),
        ("555 01", "That phone number looks too short"),
        ("617 555 0199 1234 5678 9", "That phone number looks too long"),
    ],
)
def test_phone_number_problems_in_patient_words(text, start):
    assert clean_phone(text) is None and explain_contact_problem(text).startswith(start)


def test_phone_numbers_are_shown_in_the_clinics_format():
    from clinic.booking import display_phone

    assert display_phone("+16175550199;ext=204") == "(617) 555-0199 ext. 204"
    assert display_phone("+442079460958") == "+44 20 7946 0958"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("jo+clinic@example.org", "jo+clinic@example.org"),
        ("Jo+Tag@Mail.Sub.Example.CO.UK", "Jo+Tag@mail.sub.example.co.uk"),
    ],
)
def test_email_tags_and_subdomains(text, expected):
    assert clean_email(text) == expected
