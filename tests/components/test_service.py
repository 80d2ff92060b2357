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


# --- a solution is what the reply gives itself, not a referral (issue 15) ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We can help to resolve this issue with you. Please create a ticket here: https://example.com/support",
        "Here's how: https://example.com/kb/123",
        "Let's try the following steps in this article: https://example.com/kb/airpods",
        "To fix this, please DM us your account number.",
        "You can now contact our billing team for a refund.",
    ],
)
def test_a_solution_phrase_in_a_referral_is_no_solution_en(text: str) -> None:
    row = service(text)
    assert row["refers_elsewhere"] and not row["offers_solution"]


def test_an_intention_is_not_a_completed_action() -> None:
    assert not service("Our team is working to have these listings removed.")["offers_solution"]
    assert service("Our team has removed these listings.")["offers_solution"]


@pytest.mark.parametrize(
    "text",
    [
        "To fix this, go to Settings and turn off Low Power Mode.",
        "Restart the app and clear its cache: https://example.com/kb/cache",
        "If you haven't already, restarting your router usually does the trick.",
        "Bonuses can take up to 72 hours to appear on your account.",
        "I have refunded the charge.",
    ],
)
def test_a_fix_named_in_the_reply_is_a_solution_en(text: str) -> None:
    assert service(text)["offers_solution"]


@pytest.mark.parametrize(
    "text",
    [
        "Om dit op te lossen vragen wij u contact op te nemen met onze klantenservice.",
        "Stuur ons een DM, dan kijken we mee. Zo doet u dat: https://example.nl/help",
        "Volg de stappen in dit artikel: https://example.nl/kennisbank/42",
        "U kunt nu contact opnemen met de afdeling facturen.",
        "Maak een ticket aan via https://example.nl/ticket, dan lossen we het samen op.",
    ],
)
def test_a_solution_phrase_in_a_referral_is_no_solution_nl(text: str) -> None:
    row = service(text, "nl")
    assert row["refers_elsewhere"] and not row["offers_solution"]


@pytest.mark.parametrize(
    "text",
    [
        "Om dit op te lossen: wis de cache van uw browser en log uit en weer in.",
        "Herstart de router; daarna werkt het weer.",
        "Ik heb uw wachtwoord gereset.",
        "Een terugbetaling kan tot vijf werkdagen duren.",
    ],
)
def test_a_fix_named_in_the_reply_is_a_solution_nl(text: str) -> None:
    assert service(text, "nl")["offers_solution"]


def test_a_thread_counter_is_not_a_date() -> None:
    assert not service("@anna (2/2) We will wait for your reply.")["next_step_with_time"]
    assert not service("@anna 3/3 Let us know if you need further help.")["next_step_with_time"]
    assert service("We will call you on 3/4 at 10:00.")["next_step_with_time"]
    assert service("Wij zullen u op 3/4 bellen.", "nl")["next_step_with_time"]


def test_a_time_in_a_referral_is_no_next_step() -> None:
    # the other channel's hours, or a promise made on its behalf
    assert not service("If that fails, reach out to our support team between 4AM-7PM PT.")["next_step_with_time"]
    assert not service("Please send us an email and we will assist as soon as possible.")["next_step_with_time"]
    assert not service("Follow the prompts here: https://example.com/contact 4AM-8PM PT")["next_step_with_time"]
    assert not service("Bel ons morgen tussen 9:00 en 17:00.", "nl")["next_step_with_time"]
    # the agent's own commitment beside a link still counts, also when the sentencizer joins them
    assert service("Track it at https://example.com/status I'll call you this afternoon.")["next_step_with_time"]
    assert service("Ga naar https://example.nl/wachtwoord\n\nIk bel je vanmiddag terug.", "nl")["next_step_with_time"]


def test_a_fix_after_a_link_is_its_own_sentence() -> None:
    assert service("Go to https://example.com/reset Restart the laptop while it is on the network.")["offers_solution"]
    assert service("Ga naar https://example.nl/reset\n\nZet de VPN uit en weer aan.", "nl")["offers_solution"]
