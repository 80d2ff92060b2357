"""Reading templates: formats, placeholders (understood, never flagged), malformed ones, positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyser.errors import InputError
from analyser.lint import lint_paths, lint_text
from analyser.lint.precision import every_rule
from analyser.lint.sources import templates_from_file


def codes(findings) -> set[str]:
    return {f.code for f in findings}


GOOD_BODY = (
    "Thank you for your message. I have reset your password, so you can sign in again now. "
    "Please let us know if anything does not work.\n\nKind regards,\nService Desk"
)


@pytest.mark.parametrize(
    "placeholder",
    [
        "{{ticket.requester.first_name}}",
        "{{ name }}",
        "%NAME%",
        "%CUSTOMER_NAME%",
        "[Customer Name]",
        "{first_name}",
        "{{ ticket.requester.first_name | capitalize }}",
        "${caller_id.first_name}",
    ],
)
def test_placeholders_of_every_syntax_are_never_flagged(placeholder: str) -> None:
    findings = lint_text(f"Hi {placeholder},\n\n{GOOD_BODY}")
    assert findings == [], [(f.code, f.message) for f in findings]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Hi {{ name },\n", "{{ is not closed"),
        ("Hi {{}},\n", "empty placeholder"),
        ("Hi { name }},\n", "}} has no opening {{"),
        ("Hi {{first name}},\n", "placeholder name contains a space ('first name')"),
        ("Hi %NAME,\n", "%NAME has no closing %"),
        ("{% if x %}Hi,\n", "{% if %} has no {% endif %}"),
        ("Hi,\n{% endfor %}\n", "{% endfor %} has no opening {% for %}"),
    ],
)
def test_malformed_placeholders_are_flagged(text: str, problem: str) -> None:
    found = [f for f in lint_text(text + GOOD_BODY) if f.code == "PH001"]
    assert len(found) == 1
    assert problem in found[0].message
    assert found[0].level == "error"


def test_jinja_expressions_and_filters_are_not_malformed() -> None:
    text = "Hi {{ name or 'there' }},\n{% for item in items %}{{ item.title | upper }}{% endfor %}\n" + GOOD_BODY
    assert "PH001" not in codes(lint_text(text))


def test_column_of_a_finding_in_html_points_into_the_source(tmp_path: Path) -> None:
    page = tmp_path / "reply.html"
    page.write_text(
        "<html><body>\n<p>Hi {{name}},</p>\n<p>Thanks for waiting.\n   Please re-enrol your MFA now.</p>\n"
        "<p>Kind regards,<br>Desk</p>\n</body></html>\n",
        encoding="utf-8",
    )
    [finding] = [f for f in lint_paths([page], every_rule()).findings if f.code == "JG002"]
    line = page.read_text(encoding="utf-8").splitlines()[finding.line - 1]
    assert (finding.line, line[finding.column - 1 : finding.column + 2]) == (4, "MFA")


def test_comments_and_statements_are_not_text(tmp_path: Path) -> None:
    page = tmp_path / "t.j2"
    page.write_text(
        "{# NOTE TO AGENTS: NEVER SEND THIS ON FRIDAYS!!! #}\nHi {{name}},\n\n" + GOOD_BODY, encoding="utf-8"
    )
    assert lint_paths([page]).findings == []


def test_zendesk_macros_and_freshdesk_responses_become_templates(tmp_path: Path) -> None:
    zendesk = tmp_path / "macros.json"
    zendesk.write_text(
        json.dumps(
            {
                "macros": [
                    {"title": "A", "actions": [{"field": "comment_value", "value": "Hi,\n\n" + GOOD_BODY}]},
                    {
                        "title": "B",
                        "actions": [{"field": "comment_value_html", "value": "<p>YOUR TICKET IS CLOSED!!</p>"}],
                    },
                    {"title": "C", "actions": [{"field": "status", "value": "solved"}]},
                ]
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    templates = templates_from_file(zendesk)
    assert [t.name for t in templates] == ["A", "B"]
    assert templates[1].text == "YOUR TICKET IS CLOSED!!"
    result = lint_paths([zendesk])
    b = [f for f in result.findings if f.template == "B"]
    assert {"TN004", "TN005"} <= codes(b)
    line_of_b = zendesk.read_text(encoding="utf-8").splitlines()[b[0].line - 1]
    assert "YOUR TICKET" in line_of_b
    freshdesk = tmp_path / "canned.json"
    freshdesk.write_text(
        json.dumps({"canned_responses": [{"title": "R", "content": "Hoi,\n\nBedankt!"}]}), encoding="utf-8"
    )
    assert [t.name for t in templates_from_file(freshdesk)] == ["R"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b'{"tickets": []}', "not a Zendesk macro export"),
        (b'{"macros": [', "not valid JSON"),
    ],
)
def test_unreadable_input_is_an_input_error(tmp_path: Path, content: bytes, message: str) -> None:
    suffix = ".json" if content.startswith(b"{") else ".txt"
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        templates_from_file(path)


def test_windows_1252_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nl.txt"
    path.write_bytes(
        "Beste klant,\n\nWij hebben uw caf\xe9-account hersteld.\n\nMet vriendelijke groet,\nDesk".encode("cp1252")
    )
    assert "café" in templates_from_file(path)[0].text


def test_empty_template_is_a_finding_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    result = lint_paths([path])
    assert [(f.code, f.level) for f in result.findings] == [("TA001", "error")]
    assert not result.errors


def test_other_languages_get_language_neutral_rules_only() -> None:
    findings = lint_text("Sehr geehrte Damen und Herren, Ihr Konto ist GESPERRT!! Mit freundlichen Grüßen")
    assert codes(findings) == {"TA002", "TN004", "TN005"}


# --- never a traceback ------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [*"abcXYZ !?.,\n{}%[]#<>/-", "u", "je", "{{", "}}", "{%", "%}", "<p>", "</p>", "<!--", "-->", "Hi ", "SORRY "]
_TEMPLATE_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEMPLATE_TEXT)
def test_lint_text_never_raises(text: str) -> None:
    for finding in lint_text(text):
        assert finding.line >= 1 and finding.column >= 1
        assert finding.end_line > finding.line or finding.end_column > finding.column


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200), suffix=st.sampled_from([".txt", ".html", ".json", ".liquid", ".md"]))
def test_any_bytes_are_templates_or_an_input_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        templates = templates_from_file(path)
    except InputError as error:
        assert str(error).startswith(str(path))
        return
    lint_paths([path])
    assert all(len(t.text) == len(t.offsets) for t in templates)
