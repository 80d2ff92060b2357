"""Measure how much planted personal data survives the audit's pseudonymisation, and what it masks wrongly.

Recall per category on ``tests/clean/data/planted_pii.tsv`` (a value counts as caught only when all of it
is masked, every time it occurs) and false positives on ``tests/clean/data/support_text.tsv`` (texts with
ticket numbers, error codes, dates, times, versions, KB numbers ... in which anything was masked).
See :mod:`analyser.evaluation.personal_data` for how.

With ``--data ../shared/data`` it also counts what is found, per kind, in the real customer-care tweets
of ``replies-twitter-care-ibm`` (counts only; the values are people's data and are not printed).  Skipped
when the folder is absent.

Run: python evaluation/pii_recall.py [--json out.json] [--misses] [--code DIR] [--data ../shared/data]

``--code DIR`` measures the ``analyser`` package in DIR instead of the installed one, e.g. the code before a
change: ``git archive main analyser | tar -x -C /tmp/before`` then ``--code /tmp/before``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "clean" / "data"


def _measure_code_in(directory: Path) -> None:
    """Make ``import analyser`` find the package in ``directory`` (not the installed, editable one)."""
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", repr(f)).lower()]
    sys.path.insert(0, str(directory.resolve()))
    for name in [m for m in sys.modules if m == "analyser" or m.startswith("analyser.")]:
        del sys.modules[name]


def _evaluation_module():
    """This checkout's measuring code, loaded by path so that it measures whichever analyser is imported."""
    path = ROOT / "analyser" / "evaluation" / "personal_data.py"
    spec = importlib.util.spec_from_file_location("pii_evaluation", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["pii_evaluation"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _recall_table(ev, path: Path, misses: bool) -> dict:
    planted = ev.read_planted(path)
    results = ev.recall_by_category(planted)
    print(f"Planted personal data: {len(planted)} strings in {len(results)} categories ({path.name})\n")
    print("| category | n | caught | recall |")
    print("|---|---|---|---|")
    for category in sorted(results, key=lambda c: (c in ev.NOT_CLAIMED, c)):
        r = results[category]
        note = " (not claimed)" if category in ev.NOT_CLAIMED else ""
        print(f"| {category}{note} | {r.n} | {r.caught} | {r.recall:.3f} |")
    caught, n = ev.overall(results, claimed=True)
    print(f"| **all claimed categories** | {n} | {caught} | {caught / n:.3f} |")
    caught_all = caught + ev.overall(results, claimed=False)[0]
    print(f"| all categories | {len(planted)} | {caught_all} | {caught_all / len(planted):.3f} |\n")
    if misses:
        for category in sorted(results):
            for value in results[category].missed:
                print(f"missed {category}: {value!r}")
        print()
    return {
        "planted": len(planted),
        "claimed": {"n": n, "caught": caught},
        "recall": {c: {"n": r.n, "caught": r.caught, "recall": r.recall} for c, r in results.items()},
    }


def _false_positive_table(ev, path: Path) -> list[dict]:
    ordinary = ev.read_tsv(path)
    flagged = ev.false_positives(ordinary)
    by_category: dict[str, list[int]] = {}
    for row in ordinary:
        by_category.setdefault(row["category"], [0, 0])[0] += 1
    for category, _ in flagged:
        by_category[category][1] += 1
    print(f"Ordinary support text: {len(ordinary)} texts ({path.name}); texts in which anything was masked:\n")
    print("| kind of text | texts | with a false positive |")
    print("|---|---|---|")
    for category, (n_texts, n_flagged) in by_category.items():
        print(f"| {category} | {n_texts} | {n_flagged} |")
    print(f"| **all** | {len(ordinary)} | {len(flagged)} ({len(flagged) / len(ordinary):.1%}) |")
    for category, shown in flagged:
        print(f"false positive ({category}): {shown!r}")
    return [{"category": c, "shown": s} for c, s in flagged]


def _real_tweets(data: Path) -> dict[str, int] | None:
    path = data / "replies-twitter-care-ibm" / "dev.json"
    if not path.is_file():
        print(f"(skipped: {path} not found)")
        return None
    from collections import Counter

    from analyser.clean.personal_data import PersonalDataFinder

    conversations = json.loads(path.read_text(encoding="utf-8"))
    texts = [c["agentURL"]["url_utterance"] for c in conversations]
    texts += [m["message"] for c in conversations for m in c["dialogContent"]]
    finder = PersonalDataFinder()
    counts = Counter(span.kind for text in texts for span in finder.find(text))
    print(f"\nReal customer-care tweets ({path.parent.name}): {len(texts)} messages; spans found per kind:\n")
    print("| kind | spans |")
    print("|---|---|")
    for kind, n in counts.most_common():
        print(f"| {kind} | {n} |")
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--planted", type=Path, nargs="+", default=[DATA / "planted_pii.tsv", DATA / "planted_pii_heldout.tsv"]
    )
    parser.add_argument("--ordinary", type=Path, default=DATA / "support_text.tsv")
    parser.add_argument("--misses", action="store_true", help="list the values that survived")
    parser.add_argument("--json", help="also write the numbers to this file")
    parser.add_argument("--code", type=Path, help="measure the analyser package in this folder instead")
    parser.add_argument("--data", type=Path, help="the shared data folder (real tweets: counts per kind)")
    args = parser.parse_args()
    if args.code:
        _measure_code_in(args.code)
    ev = _evaluation_module()
    import analyser

    print(f"Measuring {Path(analyser.__file__).parent}\n")
    out = {path.name: _recall_table(ev, path, args.misses) for path in args.planted}
    out["false_positives"] = _false_positive_table(ev, args.ordinary)
    out["not_claimed"] = ev.NOT_CLAIMED
    if args.data:
        out["real_tweets"] = _real_tweets(args.data)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
