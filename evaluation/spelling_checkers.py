"""Compare Hunspell checkers on the shipped dictionaries: load time, words per second, agreement.

Candidates (install them into the venv to compare; a missing one is reported, not an error):
* ``chunspell`` -- Cython binding with libhunspell 1.7 inside the wheel (the one the package uses);
* ``spylls`` -- Hunspell ported to pure Python (the fallback where chunspell has no wheel);
* ``zspell`` -- Rust, Hunspell-format; cannot parse OpenTaal's ``.aff`` (CHECKCOMPOUNDPATTERN), so Dutch fails.
``cyhunspell`` and PyPI's ``hunspell`` were tried too: the first downloads Hunspell's sources while building (no
wheel for Python 3.11 on Linux) and fails offline; the second needs the system's libhunspell headers.

Words: the first 5,000 words of the Amsterdam simple sentences (Dutch) and of OneStopEnglish's elementary texts
(English) from ../shared/data; each word checked once, no cache, so this is the raw checker speed (the
package caches per word, which is what makes whole replies fast).

Run: python evaluation/spelling_checkers.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import glob
import re
import time
from pathlib import Path

from analyser.nlp.spelling import dictionary_folder

WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")


def _words(data: Path) -> dict[str, list[str]]:
    import pandas as pd

    out: dict[str, list[str]] = {}
    csv = data / "readability-nl-amsterdam-dev" / "complex-simple-dev.csv"
    if csv.is_file():
        out["nl"] = WORD.findall(" ".join(pd.read_csv(csv)["Simple"].dropna()))[:5000]
    files = sorted(glob.glob(str(data / "readability-onestopenglish-dev" / "Ele-Txt" / "*.txt")))
    if files:
        out["en_US"] = WORD.findall(" ".join(Path(f).read_text(encoding="utf-8-sig") for f in files))[:5000]
    return out


def _open(checker: str, name: str):
    folder = dictionary_folder(name)
    if checker == "chunspell":
        from hunspell import Hunspell

        return Hunspell(name, hunspell_data_dir=str(folder)).spell
    if checker == "spylls":
        from spylls.hunspell import Dictionary

        return Dictionary.from_files(str(folder / name)).lookup
    import zspell

    aff = (folder / f"{name}.aff").read_text(encoding="utf-8-sig")
    dic = (folder / f"{name}.dic").read_text(encoding="utf-8-sig")
    return zspell.Dictionary(aff, dic).check_word


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = parser.parse_args(argv)
    words = _words(args.data)
    unknown: dict[tuple[str, str], set[str]] = {}
    print("| checker | dictionary | load (s) | words/s (no cache) | unknown words |")
    print("|---|---|---|---|---|")
    for checker in ("chunspell", "spylls", "zspell"):
        for name, sample in words.items():
            try:
                started = time.perf_counter()
                check = _open(checker, name)
                load = time.perf_counter() - started
            except ImportError:
                print(f"| {checker} | {name} | not installed | | |")
                continue
            except Exception as error:  # a checker that cannot read the dictionary is a result here
                print(f"| {checker} | {name} | fails: {type(error).__name__}: {str(error)[:60]} | | |")
                continue
            started = time.perf_counter()
            bad = {w for w in sample if not check(w)}
            seconds = time.perf_counter() - started
            unknown[(checker, name)] = bad
            print(f"| {checker} | {name} | {load:.2f} | {len(sample) / seconds:,.0f} | {len(bad)} |")
    for name in words:
        a, b = unknown.get(("chunspell", name)), unknown.get(("spylls", name))
        if a is not None and b is not None:
            print(f"{name}: chunspell and spylls disagree on {len(a ^ b)} distinct words: {sorted(a ^ b)[:10]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
