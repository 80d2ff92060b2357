"""Whatever records an export holds, reading it ends in tables with balanced counts or one InputError."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyser.errors import InputError
from analyser.ingest.readers import FORMATS, read_export

# Field names the readers look at, so that records are often recognised and then hit the odd values.
FIELDS = [
    "id",
    "ticket_id",
    "requester_id",
    "status",
    "author_id",
    "public",
    "body",
    "html_body",
    "score",
    "reopens",
    "created_at",
    "events",
    "role",
    "name",
    "incoming",
    "private",
    "user_id",
    "ratings",
    "source",
    "responder_id",
    "key",
    "fields",
    "number",
    "short_description",
    "opened_at",
    "element",
    "element_id",
    "value",
    "metric",
    "actual_value",
    "memoText",
    "entryDate",
    "caller",
    "callDate",
    "Incidentnummer",
    "Verzoek",
    "Aanmelder",
    "author_role",
    "comment",
    "description",
    "satisfaction_rating",
    "via",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2024-03-01T10:00:00Z", "01-03-2024 10:00", "good", "bad", "-1"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4),
    max_leaves=8,
)
records = st.lists(st.dictionaries(st.sampled_from(FIELDS), values, min_size=1, max_size=8), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.sampled_from(["auto", *FORMATS]))
def test_any_records_give_tables_or_one_input_error(rows: list[dict], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.jsonl"
        path.write_text("".join(json.dumps(r, allow_nan=True) + "\n" for r in rows), "utf-8")
        try:
            result = read_export([path], fmt)
        except InputError as error:
            assert str(error)
            return
        counts = result.counts
        assert counts["records_in"] == len(rows)
        assert counts["records_in"] == counts["records_used"] + counts["rejected"]
        assert result.dataset.replies["body_clean"].notna().all()
