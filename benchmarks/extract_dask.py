"""Benchmark: ``extract --engine dask`` against the single-process run on the same input, in the same run.

Speed is measured here, not in the tests.  For each input size N the script

1. writes N agent replies grouped in tickets (1-4 replies and one customer message per ticket, sentences of
   the bundled sample replies recombined as in ``benchmarks/extract.py``, English and Dutch; seeded) to a CSV
   with ``ticket_id``, ``reply_id``, ``author_role`` and ``body``;
2. runs ``extract_file`` on it in one process (``jobs=1``) and, with ``--jobs N``, with ``extract --jobs N``'s
   process pool too;
3. runs ``extract_dask`` on a ``LocalCluster`` of 1, then 2 single-threaded worker processes (started before
   the clock starts, as a running cluster would be; the workers' pipelines are built inside the timing, as
   they would be on a fresh cluster), and reads each worker's peak memory from the worker itself;
4. checks that every other output equals the single-process output (same rows, same values, same rejects,
   same counts) and records the result;

each step in a fresh interpreter.  Results go to ``benchmarks/results/extract_dask.json`` and are printed as
a table for docs/scale.md.  This is the Dask part of the extract benchmark (issue 18); it lives beside
``benchmarks/extract.py`` so the two can change independently.

Run: python benchmarks/extract_dask.py --sizes 20000 [--workers 1 2] [--partition-size 5000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def write_input(n_replies: int, path: Path, seed: int = 0) -> int:
    """N agent replies in tickets, each ticket opened by a customer message; returns the rows written."""
    import pandas as pd
    from extract import generated_replies  # benchmarks/extract.py: the same recombined sample sentences

    texts = generated_replies(n_replies, seed=seed)
    rng = random.Random(seed)
    rows, ticket, position = [], 0, 0
    left = 0
    for text in texts:
        if left == 0:
            ticket, left, position = ticket + 1, rng.randint(1, 4), 1
            opening = "Hello, my account is locked and I cannot log in. Can you help me please?"
            rows.append((f"T{ticket}", f"T{ticket}-{position}", "customer", opening))
        position += 1
        left -= 1
        rows.append((f"T{ticket}", f"T{ticket}-{position}", "agent", text))
    pd.DataFrame(rows, columns=["ticket_id", "reply_id", "author_role", "body"]).to_csv(path, index=False)
    return len(rows)


def _child(step: str, source: str, out_dir: str, workers: int, partition_size: int) -> None:
    """Run one step in this (fresh) interpreter and print its JSON result."""
    import resource

    from analyser.settings import Settings

    result: dict[str, object] = {"step": step}
    if step == "local" or step.startswith("jobs"):
        from analyser.extract import extract_file

        jobs = 1 if step == "local" else workers  # local: one process; jobsN: extract --jobs N (a process pool)
        target = Path(out_dir) / "local.parquet" if step == "local" else Path(out_dir) / step / "features.parquet"
        started = time.perf_counter()
        summary = extract_file(Path(source), target, Settings(), jobs=jobs)
        result["seconds"] = time.perf_counter() - started
        result["cpu_seconds"] = _cpu_seconds()
        # jobsN: the pool's CPU is not counted (its workers are children of multiprocessing's forkserver, not
        # of this process, so RUSAGE_CHILDREN does not see them): only this process's CPU is reported
    else:
        import dataclasses

        from distributed import Client, LocalCluster

        from analyser.engines.dask_engine import extract_dask
        from analyser.settings import EngineSettings

        started = time.perf_counter()
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
            ) as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            result["cluster_start_seconds"] = time.perf_counter() - started
            engine = EngineSettings(name="dask", scheduler=cluster.scheduler_address, partition_size=partition_size)
            settings = dataclasses.replace(Settings(), engine=engine)
            started = time.perf_counter()
            summary = extract_dask(Path(source), f"{out_dir}/{step}/", settings)
            result["seconds"] = time.perf_counter() - started
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            result["worker_peak_rss_mb"] = sorted(round(v, 1) for v in peaks.values())
            result["worker_cpu_seconds"] = sorted(round(v, 1) for v in client.run(_cpu_seconds).values())
            result["cpu_seconds"] = _cpu_seconds()  # the command's own process: planning, writing the parts
            result["parts"] = len(list(Path(out_dir, step).glob("part-*.parquet")))
    paths_and_time = ("seconds", "output", "rejects", "metadata")
    result["counts"] = {k: v for k, v in summary.as_dict().items() if k not in paths_and_time}
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _cpu_seconds() -> float:
    """CPU seconds (user + system) of this process so far: on a shared machine, less noisy than wall time."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def same_output(local: Path, other: Path) -> bool:
    """Same rows and values (exact, dtypes included) and the same rejects as the single-process output."""
    import pandas as pd

    a = pd.read_parquet(local).sort_values("row").reset_index(drop=True)
    b = pd.read_parquet(other).sort_values("row").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    rejects_a = pd.read_csv(local.with_name(local.stem + ".rejects.csv"))
    rejects_b = pd.read_csv(other.with_name((other.name if other.is_dir() else other.stem) + ".rejects.csv"))
    pd.testing.assert_frame_equal(rejects_a, rejects_b)
    return True


