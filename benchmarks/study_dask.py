"""Benchmark: ``study --features FOLDER/ --engine dask`` against the in-process study, in the same run.

Speed and memory are measured here, not in the tests.  The script

1. simulates a dataset of N tickets (``analyser.study.simulate``: replies with feature columns, customer
   messages and internal notes; no NLP, seeded) and writes it twice: as a dataset folder (tickets.parquet +
   replies.parquet) and as a tickets table plus a folder of feature parts cut by ticket, with the meta.json
   ``extract --engine dask`` writes beside it;
2. runs the in-process study on the dataset folder, then ``study --features`` with the local engine, then
   with ``--engine dask`` on a LocalCluster of W single-threaded workers (started before the clock starts, as
   a running cluster would be), each in a fresh interpreter, recording wall time, CPU seconds and the peak
   memory of the command's process (and of each worker);
3. checks that every results.json equals the in-process one (all but the reproducibility block).

The simulated replies are narrower than a real extract output (14 feature columns instead of about 80), so
the memory the in-process study needs for real replies is larger than measured here; the Dask run's command
holds one row per ticket either way.

Run: python benchmarks/study_dask.py --tickets 3000 [--parts 20] [--workers 2]
     python benchmarks/study_dask.py --tickets 200000 --prepare-only   # the replies-to-tickets step alone
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def write_inputs(n_tickets: int, parts: int, root: Path) -> dict[str, int]:
    """The simulated dataset as a dataset folder and as tickets + a folder of feature parts."""
    import pandas as pd

    from analyser.engines.feature_parts import write_feature_parts
    from analyser.io import write_dataset
    from analyser.study.simulate import PlantedEffects, simulate_dataset

    effects = PlantedEffects(communication=0.6, it_failed=-1.2, interaction=0.4)
    dataset = simulate_dataset(n_tickets, effects, scale="1-5", seed=11, agent_sd=0.2)
    write_dataset(dataset, root / "dataset")
    write_feature_parts(dataset.replies, root / "features", parts)
    replies = dataset.replies
    agents = int(pd.Series(replies["agent_id"]).nunique())
    return {"tickets": len(dataset.tickets), "reply_rows": len(replies), "agents": agents}


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _prepare_only(step: str, base: Path, config, settings) -> object:
    """Only what the engine changes: the replies to the per-ticket table (``prepare``), no statistics."""
    from analyser.engines.feature_parts import study_input
    from analyser.io import read_dataset
    from analyser.study.prepare import prepare

    if step == "in-process":
        return prepare(read_dataset(base / "dataset"), config)
    dataset, summary = study_input(base / "dataset" / "tickets.parquet", base / "features", config, settings)
    return prepare(dataset, config, summary=summary, settings=settings)


def _child(step: str, root: str, workers: int, prepare_only: bool = False) -> None:
    """Run one study in this (fresh) interpreter, write its results.json, print its JSON measurements."""
    import dataclasses
    import resource

    from analyser.settings import EngineSettings, Settings
    from analyser.study import StudyConfig, run_study
    from analyser.study.core import to_jsonable

    config = StudyConfig(bootstrap_resamples=200, seed=7)
    base = Path(root)
    result: dict[str, object] = {"step": step}
    if prepare_only and not step.startswith("dask"):
        started = time.perf_counter()
        prepared = _prepare_only(step, base, config, Settings())
        result["seconds"] = time.perf_counter() - started
    elif step == "in-process":
        started = time.perf_counter()
        study = run_study(base / "dataset", config)
        result["seconds"] = time.perf_counter() - started
    elif step == "features-local":
        started = time.perf_counter()
        study = run_study(base / "dataset" / "tickets.parquet", config, features=base / "features")
        result["seconds"] = time.perf_counter() - started
    else:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
            ) as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            engine = EngineSettings(name="dask", scheduler=cluster.scheduler_address)
            settings = dataclasses.replace(Settings(), engine=engine)
            started = time.perf_counter()
            if prepare_only:
                prepared = _prepare_only(step, base, config, settings)
            else:
                study = run_study(
                    base / "dataset" / "tickets.parquet", config, settings=settings, features=base / "features"
                )
            result["seconds"] = time.perf_counter() - started
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            result["worker_peak_rss_mb"] = sorted(round(v, 1) for v in peaks.values())
            result["worker_cpu_seconds"] = sorted(round(v, 1) for v in client.run(_cpu_seconds).values())
    if prepare_only:  # the per-ticket table and the per-agent axes, written exactly (pickle) for comparison
        tables = {"tickets": prepared.tickets, "agents": prepared.reply_summary.agent_axes}
        pd_pickle = __import__("pickle").dumps({k: v.reset_index() for k, v in tables.items()})
        (base / f"{step}.pickle").write_bytes(pd_pickle)
        analysed = len(prepared.tickets)
    else:
        payload = study.to_dict()
        payload.pop("reproducibility")
        payload["data"].pop("source")
        (base / f"{step}.json").write_text(json.dumps(to_jsonable(payload), sort_keys=True), encoding="utf-8")
        analysed = len(study.tickets)
    result["cpu_seconds"] = round(_cpu_seconds(), 1)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["tickets_analysed"] = analysed
    print(json.dumps(result))


def _same(root: Path, step: str, prepare_only: bool) -> bool:
    """This step's output equals the in-process one: results.json (all but reproducibility), or with
    ``--prepare-only`` the per-ticket table and the per-agent axes, exactly."""
    if not prepare_only:
        reference = (root / "in-process.json").read_text(encoding="utf-8")
        return (root / f"{step}.json").read_text(encoding="utf-8") == reference
    import pickle

    import pandas as pd

    want = pickle.loads((root / "in-process.pickle").read_bytes())
    got = pickle.loads((root / f"{step}.pickle").read_bytes())
    try:
        for name in want:
            pd.testing.assert_frame_equal(got[name], want[name])
    except AssertionError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--parts", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="time only the replies-to-tickets step (prepare), not the statistics: the study's BCa intervals "
        "cost time and memory quadratic in the tickets, which hides the engine at large sizes",
    )
    parser.add_argument("--child", nargs=3, metavar=("STEP", "ROOT", "WORKERS"))
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]), args.prepare_only)
        return
    with tempfile.TemporaryDirectory(prefix="study-dask-") as temporary:
        root = Path(temporary)
        started = time.perf_counter()
        sizes = write_inputs(args.tickets, args.parts, root)
        run = {
            "machine": {
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "load_average_at_start": os.getloadavg(),
                "note": "a machine shared with other jobs: wall times depend on its load; CPU seconds less so",
            },
            **sizes,
            "parts": args.parts,
            "prepare_only": args.prepare_only,
            "writing_inputs_seconds": round(time.perf_counter() - started, 1),
            "steps": [],
        }
        steps = ["in-process", "features-local", f"dask{args.workers}"]
        for step in steps:
            command = [sys.executable, __file__, "--child", step, str(root), str(args.workers)]
            command += ["--prepare-only"] if args.prepare_only else []
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"step {step} failed:\n{done.stderr[-3000:]}")
            output = done.stdout
            measured = json.loads(output.strip().splitlines()[-1])
            measured["load_average"] = round(os.getloadavg()[0], 1)
            measured["same_results"] = _same(root, step, args.prepare_only)
            run["steps"].append(measured)
            print(json.dumps(measured), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "study_dask.json"
    earlier = json.loads(path.read_text(encoding="utf-8"))["runs"] if path.exists() else []
    path.write_text(json.dumps({"runs": [*earlier, run]}, indent=2), encoding="utf-8")
    print(
        f"\n{sizes['tickets']:,} tickets, {sizes['reply_rows']:,} reply rows, {args.parts} parts\n"
        "| study | wall s | CPU s: command + workers | peak RSS: command / workers | same results |\n|---|---|---|---|---|"
    )
    for step in run["steps"]:
        cpu = " + ".join(str(c) for c in [step["cpu_seconds"], *step.get("worker_cpu_seconds", [])])
        peaks = " / ".join(f"{p:.0f}" for p in step.get("worker_peak_rss_mb", []))
        rss = f"{step['peak_rss_mb']:.0f} MB" + (f" / {peaks} MB" if peaks else "")
        print(f"| {step['step']} | {step['seconds']:.1f} | {cpu} | {rss} | {'yes' if step['same_results'] else 'NO'} |")


if __name__ == "__main__":
    main()
