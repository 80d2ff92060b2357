"""Ingest (and then extract) real exports beside the checkout (../shared/data); each set is skipped when absent.

    python evaluation/ingest_real_data.py [--shared ../shared/data] [--out /tmp/ingest-real] [--no-extract]

* ``replies-twitter-care-ibm``: 525 real brand customer-care conversations on Twitter (dev split).  They are
  written as a generic JSONL replies table (conversation = ticket, ``agent`` turns and the final agent
  tweet with the document link = agent replies, ``client`` turns = customer), then read with
  ``read_export(..., "generic")`` - the same path a team's own CSV takes.
* ``export-zendesk-api-excerpt``: seven real Zendesk API records (Airbyte stream lines).
* ``export-zendesk-fivetran``: Zendesk warehouse tables (placeholder text, real layout).

For each: records in = used + rejected (checked), the reject reasons, and how much text cleaning removed
from the messages (characters by kind, share of messages touched).  With extract (the default) the
ingested Twitter replies are then scored, agent public replies only, on ``body_clean``, to show that
ingest's output feeds extract with nothing lost.  Nothing is copied into the project.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from analyser.clean import clean_reply
from analyser.ingest.readers import IngestResult, read_export
from analyser.io import write_dataset

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared" / "data"


def twitter_to_jsonl(source: Path, target: Path) -> int:
    """The IBM Twitter conversations as a generic replies JSONL; returns the number of messages written."""
    conversations = json.loads(source.read_text("utf-8"))
    count = 0
    with open(target, "w", encoding="utf-8") as handle:
        for conversation in conversations:
            session = conversation["dialogHeader"]["sessionID"]
            turns = list(conversation["dialogContent"])
            final = conversation.get("agentURL") or {}
            if final.get("url_utterance"):
                turns.append(
                    {
                        "agent": conversation["dialogHeader"]["company"],
                        "message": final["url_utterance"],
                        "tweet_ID": final.get("tweet_ID"),
                        "datetime": None,
                    }
                )
            for turn in turns:
                role = "agent" if "agent" in turn else "customer"
                author = turn.get("agent") or turn.get("client") or turn.get("client1")
                record = {
                    "ticket_id": session,
                    "reply_id": turn.get("tweet_ID"),
                    "author_role": role,
                    "agent_id": author if role == "agent" else None,
                    "created_at": turn.get("datetime"),
                    "channel": "twitter",
                    "public": True,
                    "body": turn["message"],
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def removal_report(result: IngestResult, *, agent_only: bool) -> dict[str, object]:
    """How much cleaning removed from the messages, by kind (HTML markup reported apart)."""
    replies = result.dataset.replies
    if agent_only:
        replies = replies[(replies["author_role"] == "agent") & replies["public"].fillna(False).astype(bool)]
    by_kind: Counter[str] = Counter()
    touched = 0
    raw_chars = 0
    for body in replies["body"].fillna(""):
        cleaned = clean_reply(body)
        text_chars = sum(len(t) for k, t in cleaned.removed if k != "html_markup") + len(cleaned.text)
        raw_chars += text_chars
        for kind, text in cleaned.removed:
            by_kind[kind] += len(text)
        if any(k != "html_markup" for k, _ in cleaned.removed):
            touched += 1
    removed = sum(v for k, v in by_kind.items() if k != "html_markup")
    return {
        "messages": len(replies),
        "messages_touched": touched,
        "text_chars": raw_chars,
        "removed_chars": removed,
        "removed_share": round(removed / raw_chars, 4) if raw_chars else 0.0,
        "removed_by_kind": dict(by_kind),
    }


def run_extract(result: IngestResult, out: Path, name: str) -> dict[str, object]:
    """Write the ingested tables and score them with extract (agent public replies, on body_clean)."""
    from analyser.extract import extract_file

    _, replies_path = write_dataset(result.dataset, out / f"{name}.parquet")
    summary = extract_file(
        replies_path,
        out / f"{name}-features.parquet",
        text_column="body_clean",
        id_column="reply_id",
        agent_replies_only=True,
    )
    assert summary.rows_in == summary.rows_out + summary.rows_rejected, "extract lost rows"
    assert summary.rows_in == len(result.dataset.replies), "ingest output not all read by extract"
    print(
        f"  extract on body_clean: {summary.rows_in} rows in = {summary.rows_out} scored + "
        f"{summary.rows_rejected} rejected {dict(summary.reasons)}"
    )
    return summary.as_dict()


def report(name: str, result: IngestResult, *, agent_only: bool) -> dict[str, object]:
    counts = result.counts
    assert counts["records_in"] == counts["records_used"] + counts["rejected"], "records lost"
    reasons = Counter(
        re.sub(r"\b[\w.:-]*\d[\w.:-]*\b", "N", re.sub(r"/\S+", "FILE", r)) for r in result.rejects["reason"]
    )
    summary = {
        "format": result.format,
        "detection": result.detection,
        "counts": {k: v for k, v in counts.items() if k != "files"},
        "reject_reasons": dict(reasons),
        "warnings": result.warnings,
        "cleaning": removal_report(result, agent_only=agent_only),
    }
    print(f"\n== {name}\n{result.detection}\n{result.summary()}")
    for reason, number in reasons.most_common():
        print(f"  rejected {number:>4}  {reason}")
    for warning in result.warnings:
        print(f"  warning: {warning}")
    c = summary["cleaning"]
    print(
        f"  cleaning ({'agent public replies' if agent_only else 'all messages'}): {c['messages_touched']} of "
        f"{c['messages']} messages changed; {c['removed_chars']} of {c['text_chars']} characters removed "
        f"({100 * c['removed_share']:.1f}%) by kind {c['removed_by_kind']}"
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ingest-real")
    parser.add_argument("--no-extract", action="store_true", help="only ingest, do not score")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}

    twitter = args.shared / "replies-twitter-care-ibm" / "dev.json"
    if twitter.exists():
        jsonl = args.out / "twitter-replies.jsonl"
        written = twitter_to_jsonl(twitter, jsonl)
        result = read_export([jsonl], "generic")
        assert result.counts["records_in"] == written
        results["twitter"] = report("replies-twitter-care-ibm (generic)", result, agent_only=True)
        results["twitter_all_messages"] = removal_report(result, agent_only=False)
        print(f"  cleaning (all messages): {results['twitter_all_messages']}")
        if not args.no_extract:
            results["twitter_extract"] = run_extract(result, args.out, "twitter")
    else:
        print(f"skipped: {twitter} not found")

    excerpt = args.shared / "export-zendesk-api-excerpt" / "expected_records_excerpt.jsonl"
    if excerpt.exists():
        result = read_export([excerpt])
        results["zendesk_api"] = report("export-zendesk-api-excerpt", result, agent_only=False)
        if not args.no_extract:
            results["zendesk_api_extract"] = run_extract(result, args.out, "zendesk-api")
    else:
        print(f"skipped: {excerpt} not found")

    fivetran = args.shared / "export-zendesk-fivetran"
    if fivetran.exists():
        result = read_export(sorted(fivetran.glob("*.csv")))
        results["zendesk_fivetran"] = report("export-zendesk-fivetran", result, agent_only=False)
        if not args.no_extract:
            results["zendesk_fivetran_extract"] = run_extract(result, args.out, "zendesk-fivetran")
    else:
        print(f"skipped: {fivetran} not found")

    (args.out / "ingest_real_data.json").write_text(json.dumps(results, indent=2, default=str), "utf-8")
    print(f"\nwrote {args.out / 'ingest_real_data.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
