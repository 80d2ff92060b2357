"""Excel workbooks: read like their CSV twin; a sheet by name; bad workbooks are one-line errors (exit 2)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from analyser.cli import main
from analyser.errors import InputError
from analyser.ingest.readers import read_export


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


ROWS = [
    ["ticket_id", "author_role", "created_at", "body"],
    ["T1", "customer", datetime(2024, 5, 13, 8, 41), "Printer offline"],
    [None, None, None, None],
    ["T1", "agent", datetime(2024, 5, 13, 9, 5), "Fixed, the cable was loose."],
    [1234, "agent", datetime(2024, 5, 13, 9, 6), 12.0],
]


def test_a_sheet_reads_like_its_csv_twin(tmp_path: Path) -> None:
    path = workbook(tmp_path / "replies.xlsx", {"Replies": ROWS})
    csv_path = tmp_path / "replies.csv"
    csv_path.write_text(
        "ticket_id,author_role,created_at,body\nT1,customer,2024-05-13 08:41:00,Printer offline\n"
        'T1,agent,2024-05-13 09:05:00,"Fixed, the cable was loose."\n1234,agent,2024-05-13 09:06:00,12\n',
        "utf-8",
    )
    from_xlsx, from_csv = read_export([path]), read_export([csv_path])
    columns = ["ticket_id", "author_role", "created_at", "body", "source_row"]
    assert from_xlsx.dataset.replies[columns].equals(from_csv.dataset.replies[columns])
    assert list(from_xlsx.dataset.replies["source_row"]) == [1, 2, 3]  # the empty row is not a record


def test_sheet_by_name_and_an_unknown_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "export.xlsx", {"Info": [["Exported by", "me"]], "Replies": ROWS})
    assert len(read_export([path], sheet="Replies").dataset.replies) == 3
    with pytest.raises(InputError, match=r"no sheet named 'Nope' \(the workbook has: Info, Replies\)"):
        read_export([path], sheet="Nope")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "sheet 'Empty' is empty (no header row)"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptionInfo".encode("utf-16-le"),
            "password-protected",
        ),
        (b"ticket_id,body\nT1,hello\n", "not an Excel workbook"),
    ],
)
def test_bad_workbooks_are_one_line_errors_with_exit_2(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "export.xlsx"
    if content is None:
        workbook(path, {"Empty": []})
    else:
        path.write_bytes(content)
    result = CliRunner().invoke(main, ["ingest", str(path), "-o", str(tmp_path / "t.parquet")])
    assert result.exit_code == 2
    assert message in result.output and str(path) in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_a_row_beyond_the_header_is_rejected(tmp_path: Path) -> None:
    path = workbook(tmp_path / "r.xlsx", {"R": [["ticket_id", "body"], ["T1", "ok"], ["T1", "too", "many"]]})
    result = read_export([path])
    assert list(result.rejects["reason"]) == ["ragged row: values in 3 columns where the header has 2"]
    assert result.counts["records_in"] == 2 == result.counts["records_used"] + result.counts["rejected"]


def test_without_the_extra_the_error_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = workbook(tmp_path / "r.xlsx", {"R": ROWS})
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # as if the extra were not installed
    result = CliRunner().invoke(main, ["ingest", str(path), "-o", str(tmp_path / "t.parquet")])
    assert result.exit_code == 2
    assert "needs the optional 'xlsx' extra: pip install 'ticket-analyser[xlsx]'" in result.output
    assert len(result.output.strip().splitlines()) == 1
