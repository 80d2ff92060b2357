"""clean_reply: the agent's own text survives, the rest (quoted history, signature, disclaimer) goes."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyser.clean import REMOVAL_KINDS, CleanedReply, clean_reply
from analyser.clean.html import html_to_text  # noqa: F401  (clean_reply imports it on first use; not in a timed example)
from analyser.clean.placeholders import canonical_name, normalise_placeholders
from analyser.clean.signatures import VALEDICTIONS

# Words an agent writes; none is a header, valediction or disclaimer phrase on its own line.
WORDS = [
    "uw",
    "account",
    "is",
    "weer",
    "actief",
    "en",
    "u",
    "kunt",
    "inloggen",
    "via",
    "het",
    "portaal",
    "wij",
    "hebben",
    "de",
    "printer",
    "hersteld",
    "your",
    "password",
    "has",
    "been",
    "reset",
    "please",
    "restart",
    "the",
    "laptop",
    "we",
    "replaced",
    "the",
    "cable",
    "and",
    "checked",
    "the",
    "network",
    "could",
    "you",
    "send",
    "a",
    "screenshot",
    "of",
    "the",
    "error",
    "message",
    "the",
    "licence",
    "was",
    "assigned",
    "this",
    "morning",
]
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
agent_text = st.lists(paragraph, min_size=1, max_size=4).map("\n\n".join)

HISTORY = (
    "On Mon, 4 Mar 2024 at 10:12, Anna Bakker <anna@example.com> wrote:\n> My printer is broken\n> help",
    "Op ma 4 mrt 2024 om 10:12 schreef Anna Bakker <anna@example.nl>:\n\n> Mijn printer is stuk",
    "-----Original Message-----\nFrom: Anna Bakker\nSent: Monday, March 4, 2024 10:12\nTo: Service Desk\n"
    "Subject: printer\n\nMy printer is broken",
    "Van: Anna Bakker <anna@example.nl>\nVerzonden: maandag 4 maart 2024 10:12\nAan: servicedesk@example.nl\n"
    "Onderwerp: printer\n\nMijn printer is stuk",
    "> My printer is broken\n> since this morning",
    "________________________________\nFrom: Anna Bakker <anna@example.com>\nSent: Monday\n\nMy printer",
)
SIGNATURES = (
    "Kind regards,\nPiet de Vries\nService Desk | Acme B.V.\nT: +31 20 123 4567",
    "Met vriendelijke groet,\nSanne de Wit\nServicedesk ICT\nwww.example.nl",
    "-- \nPiet de Vries\nAcme",
    "Sent from my iPhone",
    "Verzonden vanaf mijn iPhone",
)
DISCLAIMERS = (
    "This e-mail and any attachments are confidential and intended solely for the addressee.",
    "Dit e-mailbericht is uitsluitend bestemd voor de geadresseerde. Aan dit bericht kunnen geen rechten "
    "worden ontleend.",
)


def squash(text: str) -> str:
    return " ".join(text.split())


@given(agent_text, st.sampled_from(HISTORY))
def test_quoted_history_goes_and_agent_text_stays(text: str, history: str) -> None:
    cleaned = clean_reply(f"{text}\n\n{history}")
    assert squash(text) in squash(cleaned.text)
    assert "quoted_history" in {kind for kind, _ in cleaned.removed}
    history_words = {w for w in re.findall(r"\w+", history.lower()) if w not in WORDS}
    assert not history_words & set(re.findall(r"\w+", cleaned.text.lower()))


@given(agent_text, st.sampled_from(SIGNATURES), st.sampled_from(DISCLAIMERS))
def test_signature_and_disclaimer_go_and_agent_text_stays(text: str, signature: str, disclaimer: str) -> None:
    cleaned = clean_reply(f"{text}\n\n{signature}\n\n{disclaimer}")
    assert squash(text) in squash(cleaned.text)
    kinds = {kind for kind, _ in cleaned.removed}
    assert "disclaimer" in kinds
    assert "signature" in kinds
    assert squash(disclaimer) not in squash(cleaned.text)


@given(agent_text)
def test_plain_agent_text_is_left_as_it_is(text: str) -> None:
    cleaned = clean_reply(text)
    assert squash(cleaned.text) == squash(text)
    assert cleaned.removed == []
    assert cleaned.raw == text


@given(agent_text)
def test_html_keeps_every_paragraph(text: str) -> None:
    paragraphs = text.split("\n\n")
    html = "".join(f"<p>{p}</p>" for p in paragraphs) + "<blockquote>old thread text</blockquote>"
    cleaned = clean_reply(html)
    for p in paragraphs:
        assert squash(p) in squash(cleaned.text)
    assert "old thread text" not in cleaned.text
    assert cleaned.text.count("\n\n") >= len(paragraphs) - 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_never_raises_on_any_string(text: str) -> None:
    cleaned = clean_reply(text)
    assert isinstance(cleaned, CleanedReply)
    assert isinstance(cleaned.text, str)
    assert cleaned.raw == text
    assert all(kind in REMOVAL_KINDS for kind, _ in cleaned.removed)


@given(st.text(max_size=200), st.booleans())
def test_never_raises_with_is_html_forced(text: str, is_html: bool) -> None:
    assert isinstance(clean_reply(text, is_html=is_html).text, str)


def test_non_string_bodies_do_not_raise() -> None:
    assert clean_reply(None).text == ""  # type: ignore[arg-type]
    assert clean_reply(12).text == "12"  # type: ignore[arg-type]


def test_html_links_and_lists_are_kept() -> None:
    cleaned = clean_reply(
        '<p>See <a href="https://example.nl/reset">the reset page</a>.</p><ul><li>one</li><li>two</li></ul>'
    )
    assert "the reset page (https://example.nl/reset)" in cleaned.text
    assert re.search(r"^\s*\* one$", cleaned.text, re.MULTILINE)
    assert "html_markup" in {kind for kind, _ in cleaned.removed}


def test_outlook_reply_header_in_html_is_cut() -> None:
    html = (
        '<div><p>The fix is live.</p></div><div id="divRplyFwdMsg"><b>From:</b> Anna</div>'
        "<div><p>older message</p></div>"
    )
    cleaned = clean_reply(html)
    assert "The fix is live." in cleaned.text
    assert "older message" not in cleaned.text


def test_a_message_that_is_only_a_quote_is_kept() -> None:
    assert clean_reply("> just this").text == "> just this"


def test_thanks_followed_by_more_text_is_not_a_signature() -> None:
    body = "Hi,\n\nThanks!\nIs there anything else I can do for you today? Let me know."
    assert squash(clean_reply(body).text) == squash(body)


def test_bullet_list_is_not_a_signature() -> None:
    body = "Please do this:\n- restart the laptop\n- log in again\n\nKind regards,\nPiet"
    cleaned = clean_reply(body)
    assert "- restart the laptop" in cleaned.text
    assert "- log in again" in cleaned.text
    assert cleaned.text.rstrip().endswith("Kind regards,")


@pytest.mark.parametrize("valediction", ["Kind regards,", "Met vriendelijke groet,", "Groeten,", "Cheers"])
def test_valediction_is_kept_and_the_block_below_goes(valediction: str) -> None:
    assert valediction.rstrip(",").lower() in VALEDICTIONS
    cleaned = clean_reply(f"It works again.\n\n{valediction}\nPiet Jansen\nServicedesk")
    assert valediction in cleaned.text
    assert "Piet Jansen" not in cleaned.text


def test_social_reply_mentions_and_initials_are_removed() -> None:
    cleaned = clean_reply("@some_user Please send us a DM with your order number. *SR")
    assert cleaned.text == "Please send us a DM with your order number."
    assert {kind for kind, _ in cleaned.removed} == {"mention", "signature"}


@pytest.mark.parametrize(
    ("template", "canonical"),
    [
        ("{{ticket.requester.first_name}}", "{{ticket_requester_first_name}}"),
        ("{{ name }}", "{{name}}"),
        ("{{ticket.requester.first_name | capitalize}}", "{{ticket_requester_first_name}}"),
        ("%NAME%", "{{name}}"),
        ("[Naam]", "{{naam}}"),
        ("[Customer Name]", "{{customer_name}}"),
        ("{first_name}", "{{first_name}}"),
        ("${caller_id.first_name}", "{{caller_id_first_name}}"),
        ("{{naam}}", "{{naam}}"),
    ],
)
def test_placeholders_are_normalised(template: str, canonical: str) -> None:
    cleaned = clean_reply(f"Beste {template}, het is opgelost.")
    assert cleaned.text == f"Beste {canonical}, het is opgelost."
    assert cleaned.placeholders == [canonical]


def test_links_footnotes_and_markers_are_not_placeholders() -> None:
    text = "See [the guide](https://example.nl) and note [1]; call [PHONE-1]. 50% off, 20% more."
    assert normalise_placeholders(text) == (text, [])


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9_.]{0,20}", fullmatch=True))
def test_placeholder_normalisation_is_idempotent(name: str) -> None:
    once, _ = normalise_placeholders("Hallo {{" + name + "}}")
    twice, _ = normalise_placeholders(once)
    assert once == twice
    assert re.fullmatch(r"Hallo \{\{[a-z0-9_]+\}\}", once)
    assert canonical_name(name) == canonical_name(canonical_name(name))


def test_addresses_in_angle_brackets_do_not_make_text_html() -> None:
    body = "Fixed it.\n\nOn Mon, 4 Mar 2024 at 10:12, Piet <p.jansen@example.nl> wrote:\n> old"
    cleaned = clean_reply(body)
    assert cleaned.text == "Fixed it."
    assert [kind for kind, _ in cleaned.removed] == ["quoted_history"]


def test_entities_in_plain_text_are_decoded_and_lines_kept() -> None:
    cleaned = clean_reply("Uploader &amp; claimant\nsecond line")
    assert cleaned.text == "Uploader & claimant\nsecond line"


def test_long_header_like_lines_stay_fast() -> None:
    import time

    started = time.perf_counter()
    cleaned = clean_reply("On " + "and then " * 3000)
    assert time.perf_counter() - started < 2
    assert cleaned.text.startswith("On and then")
