"""Conversation features: hand-written English and Dutch threads, awkward threads, and the command."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from analyser.conversations import TICKET_COLUMNS, conversation_features, thread_features

T0 = pd.Timestamp("2026-03-02T09:00:00Z")


def message(ticket, n, role, body, minutes=None, agent=None, public=True):
    return {
        "ticket_id": ticket,
        "reply_id": f"{ticket}-{n}",
        "author_role": role,
        "agent_id": agent if role == "agent" else None,
        "created_at": T0 + pd.Timedelta(minutes=minutes) if minutes is not None else pd.NaT,
        "public": public,
        "body": body,
    }


def service(**moves):
    """A reply's service columns (the reply-level detectors), all false unless given."""
    base = {
        "offers_solution": False,
        "details_count": 0,
        "next_step_with_time": False,
        "asks_for_information": 0,
        "asks_to_repeat": False,
        "declines": False,
        "offers_alternative": False,
        "repeats_itself": False,
        "refers_elsewhere": False,
        "only_refers_elsewhere": False,
    }
    return {**base, **moves}


def thread(rows):
    """A thread as conversation_features hands it to thread_features: ordered, with roles and _when."""
    frame = pd.DataFrame(rows)
    frame["position"] = range(1, len(frame) + 1)
    frame["_when"] = pd.to_datetime(frame.get("created_at"), utc=True)
    frame["order_basis"] = "time" if frame["_when"].notna().all() else "input order"
    frame["language"] = "en"
    return frame


# --- aggregation over a thread (frames that carry the service detectors' columns) ------------------


def test_solution_offered_and_when():
    rows = [
        {"role": "customer", "created_at": T0, "sentiment": -0.5, "question_count": 1},
        {"role": "agent", "created_at": T0 + pd.Timedelta(hours=2), "body_clean": "Which laptop is it?"}
        | service(asks_for_information=1),
        {"role": "customer", "created_at": T0 + pd.Timedelta(hours=3), "sentiment": 0.0, "question_count": 0},
        {"role": "agent", "created_at": T0 + pd.Timedelta(hours=5), "body_clean": "I have reset it."}
        | service(offers_solution=True),
        {"role": "customer", "created_at": T0 + pd.Timedelta(hours=6), "sentiment": 0.6, "question_count": 0},
    ]
    out = thread_features(thread(rows))
    assert out["solution_offered"] is True
    assert out["solution_reply"] == 2
    assert out["solution_hours"] == pytest.approx(5.0)
    assert out["resolution"] == "solution"
    assert out["first_reply_hours"] == pytest.approx(2.0)
    assert out["reply_wait_hours_mean"] == pytest.approx(2.0)
    assert out["reply_wait_hours_max"] == pytest.approx(2.0)
    assert out["back_and_forths"] == 2
    assert out["customer_sentiment_first"] == -0.5 and out["customer_sentiment_last"] == 0.6
    assert out["customer_sentiment_change"] == pytest.approx(1.1)
    assert out["customer_questions"] == 1 and out["unanswered_questions"] == 0
    assert out["customer_wrote_after_last_reply"] is True  # the thanks after the fix


def test_referral_only_and_unanswered_question():
    rows = [
        {"role": "customer", "created_at": T0, "sentiment": -0.2, "question_count": 1},
        {"role": "agent", "created_at": T0 + pd.Timedelta(minutes=30), "body_clean": "Thanks for your message."}
        | service(),
        {"role": "customer", "created_at": T0 + pd.Timedelta(hours=1), "sentiment": -0.6, "question_count": 1},
        {"role": "agent", "created_at": T0 + pd.Timedelta(hours=2), "body_clean": "Please see our FAQ."}
        | service(refers_elsewhere=True, only_refers_elsewhere=True),
    ]
    out = thread_features(thread(rows))
    assert out["solution_offered"] is False and np.isnan(out["solution_reply"])
    assert out["referral_only"] is True and out["resolution"] == "referral only"
    assert out["customer_questions"] == 2
    assert out["unanswered_questions"] == 1  # the first reply only thanked; the referral responds
    assert out["customer_sentiment_change"] == pytest.approx(-0.4)
    assert out["customer_wrote_after_last_reply"] is False


