"""Benchmark: ``extract`` throughput as a share of bare spaCy tokenisation, linearity, memory and start-up.

Speed is measured here, not in the tests.  Everything below runs in one go, so that its ratios come from
the same machine under the same load (the load average is recorded with every figure):

* **Throughput** for each corpus and size: the *floor* is ``spacy.blank(lang).pipe`` over the texts, in
  process, imports excluded; ``extract`` is the whole ``ticket-analyser extract in.csv -o out.parquet``
  process timed from start to exit (start-up, reading, writing included), with ``--jobs 1`` and with
  ``--jobs 2``.  The ratio is floor seconds / extract seconds (1.0 would be as fast as tokenising).
  Corpora: ``twitter-en``, the real English agent replies of ``../shared/data/replies-twitter-care-ibm``
  (skipped when that folder is absent); ``sample-nl``, the Dutch agent replies of the bundled sample
  tickets; ``generated``, replies recombined from the sample replies' sentences (English and Dutch).  Each
  is repeated (or recombined) to the size asked.
* **Linearity**: one reply of 100,000 characters against 100 replies of 1,000 characters of the same text,
  in process (pipelines warm).
* **Memory**: peak RSS of ``extract --jobs 1`` over N short replies that each carry unique tokens (a ticket
  number, a user name, a typo), for N in ``--memory`` (e.g. 100,000 and 1,000,000).
* **Start-up**: ``ticket-analyser --help`` and a one-row ``extract``, median of several runs.
* **Linter**: ``benchmarks/lint.py`` on 1,000 templates, in the same run.

Results go to ``benchmarks/results/extract.json`` and are printed as tables for the README.

Run: python benchmarks/extract.py --sizes 20000 200000 --memory 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
# ../shared/data beside the checkout (a worktree one level deeper looks one level further up)
SHARED = next(
    (p / "shared" / "data" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data",
)
BIN = Path(sys.executable).parent
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def twitter_replies(data: Path = SHARED) -> list[str]:
    """The brands' own replies in the IBM customer-care Twitter set (the agent turns)."""
    path = data / "replies-twitter-care-ibm" / "dev.json"
    if not path.exists():
        return []
    replies = []
    for conversation in json.loads(path.read_text(encoding="utf-8")):
        replies.append(conversation["agentURL"]["url_utterance"])
        replies += [m["message"] for m in conversation["dialogContent"] if "agent" in m]
    return [r for r in replies if r.strip()]


def sample_replies(lang: str) -> list[str]:
    import pandas as pd

    from analyser.language import detect_language

    replies = pd.read_csv(ROOT / "data" / "sample_tickets" / "replies.csv", dtype=str)
    bodies = replies.loc[replies["author_role"] == "agent", "body"].dropna().tolist()
    return [b for b in bodies if detect_language(b) == lang]


def generated_replies(n: int, seed: int = 0) -> list[str]:
    """N replies recombined from the sample replies' sentences, English and Dutch (seeded)."""
    pools = {
        lang: [s.strip() for b in sample_replies(lang) for s in _SENTENCE.split(b) if s.strip()]
        for lang in ("en", "nl")
    }
    rng = random.Random(seed)
    share_en = len(pools["en"]) / (len(pools["en"]) + len(pools["nl"]))
    return [
        " ".join(rng.choice(pools["en" if rng.random() < share_en else "nl"]) for _ in range(rng.randint(2, 8)))
        for _ in range(n)
    ]


def corpus(name: str, n: int) -> list[str]:
    if name == "generated":
        return generated_replies(n)
    pool = twitter_replies() if name == "twitter-en" else sample_replies("nl")
    return [pool[i % len(pool)] for i in range(n)] if pool else []


