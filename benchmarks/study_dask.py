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

Run: python benchmarks/study_dask.py --tickets 100000 [--parts 20] [--workers 2]
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

    from analyser.io import write_dataset
    from analyser.study.simulate import PlantedEffects, simulate_dataset

    effects = PlantedEffects(communication=0.6, it_failed=-1.2, interaction=0.4)
    dataset = simulate_dataset(n_tickets, effects, scale="1-5", seed=11, agent_sd=0.2)
    write_dataset(dataset, root / "dataset")
    folder = root / "features"
    folder.mkdir()
    replies = dataset.replies
    order = {ticket: number for number, ticket in enumerate(dict.fromkeys(replies["ticket_id"].astype(str)))}
    which = replies["ticket_id"].astype(str).map(order) * parts // len(order)
    listed = []
    for index in range(parts):
        name = f"part-{index:05d}.parquet"
        part = replies.loc[(which == index).to_numpy()]
        part.to_parquet(folder / name, index=False)
        listed.append({"part": name, "rows_out": len(part)})
    meta = {"partitioned_by": "ticket_id", "parts": listed}
    (root / "features.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    agents = int(pd.Series(replies["agent_id"]).nunique())
    return {"tickets": len(dataset.tickets), "reply_rows": len(replies), "agents": agents}


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(step: str, root: str, workers: int) -> None:
    """Run one study in this (fresh) interpreter, write its results.json, print its JSON measurements."""
    import dataclasses
    import resource

    from analyser.settings import EngineSettings, Settings
    from analyser.study import StudyConfig, run_study
    from analyser.study.core import to_jsonable

    config = StudyConfig(bootstrap_resamples=200, seed=7)
    base = Path(root)
    result: dict[str, object] = {"step": step}
    if step == "in-process":
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
            study = run_study(
                base / "dataset" / "tickets.parquet", config, settings=settings, features=base / "features"
            )
            result["seconds"] = time.perf_counter() - started
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            result["worker_peak_rss_mb"] = sorted(round(v, 1) for v in peaks.values())
            result["worker_cpu_seconds"] = sorted(round(v, 1) for v in client.run(_cpu_seconds).values())
    payload = study.to_dict()
    payload.pop("reproducibility")
    payload["data"].pop("source")
    (base / f"{step}.json").write_text(json.dumps(to_jsonable(payload), sort_keys=True), encoding="utf-8")
    result["cpu_seconds"] = round(_cpu_seconds(), 1)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["tickets_analysed"] = len(study.tickets)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--parts", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", nargs=3, metavar=("STEP", "ROOT", "WORKERS"))
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], int(args.child[2]))
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
            "writing_inputs_seconds": round(time.perf_counter() - started, 1),
            "steps": [],
        }
        steps = ["in-process", "features-local", f"dask{args.workers}"]
        for step in steps:
            command = [sys.executable, __file__, "--child", step, str(root), str(args.workers)]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            measured = json.loads(output.strip().splitlines()[-1])
            measured["load_average"] = round(os.getloadavg()[0], 1)
            reference = (root / "in-process.json").read_text(encoding="utf-8")
            measured["same_results"] = (root / f"{step}.json").read_text(encoding="utf-8") == reference
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
