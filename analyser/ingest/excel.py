"""Excel workbooks (.xlsx, .xlsm, .xls) read as the same records a CSV export gives.

TOPdesk's "Meldingen" overview, ServiceNow's list view and Freshdesk's ticket export download as Excel by
default.  A sheet is read into the records :func:`analyser.ingest.generic.iter_csv_records` yields for a
CSV file - a header, then one list of text values per row, numbered after the header - so every reader
treats an Excel export exactly like its CSV twin.  Cell values become the text Excel shows in a CSV
export: whole numbers without ``.0``, dates as ISO ``YYYY-MM-DD HH:MM:SS`` (local time, as the sheet holds
them), ``true``/``false``.

The library is *python-calamine* (Rust's calamine), an optional extra (``pip install
'ticket-analyser[xlsx]'``): it reads a 20,000-row export about 9x faster than openpyxl's read-only mode
(``benchmarks/xlsx_readers.py``) and reads the older .xls format too.  Without the extra a workbook is a
one-line error naming the extra.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analyser.errors import InputError

EXTRA = "xlsx"
SUFFIXES = (".xlsx", ".xlsm", ".xls")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: an encrypted workbook, or the old .xls
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def _calamine() -> Any:
    try:
        import python_calamine
    except ImportError:
        raise InputError(
            f"reading Excel files needs the optional '{EXTRA}' extra: pip install 'ticket-analyser[{EXTRA}]' "
            "(or save the sheet as CSV)"
        ) from None
    return python_calamine


def cell_text(value: Any) -> str:
    """A cell as the text a CSV export of the sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _check_container(path: Path) -> None:
    """A clear error for what calamine would only call "invalid zip": an encrypted or non-Excel file."""
    with open(path, "rb") as handle:
        head = handle.read(8)
        if not head:
            raise InputError("the file is empty", file=str(path))
        if head.startswith(_OLE_MAGIC):
            size = os.fstat(handle.fileno()).st_size
            handle.seek(0)
            content = handle.read(min(size, 64 << 20))
            if _ENCRYPTION_STREAM in content:
                raise InputError(
                    "the workbook is password-protected (encrypted): open it in Excel and save a copy "
                    "without a password, or export the sheet as CSV",
                    file=str(path),
                )
            if path.suffix.lower() != ".xls":
                raise InputError("this is an old-style .xls workbook saved as .xlsx: rename it to .xls", file=str(path))
        elif path.suffix.lower() != ".xls" and not head.startswith(_ZIP_MAGIC):
            raise InputError("not an Excel workbook (an .xlsx file is a zip archive; this one is not)", file=str(path))


def sheet_names(path: str | os.PathLike[str]) -> list[str]:
    """The names of the sheets of a workbook, in order."""
    path = Path(path)
    _check_container(path)
    calamine = _calamine()
    try:
        return list(calamine.CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as error:  # calamine raises its own types for corrupt workbooks
        raise InputError(f"cannot read the workbook: {error}", file=str(path)) from None


def iter_sheet_records(
    path: str | os.PathLike[str], *, sheet: str | None = None
) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """A sheet as ``(0, header, None)`` then ``(number, values, None)`` or ``(number, None, reason)`` per
    row, like :func:`analyser.ingest.generic.iter_csv_records`.

    ``sheet`` names the sheet (default: the first).  Rows above the header that are empty are skipped, as
    are empty rows between records; a row with values beyond the header's last column is rejected.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    _check_container(path)
    calamine = _calamine()
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        if not names:
            raise InputError("the workbook has no sheets", file=str(path))
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            raise InputError(f"no sheet named '{sheet}' (the workbook has: {', '.join(names)})", file=str(path))
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except InputError:
        raise
    except Exception as error:  # a corrupt workbook: calamine's own error types
        raise InputError(f"cannot read the workbook: {error}", file=str(path)) from None
    texts = ([cell_text(v) for v in row] for row in rows)
    header: list[str] | None = None
    for values in texts:
        if any(v.strip() for v in values):
            header = values
            break
    if header is None:
        raise InputError(f"sheet '{name}' is empty (no header row)", file=str(path))
    while header and not header[-1].strip():
        header.pop()
    header = [v.strip() or f"column {index}" for index, v in enumerate(header, start=1)]
    yield 0, header, None
    number = 0
    for values in texts:
        if not any(v.strip() for v in values):
            continue
        number += 1
        extra = values[len(header) :]
        if any(v.strip() for v in extra):
            last = max(i for i, v in enumerate(values) if v.strip()) + 1
            yield number, None, f"ragged row: values in {last} columns where the header has {len(header)}"
            continue
        yield number, values[: len(header)] + [""] * (len(header) - len(values)), None