def unique_replies(n: int, seed: int = 1) -> list[str]:
    """Short replies that each carry new tokens (ticket number, user name, a typo), half English, half Dutch."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = []
    for i in range(n):
        user = "".join(rng.choice(letters) for _ in range(7))
        typo = "".join(rng.choice(letters) for _ in range(9))
        if i % 2:
            out.append(f"Hi {user.title()}, ticket INC{i:08d} is solved: your {typo} access works again. Thanks!")
        else:
            out.append(f"Beste {user.title()}, melding INC{i:08d} is opgelost: uw {typo} werkt weer. Groet!")
    return out


def _write_csv(texts: list[str], path: Path) -> None:
    import pandas as pd

    pd.DataFrame({"reply_id": range(len(texts)), "body": texts}).to_csv(path, index=False)


def _child(step: str, texts_path: str) -> None:
    """Run one in-process step in this fresh interpreter and print its JSON result."""
    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    if step == "floor":
        import spacy

        from analyser.language import detect_language

        languages = [detect_language(t) for t in texts]  # the floor gets the language grouping for free
        groups = {
            lang: [t for t, code in zip(texts, languages, strict=True) if code == lang] for lang in set(languages)
        }
        pipelines = {lang: spacy.blank("xx" if lang == "und" else lang) for lang in groups}
        started = time.perf_counter()
        for lang, group in groups.items():
            for _ in pipelines[lang].pipe(group, batch_size=128):
                pass
        seconds = time.perf_counter() - started
    else:  # linearity: extract_features on the texts, pipelines warm
        from analyser import extract_features

        extract_features(["Thanks, the printer works again.", "Bedankt, de printer werkt weer."])
        started = time.perf_counter()
        extract_features(texts)
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds}))


def _in_process(step: str, texts: list[str], tmp: Path) -> float:
    path = tmp / f"{step}.json"
    path.write_text(json.dumps(texts), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, __file__, "--child", step, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


def _whole_process(args: list[str]) -> dict[str, float]:
    """Wall seconds of a whole command, and its peak RSS (measured by a fresh wrapper, so that it is this
    command's own: RUSAGE_CHILDREN of the wrapper holds only this child)."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "s = time.perf_counter() - t\n"
        "if r.returncode: sys.stderr.write(r.stderr.decode()); sys.exit(r.returncode)\n"
        "print(json.dumps({'seconds': s, 'peak_rss_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _extract(source: Path, output: Path, jobs: int) -> dict[str, float]:
    return _whole_process(
        [str(BIN / "ticket-analyser"), "extract", str(source), "-o", str(output), "--jobs", str(jobs)]
    )


def throughput(names: list[str], sizes: list[int], jobs: list[int]) -> list[dict]:
    rows = []
    for name in names:
        for n in sizes:
            texts = corpus(name, n)
            if not texts:
                print(f"{name}: data not found, skipped", file=sys.stderr)
                break
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                source = tmp / "replies.csv"
                _write_csv(texts, source)
                row: dict[str, object] = {"corpus": name, "n_replies": n, "mean_chars": round(sum(map(len, texts)) / n)}
                row["load_before"] = _load()
                floor = _in_process("floor", texts, tmp)
                row["floor_seconds"] = round(floor, 2)
                row["floor_replies_per_second"] = round(n / floor)
                for j in jobs:
                    result = _extract(source, tmp / f"out{j}.parquet", j)
                    row[f"jobs{j}_seconds"] = round(result["seconds"], 2)
                    row[f"jobs{j}_replies_per_second"] = round(n / result["seconds"], 1)
                    row[f"jobs{j}_ratio_to_floor"] = round(floor / result["seconds"], 3)
                    row[f"jobs{j}_peak_rss_mb"] = round(result["peak_rss_mb"])
                row["load_after"] = _load()
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def linearity(chars: int = 100_000, pieces: int = 100) -> dict:
    pool = twitter_replies() or sample_replies("en")
    unit, i = "", 0
    while len(unit) < chars // pieces:
        unit += pool[i % len(pool)] + " "
        i += 1
    unit = unit[: chars // pieces].rsplit(" ", 1)[0] + "."
    with tempfile.TemporaryDirectory() as tmp:
        short = _in_process("features", [unit] * pieces, Path(tmp))
        long = _in_process("features", [" ".join([unit] * pieces)], Path(tmp))
    result = {
        "long_chars": len(unit) * pieces + pieces - 1,
        "pieces": pieces,
        "long_seconds": round(long, 3),
        "pieces_seconds": round(short, 3),
        "ratio": round(long / short, 2),
        "load": _load(),
    }
    print(json.dumps(result), flush=True)
    return result


def memory(sizes: list[int]) -> list[dict]:
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            source = tmp / "replies.csv"
            _write_csv(unique_replies(n), source)
            result = _extract(source, tmp / "out.parquet", 1)
            rows.append(
                {
                    "n_replies": n,
                    "peak_rss_mb": round(result["peak_rss_mb"]),
                    "seconds": round(result["seconds"], 1),
                    "load": _load(),
                }
            )
            print(json.dumps(rows[-1]), flush=True)
    return rows


#: What any extract must do before its first reply: start Python, import spaCy and pandas (the table
#: reader), build a blank pipeline and tokenise one text.  The one-row extract is reported beside it.
STARTUP_FLOOR = "import pandas, spacy; spacy.blank('en')('Hi Anna, your password has been reset.')"


def startup(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "one.csv"
        _write_csv(["Hi Anna, thanks for your patience. I have reset your password; please log in again."], source)
        helps = [_whole_process([str(BIN / "ticket-analyser"), "--help"])["seconds"] for _ in range(runs)]
        ones, floors = [], []
        for _ in range(runs):  # interleaved, so that the machine's load weighs on both alike
            ones.append(_extract(source, tmp / "one.parquet", 1)["seconds"])
            floors.append(_whole_process([sys.executable, "-c", STARTUP_FLOOR])["seconds"])
    result = {
        "help_seconds_median": round(statistics.median(helps), 3),
        "one_row_extract_seconds_median": round(statistics.median(ones), 3),
        "startup_floor_seconds_median": round(statistics.median(floors), 3),
        "one_row_extract_ratio_to_floor": round(statistics.median(ones) / statistics.median(floors), 2),
        "runs": runs,
        "load": _load(),
    }
    print(json.dumps(result), flush=True)
    return result


def lint(templates: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lint.json"
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "lint.py"), "--templates", str(templates), "--out", str(out)],
            capture_output=True,
            check=True,
        )
        result = json.loads(out.read_text(encoding="utf-8"))["lint"]
    result["load"] = _load()
    print(json.dumps(result), flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 200_000])
    parser.add_argument("--corpora", nargs="*", default=["twitter-en", "sample-nl", "generated"])
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--memory", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--lint-templates", type=int, default=1000)
    parser.add_argument("--no-linearity", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "extract.json")
    parser.add_argument("--child", nargs=2, metavar=("STEP", "TEXTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "load_at_start": _load(),
        },
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    results["startup"] = startup(args.startup_runs) if args.startup_runs else None
    results["throughput"] = throughput(args.corpora, args.sizes, args.jobs)
    results["linearity"] = None if args.no_linearity else linearity()
    results["memory"] = memory(args.memory)
    results["lint"] = lint(args.lint_templates) if args.lint_templates else None
    results["machine"]["load_at_end"] = _load()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))
    return 0


