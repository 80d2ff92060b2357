"""Does the study's method work?  Repeated simulations with planted effects, larger than the unit tests.

    python evaluation/study_simulation.py              # full run (a few minutes on 2 cores)
    python evaluation/study_simulation.py --quick      # fewer replications
    python evaluation/study_simulation.py --json out.json

Reports, for the model the study fits (logistic for good/bad CSAT, ordinal logit for 1-5):

* coverage: how often the interval of the interaction covers the planted value (should be about 1 - alpha);
* bias: mean estimate minus the planted value;
* power by number of tickets: how often the planted interaction is found (p < alpha);
* false-positive rate on null data with agent effects (should be about alpha), for the interaction and for a
  "compensation supported" verdict (one-sided, should be about alpha / 2).

Seeds are fixed, so the numbers are reproducible; the replications run in a process pool.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from functools import partial

import numpy as np
from scipy import stats

from analyser.study.simulate import PlantedEffects, simulate_tickets
from analyser.study.stats import fit_interaction_model

ALPHA = 0.05
PLANTED = PlantedEffects(communication=0.3, it_failed=-1.0, interaction=0.5)


def one_run(seed: int, *, n: int, effects: PlantedEffects, scale: str, agent_sd: float, n_agents: int) -> dict:
    warnings.simplefilter("ignore")
    tickets = simulate_tickets(n, effects, scale=scale, seed=seed, agent_sd=agent_sd, n_agents=n_agents)
    fit = fit_interaction_model(tickets, scale, alpha=ALPHA)
    return {
        "estimate": fit.interaction.estimate,
        "covered": fit.interaction.ci_low <= effects.interaction <= fit.interaction.ci_high,
        "significant": fit.interaction.p < ALPHA,
        "compensation_supported": fit.slope_failed.ci_low > 0,
        "slope_failed_covered": fit.slope_failed.ci_low <= effects.slope_failed <= fit.slope_failed.ci_high,
    }


def batch(pool: ProcessPoolExecutor, reps: int, base_seed: int, **kwargs) -> dict:
    runs = list(pool.map(partial(one_run, **kwargs), range(base_seed, base_seed + reps), chunksize=4))
    est = np.array([r["estimate"] for r in runs])

    def share(key: str) -> dict:
        hits = int(sum(r[key] for r in runs))
        interval = stats.binomtest(hits, reps).proportion_ci(0.95)
        return {"rate": hits / reps, "ci95": [round(interval.low, 3), round(interval.high, 3)]}

    return {
        "reps": reps,
        "mean_estimate": float(est.mean()),
        "sd_estimate": float(est.std(ddof=1)),
        "coverage": share("covered"),
        "slope_failed_coverage": share("slope_failed_covered"),
        "power": share("significant"),
        "compensation_supported": share("compensation_supported"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer replications")
    parser.add_argument("--json", help="also write the numbers to this file")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    scale_reps = 0.25 if args.quick else 1.0
    reps = lambda k: max(20, int(k * scale_reps))  # noqa: E731
    out: dict = {"alpha": ALPHA, "planted": PLANTED.to_dict()}
    started = time.time()
    with ProcessPoolExecutor(args.workers) as pool:
        common = {"effects": PLANTED, "agent_sd": 0.0, "n_agents": 20}
        out["coverage_logistic"] = {
            n: batch(pool, reps(400), 1000 * n, n=n, scale="good/bad", **common) for n in (400, 1000, 3000)
        }
        out["coverage_ordinal_1_5"] = {
            n: batch(pool, reps(200), 7 + 1000 * n, n=n, scale="1-5", **common) for n in (600,)
        }
        out["power_logistic"] = {
            n: batch(pool, reps(200), 500_000 + n, n=n, scale="good/bad", **common)["power"]
            for n in (150, 300, 600, 1200, 2400)
        }
        out["power_ordinal_1_5"] = {
            n: batch(pool, reps(100), 600_000 + n, n=n, scale="1-5", **common)["power"] for n in (150, 300, 600, 1200)
        }
        null = {"effects": PlantedEffects(), "agent_sd": 0.5, "n_agents": 30}
        out["null_logistic"] = batch(pool, reps(500), 900_000, n=400, scale="good/bad", **null)
        out["null_ordinal_1_5"] = batch(pool, reps(200), 950_000, n=400, scale="1-5", **null)
        few = {"effects": PlantedEffects(), "agent_sd": 0.5, "n_agents": 8}
        out["null_logistic_8_agents"] = batch(pool, reps(300), 990_000, n=400, scale="good/bad", **few)
    out["seconds"] = round(time.time() - started, 1)

    def row(name: str, result: dict) -> str:
        return (
            f"| {name} | {result['reps']} | {result['mean_estimate']:+.3f} | {result['coverage']['rate']:.3f} "
            f"{result['coverage']['ci95']} | {result['power']['rate']:.3f} | {result['compensation_supported']['rate']:.3f} |"
        )

    print(f"planted: {PLANTED.to_dict()}, alpha = {ALPHA}\n")
    print("| run | reps | mean interaction estimate | coverage [95% CI] | p < alpha | compensation 'supported' |")
    print("|---|---|---|---|---|---|")
    for n, result in out["coverage_logistic"].items():
        print(row(f"logistic, planted, N={n}", result))
    for n, result in out["coverage_ordinal_1_5"].items():
        print(row(f"ordinal 1-5, planted, N={n}", result))
    print(row("logistic, null, 30 agents (agent_sd 0.5), N=400", out["null_logistic"]))
    print(row("ordinal 1-5, null, 30 agents, N=400", out["null_ordinal_1_5"]))
    print(row("logistic, null, 8 agents, N=400", out["null_logistic_8_agents"]))
    print("\npower (interaction 0.5 log-odds per 10 points) by N:")
    for name in ("power_logistic", "power_ordinal_1_5"):
        print(f"  {name}: " + ", ".join(f"N={n}: {v['rate']:.2f}" for n, v in out[name].items()))
    print(f"\n{out['seconds']} s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(out, handle, indent=2, default=str)


if __name__ == "__main__":
    main()
