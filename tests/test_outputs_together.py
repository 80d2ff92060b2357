"""All outputs of one run appear together or not at all, and two runs never write the same output at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyser.cli import main
from analyser.errors import InputError
from analyser.io import output_lock, output_set, write_json, write_table

REPLY = "Thanks for waiting, your laptop is ready for pick-up at the service desk."


def test_a_failed_run_leaves_none_of_its_outputs(tmp_path: Path) -> None:
    import pandas as pd

    with pytest.raises(RuntimeError), output_set(tmp_path / "out.csv") as outputs:
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.csv", into=outputs)
        write_json({"x": 1}, tmp_path / "out.meta.json", into=outputs)
        raise RuntimeError("boom")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_outputs_appear_together_with_the_metadata_last(tmp_path: Path) -> None:
    import pandas as pd

    with output_set(tmp_path / "out.csv") as outputs:
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.csv", into=outputs)
        write_json({"x": 1}, tmp_path / "out.meta.json", into=outputs)
        assert not (tmp_path / "out.csv").exists()  # nothing visible before the run has finished
    assert (tmp_path / "out.csv").exists() and (tmp_path / "out.meta.json").exists()
    assert not list(tmp_path.glob(".*"))  # no temporary file, no lock left


def test_a_second_run_on_the_same_output_stops_with_a_clear_message(tmp_path: Path) -> None:
    with (
        output_lock(tmp_path / "out.csv"),
        pytest.raises(InputError, match="another ticket-analyser run"),
        output_lock(tmp_path / "out.csv"),
    ):
        pass


def test_a_lock_left_by_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / ".out.csv.lock").write_text(f"{dead.pid} {os.uname().nodename}\n", encoding="utf-8")
    with output_lock(tmp_path / "out.csv"):
        pass
    assert not (tmp_path / ".out.csv.lock").exists()


def test_extract_refuses_to_write_an_output_another_run_is_writing(tmp_path: Path) -> None:
    source = tmp_path / "replies.csv"
    source.write_text(f"body\n{REPLY}\n", encoding="utf-8")
    with output_lock(tmp_path / "out.csv"):
        result = CliRunner().invoke(main, ["extract", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2 and "another ticket-analyser run" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_kill_term_mid_run_leaves_nothing_half_written(tmp_path: Path) -> None:
    source = tmp_path / "replies.csv"
    source.write_text("body\n" + "".join(f"{REPLY} Number {i}.\n" for i in range(5000)), encoding="utf-8")
    cli = Path(sys.executable).with_name("ticket-analyser")
    run = subprocess.Popen(
        [str(cli), "extract", str(source), "-o", str(tmp_path / "out.parquet")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CI": "1"},
    )
    deadline = time.monotonic() + 600
    while not list(tmp_path.glob(".out.parquet.*.part")) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.2)  # wait until the run has started writing
    run.send_signal(signal.SIGTERM)
    run.wait(timeout=120)
    assert run.returncode == 128 + signal.SIGTERM
    assert sorted(p.name for p in tmp_path.iterdir()) == ["replies.csv"]
