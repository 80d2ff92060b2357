"""study --features FOLDER/ --engine dask: the same study as in process, on a 2-worker LocalCluster.

Two inputs: the replies of conftest scored by ``extract --engine dask`` (the real chain, with a small tickets
table), and a simulated dataset of 400 tickets (every part of the study runs on it; no NLP) cut into parts by
ticket.  Also the one-line errors: an unfinished extract folder (no meta.json), mixed schemas across parts, a
part changed after the run, --engine dask without --features, and the [dask] extra missing.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")

from analyser.cli import main
from analyser.engines.dask_engine import extract_dask
from analyser.engines.feature_parts import study_input, write_feature_parts
from analyser.io import Dataset, write_table
from analyser.settings import EngineSettings, Settings
from analyser.study import StudyConfig, run_study
from analyser.study.prepare import prepare
from analyser.study.simulate import PlantedEffects, simulate_dataset

FAST = StudyConfig(bootstrap_resamples=200, seed=7)


def on_dask(address: str, partition_size: int = 5000) -> Settings:
    engine = EngineSettings(name="dask", scheduler=address, partition_size=partition_size)
    return dataclasses.replace(Settings(), engine=engine)


def comparable(result) -> dict:
    payload = result.to_dict()
    payload.pop("reproducibility")
    payload["data"].pop("source")
    return payload


@pytest.fixture(scope="module")
def simulated() -> Dataset:
    effects = PlantedEffects(communication=0.6, it_failed=-1.2, interaction=0.4)
    return simulate_dataset(400, effects, scale="1-5", seed=11, agent_sd=0.2)


@pytest.fixture(scope="module")
def simulated_parts(simulated, tmp_path_factory) -> tuple[Path, Path]:
    """The simulated tickets table, and its replies (customer messages and notes included) as 7 parts."""
    root = tmp_path_factory.mktemp("simulated")
    tickets = write_table(simulated.tickets, root / "tickets.parquet")
    return tickets, write_feature_parts(simulated.replies, root / "features", 7)


def test_the_study_on_dask_equals_the_in_process_study(cluster, simulated, simulated_parts) -> None:
    local, _ = cluster
    tickets, folder = simulated_parts
    reference = run_study(simulated, FAST)
    got = run_study(tickets, FAST, settings=on_dask(local.scheduler_address), features=folder)
    assert got.data.replies is None  # the reply rows stayed on the cluster
    pd.testing.assert_frame_equal(got.tickets, reference.tickets)
    assert comparable(got) == comparable(reference)
    assert got.parts["model"] == "ran" and got.parts["stelling2"] == "ran"
    checked = got.reproducibility["input_files"]
    assert set(checked) == {"tickets.parquet", "features.meta.json"}


@pytest.mark.parametrize("how", ["first", "worst"])
def test_every_aggregation_gives_the_in_process_ticket_table(cluster, simulated, simulated_parts, how) -> None:
    local, _ = cluster
    tickets, folder = simulated_parts
    config = StudyConfig(aggregate=how)
    reference = prepare(simulated, config)
    dataset, summary = study_input(tickets, folder, config, on_dask(local.scheduler_address))
    got = prepare(dataset, config, summary=summary)
    pd.testing.assert_frame_equal(got.tickets, reference.tickets)
    expected_axes = reference.reply_summary.agent_axes
    # per-agent means are sums of per-part sums on Dask: equal up to the last bits
    pd.testing.assert_frame_equal(summary.agent_axes, expected_axes, check_exact=False, rtol=1e-12)
    assert (summary.n_replies, summary.n_tickets) == (
        reference.reply_summary.n_replies,
        reference.n_tickets_with_replies,
    )


def test_extract_on_dask_then_study_on_dask_equals_the_in_process_chain(
    cluster, reply_rows, replies_csv, single_process, tmp_path
) -> None:
    """Replies scored by extract --engine dask, studied from the folder on Dask and with the local engine, give
    the study of the single-process extract output; the CLI end to end."""
    local, _ = cluster
    reference_features, _ = single_process
    tickets = sorted({row["ticket_id"] for row in reply_rows})
    rng = np.random.default_rng(5)
    table = pd.DataFrame(
        {
            "ticket_id": tickets,
            "csat_score": rng.integers(1, 6, len(tickets)),
            "csat_scale": "1-5",
            "resolved": rng.integers(0, 2, len(tickets)).astype(bool),
        }
    )
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    table.to_csv(dataset / "tickets.csv", index=False)
    pd.read_parquet(reference_features).to_parquet(dataset / "replies.parquet")  # the in-process chain
    extract_dask(replies_csv, f"{tmp_path}/features/", on_dask(local.scheduler_address, partition_size=9))
    folder = tmp_path / "features"
    assert len(list(folder.glob("part-*.parquet"))) > 1

    reference = run_study(dataset, FAST)
    on_cluster = run_study(dataset / "tickets.csv", FAST, settings=on_dask(local.scheduler_address), features=folder)
    in_process = run_study(dataset / "tickets.csv", FAST, features=folder)
    for got in (on_cluster, in_process):
        pd.testing.assert_frame_equal(got.tickets, reference.tickets)
        assert comparable(got) == comparable(reference)

    out = tmp_path / "study"
    result = CliRunner().invoke(
        main,
        [
            "study",
            str(dataset / "tickets.csv"),
            "--features",
            str(folder),
            "--engine",
            "dask",
            "--scheduler",
            local.scheduler_address,
            "--bootstrap",
            "200",
            "--seed",
            "7",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    written = json.loads((out / "results.json").read_text())
    assert written["data"]["n_tickets_analysed"] == len(reference.tickets)


def _study(*arguments: str):
    return CliRunner().invoke(main, ["study", *arguments])


def test_an_unfinished_extract_folder_is_one_line(simulated_parts, tmp_path) -> None:
    tickets, folder = simulated_parts
    broken = tmp_path / "features"
    broken.mkdir()
    for part in folder.glob("part-*.parquet"):
        (broken / part.name).write_bytes(part.read_bytes())
    result = _study(str(tickets), "--features", str(broken), "--engine", "dask", "-o", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {broken}: incomplete extract output: features.meta.json is missing beside the folder, so the "
        "extract run that wrote it did not finish; finish it with the same `extract --engine dask` command and "
        "--resume"
    ]


def test_mixed_schemas_and_changed_parts_name_the_part(simulated, tmp_path) -> None:
    tickets = write_table(simulated.tickets, tmp_path / "tickets.parquet")
    folder = write_feature_parts(simulated.replies, tmp_path / "features", 3)
    odd = folder / "part-00002.parquet"
    frame = pd.read_parquet(odd)
    frame.rename(columns={"politeness": "courtesy"}).to_parquet(odd, index=False)
    result = _study(str(tickets), "--features", str(folder), "-o", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {odd}: mixed schemas: this part's columns differ from part-00000.parquet's "
        "(missing politeness; extra courtesy)"
    ]
    frame.iloc[1:].to_parquet(odd, index=False)
    result = _study(str(tickets), "--features", str(folder), "--engine", "dask", "-o", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"error: {odd}: the part has {len(frame) - 1} rows but meta.json")
    assert len(result.output.strip().splitlines()) == 1


def test_dask_without_a_feature_folder_and_a_missing_extra_are_one_line(monkeypatch, simulated_parts, tmp_path) -> None:
    tickets, folder = simulated_parts
    result = _study(str(tickets), "--engine", "dask", "-o", str(tmp_path / "s"))
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "study --engine dask works on a folder of feature parts" in result.output
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    result = _study(str(tickets), "--features", str(folder), "--engine", "dask", "-o", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: `ticket-analyser study --engine dask` needs the [dask] extra (missing: distributed); "
        "install it with: pip install 'ticket-analyser[dask]' (or [all])"
    ]
