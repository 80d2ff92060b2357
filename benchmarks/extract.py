"""Benchmark: extract throughput and peak memory, as a ratio to bare spaCy tokenisation of the same texts.

Speed is measured here, not in the tests.  For each input size N the script

1. builds N replies from the sample vocabulary (sentences of the bundled sample tickets' agent replies,
   recombined at random, English and Dutch in the sample's proportion; seeded);
2. measures the *floor*: ``spacy.blank(lang).pipe`` over the same texts (tokenisation only);
3. measures ``analyser.extract_features`` over the same texts (language detection + full pipeline);
4. measures ``extract_file`` (the CLI's path: CSV in, chunked, Parquet out) for peak memory;

each in a fresh interpreter so peak RSS belongs to that step alone.  Results go to
``benchmarks/results/extract.json`` and are printed as a table for the README.

Run: python benchmarks/extract.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def build_texts(n: int, seed: int = 0) -> list[str]:
    """N replies recombined from the sample replies' sentences, per language."""
    import pandas as pd

    from analyser.language import detect_language

    replies = pd.read_csv(ROOT / "data" / "sample_tickets" / "replies.csv", dtype=str)
    bodies = replies.loc[replies["author_role"] == "agent", "body"].dropna().tolist()
    pools: dict[str, list[str]] = {"en": [], "nl": []}
    for body in bodies:
        lang = detect_language(body)
        if lang in pools:
            pools[lang] += [s.strip() for s in _SENTENCE.split(body) if s.strip()]
    share_en = len(pools["en"]) / max(1, len(pools["en"]) + len(pools["nl"]))
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        pool = pools["en"] if rng.random() < share_en else pools["nl"]
        texts.append(" ".join(rng.choice(pool) for _ in range(rng.randint(2, 8))))
    return texts


def _child(step: str, texts_path: str, out_dir: str) -> None:
    """Run one step in this (fresh) interpreter and print its JSON result."""
    import resource

    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    started = time.perf_counter()
    if step == "floor":
        import spacy

        from analyser.language import detect_language

        languages = [detect_language(t) for t in texts]  # the floor gets the same grouping for free
        started = time.perf_counter()
        for lang in ("en", "nl", "und"):
            group = [t for t, code in zip(texts, languages, strict=True) if code == lang]
            if group:
                nlp = spacy.blank("xx" if lang == "und" else lang)
                for _ in nlp.pipe(group, batch_size=128):
                    pass
    elif step == "extract_features":
        from analyser import extract_features

        extract_features(["warm-up"])  # load pipelines and resources outside the timing, as the floor does
        started = time.perf_counter()
        extract_features(texts)
    elif step == "extract_file":
        import pandas as pd

        from analyser.extract import extract_file

        source = Path(out_dir) / "replies.csv"
        pd.DataFrame({"reply_id": range(len(texts)), "body": texts}).to_csv(source, index=False)
        started = time.perf_counter()
        extract_file(source, Path(out_dir) / "features.parquet", id_column="reply_id")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"step": step, "seconds": seconds, "peak_rss_mb": peak_mb}))


def run(sizes: list[int]) -> dict:
    results = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": __import__("os").cpu_count(),
        },
        "runs": [],
    }
    for n in sizes:
        texts = build_texts(n)
        with tempfile.TemporaryDirectory() as tmp:
            texts_path = Path(tmp) / "texts.json"
            texts_path.write_text(json.dumps(texts), encoding="utf-8")
            row: dict[str, object] = {"n_replies": n, "mean_chars": round(sum(map(len, texts)) / n)}
            for step in ("floor", "extract_features", "extract_file"):
                output = (
                    subprocess.run(
                        [sys.executable, __file__, "--child", step, str(texts_path), tmp],
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    .stdout.strip()
                    .splitlines()[-1]
                )
                result = json.loads(output)
                row[f"{step}_seconds"] = round(result["seconds"], 2)
                row[f"{step}_replies_per_second"] = round(n / result["seconds"], 1)
                row[f"{step}_peak_rss_mb"] = round(result["peak_rss_mb"], 1)
            row["ratio_to_floor"] = round(row["extract_features_seconds"] / row["floor_seconds"], 1)
        results["runs"].append(row)
        print(json.dumps(row), flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description="extract benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", nargs=3, metavar=("STEP", "TEXTS", "DIR"))
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    results = run(args.sizes)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extract.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(
        "\n| replies | mean chars | floor (blank tokenisation) replies/s | extract replies/s | ratio | "
        "peak RSS extract_features | peak RSS extract_file (chunked) |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results["runs"]:
        print(
            f"| {r['n_replies']:,} | {r['mean_chars']} | {r['floor_replies_per_second']:,} | "
            f"{r['extract_features_replies_per_second']:,} | {r['ratio_to_floor']}x slower | "
            f"{r['extract_features_peak_rss_mb']} MB | {r['extract_file_peak_rss_mb']} MB |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