def test_next_step_declined_and_none():
    base = [{"role": "customer", "created_at": T0, "sentiment": 0.0, "question_count": 0}]
    timed = thread([*base, {"role": "agent", "created_at": T0, "body_clean": "x"} | service(next_step_with_time=True)])
    assert thread_features(timed)["resolution"] == "next step"
    # a next step the agent commits to with a time counts as a solution offered (the definition of issue 15)
    assert thread_features(timed)["solution_offered"] is True and thread_features(timed)["solution_reply"] == 1
    declined = thread([*base, {"role": "agent", "created_at": T0, "body_clean": "x"} | service(declines=True)])
    assert thread_features(declined)["resolution"] == "declined"
    assert thread_features(declined)["solution_offered"] is False
    nothing = thread([*base, {"role": "agent", "created_at": T0, "body_clean": "x"} | service()])
    assert thread_features(nothing)["resolution"] == "none"


def test_same_template_sent_twice_and_chasers():
    template = "Thank you for contacting the service desk. We have received your request and will respond soon."
    rows = [
        {"role": "customer", "created_at": T0, "sentiment": 0.0, "question_count": 0},
        {"role": "agent", "created_at": T0 + pd.Timedelta(hours=1), "body_clean": template} | service(),
        {"role": "customer", "created_at": T0 + pd.Timedelta(hours=30), "sentiment": -0.3, "question_count": 0},
        {"role": "customer", "created_at": T0 + pd.Timedelta(hours=50), "sentiment": -0.7, "question_count": 0},
        {"role": "agent", "created_at": T0 + pd.Timedelta(hours=52), "body_clean": template.replace("soon", "today")}
        | service(),
    ]
    out = thread_features(thread(rows))
    assert out["repeated_template_replies"] == 1
    assert out["customer_repeat_contact"] == 1  # the second customer message chases the first
    assert out["customer_frustrated"] is True
    assert out["reply_wait_hours_max"] == pytest.approx(22.0)  # from the first unanswered message


def test_without_service_columns_the_solution_features_are_empty():
    rows = [
        {"role": "customer", "created_at": T0, "sentiment": 0.1, "question_count": 1},
        {"role": "agent", "created_at": T0 + pd.Timedelta(hours=1), "body_clean": "Done."},
    ]
    out = thread_features(thread(rows), has_service=False)
    for name in ("solution_offered", "resolution", "unanswered_questions", "referral_only"):
        assert pd.isna(out[name])
    assert out["first_reply_hours"] == pytest.approx(1.0)


# --- the whole stage, scored through score_replies ---------------------------------------------------------


