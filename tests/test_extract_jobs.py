"""``extract --jobs``: the same output, rejects and counts whatever the number of worker processes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analyser.extract import extract_file, resolve_jobs
from analyser.language import LanguageGuess, TicketLanguages
from analyser.settings import Settings

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_tickets"


def _input(tmp_path: Path) -> Path:
    """The sample tickets with the messy rows appended (rejects: empty, binary, duplicate ids)."""
    replies = pd.read_csv(SAMPLE / "replies.csv", dtype=str, keep_default_na=False)
    messy = pd.read_csv(SAMPLE / "messy_replies.csv", dtype=str, keep_default_na=False)
    duplicate = replies.iloc[[5]]
    path = tmp_path / "replies.csv"
    pd.concat([replies, messy, duplicate], ignore_index=True).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_two_workers_give_the_same_output_as_one(tmp_path: Path, suffix: str) -> None:
    source = _input(tmp_path)
    settings = Settings()
    settings = replace(settings, extract=replace(settings.extract, chunksize=150))  # many chunks
    one = extract_file(source, tmp_path / f"one{suffix}", settings, jobs=1)
    two = extract_file(source, tmp_path / f"two{suffix}", settings, jobs=2)
    read = pd.read_parquet if suffix == ".parquet" else pd.read_csv
    pd.testing.assert_frame_equal(read(tmp_path / f"one{suffix}"), read(tmp_path / f"two{suffix}"))
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "one.rejects.csv"), pd.read_csv(tmp_path / "two.rejects.csv"))
    counts = ("rows_in", "rows_out", "rows_skipped", "rows_rejected", "reasons", "languages", "language_bases")
    assert {k: getattr(one, k) for k in counts} == {k: getattr(two, k) for k in counts}
    assert one.rows_rejected >= 3 and one.rows_skipped > 0


def test_jobs_zero_means_every_core() -> None:
    assert resolve_jobs(0) >= 1
    assert resolve_jobs(None) == resolve_jobs(0)
    assert resolve_jobs(3) == 3


def test_a_worker_gets_only_its_tickets_languages() -> None:
    languages = TicketLanguages()
    languages.add("T1", LanguageGuess("nl", "nl", -2.0, 5))
    languages.add("T2", LanguageGuess("en", "en", 2.0, 5))
    part = languages.restricted_to(["T1", None, "T9"])
    assert len(part) == 1 and part.get("T1") == "nl" and part.get("T2") is None
