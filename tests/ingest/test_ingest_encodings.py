"""Export files in every encoding desks hand over (issue 12): UTF-16 with a byte-order mark, UTF-16LE
without one (Excel's "Unicode text"), UTF-8 with and without a mark, and cp1252 are all read as written,
by the one CSV parser, the JSONL reader and the vendor readers that share them.  Before, UTF-16 was read as
cp1252: the header came out as ``ÿþreply_id`` and every value as mojibake."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyser.cli import main
from analyser.ingest.base import load_file
from analyser.ingest.generic import detect_encoding, iter_csv_records, iter_jsonl
from analyser.ingest.readers import read_export

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "sample_tickets"
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-8", "cp1252"]

# Text as tickets hold it: European letters, digits, punctuation, euro signs, curly quotes, some emoji.
_TEXT = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x1F64F, blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")),
    max_size=30,
)


def encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    bodies=st.lists(_TEXT, min_size=1, max_size=4),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_csv_in_any_encoding_reads_back_as_written(
    tmp_path: Path, bodies: list[str], encoding: str, delimiter: str
) -> None:
    if not encodable("".join(bodies), encoding):
        bodies = [b.encode(encoding, errors="ignore").decode(encoding) for b in bodies]
    rows = [["reply_id", "ticket_id", "body"], *[[f"R{i}", f"T{i}", body] for i, body in enumerate(bodies)]]
    path = tmp_path / "replies.csv"
    path.write_bytes(csv_text(rows, delimiter).encode(encoding))
    records = list(iter_csv_records(path))
    assert records[0] == (0, ["reply_id", "ticket_id", "body"], None)
    assert [fields for _, fields, _ in records[1:]] == rows[1:]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_jsonl_and_json_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    records = [{"ticket_id": "T1", "body": "Beste mevrouw Öztürk, uw factuur van € 12,50 is gecorrigeerd."}]
    jsonl = tmp_path / "replies.jsonl"
    jsonl.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode(encoding))
    chunk = next(iter_jsonl(jsonl))
    assert list(chunk.rows["body"]) == [records[0]["body"]]
    document = tmp_path / "tickets.json"
    document.write_bytes(json.dumps({"tickets": records}, ensure_ascii=False).encode(encoding))
    assert load_file(document).records[0].data["body"] == records[0]["body"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfeh\x00i\x00", "utf-16"),
        (b"\xfe\xff\x00h\x00i", "utf-16"),
        (b"\xef\xbb\xbfhi", "utf-8-sig"),
        ("reply_id;body\r\nR1;Dank je wel\r\n".encode("utf-16-le"), "utf-16-le"),
        ("reply_id;body\r\nR1;Dank je wel\r\n".encode("utf-16-be"), "utf-16-be"),
        ("reply_id;body\r\nR1;Café\r\n".encode("cp1252"), "cp1252"),
        ("reply_id;body\r\nR1;Café\r\n".encode(), "utf-8-sig"),
    ],
)
def test_detect_encoding(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert detect_encoding(path) == expected


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_ingest_end_to_end_of_a_utf16_generic_csv(tmp_path: Path, encoding: str) -> None:
    rows = [
        ["ticket_id", "reply_id", "author_role", "body"],
        ["T1", "R1", "customer", "Mijn pas werkt niet meer, kunt u helpen?"],
        ["T1", "R2", "agent", "Beste meneer Çelik, ik heb uw pas opnieuw geactiveerd. Groet, Anouk"],
    ]
    source = tmp_path / "replies.csv"
    source.write_bytes(csv_text(rows, ";").encode(encoding))
    out = tmp_path / "t.parquet"
    result = CliRunner().invoke(main, ["ingest", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    replies = pd.read_parquet(tmp_path / "t.replies.parquet")
    assert list(replies["reply_id"]) == ["R1", "R2"]
    assert "Çelik" in replies.loc[1, "body"]


def test_a_vendor_csv_export_in_utf16(tmp_path: Path) -> None:
    """TOPdesk's CSV pair (read through the one CSV parser) re-encoded as Excel's "Unicode text" writes it."""
    plain = read_export([SAMPLES / "topdesk" / "incidenten.csv", SAMPLES / "topdesk" / "acties.csv"], "topdesk")
    for name in ("incidenten.csv", "acties.csv"):
        text = (SAMPLES / "topdesk" / name).read_bytes().decode("utf-8-sig")
        (tmp_path / name).write_bytes(text.encode("utf-16-le"))
    wide = read_export([tmp_path / "incidenten.csv", tmp_path / "acties.csv"], "topdesk")
    assert {k: v for k, v in wide.counts.items() if k != "files"} == {
        k: v for k, v in plain.counts.items() if k != "files"
    }
    pd.testing.assert_frame_equal(
        wide.dataset.replies.drop(columns=["source_file"], errors="ignore").reset_index(drop=True),
        plain.dataset.replies.drop(columns=["source_file"], errors="ignore").reset_index(drop=True),
    )