@pytest.fixture(scope="module")
def threads() -> pd.DataFrame:
    rows = [
        # English: annoyed, then thankful.
        message("E1", 1, "customer", "My laptop will not start AGAIN. This is the third time this month!!!", 0),
        message("E1", 2, "agent", "Hi Sam,\n\nI am sorry about this. I have ordered a new battery for you.", 45, "ann"),
        message("E1", 3, "customer", "Great, thank you so much, that is wonderful!", 90),
        # Dutch: still not working, and it gets worse.
        message("N1", 1, "customer", "Mijn mail werkt nog steeds niet. Kunt u helpen?", 0),
        message("N1", 2, "agent", "Beste klant,\n\nBedankt voor uw bericht.\n\nMet vriendelijke groet,", 60, "bob"),
        message("N1", 3, "customer", "Dit is echt belachelijk, ik wacht al dagen op een oplossing.", 300),
        message("N1", 4, "system", "Ticket status changed.", 301),
        message("N1", 5, "agent", "Interne notitie: escaleren naar tweede lijn.", 302, "bob", public=False),
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def result(threads):
    return conversation_features(threads)


def test_customer_mood_in_english_and_dutch(result):
    table = result.tickets.set_index("ticket_id")
    english, dutch = table.loc["E1"], table.loc["N1"]
    assert english["language"] == "en" and dutch["language"] == "nl"
    assert english["customer_sentiment_last"] > english["customer_sentiment_first"]
    assert english["customer_sentiment_change"] > 0.5
    assert dutch["customer_sentiment_last"] < dutch["customer_sentiment_first"]
    assert dutch["customer_sentiment_change"] < 0


def test_frustration_markers_from_the_customer_text(result):
    table = result.tickets.set_index("ticket_id")
    # "AGAIN" (a shouted word, and a repeated-contact phrase), "third time", "!!!"
    assert table.loc["E1", "customer_frustration_markers"] >= 3
    assert table.loc["E1", "customer_repeat_contact"] >= 2
    # "nog steeds", "belachelijk", "al dagen"
    assert table.loc["N1", "customer_frustration_markers"] >= 3
    assert bool(table.loc["N1", "customer_frustrated"])


def test_what_is_in_a_thread(result):
    table = result.tickets.set_index("ticket_id")
    assert table.loc["N1", "messages"] == 3  # the system message and the internal note are not part of it
    assert result.skipped == {"internal note": 1, "system message": 1}
    assert list(result.messages[result.messages["ticket_id"] == "N1"]["role"]) == ["customer", "agent", "customer"]
    assert table.loc["N1", "first_reply_hours"] == pytest.approx(1.0)
    assert bool(table.loc["N1", "customer_wrote_after_last_reply"])
    assert list(result.tickets.columns) == list(TICKET_COLUMNS)


def test_solution_features_from_scored_replies_carrying_the_service_columns(threads):
    """Agent replies scored by the caller (the audit, the study) are reused by reply id, service columns
    included: this is how the reply-level detectors reach the ticket."""
    from analyser.scoring import score_replies

    scored = score_replies(threads).features
    moves = {"E1-2": service(offers_solution=True), "N1-2": service()}
    for column in moves["E1-2"]:
        scored[column] = [moves[r][column] for r in scored["reply_id"]]
    out = conversation_features(threads, scored=scored).tickets.set_index("ticket_id")
    assert bool(out.loc["E1", "solution_offered"]) and out.loc["E1", "resolution"] == "solution"
    assert not bool(out.loc["N1", "solution_offered"]) and out.loc["N1", "resolution"] == "none"
    assert out.loc["N1", "unanswered_questions"] == 1  # "Kunt u helpen?" answered with a thank-you only


# --- bad input ------------------------------------------------------------------------------------------


def test_no_timestamps_keeps_the_input_order_and_leaves_times_empty():
    rows = [
        message("X", 1, "customer", "Where is my invoice?"),
        message("X", 2, "agent", "It is attached to this mail.", agent="ann"),
    ]
    out = conversation_features(pd.DataFrame(rows)).tickets.iloc[0]
    assert out["order_basis"] == "input order"
    assert pd.isna(out["first_reply_hours"]) and pd.isna(out["reply_wait_hours_mean"])
    assert out["back_and_forths"] == 1


def test_messages_out_of_order_are_put_in_time_order():
    rows = [
        message("X", 3, "customer", "Thanks, it works now, great!", 120),
        message("X", 2, "agent", "I have restarted the server for you.", 60, "ann"),
        message("X", 1, "customer", "The server is down, nothing works.", 0),
    ]
    result = conversation_features(pd.DataFrame(rows))
    assert list(result.messages["reply_id"]) == ["X-1", "X-2", "X-3"]
    out = result.tickets.iloc[0]
    assert out["first_reply_hours"] == pytest.approx(1.0)
    assert out["customer_sentiment_change"] > 0


def test_only_agent_or_only_customer_messages_and_single_messages():
    rows = [
        message("A", 1, "agent", "Your account is ready.", 0, "ann"),
        message("A", 2, "agent", "Please log in with the new password.", 5, "ann"),
        message("C", 1, "customer", "Hello, is anyone there?", 0),
        message("S", 1, "customer", "Help!", 0),
    ]
    table = conversation_features(pd.DataFrame(rows)).tickets.set_index("ticket_id")
    assert table.loc["A", "customer_messages"] == 0 and pd.isna(table.loc["A", "customer_sentiment_first"])
    assert pd.isna(table.loc["A", "customer_wrote_after_last_reply"])
    assert table.loc["C", "agent_replies"] == 0 and pd.isna(table.loc["C", "first_reply_hours"])
    assert pd.isna(table.loc["C", "customer_sentiment_change"])  # one customer message: no change
    assert table.loc["S", "messages"] == 1


def test_empty_text_is_rejected_and_a_ticket_without_messages_still_has_a_row():
    rows = [message("E", 1, "customer", "   ", 0), message("E", 2, "agent", "We are on it.", 5, "ann")]
    tickets = pd.DataFrame({"ticket_id": ["E", "Z"], "created_at": [T0, T0]})
    result = conversation_features(pd.DataFrame(rows), tickets=tickets)
    assert list(result.rejected["reply_id"]) == ["E-1"]
    table = result.tickets.set_index("ticket_id")
    assert table.loc["E", "messages"] == 1 and table.loc["Z", "messages"] == 0


def test_no_author_role_counts_every_message_as_an_agent_reply():
    frame = pd.DataFrame({"ticket_id": ["T", "T"], "body": ["We have fixed it.", "Anything else?"]})
    out = conversation_features(frame).tickets.iloc[0]
    assert out["agent_replies"] == 2 and out["customer_messages"] == 0


def test_no_ticket_id_is_a_clear_error():
    from analyser.errors import InputError

    with pytest.raises(InputError, match="ticket_id"):
        conversation_features(pd.DataFrame({"body": ["hello"]}))


roles = st.sampled_from(["agent", "customer", "system"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(roles, st.one_of(st.none(), st.integers(-500, 5000)), st.booleans(), st.booleans()),
        min_size=1,
        max_size=8,
    )
)
def test_any_thread_gives_a_row_and_never_crashes(spec):
    rows = []
    for i, (role, minutes, solution, question) in enumerate(spec):
        row = {
            "role": role,
            "created_at": T0 + pd.Timedelta(minutes=minutes) if minutes is not None else pd.NaT,
            "sentiment": (i % 3 - 1) / 2,
            "question_count": int(question),
            "body_clean": "some reply text that is long enough to compare",
        }
        if role == "agent":
            row |= service(offers_solution=solution)
        rows.append(row)
    frame = thread([r for r in rows if r["role"] != "system"] or rows[:1])
    out = thread_features(frame)
    assert set(out) >= {"solution_offered", "first_reply_hours", "customer_sentiment_change"}
    for name in ("first_reply_hours", "reply_wait_hours_mean", "solution_hours"):
        assert pd.isna(out[name]) or out[name] >= 0


# --- the command ------------------------------------------------------------------------------------------


def test_command_writes_the_table_rejects_and_metadata(tmp_path, threads):
    from analyser.cli import main
    from analyser.io import Dataset, write_dataset

    tickets = pd.DataFrame({"ticket_id": ["E1", "N1"], "created_at": [T0, T0]})
    write_dataset(Dataset(tickets=tickets, replies=threads), tmp_path / "data")
    out = tmp_path / "tf.csv"
    run = CliRunner().invoke(main, ["conversations", str(tmp_path / "data"), "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert "8 messages read: 6 in 2 conversations, 2 skipped" in run.output
    table = pd.read_csv(out)
    assert list(table.columns) == list(TICKET_COLUMNS) and len(table) == 2
    meta = json.loads((tmp_path / "tf.meta.json").read_text())
    assert meta["counts"]["messages_in_threads"] == 6 and meta["counts"]["tickets"] == 2
    assert (tmp_path / "tf.rejects.csv").exists()


def test_command_bad_input_is_one_line_and_exit_2(tmp_path):
    from analyser.cli import main

    run = CliRunner().invoke(main, ["conversations", str(tmp_path / "nothing"), "-o", str(tmp_path / "o.csv")])
    assert run.exit_code == 2 and run.output.startswith("error:") and "Traceback" not in run.output
    run = CliRunner().invoke(main, ["conversations", str(tmp_path), "-o", str(tmp_path / "o.txt")])
    assert run.exit_code == 2 and "Traceback" not in run.output


def test_the_columns_page_is_generated_from_the_catalogue():
    from pathlib import Path

    from analyser.conversations import markdown

    page = (Path(__file__).resolve().parents[2] / "docs" / "conversations.md").read_text(encoding="utf-8")
    assert markdown() in page, "regenerate the column table of docs/conversations.md from conversations.markdown()"


# --- a later agent reply that says the opposite of an earlier one ---------------------------------------


@pytest.mark.parametrize(
    ("earlier", "later", "lang", "expected"),
    [
        (
            "You can change the date online until Friday.",
            "Sorry, you cannot change the date online until Friday.",
            "en",
            True,
        ),
        ("Your refund has been processed today.", "Your refund hasn't been processed today.", "en", True),
        ("We don't ship to Norway at the moment.", "We ship to Norway at the moment.", "en", True),
        ("You can change the date online.", "You can change the date by phone.", "en", False),
        ("The printer is not on the network.", "The printer is still not on the network.", "en", False),
        ("Yes.", "No.", "en", False),  # too short to say what about
        ("U krijgt het geld terug op uw rekening.", "Helaas krijgt u het geld niet terug op uw rekening.", "nl", True),
        ("Er is geen storing op uw adres.", "Er is wel een storing op uw adres.", "nl", True),
        ("Uw laptop is morgen klaar bij de balie.", "Uw laptop is overmorgen klaar bij de balie.", "nl", False),
    ],
)
def test_contradicts_by_a_flipped_negation(earlier, later, lang, expected):
    from analyser.conversations import contradicts

    assert contradicts([(earlier, lang)], later, lang) is expected


def test_agent_contradicts_itself_needs_two_agent_replies():
    base = {"role": "agent", "created_at": T0, "language": "en"}
    one = thread([base | {"body_clean": "You can change the date online."} | service()])
    assert thread_features(one)["agent_contradicts_itself"] is pd.NA
    rows = [
        base | {"body_clean": "Hi Sam, you can change the date online. Kind regards, Anna"} | service(),
        {"role": "customer", "created_at": T0, "sentiment": 0.0, "question_count": 0},
        base | {"body_clean": "Hi Sam, sorry: you can't change the date online. Kind regards, Anna"} | service(),
    ]
    assert thread_features(thread(rows))["agent_contradicts_itself"] is True
    rows[2] = base | {"body_clean": "Hi Sam, glad it worked. Kind regards, Anna"} | service()
    assert thread_features(thread(rows))["agent_contradicts_itself"] is False


def test_an_empty_author_role_column_reads_as_no_column() -> None:
    """A conformed table whose source had no roles: every message is an agent reply, as scoring reads it."""
    from analyser.conversations import thread_rows

    base = pd.DataFrame({"ticket_id": ["t1", "t1"], "body": ["Hello, how can I help?", "Restart the router."]})
    without, _ = thread_rows(base)
    empty, skipped = thread_rows(base.assign(author_role=[None, ""]))
    assert without["role"].tolist() == empty["role"].tolist() == ["agent", "agent"]
    assert skipped.get("other role", 0) == 0
    mixed, _ = thread_rows(base.assign(author_role=["customer", None]))
    assert mixed["role"].tolist() == ["customer"]
