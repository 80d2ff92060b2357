"""End-to-end study runs on simulated datasets: right parts, consistent numbers, honest outputs."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest

from analyser.io import write_dataset
from analyser.study import StudyConfig, run_study, write_study
from analyser.study.prepare import agent_replies, prepare
from analyser.study.simulate import PlantedEffects, simulate_dataset

STRONG = PlantedEffects(communication=0.6, it_failed=-1.2, interaction=0.4)  # as in conftest.py


def test_strong_planted_effect_is_found_and_every_part_runs(strong_result) -> None:
    result = strong_result
    assert all(status == "ran" for status in result.parts.values()), result.parts
    verdicts = {v.part: v for v in result.verdicts}
    assert verdicts["compensation"].status == "supported"
    assert verdicts["spoiling"].status == "supported"
    model = result.model
    assert model.family.startswith("ordinal logit")
    assert model.cov_type == "cluster" and model.n_clusters == 20 and model.df == 19
    # the planted slopes lie in the model's intervals (agent_sd is small, so attenuation is small)
    assert model.slope_ok.ci_low <= STRONG.communication <= model.slope_ok.ci_high
    assert model.slope_failed.ci_low <= STRONG.slope_failed <= model.slope_failed.ci_high
    comm = result.correlations.set_index("feature").loc["communication_score"]
    assert comm["rho"] > 0 and comm["significant"]
    assert comm["ci_low"] <= comm["rho"] <= comm["ci_high"]


def test_two_by_two_cells_match_the_analysed_tickets(strong_result) -> None:
    result = strong_result
    tickets = result.tickets
    cells = result.table.cells
    assert cells["n"].sum() == len(tickets.dropna(subset=["it_failed"]))
    good = tickets["communication_score"] >= result.table.cut
    failed_good = tickets.loc[tickets["it_failed"].astype(bool) & good, "csat"]
    row = cells.set_index(["it_outcome", "communication"]).loc[("failed", "good")]
    assert row["n"] == len(failed_good)
    assert row["mean_csat"] == pytest.approx(failed_good.mean())
    assert row["ci_low"] < row["mean_csat"] < row["ci_high"]
    # median cut: the two communication groups are (nearly) equal halves
    assert abs(good.mean() - 0.5) < 0.02


def test_only_public_agent_replies_are_scored(strong_dataset) -> None:
    prepared = prepare(strong_dataset, StudyConfig())
    replies = strong_dataset.replies
    expected = replies[(replies["author_role"] == "agent") & replies["public"].fillna(True)]
    assert len(prepared.replies) == len(expected)
    assert len(agent_replies(replies)) == len(expected)
    # internal notes carry a communication score of 0: had they leaked in, some ticket minimum would be 0
    assert prepared.replies["communication_score"].min() > 0


def test_aggregations_differ_as_documented(strong_dataset) -> None:
    tables = {
        how: prepare(strong_dataset, StudyConfig(aggregate=how)).tickets.set_index("ticket_id")["communication_score"]
        for how in ("first", "mean", "worst")
    }
    assert (tables["worst"] <= tables["mean"] + 1e-9).all()
    assert (tables["worst"] <= tables["first"] + 1e-9).all()
    assert not np.allclose(tables["first"], tables["mean"])
    agents = agent_replies(strong_dataset.replies).sort_values(["ticket_id", "created_at"])
    first = agents.groupby("ticket_id")["communication_score"].first()
    assert np.allclose(tables["first"].sort_index(), first.loc[tables["first"].index].sort_index())


def test_null_data_supports_nothing(fast_config) -> None:
    data = simulate_dataset(400, PlantedEffects(), scale="1-5", seed=3, agent_sd=0.3)
    result = run_study(data, fast_config)
    statuses = {v.part: v.status for v in result.verdicts}
    assert statuses["compensation"] != "supported" and statuses["spoiling"] != "supported"
    assert "could detect" in next(v for v in result.verdicts if v.part == "spoiling").summary


def test_good_bad_scale_uses_logistic_regression(fast_config) -> None:
    result = run_study(simulate_dataset(400, STRONG, scale="good/bad", seed=5), fast_config)
    assert result.model.family.startswith("logistic")
    cells = result.table.cells
    assert ((cells["mean_csat"] >= 0) & (cells["mean_csat"] <= 1)).all()


def test_results_json_is_strict_json_with_reproducibility(strong_result, tmp_path) -> None:
    paths = write_study(strong_result, tmp_path / "study")
    text = paths["results"].read_text("utf-8")

    def reject(constant: str) -> None:
        raise AssertionError(f"non-JSON constant {constant} in results.json")

    data = json.loads(text, parse_constant=reject)
    repro = data["reproducibility"]
    assert repro["seed"] == 7
    assert repro["configuration"]["aggregate"] == "mean"
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", repro["input_checksum"])
    assert {"pandas", "statsmodels", "scipy", "numpy", "python"} <= set(repro["package_versions"])
    assert data["model"]["interaction"]["estimate"] == pytest.approx(strong_result.model.interaction.estimate)
    assert len(data["correlations"]) == len(strong_result.correlations)
    assert {v["part"] for v in data["verdicts"]} == {"compensation", "spoiling", "relative size"}
    assert data["power"]["interaction_mde_log_odds"] > 0
    tickets = pd.read_csv(paths["tickets"])
    assert len(tickets) == data["data"]["n_tickets_analysed"]


def test_same_seed_same_numbers_and_checksum_follows_the_input(tmp_path, fast_config) -> None:
    data = simulate_dataset(150, STRONG, seed=9)
    write_dataset(data, tmp_path / "a")
    first = run_study(tmp_path / "a", fast_config).to_dict()
    second = run_study(tmp_path / "a", fast_config).to_dict()
    assert first["correlations"] == second["correlations"]
    assert first["reproducibility"]["input_checksum"] == second["reproducibility"]["input_checksum"]
    changed = simulate_dataset(150, STRONG, seed=10)
    write_dataset(changed, tmp_path / "b")
    third = run_study(tmp_path / "b", fast_config).to_dict()
    assert third["reproducibility"]["input_checksum"] != first["reproducibility"]["input_checksum"]


def test_report_is_self_contained_and_escapes_data(tmp_path, fast_config) -> None:
    data = simulate_dataset(200, STRONG, seed=4)
    evil = "<script>alert('x')</script>"
    for table in (data.tickets, data.replies):
        table.loc[table["agent_id"] == "A01", "agent_id"] = evil
    result = run_study(data, fast_config)
    html = write_study(result, tmp_path)["report"].read_text("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    external = re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert external == []
    assert "<link" not in html and "@import" not in html
    assert html.count("<svg") >= 4  # interaction, forest, distributions, agents
    for heading in ("Verdicts", "2x2 table", "Feature correlations", "Stelling 2", "Reproducibility"):
        assert heading in html
    assert math.isfinite(result.model.interaction.estimate)
