"""Where ``extract`` spends its CPU: a cProfile run (process time) of ``extract_file`` on one input file,
summarised per stage and per hot spot, as shares of the whole run.

Run: python benchmarks/profile_extract.py replies.csv [--top 25] [--save extract.prof]

The shares overlap (a component's share includes the matcher calls it makes); cProfile's own overhead
inflates Python-heavy code, so read them as proportions, and time with benchmarks/extract.py.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

#: (label, file suffix, function name): cumulative time of each, summed over matching entries.
SPOTS = (
    ("whole extract_file", "analyser/extract.py", "extract_file"),
    ("ticket-language first pass", "analyser/extract.py", "_ticket_languages"),
    ("reading the input", "analyser/ingest/generic.py", "iter_table"),
    ("writing the output", "analyser/extract.py", "_append"),
    ("cleaning (clean_reply)", "analyser/clean/__init__.py", "clean_reply"),
    ("sanitise / punctuation runs", "analyser/features.py", "sanitise"),
    ("language detection (guess_language)", "analyser/language.py", "guess_language"),
    ("pipeline build", "analyser/nlp/pipeline.py", "build_pipeline"),
    ("tokenizer (make_doc)", "spacy/language.py", "make_doc"),
    ("lemmatizer", "spacy/pipeline/lemmatizer.py", "__call__"),
    ("sentencizer", "spacy/pipeline/sentencizer.pyx", "pipe"),
    ("placeholders", "components/placeholders.py", "__call__"),
    ("readability component", "components/readability.py", "__call__"),
    ("tone component", "components/tone.py", "__call__"),
    ("empathy component", "components/empathy.py", "__call__"),
    ("address component", "components/address.py", "__call__"),
    ("jargon component", "components/jargon.py", "__call__"),
    ("structure component", "components/structure.py", "__call__"),
    ("scoring component", "components/scoring.py", "__call__"),
    ("PhraseSet.find (matching)", "nlp/resources.py", "find"),
    ("words / is_word", "components/_util.py", "words"),
    ("english sentiment (per sentence)", "components/tone.py", "english_doc_sentiment"),
    ("  override regexes (_rewrite)", "components/tone.py", "_rewrite"),
    ("dutch sentiment", "components/tone.py", "dutch_sentiment"),
    ("syllables", "nlp/syllables.py", "count_syllables"),
    ("  syllable table load", "nlp/syllables.py", "_cmu"),
    ("politeness strategies", "components/tone.py", "_strategies"),
    ("clause starts (commands)", "components/tone.py", "_clause_starts"),
    ("feature rows from Docs", "analyser/features.py", "_row_from_doc"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("--top", type=int, default=25, help="also list the top functions by own time")
    parser.add_argument("--save", type=Path, default=None, help="also write the raw profile (pstats) to this file")
    args = parser.parse_args()
    from analyser.extract import extract_file

    profiler = cProfile.Profile(time.process_time)
    with tempfile.TemporaryDirectory() as tmp:
        profiler.enable()
        extract_file(args.input, Path(tmp) / "out.parquet", jobs=1)  # in this process, where the profiler is
        profiler.disable()
    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(args.save)
    entries = stats.stats  # (file, line, name) -> (cc, nc, tottime, cumtime, callers)
    total = max(v[3] for (f, _, n), v in entries.items() if f.endswith("analyser/extract.py") and n == "extract_file")
    print("| where | CPU s | share |\n|---|---|---|")
    for label, suffix, name in SPOTS:
        # cumulative time of the outermost calls only: callers within the same spot are not added twice
        seconds = sum(v[3] for (f, _, n), v in entries.items() if f.endswith(suffix) and n == name)
        if seconds:
            print(f"| {label} | {seconds:.2f} | {100 * seconds / total:.1f} % |")
    if args.top:
        print()
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
