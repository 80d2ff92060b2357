"""A small replies table that exercises what partitioning could get wrong, and a 2-worker LocalCluster.

The table has English and Dutch tickets whose rows are interleaved (a partition must still hold whole
tickets), short replies that can only take their ticket's language ("Super!"), customer messages (skipped),
an empty body and a duplicate reply id (rejected), and a ragged CSV record (rejected by the reader).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

EN = [
    "Thank you for your patience. I have reset your password and you should be able to log in again now.",
    "I am sorry for the trouble with the invoice. I have corrected the amount and sent you a new copy today.",
    "Could you please send me a screenshot of the error message? Then I can look into it straight away.",
]
NL = [
    "Bedankt voor uw geduld. Ik heb uw wachtwoord opnieuw ingesteld en u kunt nu weer inloggen op het portaal.",
    "Het spijt me voor het ongemak met de factuur. Ik heb het bedrag aangepast en u vandaag een nieuwe gestuurd.",
    "Kunt u mij een schermafbeelding van de foutmelding sturen? Dan kijk ik er meteen naar voor u.",
]
CUSTOMER = {
    "en": "Hello, my account is locked again and I cannot reach the portal. Can someone help me please?",
    "nl": "Goedemiddag, mijn account is weer geblokkeerd en ik kan niet bij het portaal. Kunt u mij helpen?",
}
SHORT = {"en": "Ok!", "nl": "Super!"}  # too short to tell: they take their ticket's language


def build_rows(tickets: int = 14, seed: int = 3) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for number in range(1, tickets + 1):
        language = "nl" if number % 2 else "en"
        ticket = f"T{number:03d}"
        messages = [("customer", CUSTOMER[language])]
        messages += [("agent", rng.choice(NL if language == "nl" else EN)) for _ in range(rng.randint(1, 3))]
        messages.append(("agent", SHORT[language]))
        for position, (role, body) in enumerate(messages, start=1):
            rows.append(
                {
                    "ticket_id": ticket,
                    "reply_id": f"{ticket}-{position}",
                    "author_role": role,
                    "agent_id": "" if role == "customer" else f"agent{number % 3}",
                    "created_at": f"2026-01-{number:02d}T{8 + position:02d}:00:00Z",
                    "public": "true",
                    "body": body,
                }
            )
    rows[5]["body"] = ""  # an agent reply with nothing to score: rejected
    rows.append(dict(rows[7]))  # the same reply id twice: the second is rejected
    rng.shuffle(rows)  # tickets interleaved: partitions must still hold whole tickets
    return rows


def write_csv(rows: list[dict[str, str]], path: Path, ragged: bool = True) -> Path:
    import csv

    columns = list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for number, row in enumerate(rows):
            writer.writerow([row[c] for c in columns])
            if ragged and number == 10:
                writer.writerow(["T999", "T999-1", "agent"])  # a ragged record: the reader rejects it
    return path


@pytest.fixture(scope="session")
def reply_rows() -> list[dict[str, str]]:
    return build_rows()


@pytest.fixture(scope="session")
def replies_csv(reply_rows, tmp_path_factory) -> Path:
    return write_csv(reply_rows, tmp_path_factory.mktemp("input") / "replies.csv")


@pytest.fixture(scope="session")
def single_process(replies_csv, tmp_path_factory):
    """The single-process run on the same input: the reference every Dask run must equal."""
    from analyser.extract import extract_file
    from analyser.settings import Settings

    out = tmp_path_factory.mktemp("single") / "features.parquet"
    summary = extract_file(replies_csv, out, Settings())
    return out, summary


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 single-threaded worker processes on 127.0.0.1, shared by a module's tests."""
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as local,
        Client(local, set_as_default=False) as client,
    ):
        yield local, client
