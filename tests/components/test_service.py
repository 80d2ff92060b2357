"""The service component: what a reply does (solution, timed next step, requests, referral ...)."""

from __future__ import annotations

import pytest

from analyser.nlp.pipeline import build_pipeline


def service(text: str, lang: str = "en") -> dict:
    return build_pipeline(lang)(text)._.ta_service


def test_solution_and_a_timed_next_step_en() -> None:
    row = service("I have reset your password, so you can now sign in. We will call you tomorrow at 10:00 to check.")
    assert row["offers_solution"] and row["next_step_with_time"]
    assert not row["refers_elsewhere"] and not row["declines"]
    assert row["details_count"] == 1  # 10:00


def test_solution_and_a_timed_next_step_nl() -> None:
    row = service("Ik heb uw wachtwoord gereset. U ontvangt binnen 2 werkdagen een nieuwe pas.", "nl")
    assert row["offers_solution"] and row["next_step_with_time"]


def test_a_negated_action_is_no_solution() -> None:
    assert not service("We have not fixed the printer yet.")["offers_solution"]


def test_decline_with_an_alternative() -> None:
    row = service("Unfortunately there are no rooms left in the north. Would you like to try the centre instead?")
    assert row["declines"] and row["offers_alternative"] and not row["offers_solution"]
    assert service("Helaas is dit niet mogelijk.", "nl")["declines"]


def test_asking_again_and_asking_what_was_meant() -> None:
    row = service("Could you send your order number again?")
    assert row["asks_for_information"] == 1 and row["asks_to_repeat"]
    assert service("Did you mean the train to Norwich?")["asks_to_repeat"]
    assert service("Kunt u het ordernummer nogmaals doorgeven?", "nl")["asks_to_repeat"]
    offer = service("Is there anything else I can help you with?")
    assert offer["asks_for_information"] == 0 and not offer["asks_to_repeat"]


def test_only_referring_elsewhere() -> None:
    assert service("Please contact your bank. See our FAQ: https://example.com/faq")["only_refers_elsewhere"]
    assert service("Neem contact op met uw bank.", "nl")["only_refers_elsewhere"]
    both = service("Please contact your bank; we will also check the payment on our side today.")
    assert both["refers_elsewhere"] and not both["only_refers_elsewhere"]


def test_repetition_and_apology() -> None:
    row = service("Your laptop is ready at the desk. Sorry for the wait. Your laptop is ready at the desk.")
    assert row["repeats_itself"] and row["apologises"]
    assert not service("Your laptop is ready. You can pick it up today.")["repeats_itself"]


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_reply_does_nothing(text: str) -> None:
    row = service(text)
    assert row["asks_for_information"] == 0 and row["offers_solution"] is False


def test_other_languages_are_unknown() -> None:
    row = build_pipeline("und")("Hallo, Ihr Passwort wurde zurückgesetzt.")._.ta_service
    assert row["offers_solution"] != row["offers_solution"]  # NaN: the phrase lists are language-bound
