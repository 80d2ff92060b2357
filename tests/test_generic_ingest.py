"""The robust CSV/JSONL readers: hypothesis checks that no record is lost or invented."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyser.ingest.generic import iter_csv, iter_jsonl

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=80)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies=st.lists(texts, min_size=1, max_size=12), delimiter=st.sampled_from([",", ";", "\t"]))
def test_csv_round_trip_keeps_every_record(tmp_path, bodies, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow(["id", "body"])
    for i, body in enumerate(bodies):
        writer.writerow([str(i), body])
    path = tmp_path / "r.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    chunks = list(iter_csv(path, chunksize=5))
    rows = pd.concat([c.rows for c in chunks], ignore_index=True)
    rejects = sum(len(c.rejects) for c in chunks)
    assert rejects == 0
    assert rows["id"].tolist() == [str(i) for i in range(len(bodies))]
    assert rows["body"].tolist() == bodies
    assert rows["_row"].tolist() == list(range(1, len(bodies) + 1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(texts, st.just('{"body": "ok"}')), min_size=1, max_size=15))
def test_jsonl_every_line_is_a_row_or_a_reject(tmp_path, lines):
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(line.replace("\n", " ") for line in lines), encoding="utf-8")
    chunks = list(iter_jsonl(path, chunksize=4))
    good = sum(len(c.rows) for c in chunks)
    bad = sum(len(c.rejects) for c in chunks)
    non_blank = sum(1 for line in lines if line.replace("\n", " ").strip())
    assert good + bad == non_blank


def test_cp1252_is_detected(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("id;body\n1;Caf\xe9 is dicht\n".encode("latin-1"))
    rows = next(iter_csv(path)).rows
    assert rows.loc[0, "body"] == "Café is dicht"


def test_quoted_newlines_stay_in_one_record(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('id,body\n1,"line one\nline two"\n2,x\n', encoding="utf-8")
    rows = next(iter_csv(path)).rows
    assert rows["body"].tolist() == ["line one\nline two", "x"]
    assert rows["_row"].tolist() == [1, 2]
