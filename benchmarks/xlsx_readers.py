"""Which library reads an .xlsx export faster: openpyxl (read-only, values only) or python-calamine?

    python benchmarks/xlsx_readers.py [--rows 20000] [--repeat 3]

Writes one workbook shaped like a helpdesk list export (a header row, 25 columns: ids, dates, short
fields and two memo columns of a few hundred characters) with openpyxl, then reads every cell of the
first sheet with each library, ``--repeat`` times, and prints the median seconds and rows per second.
The numbers quoted in the README's dependency table come from this script.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path


def make_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Meldingen")
    header = ["Incidentnummer", "Datum aanmelding", "Aanmelder", "Korte omschrijving", "Verzoek", "Actie"]
    header += [f"Veld {n}" for n in range(19)]
    sheet.append(header)
    start = datetime(2024, 1, 1, 8, 0)
    memo = "13-05-2024 10:15 Jansen, Piet:\nGoedemorgen, de printer op de tweede verdieping doet het niet. " * 3
    for n in range(rows):
        sheet.append(
            [f"I 2401-{n:05d}", start + timedelta(minutes=n), "Jansen, Piet", f"Printer {n}", memo, memo]
            + [n * k for k in range(19)]
        )
    book.save(path)


def read_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return len(book.get_sheet_by_index(0).to_python(skip_empty_area=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        make_workbook(path, args.rows)
        print(f"workbook: {args.rows} rows x 25 columns, {path.stat().st_size / 1e6:.1f} MB")
        for name, reader in (("openpyxl", read_openpyxl), ("python-calamine", read_calamine)):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                count = reader(path)
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            print(f"{name:16s} {median:6.2f} s (median of {args.repeat})  {count / median:9.0f} rows/s")


if __name__ == "__main__":
    main()
