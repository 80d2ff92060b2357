"""Bad input: a clear message on what is missing and which parts could still run; never a traceback."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from analyser.cli import main
from analyser.errors import InputError
from analyser.io import Dataset, write_dataset
from analyser.study import StudyConfig, run_study
from analyser.study.simulate import PlantedEffects, simulate_dataset

STRONG = PlantedEffects(communication=0.6, it_failed=-1.2, interaction=0.4)  # as in conftest.py


def _copy(data: Dataset) -> Dataset:
    return Dataset(tickets=data.tickets.copy(), replies=data.replies.copy(), source=data.source)


@pytest.fixture(scope="module")
def base() -> Dataset:
    return simulate_dataset(300, STRONG, scale="1-5", seed=21)


def test_no_csat_at_all_says_what_is_missing_and_what_could_run(base, fast_config) -> None:
    data = _copy(base)
    data.tickets["csat_score"] = pd.NA
    with pytest.raises(InputError) as raised:
        run_study(data, fast_config)
    message = str(raised.value)
    assert "no CSAT" in message and "0 of 300" in message
    assert "could still run" in message and "csat_score" in message


def test_mixed_scales_are_refused_with_the_counts_and_a_way_out(base, fast_config) -> None:
    data = _copy(base)
    rated = data.tickets.index[data.tickets["csat_score"].notna()]
    switch = rated[:60]
    data.tickets.loc[switch, "csat_scale"] = "good/bad"
    data.tickets.loc[switch, "csat_score"] = 1.0
    with pytest.raises(InputError) as raised:
        run_study(data, fast_config)
    message = str(raised.value)
    assert "mixed scales" in message and "'good/bad': 60" in message and "--scale" in message
    result = run_study(data, StudyConfig(bootstrap_resamples=200, scale="1-5"))
    assert result.summary["n_tickets_analysed"] == len(rated) - 60
    assert result.summary["csat_scale"] == "1-5"


def test_scores_off_the_scale_are_named(base, fast_config) -> None:
    data = _copy(base)
    data.tickets.loc[data.tickets.index[:3], "csat_score"] = 7.0
    with pytest.raises(InputError, match=r"3 CSAT scores are not on the '1-5' scale"):
        run_study(data, fast_config)


def test_too_few_tickets_stops_with_a_clear_message(fast_config) -> None:
    data = simulate_dataset(8, STRONG, seed=1)
    with pytest.raises(InputError, match="too few tickets: 8 rated"):
        run_study(data, fast_config)


def test_too_few_tickets_for_the_model_still_runs_correlations_and_table(fast_config) -> None:
    result = run_study(simulate_dataset(30, STRONG, seed=2, n_agents=6), fast_config)
    assert result.parts["correlations"] == "ran" and result.parts["table_2x2"] == "ran"
    assert result.parts["model"].startswith("skipped: too few tickets for a model: 30")
    assert all(v.status == "not run" for v in result.verdicts)
    assert any(item.part == "model" and item.severity == "skipped" for item in result.limitations)


def test_one_agent_only_runs_without_clustering_and_skips_stelling_2(base, fast_config) -> None:
    data = _copy(base)
    data.tickets["agent_id"] = "solo"
    data.replies.loc[data.replies["author_role"] == "agent", "agent_id"] = "solo"
    result = run_study(data, fast_config)
    assert result.model is not None and result.model.cov_type == "HC1"
    assert result.parts["stelling2"].startswith("skipped")
    assert any("1 agent only" in item.message for item in result.limitations)


def test_a_constant_feature_is_left_out_by_name(base, fast_config) -> None:
    data = _copy(base)
    data.replies.loc[data.replies["author_role"] == "agent", "politeness"] = 0.5
    result = run_study(data, fast_config)
    assert "politeness" not in set(result.correlations["feature"])
    assert any("politeness (= 0.5)" in item.message for item in result.limitations)
    assert result.parts["model"] == "ran"


def test_constant_communication_score_skips_table_and_model_but_not_correlations(base, fast_config) -> None:
    data = _copy(base)
    data.replies.loc[data.replies["author_role"] == "agent", "communication_score"] = 70.0
    result = run_study(data, fast_config)
    assert result.parts["correlations"] == "ran"
    assert "constant" in result.parts["table_2x2"] and result.model is None
    assert {v.status for v in result.verdicts} == {"not run"}


def test_no_it_outcome_gives_correlations_only(base, fast_config) -> None:
    data = _copy(base)
    for column in ("resolved", "reopened", "sla_breached"):
        data.tickets[column] = pd.NA
    result = run_study(data, fast_config)
    assert result.parts["correlations"] == "ran"
    assert result.table is None and result.model is None
    assert "no IT outcome" in result.parts["table_2x2"]


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, base) -> None:
    data = _copy(base)
    data.tickets["csat_score"] = pd.NA
    write_dataset(data, tmp_path / "in")
    run = CliRunner().invoke(main, ["study", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert run.exit_code == 2
    assert "Traceback" not in run.output
    assert run.output.strip().count("\n") == 0 and "no CSAT" in run.output
    assert not (tmp_path / "out" / "report.html").exists()


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [("--communication-cut", "lots", "--communication-cut"), ("--alpha", "0.9", "--alpha")],
)
def test_cli_bad_options_exit_2(tmp_path, base, option, value, fragment) -> None:
    write_dataset(base, tmp_path / "in")
    run = CliRunner().invoke(main, ["study", str(tmp_path / "in"), option, value])
    assert run.exit_code == 2 and fragment in run.output


def test_cli_success_writes_outputs_and_json_summary(tmp_path) -> None:
    write_dataset(simulate_dataset(200, PlantedEffects(0.5, -1.0, 0.3), seed=8), tmp_path / "in")
    out = tmp_path / "out"
    run = CliRunner().invoke(
        main,
        ["study", str(tmp_path / "in"), "-o", str(out), "--format", "json", "--bootstrap", "200", "--seed", "3",
         "--aggregate", "worst", "--communication-cut", "60"],
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    payload = json.loads(run.output)
    assert payload["reproducibility"]["configuration"]["aggregate"] == "worst"
    assert payload["table_2x2"]["cut"] == 60.0
    assert (out / "report.html").exists() and (out / "results.json").exists()


def test_cli_reads_study_settings_from_the_config_file_and_rejects_unknown_keys(tmp_path) -> None:
    write_dataset(simulate_dataset(120, STRONG, seed=12), tmp_path / "in")
    config = tmp_path / "ticket-analyser.toml"
    config.write_text('[study]\naggregate = "first"\nbootstrap = 150\nseed = 5\n', "utf-8")
    run = CliRunner().invoke(
        main, ["study", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--format", "json", "--seed", "9"]
    )
    assert run.exit_code == 0, run.output
    configuration = json.loads(run.output)["reproducibility"]["configuration"]
    assert configuration["aggregate"] == "first" and configuration["bootstrap_resamples"] == 150
    assert configuration["seed"] == 9  # the command line wins
    config.write_text("[study]\nalfa = 0.1\n", "utf-8")
    run = CliRunner().invoke(main, ["study", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert run.exit_code == 2 and "alfa" in run.output and "Traceback" not in run.output


def test_a_cut_that_empties_a_group_is_explained(base, fast_config) -> None:
    result = run_study(base, StudyConfig(bootstrap_resamples=200, communication_cut=1.0))
    assert result.parts["model"] == "ran"
    relative = next(v for v in result.verdicts if v.part == "relative size")
    assert relative.status == "not run" and "cut" in relative.summary
    assert any("--communication-cut" in item.message for item in result.limitations)


def test_cli_tickets_csv_cells_are_spreadsheet_safe(tmp_path) -> None:
    """Team and agent names a spreadsheet would run as formulas get the audit's apostrophe (issue 12)."""
    data = simulate_dataset(120, STRONG, seed=12)
    formulas = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]
    data.tickets["team"] = [formulas[i % 4] for i in range(len(data.tickets))]
    write_dataset(data, tmp_path / "in")
    run = CliRunner().invoke(main, ["study", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--bootstrap", "100"])
    assert run.exit_code == 0, run.output
    tickets = pd.read_csv(tmp_path / "out" / "tickets.csv", dtype=str, keep_default_na=False)
    assert set(tickets["team"]) == {"'" + f for f in formulas}
    assert not tickets.map(lambda v: v.startswith(("=", "+", "@"))).any().any()
    assert pd.to_numeric(tickets["communication_score"]).notna().all()  # numbers stay numbers