def _steps(workers: list[int], jobs: list[int]) -> list[str]:
    return ["local"] + [f"jobs{j}" for j in jobs] + [f"dask{w}" for w in workers]


def run(sizes: list[int], workers: list[int], partition_size: int, jobs: list[int]) -> dict:
    results: dict = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "load_average_at_start": os.getloadavg(),
            "note": "a machine shared with other jobs: wall times depend on its load; CPU seconds less so",
        },
        "partition_size": partition_size,
        "runs": [],
    }
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "replies.csv"
            rows = write_input(n, source)
            row: dict[str, object] = {"n_replies": n, "n_rows": rows}
            for step in _steps(workers, jobs):
                count = int(step.removeprefix("dask").removeprefix("jobs")) if step != "local" else 0
                command = [sys.executable, __file__, "--child", step, str(source), tmp, str(count), str(partition_size)]
                output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
                result = json.loads(output.strip().splitlines()[-1])
                row[step] = {
                    "seconds": round(result["seconds"], 1),
                    "replies_per_second": round(n / result["seconds"], 1),
                    "peak_rss_mb": round(result["peak_rss_mb"], 1),
                    **{k: result[k] for k in ("worker_peak_rss_mb", "worker_cpu_seconds", "parts") if k in result},
                    "cpu_seconds": round(result["cpu_seconds"], 1),
                    **(
                        {"cluster_start_seconds": round(result["cluster_start_seconds"], 1)}
                        if "cluster_start_seconds" in result
                        else {}
                    ),
                }
                if step == "local":
                    counts = result["counts"]
                else:
                    row[step]["same_counts"] = result["counts"] == counts
                    other = Path(tmp) / step / ("features.parquet" if step.startswith("jobs") else "")
                    row[step]["same_output"] = same_output(Path(tmp) / "local.parquet", other)
                row[step]["load_average"] = round(os.getloadavg()[0], 1)
                print(json.dumps({"n_replies": n, step: row[step]}), flush=True)
        results["runs"].append(row)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description="extract --engine dask benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-size", type=int, default=5000)
    parser.add_argument("--jobs", type=int, nargs="*", default=[], help="also time extract --jobs N (a pool)")
    parser.add_argument("--child", nargs=5, metavar=("STEP", "SOURCE", "DIR", "WORKERS", "PARTITION_SIZE"))
    args = parser.parse_args()
    if args.child:
        step, source, out_dir, count, size = args.child
        _child(step, source, out_dir, int(count), int(size))
        return 0
    results = run(args.sizes, args.workers, args.partition_size, args.jobs)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "extract_dask.json"
    # one entry per (size, partition size): a new run replaces only the entries it measured again
    for row in results["runs"]:
        row["machine"], row["partition_size"] = results["machine"], results["partition_size"]
    earlier = json.loads(path.read_text(encoding="utf-8"))["runs"] if path.exists() else []
    measured = {(r["n_replies"], r["partition_size"]) for r in results["runs"]}
    kept = [r for r in earlier if (r["n_replies"], r.get("partition_size")) not in measured]
    path.write_text(json.dumps({"runs": kept + results["runs"]}, indent=2), encoding="utf-8")
    print(
        "\n| replies (rows) | engine | wall s | replies/s | CPU s: command + workers | peak RSS per worker | same output |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results["runs"]:
        for step in _steps(args.workers, args.jobs):
            s = r[step]
            engine = (
                "single process (--jobs 1)"
                if step == "local"
                else f"local --jobs {step[4:]}"
                if step.startswith("jobs")
                else f"dask, {step[4:]} worker(s), {s['parts']} parts"
            )
            peak = s.get("worker_peak_rss_mb", [s["peak_rss_mb"]])
            cpu = " + ".join(str(c) for c in [s["cpu_seconds"], *s.get("worker_cpu_seconds", [])])
            same = "reference" if step == "local" else ("yes" if s["same_output"] and s["same_counts"] else "NO")
            print(
                f"| {r['n_replies']:,} ({r['n_rows']:,}) | {engine} | {s['seconds']} | {s['replies_per_second']:,} | "
                f"{cpu} | {' / '.join(f'{p:.0f} MB' for p in peak)} | {same} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
