"""Measure the spelling and grammar checks: false alarms on correct text, recall on injected errors, precision.

Sets (read from ../shared/data, skipped when absent; nothing is copied into the project):
* readability-nl-amsterdam-dev: the expert-simplified Dutch sentences ("Simple"), known-correct Dutch (errors are
  injected into the original "Complex" sentences too, for more material);
* readability-onestopenglish-dev: English news texts at three levels, known-correct English;
* replies-twitter-care-ibm: real English agent replies (dev split), every flagged word judged by hand in
  ``evaluation/spelling_judgements.tsv`` (set, id, word, verdict: ``error`` = a real mistake in the reply,
  ``fp`` = a false alarm, ``damage`` = the corpus damaged the text); ids and words only, never the text.

1. False alarms per 1,000 words on the correct text.  OneStopEnglish's text files were extracted from PDFs and
   lost the "fi"/"fl"/"ff" ligatures ("rst" for "first") and most apostrophes ("dont"); a flagged word that
   becomes a dictionary word when a ligature or an apostrophe is put back is counted as ``damage`` and reported
   apart.  Amsterdam flags are judged by hand in the same judgements file.
2. Recall on errors injected into the correct text, one per sentence: typos (a letter dropped, doubled,
   swapped with its neighbour or replaced by a keyboard neighbour, only when the result is not a word),
   common English misspellings, Dutch d/t swaps (wordt->word, vindt->vind, gebeurd<->gebeurt, -eerd->-eert,
   uw->u), English confusables (you're->your, there->their, it's->its, than->then, lose->loose,
   could have->could of).  A hit is a finding whose span covers the injected word.
3. Precision per grammar rule: findings at injected places / all findings of the rule, over the correct and
   the injected text together.

Run: python evaluation/spelling_grammar.py [--data ../shared/data] [--json out.json] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
JUDGEMENTS = HERE / "spelling_judgements.tsv"
LIGATURES = ("fi", "fl", "ff", "ffi", "ffl", "ft")
COMMON_MISSPELLINGS_EN = {
    "receive": "recieve",
    "separate": "seperate",
    "definitely": "definately",
    "necessary": "neccessary",
    "occurred": "occured",
    "until": "untill",
    "beginning": "begining",
    "believe": "beleive",
    "address": "adress",
    "accommodate": "accomodate",
    "tomorrow": "tommorow",
    "really": "realy",
    "which": "wich",
    "successful": "succesful",
    "environment": "enviroment",
    "government": "goverment",
    "different": "diffrent",
    "because": "becuase",
    "always": "allways",
    "already": "allready",
    "interesting": "intresting",
    "immediately": "immediatly",
    "unfortunately": "unfortunatly",
    "apparently": "apparantly",
    "business": "buisness",
    "experience": "experiance",
    "information": "infomation",
    "possible": "posible",
    "problem": "probelm",
    "account": "acount",
}
DT_SWAPS_NL = {"wordt": "word", "vindt": "vind", "gebeurd": "gebeurt", "gebeurt": "gebeurd", "houdt": "houd"}
CONFUSABLES_EN = [
    (r"\byou(?:'re| are)\b", "your", "GR101"),
    (r"\bthere (?=is|are|was|were)\b", "their ", "GR102"),
    (r"\bit(?:'s| is) (?=a|an|not|been|already|possible|important)\b", "its ", "GR103"),
    (r"\bthan\b", "then", "GR104"),
    (r"\blose\b", "loose", "GR105"),
    (r"\b(could|would|should) have\b", r"\1 of", "GR106"),
    (r"\b(the|a|to|and|of)\b", r"\1 \1", "GR001"),
]
KEYBOARD = {
    c: n
    for c, n in zip(
        "qwertyuiopasdfghjklzxcvbnm",
        [
            "wa",
            "qes",
            "wrd",
            "etf",
            "ryg",
            "tuh",
            "yij",
            "uok",
            "ipl",
            "ol",
            "qsz",
            "awdx",
            "sefc",
            "drgv",
            "fthb",
            "gyjn",
            "hukm",
            "jil",
            "kop",
            "asx",
            "zsdc",
            "xdfv",
            "cfgb",
            "vghn",
            "bhjm",
            "njk",
        ],
        strict=True,
    )
}


# --- data --------------------------------------------------------------------------------------------------


def amsterdam(data: Path, column: str = "Simple") -> list[tuple[str, str]]:
    """The expert-simplified sentences (known-correct Dutch); ``Complex``: the originals, more text to inject into."""
    import pandas as pd

    path = data / "readability-nl-amsterdam-dev" / "complex-simple-dev.csv"
    if not path.is_file():
        return []
    frame = pd.read_csv(path)
    return [(f"row{i}", str(t)) for i, t in frame[column].items() if isinstance(t, str) and t.strip()]


def onestop(data: Path, paragraphs: bool = False) -> list[tuple[str, str]]:
    """Whole texts (one unit per article and level, as a reply is checked whole), or their paragraphs."""
    folder = data / "readability-onestopenglish-dev"
    units = []
    for path in sorted(glob.glob(str(folder / "*-Txt" / "*.txt"))):
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
        if not paragraphs:
            units.append((Path(path).stem, text))
            continue
        for k, paragraph in enumerate(p.strip() for p in text.split("\n")):
            if len(paragraph) > 20:
                units.append((f"{Path(path).stem}#{k}", paragraph))
    return units


def twitter(data: Path) -> list[tuple[str, str]]:
    from analyser.language import detect_language

    path = data / "replies-twitter-care-ibm" / "dev.json"
    if not path.is_file():
        return []
    out, seen = [], set()
    for conversation in json.loads(path.read_text(encoding="utf-8")):
        messages = [(m["tweet_ID"], m["message"]) for m in conversation["dialogContent"] if "agent" in m]
        url = conversation["agentURL"]
        messages.append((url["tweet_ID"], url["url_utterance"]))
        for tweet_id, text in messages:
            if tweet_id not in seen and detect_language(text) == "en":
                seen.add(tweet_id)
                out.append((tweet_id, text))
    return out


def judgements() -> dict[tuple[str, str, str], str]:
    if not JUDGEMENTS.is_file():
        return {}
    with JUDGEMENTS.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {(r["set"], r["id"], r["word"]): r["verdict"] for r in rows}


# --- running the checks ----------------------------------------------------------------------------------


def findings(lang: str, texts: list[str]) -> list[list[dict]]:
    from analyser.nlp.pipeline import build_pipeline

    nlp = build_pipeline(lang)
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        out.append([e for e in doc._.ta_evidence or [] if e["family"] == "correctness" and "code" in e])
    return out


def n_words(text: str) -> int:
    from analyser.nlp.spelling import WORD

    return len(WORD.findall(text))


def _damaged(text: str, start: int, end: int, lang: str) -> bool:
    """A word the PDF extraction broke: known again once a lost ligature ("rst" = first, "signi ficant") or
    apostrophe ("dont", "Im") is put back, or two words that lost the space or line-break hyphen between them
    ("lawabiding")."""
    from analyser.nlp.spelling import Speller

    speller = Speller(lang)
    word = text[start:end]
    before = re.search(r"(\w+)\s?$", text[max(0, start - 30) : start])
    after = re.match(r"\s?(\w+)", text[end : end + 30])
    for form in (word, word.lower()):
        for i in range(len(form) + 1):
            if any(speller.known(form[:i] + ligature + form[i:]) for ligature in LIGATURES):
                return True
            if 0 < i < len(form) and speller.known(form[:i] + "'" + form[i:]):
                return True
            if 2 <= i <= len(form) - 2 and speller.known(form[:i]) and speller.known(form[i:]):
                return True
    for ligature in LIGATURES:
        if after and speller.known(word + ligature + after.group(1)):
            return True
        if before and speller.known(before.group(1) + ligature + word):
            return True
    return False


def false_alarms(name: str, lang: str, units: list[tuple[str, str]], judged: dict) -> dict[str, object]:
    started = time.perf_counter()
    results = findings(lang, [t for _, t in units])
    seconds = time.perf_counter() - started
    words = sum(n_words(t) for _, t in units)
    verdicts: Counter[str] = Counter()
    unjudged = []
    by_code: Counter[str] = Counter()
    for (unit_id, unit_text), found in zip(units, results, strict=True):
        for entry in found:
            key = (name, unit_id, entry["text"])
            verdict = judged.get(key)
            if verdict is None and name == "onestopenglish":
                lost_apostrophe = entry["suggestion"].replace("'", "").lower() == entry["text"].lower()
                damaged = entry["code"] == "SP001" and _damaged(unit_text, entry["start_char"], entry["end_char"], lang)
                if lost_apostrophe or damaged:
                    verdict = "damage"
            if verdict is None:
                unjudged.append(key)
                verdict = "fp"  # not yet looked at: counted against us
            verdicts[verdict] += 1
            if verdict == "fp":
                by_code[entry["code"]] += 1
    flagged = sum(verdicts.values())
    return {
        "set": name,
        "language": lang,
        "units": len(units),
        "words": words,
        "flagged": flagged,
        "flagged_per_1000": round(1000 * flagged / words, 2) if words else None,
        "false_alarms": verdicts["fp"],
        "false_alarms_per_1000": round(1000 * verdicts["fp"] / words, 2) if words else None,
        "real_errors_found": verdicts["error"],
        "corpus_damage": verdicts["damage"],
        "false_alarms_by_code": dict(by_code),
        "unjudged": [list(k) for k in unjudged],
        "words_per_second": round(words / seconds),
    }


# --- injecting errors ------------------------------------------------------------------------------------


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap", "neighbour"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    near = KEYBOARD.get(word[i].lower())
    return word[:i] + rng.choice(near) + word[i + 1 :] if near else word[:i] + word[i + 1 :]


def inject(
    lang: str, units: list[tuple[str, str]], rng: random.Random, limit: int
) -> list[tuple[str, str, int, int, str]]:
    """(kind, text, start, end, expected code) with one injected error each."""
    from analyser.nlp.spelling import WORD, Speller

    speller = Speller(lang)
    cases: dict[str, list[tuple[str, str, int, int, str]]] = defaultdict(list)
    for _, text in units:
        words = [m for m in WORD.finditer(text) if m.group().islower() and len(m.group()) >= 4]
        if words:
            m = rng.choice(words)
            typo = _typo(m.group(), rng)
            if typo != m.group() and not speller.known(typo):
                cases["typo"].append(
                    ("typo", text[: m.start()] + typo + text[m.end() :], m.start(), m.start() + len(typo), "SP")
                )
        if lang == "en":
            for right, wrong in COMMON_MISSPELLINGS_EN.items():
                for m in re.finditer(rf"\b{right}\b", text):
                    cases["misspelling"].append(
                        (
                            "misspelling",
                            text[: m.start()] + wrong + text[m.end() :],
                            m.start(),
                            m.start() + len(wrong),
                            "SP",
                        )
                    )
                    break
            for pattern, replacement, code in CONFUSABLES_EN:
                m = re.search(pattern, text, flags=re.IGNORECASE)
                if m:
                    new = m.expand(replacement)
                    if m.group()[:1].isupper():
                        new = new[:1].upper() + new[1:]
                    cases[code].append(
                        (
                            code,
                            text[: m.start()] + new + text[m.end() :],
                            m.start(),
                            m.start() + len(new.rstrip()),
                            code,
                        )
                    )
        else:
            for right, wrong in DT_SWAPS_NL.items():
                for m in re.finditer(rf"\b{right}\b", text):
                    cases["dt"].append(
                        ("dt", text[: m.start()] + wrong + text[m.end() :], m.start(), m.start() + len(wrong), "GR")
                    )
                    break
            for m in re.finditer(r"\bge\w+eerd\b", text):
                wrong = m.group()[:-1] + "t"
                cases["dt"].append(
                    ("dt", text[: m.start()] + wrong + text[m.end() :], m.start(), m.start() + len(wrong), "GR")
                )
                break
            for m in re.finditer(r"\b[Uu]w\b", text):
                cases["u/uw"].append(
                    ("u/uw", text[: m.start()] + m.group()[0] + text[m.end() :], m.start(), m.start() + 1, "GR005")
                )
                break
            m = re.search(r"\b(meer|minder|groter|kleiner|beter|sneller|langer|korter|hoger|lager) dan\b", text)
            if m:
                start = m.start() + len(m.group(1)) + 1
                cases["als/dan"].append(
                    ("als/dan", text[:start] + "als" + text[start + 3 :], start, start + 3, "GR007")
                )
            m = re.search(r"\b(de|het|een|van|in|op|en)\b", text)
            if m:
                cases["GR001"].append(
                    (
                        "GR001",
                        text[: m.end()] + " " + m.group() + text[m.end() :],
                        m.start(),
                        m.end() + 1 + len(m.group()),
                        "GR001",
                    )
                )
    out = []
    for items in cases.values():
        rng.shuffle(items)
        out.extend(items[:limit])
    return out


def recall(lang: str, units: list[tuple[str, str]], limit: int, seed: int = 0) -> tuple[dict, dict]:
    """Recall per injected kind, and precision per grammar rule over the injected texts.  A finding that only
    puts back an apostrophe OneStopEnglish's extraction lost ("Its a" -> "It's a") is corpus damage, not
    counted against the rule (as in the false-alarm count)."""
    rng = random.Random(seed)
    cases = inject(lang, units, rng, limit)
    results = findings(lang, [text for _, text, *_ in cases])
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rule_tp: Counter[str] = Counter()
    rule_all: Counter[str] = Counter()
    for (kind, _text, start, end, expected), found in zip(cases, results, strict=True):
        hits[kind][1] += 1
        covering = [e for e in found if e["start_char"] < end and start < e["end_char"]]
        if any(e["code"].startswith(expected) for e in covering):
            hits[kind][0] += 1
        for entry in found:
            if entry["code"].startswith("GR"):
                if entry not in covering and entry["suggestion"].replace("'", "").lower() == entry["text"].lower():
                    continue  # an apostrophe the corpus lost, not a false alarm of the rule
                rule_all[entry["code"]] += 1
                if entry in covering:
                    rule_tp[entry["code"]] += 1
    recall_table = {
        kind: {"found": f, "injected": n, "recall": round(f / n, 3)} for kind, (f, n) in sorted(hits.items())
    }
    precision = {
        code: {"correct": rule_tp[code], "fired": rule_all[code], "precision": round(rule_tp[code] / rule_all[code], 3)}
        for code in sorted(rule_all)
    }
    return recall_table, precision


def speed(lang: str, units: list[tuple[str, str]]) -> dict[str, object]:
    """Words per second of the spelling check alone, and the cost of a 100,000-character reply against 10,000."""
    from analyser.nlp.spelling import Speller

    speller = Speller(lang)
    started = time.perf_counter()
    speller.check_text("warm up")
    load = time.perf_counter() - started
    text = " ".join(t for _, t in units)
    speller.suggest("warmup")  # loads the frequency list the suggestions use
    timings = {}
    for size in (10_000, 100_000):
        chunk = (text * (size // max(len(text), 1) + 1))[:size]
        fresh = Speller(lang)  # an empty per-word cache: each size pays for its own words
        started = time.perf_counter()
        fresh.check_text(chunk)
        timings[size] = time.perf_counter() - started
    return {
        "load_seconds": round(load, 2),
        "seconds_10k_chars": round(timings[10_000], 3),
        "seconds_100k_chars": round(timings[100_000], 3),
        "words_per_second_100k": round(n_words((text * 2)[:100_000]) / timings[100_000]),
        "ratio_100k_to_10k": round(timings[100_000] / timings[10_000], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=HERE.parents[1] / "shared" / "data")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--limit", type=int, default=300, help="injected cases per kind (default 300)")
    args = parser.parse_args(argv)
    judged = judgements()
    sets = {
        "amsterdam-simple": ("nl", amsterdam(args.data)),
        "onestopenglish": ("en", onestop(args.data)),
        "twitter-agent-replies": ("en", twitter(args.data)),
    }
    report: dict[str, object] = {"false_alarms": [], "recall": {}, "precision": {}, "speed": {}}
    for name, (lang, units) in sets.items():
        if not units:
            print(f"{name}: absent, skipped", file=sys.stderr)
            continue
        row = false_alarms(name, lang, units, judged)
        report["false_alarms"].append(row)  # type: ignore[union-attr]
        shown = {k: v for k, v in row.items() if k != "unjudged"}
        print(json.dumps(shown), f"unjudged: {len(row['unjudged'])}")
        for key in row["unjudged"][:400]:
            print("  unjudged", *key, sep="\t")
    injection_units = {
        "nl": sets["amsterdam-simple"][1] + amsterdam(args.data, "Complex"),
        "en": onestop(args.data, paragraphs=True) + sets["twitter-agent-replies"][1],
    }
    for lang, units in injection_units.items():
        if not units:
            continue
        table, precision = recall(lang, units, args.limit)
        report["recall"][lang] = table  # type: ignore[index]
        report["precision"][lang] = precision  # type: ignore[index]
        report["speed"][lang] = speed(lang, units)  # type: ignore[index]
        print(lang, "recall", json.dumps(table))
        print(lang, "precision", json.dumps(precision))
        print(lang, "speed", json.dumps(report["speed"][lang]))  # type: ignore[index]
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
