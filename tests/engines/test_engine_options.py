"""Engine options that do not go together: what needs --engine dask (or the local engine) says so in one line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from analyser.cli import main


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["{csv}", "-o", "{tmp}/features/"], "a folder OUTPUT (one Parquet part per partition) needs --engine dask"),
        (["{tmp}", "-o", "{tmp}/features.parquet"], "a folder of input parts needs --engine dask"),
        (["{csv}", "-o", "{tmp}/f.parquet", "--resume"], "--resume continues an --engine dask run"),
        (["{csv}", "-o", "{tmp}/features/", "--engine", "dask", "--jobs", "2"], "--jobs is for the local engine"),
    ],
)
def test_what_needs_the_dask_engine_says_so(arguments, said, tmp_path) -> None:
    csv = tmp_path / "replies.csv"
    csv.write_text("ticket_id,body\nT1,Thank you for waiting.\n", encoding="utf-8")
    given = [a.format(csv=csv, tmp=tmp_path) for a in arguments]
    result = CliRunner().invoke(main, ["extract", *given])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and said in lines[0]
    assert not list(tmp_path.glob("features*"))
