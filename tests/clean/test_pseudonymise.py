"""Pseudonymisation: personal data replaced by stable markers; the mapping stays in memory."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyser.clean.pseudonymise import KINDS, Pseudonymiser, pseudonymise


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("anna.bakker@example.nl", "EMAIL"),
        ("06-12345678", "PHONE"),
        ("0612345678", "PHONE"),
        ("+31 6 1234 5678", "PHONE"),
        ("020-1234567", "PHONE"),
        ("(020) 123 45 67", "PHONE"),
        ("0031 20 123 4567", "PHONE"),
        ("+44 20 7946 0958", "PHONE"),
        ("NL91 ABNA 0417 1643 00", "IBAN"),
        ("NL91ABNA0417164300", "IBAN"),
        ("1234 AB", "POSTCODE"),
        ("1234AB", "POSTCODE"),
    ],
)
def test_each_kind_is_replaced(value: str, kind: str) -> None:
    out = pseudonymise(f"Gegevens: {value}. Dank u.")
    assert value not in out
    assert f"[{kind}-1]" in out
    assert out.startswith("Gegevens: ") and out.endswith(". Dank u.")


def test_names_from_requester_fields_are_replaced_whole_and_in_parts() -> None:
    out = pseudonymise("Beste Jan de Vries, Jan belde. Mevrouw De Vries ook.", names=["Jan de Vries"])
    assert "Jan" not in out and "Vries" not in out
    assert set(re.findall(r"\[NAME-\d+\]", out)) == {"[NAME-1]"}


def test_lowercase_words_that_happen_to_be_names_are_kept() -> None:
    assert pseudonymise("Please mark the box.", names=["Mark Evans"]) == "Please mark the box."


def test_urls_order_numbers_and_dates_are_not_phone_numbers() -> None:
    text = "See https://example.com/articles/204233943 for order 204233943 of 2024-03-01."
    assert pseudonymise(text) == text


def test_invalid_iban_checksum_is_not_an_iban() -> None:
    assert "[IBAN" not in pseudonymise("Referentie NL00 ABNA 0417 1643 00")


def test_markers_are_stable_across_calls_and_the_mapping_stays_in_memory() -> None:
    p = Pseudonymiser(["Anna Bakker"])
    first = p("Anna Bakker: anna@example.nl, 06-12345678")
    second = p("Nogmaals 06 12345678 en anna@example.nl, en b@example.nl")
    assert first == "[NAME-1]: [EMAIL-1], [PHONE-1]"
    assert second == "Nogmaals [PHONE-1] en [EMAIL-1], en [EMAIL-2]"
    assert p.mapping["[EMAIL-1]"] == "anna@example.nl"
    assert set(p.mapping) == {"[NAME-1]", "[EMAIL-1]", "[PHONE-1]", "[EMAIL-2]"}


@given(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=3))
def test_never_raises_and_only_adds_markers(text: str, names: list[str]) -> None:
    out = pseudonymise(text, names=names)
    assert isinstance(out, str)
    markers = re.findall(r"\[([A-Z]+)-\d+\]", out)
    assert all(kind in KINDS for kind in markers if f"[{kind}-" not in text)


@given(st.emails(), st.sampled_from(["Mail me at {}.", "{}", "Van: Jan <{}>"]))
def test_no_email_address_survives(email: str, template: str) -> None:
    out = pseudonymise(template.format(email))
    assert email not in out
    assert "[EMAIL-1]" in out


@given(st.from_regex(r"06[- ]?\d{8}", fullmatch=True))
def test_no_dutch_mobile_number_survives(number: str) -> None:
    assert number not in pseudonymise(f"Bel mij op {number} graag.")