def report(results: dict) -> str:
    """The README tables."""
    lines = [
        f"Machine: {results['machine']['cpus']} cores, Python {results['machine']['python']}, load average "
        f"{results['machine']['load_at_start']} at the start and {results['machine']['load_at_end']} at the end.",
        "",
        "| corpus | replies | mean chars | floor replies/s | extract --jobs 1 replies/s | share of floor | "
        "extract --jobs 2 replies/s | share of floor | peak RSS (jobs 1) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["throughput"]:
        lines.append(
            f"| {r['corpus']} | {r['n_replies']:,} | {r['mean_chars']} | {r['floor_replies_per_second']:,} | "
            f"{r.get('jobs1_replies_per_second', '—')} | {r.get('jobs1_ratio_to_floor', '—')} | "
            f"{r.get('jobs2_replies_per_second', '—')} | {r.get('jobs2_ratio_to_floor', '—')} | "
            f"{r.get('jobs1_peak_rss_mb', '—')} MB |"
        )
    if results.get("linearity"):
        lin = results["linearity"]
        lines += [
            "",
            f"Linearity: one reply of {lin['long_chars']:,} characters took {lin['ratio']}x the time of "
            f"{lin['pieces']} replies of {lin['long_chars'] // lin['pieces']:,} characters of the same text.",
        ]
    if results.get("memory"):
        lines += ["", "| replies with unique tokens | peak RSS (extract --jobs 1) | seconds |", "|---|---|---|"]
        lines += [f"| {m['n_replies']:,} | {m['peak_rss_mb']} MB | {m['seconds']} |" for m in results["memory"]]
    if results.get("startup"):
        s = results["startup"]
        lines += [
            "",
            f"Start-up (median of {s['runs']}): `--help` {s['help_seconds_median']} s, one-row extract "
            f"{s['one_row_extract_seconds_median']} s.",
        ]
    if results.get("lint"):
        lint_result = results["lint"]
        lines += [
            "",
            f"Linter (benchmarks/lint.py): {lint_result['templates']:,} templates in {lint_result['lint_seconds']:.1f} s "
            f"(+{lint_result['startup_seconds']:.1f} s pipeline start-up).",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
