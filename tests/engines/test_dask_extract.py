"""extract --engine dask: the same rows and values as the single-process run, on a 2-worker LocalCluster.

Also: the count identity across partitions, a folder OUTPUT of atomic parts, a file OUTPUT assembled from them,
--resume after a lost part or a changed input, a worker killed mid-run, and the one-line errors (unreachable
scheduler, mixed schemas across input parts, the [dask] extra missing).
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")

from analyser.cli import main
from analyser.engines.dask_engine import extract_dask
from analyser.engines.partitions import pipelines_in_process
from analyser.errors import AnalyserError
from analyser.settings import EngineSettings, Settings


def settings_for(address: str, partition_size: int = 9) -> Settings:
    return dataclasses.replace(
        Settings(), engine=EngineSettings(name="dask", scheduler=address, partition_size=partition_size)
    )


def by_row(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("row").reset_index(drop=True)


def test_same_rows_and_values_as_the_single_process_run(cluster, replies_csv, single_process, tmp_path) -> None:
    local, client = cluster
    reference_path, reference = single_process
    messages: list[str] = []
    progress: list[tuple[int, int]] = []
    summary = extract_dask(
        replies_csv,
        f"{tmp_path}/features/",
        settings_for(local.scheduler_address),
        echo=messages.append,
        progress=lambda done, total: progress.append((done, total)),
    )
    parts = sorted((tmp_path / "features").glob("part-*.parquet"))
    assert len(parts) > 3  # the input really was cut into several partitions
    assert progress[-1] == (len(parts), len(parts))
    got = pd.read_parquet(tmp_path / "features")  # the folder reads as one table: nothing else is in it
    expected = pd.read_parquet(reference_path)
    pd.testing.assert_frame_equal(by_row(got), by_row(expected))
    assert set(got["language_basis"]) >= {"ticket"}  # short replies took their ticket's language

    # counts, rejects and metadata cover every partition: rows in = out + skipped + rejected
    assert summary.rows_in == reference.rows_in == summary.rows_out + summary.rows_skipped + summary.rows_rejected
    assert (summary.rows_out, summary.rows_skipped, summary.rows_rejected) == (
        reference.rows_out,
        reference.rows_skipped,
        reference.rows_rejected,
    )
    assert summary.reasons == reference.reasons and summary.rows_rejected == 3
    rejects = pd.read_csv(tmp_path / "features.rejects.csv")
    expected_rejects = pd.read_csv(reference_path.with_name("features.rejects.csv"))
    pd.testing.assert_frame_equal(rejects, expected_rejects)
    meta = json.loads((tmp_path / "features.meta.json").read_text())
    assert meta["counts"]["rows_in"] == reference.rows_in and meta["partitioned_by"] == "ticket_id"
    assert [p["part"] for p in meta["parts"]] == [p.name for p in parts]
    assert sum(p["rows_out"] for p in meta["parts"]) == reference.rows_out
    assert not (tmp_path / "features" / "_staging").exists()
    assert not list((tmp_path / "features").glob(".*"))  # no lock, no temporary file left

    # every ticket lies in exactly one part
    owners = {}
    for part in parts:
        for ticket in pd.read_parquet(part, columns=["ticket_id"])["ticket_id"].unique():
            assert owners.setdefault(ticket, part) == part, f"{ticket} split across parts"

    # the pipelines are built once per worker process (one per language), never once per partition
    built = client.run(pipelines_in_process)
    assert built and all(1 <= n <= 3 for n in built.values()), built


def test_a_file_output_is_assembled_from_the_parts(cluster, replies_csv, single_process, tmp_path) -> None:
    local, _ = cluster
    reference_path, _ = single_process
    out = tmp_path / "features.csv"
    extract_dask(replies_csv, out, settings_for(local.scheduler_address, partition_size=20))
    got = pd.read_csv(out)
    expected = pd.read_parquet(reference_path)
    assert list(got.columns) == list(expected.columns)
    assert sorted(got["row"]) == sorted(expected["row"])
    pd.testing.assert_series_equal(
        by_row(got)["communication_score"], by_row(expected)["communication_score"], check_dtype=False
    )
    assert not list(tmp_path.glob(".features.csv.parts*"))  # the work folder is gone once the run is finished
    assert (tmp_path / "features.meta.json").exists()


def test_resume_keeps_complete_parts_and_redoes_lost_or_changed_ones(cluster, replies_csv, tmp_path) -> None:
    local, _ = cluster
    settings = settings_for(local.scheduler_address)
    out = f"{tmp_path}/out/"
    extract_dask(replies_csv, out, settings)
    first = by_row(pd.read_parquet(out))
    parts = sorted(Path(out).glob("part-*.parquet"))
    # what `kill -9` of the command leaves: a part never renamed into place (its temporary), no meta.json,
    # the staged input, and the lock of a process that is gone
    parts[1].rename(parts[1].with_name(f".{parts[1].name}.0badf00d.part"))
    (tmp_path / "out.meta.json").unlink()
    (Path(out) / "_staging").mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (Path(out) / ".ticket-analyser.lock").write_text(f"{gone.pid} {socket.gethostname()}\n")
    messages: list[str] = []
    summary = extract_dask(replies_csv, out, settings, resume=True, echo=messages.append)
    assert f"resumed: {len(parts) - 1} of {len(parts)} parts were already complete and kept" in messages
    pd.testing.assert_frame_equal(by_row(pd.read_parquet(out)), first)
    assert summary.rows_in == summary.rows_out + summary.rows_skipped + summary.rows_rejected
    assert not list(Path(out).glob(".*")) and not (Path(out) / "_staging").exists()

    # the input changes: only the part whose rows changed is scored again (checked by its input checksum)
    copy = tmp_path / "copy.csv"
    text = replies_csv.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    extract_dask(copy, f"{tmp_path}/run2/", settings)
    copy.write_text(text.replace("Ok!", "Ok thanks a lot!", 1), encoding="utf-8")
    messages.clear()
    extract_dask(copy, f"{tmp_path}/run2/", settings, resume=True, echo=messages.append)
    assert f"resumed: {len(parts) - 1} of {len(parts)} parts were already complete and kept" in messages
    assert "Ok thanks a lot!" in set(pd.read_parquet(tmp_path / "run2")["body_clean"])


@pytest.mark.long  # its own cluster, killed and resumed: about a minute (CI deselects `long`)
def test_a_worker_killed_mid_run_fails_in_one_line_and_resume_finishes(replies_csv, single_process, tmp_path) -> None:
    """With no retries allowed, a worker that dies stops the run with one line; --resume then finishes it."""
    import dask
    from distributed import Client, LocalCluster

    reference_path, _ = single_process
    out = f"{tmp_path}/features/"
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as local,
        Client(local, set_as_default=False) as client,
    ):
        settings = settings_for(local.scheduler_address, partition_size=5)
        failure: list[BaseException] = []

        def run() -> None:
            try:
                extract_dask(replies_csv, out, settings)
            except BaseException as error:
                failure.append(error)

        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and thread.is_alive():
            busy = [worker for worker, tasks in client.processing().items() if tasks]
            if busy and list(Path(out).glob("part-*.parquet")):
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)  # the worker process dies as in a crash or an out-of-memory kill
                break
            time.sleep(0.2)
        thread.join(timeout=300)
        assert failure, "the run should have failed when its worker died"
        assert isinstance(failure[0], AnalyserError)
        message = str(failure[0])
        assert "\n" not in message and "--resume" in message and "KilledWorker" in message
        assert not (tmp_path / "features.meta.json").exists()  # the run is not finished
        assert not list(Path(out).glob(".part-*"))  # nothing half-written is left looking like a part

        messages: list[str] = []
        extract_dask(replies_csv, out, settings, resume=True, echo=messages.append)
    assert any(m.startswith("resumed: ") for m in messages)
    pd.testing.assert_frame_equal(by_row(pd.read_parquet(out)), by_row(pd.read_parquet(reference_path)))


def test_an_unreachable_scheduler_is_one_line_and_exit_2(replies_csv, tmp_path) -> None:
    """Within connect-timeout (read from the configuration file; default 10 s, at most 300)."""
    config = tmp_path / "ticket-analyser.toml"
    config.write_text("[engine]\nconnect-timeout = 2\n", encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(
        main,
        [
            "extract",
            str(replies_csv),
            "-o",
            f"{tmp_path}/out/",
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--config",
            str(config),
        ],
    )
    assert time.monotonic() - started < 2 + 8  # the timeout, plus start-up
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: tcp://127.0.0.1:9: cannot reach the Dask scheduler")


def test_mixed_schemas_across_input_parts_name_the_part(tmp_path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    pd.DataFrame({"ticket_id": ["T1"], "body": ["Hello there"]}).to_parquet(parts / "part.0.parquet")
    pd.DataFrame({"ticket_id": ["T2"], "text": ["Hello again"]}).to_parquet(parts / "part.1.parquet")
    result = CliRunner().invoke(main, ["extract", str(parts), "-o", f"{tmp_path}/out/", "--engine", "dask"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {parts / 'part.1.parquet'}: mixed schemas: this part's columns differ from part.0.parquet's "
        "(missing body; extra text)"
    ]
    pd.DataFrame({"ticket_id": [2], "body": ["Hello again"]}).to_parquet(parts / "part.1.parquet")
    result = CliRunner().invoke(main, ["extract", str(parts), "-o", f"{tmp_path}/out/", "--engine", "dask"])
    assert result.exit_code == 2 and "column 'ticket_id' is int64 here but string in part.0.parquet" in result.output


def test_a_missing_dask_extra_is_one_line(monkeypatch, replies_csv, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    result = CliRunner().invoke(main, ["extract", str(replies_csv), "-o", f"{tmp_path}/o/", "--engine", "dask"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: `ticket-analyser extract --engine dask` needs the [dask] extra (missing: distributed); "
        "install it with: pip install 'ticket-analyser[dask]' (or [all])"
    ]


def test_parts_of_a_folder_input_keep_tickets_whole_across_files(cluster, reply_rows, single_process, tmp_path) -> None:
    """Input parts whose tickets straddle two files: same values per reply as the single-process run."""
    local, _ = cluster
    reference_path, _ = single_process
    rows = pd.DataFrame(reply_rows).astype("string")
    folder = tmp_path / "in"
    folder.mkdir()
    rows.iloc[: len(rows) // 2].to_parquet(folder / "part.0.parquet", index=False)
    rows.iloc[len(rows) // 2 :].to_parquet(folder / "part.1.parquet", index=False)
    summary = extract_dask(folder, f"{tmp_path}/out/", settings_for(local.scheduler_address))
    got = pd.read_parquet(tmp_path / "out")
    assert set(got["file"]) == {str(folder / "part.0.parquet"), str(folder / "part.1.parquet")}
    expected = pd.read_parquet(reference_path)
    columns = [c for c in expected.columns if c not in ("row", "reply_id")]
    # the reference has the same replies (plus a ragged record it rejected); compare value by value per reply
    got_by_id = got.set_index("reply_id")[columns].sort_index()
    want_by_id = expected.set_index("reply_id")[columns].sort_index()
    pd.testing.assert_frame_equal(got_by_id.loc[want_by_id.index], want_by_id)
    assert summary.rows_in == summary.rows_out + summary.rows_skipped + summary.rows_rejected


def test_a_second_run_on_the_same_output_is_refused(replies_csv, tmp_path) -> None:
    """The run holds the output's lock (analyser.io.output_set) from before its first part to its meta.json."""
    out = tmp_path / "features"
    out.mkdir()
    lock = out / ".ticket-analyser.lock"
    lock.write_text(f"{os.getpid()} {socket.gethostname()}\n")  # a live run: this process
    result = CliRunner().invoke(main, ["extract", str(replies_csv), "-o", f"{out}/", "--engine", "dask"])
    assert result.exit_code == 2
    assert "another ticket-analyser run" in result.output and len(result.output.strip().splitlines()) == 1
    assert not list(out.glob("part-*")) and lock.exists()
