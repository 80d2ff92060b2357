"""--fix, --diff and --unsafe-fixes: fixes as data, applied without ever breaking a placeholder or a suppression."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from analyser.clean.placeholders import normalise_placeholders
from analyser.lint import lint_paths, lint_text
from analyser.lint.engine import _SUPPRESSION
from analyser.lint.fixes import fix_text
from analyser.lint.settings import LintSettings

SAMPLE_FILES = sorted(
    p.relative_to(Path(__file__).resolve().parents[2] / "data" / "templates").as_posix()
    for p in (Path(__file__).resolve().parents[2] / "data" / "templates").rglob("*")
    if p.is_file() and p.name != "expected.toml"
)
SUPPRESSED = "<!-- ticket-analyser: disable=JG001 -->\n{# ticket-analyser: disable-next-line=RD002 #}\n"


def placeholders(text: str) -> Counter[str]:
    return Counter(normalise_placeholders(text)[1])


def suppressions(text: str) -> Counter[str]:
    return Counter(m.group() for m in _SUPPRESSION.finditer(text))


@pytest.fixture()
def copied(samples: Path, tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(samples, target)
    (target / "expected.toml").unlink()
    return target


@pytest.mark.parametrize("unsafe", [False, True])
@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_fix_on_every_sample_keeps_placeholders_and_suppressions(samples: Path, name: str, unsafe: bool) -> None:
    original = (samples / name).read_text(encoding="utf-8")
    if not name.endswith(".json"):
        original = SUPPRESSED + original  # a suppression in every text sample, to prove it survives
    settings = LintSettings(unsafe_fixes=unsafe)
    result = fix_text(original, name, settings, unsafe=unsafe, name_for_format=name)
    assert result.problem is None
    assert placeholders(result.fixed) >= placeholders(original)
    removed = suppressions(original) - suppressions(result.fixed)
    assert not (suppressions(result.fixed) - suppressions(original))
    unused = {f.message for f in lint_text(original) if f.code == "TA003"} if not name.endswith(".json") else set()
    assert sum(removed.values()) <= len(unused)  # only TA003 removes a suppression, and only an unused one
    if name.endswith(".json"):
        json.loads(result.fixed)
    before = len(lint_paths_text(original, name))
    assert len(result.findings) <= before
    if result.applied:
        assert len(result.findings) < before, name


def lint_paths_text(text: str, name: str):
    from analyser.lint.engine import lint_templates
    from analyser.lint.sources import templates_from_text

    return lint_templates(templates_from_text(text, name, name_for_format=name))


def test_fix_on_the_poor_samples_leaves_fewer_findings(cli, copied: Path) -> None:
    before = lint_paths([copied])
    result = cli("lint", str(copied), "--fix", "--unsafe-fixes", "--format", "json")
    after = lint_paths([copied])
    assert result.exit_code == 1
    assert len(after.findings) < len(before.findings)
    poor = [p for p in copied.rglob("*") if p.is_file() and ("poor" in p.name or "slecht" in p.name)]
    fixable = {f.path for f in before.findings if f.fix is not None}
    assert {str(p) for p in poor} & fixable, "no poor sample has a fixable finding: the test proves nothing"
    for path in poor:
        if str(path) in fixable:  # a sample whose findings are all judgement calls (EM001, RD002) stays as it is
            assert sum(f.path == str(path) for f in after.findings) < sum(f.path == str(path) for f in before.findings)
    print(f"poor samples: {len(before.findings)} findings before, {len(after.findings)} after --fix --unsafe-fixes")


def test_safe_fix_writes_only_safe_edits_and_reports_what_is_left(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("poor.txt").write_text("Hi Anna,\n\nRestart your laptop!!!\n\nKind regards,\nDesk\n", encoding="utf-8")
    result = cli("lint", "poor.txt", "--fix")
    assert Path("poor.txt").read_text(encoding="utf-8") == "Hi Anna,\n\nRestart your laptop!\n\nKind regards,\nDesk\n"
    assert result.exit_code == 1  # TN003 is left (its fix is unsafe)
    assert result.stdout.splitlines()[-2:] == [
        "Fixed 1 finding(s). Found 1 finding(s) (1 warning) in 1 template(s).",
        "[*] 0 fixable with --fix (1 more with --unsafe-fixes).",
    ]
    unsafe = cli("lint", "poor.txt", "--fix", "--unsafe-fixes")
    assert unsafe.exit_code == 0
    assert "Please restart your laptop!" in Path("poor.txt").read_text(encoding="utf-8")


def test_diff_prints_without_writing(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    original = "Hi Anna,\n\nYour ticket is closed!!!\n\nKind regards,\nDesk\n"
    Path("t.txt").write_text(original, encoding="utf-8")
    result = cli("lint", "t.txt", "--diff")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "--- a/t.txt",
        "+++ b/t.txt",
        "@@ -1,6 +1,6 @@",
        " Hi Anna,",
        " ",
        "-Your ticket is closed!!!",
        "+Your ticket is closed!",
        " ",
        " Kind regards,",
        " Desk",
    ]
    assert result.stderr == "Would fix 1 finding(s).\n"
    assert Path("t.txt").read_text(encoding="utf-8") == original
    clean = cli("lint", "t.txt", "--diff", "--select", "ST")
    assert (clean.exit_code, clean.stdout) == (0, "")


def test_fix_keeps_crlf_and_bom(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("t.txt").write_bytes("\ufeffHi Anna,\r\n\r\nDone!!!\r\n\r\nKind regards,\r\nDesk\r\n".encode())
    cli("lint", "t.txt", "--fix")
    assert Path("t.txt").read_bytes() == "\ufeffHi Anna,\r\n\r\nDone!\r\n\r\nKind regards,\r\nDesk\r\n".encode()


def test_unused_suppression_is_removed_with_its_line(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("t.md").write_text("<!-- ticket-analyser: disable=TN004 -->\nHi Anna,\n\nAll done.\n\nKind regards,\nDesk\n")
    cli("lint", "t.md", "--fix")
    assert Path("t.md").read_text() == "Hi Anna,\n\nAll done.\n\nKind regards,\nDesk\n"


def test_a_fix_never_edits_inside_a_placeholder() -> None:
    text = "Hi {{NAME}},\n\nYour ticket {{TICKET_ID}} is CLOSED now.\n\nKind regards,\nDesk"
    result = fix_text(text, "t.txt", LintSettings(), unsafe=True, name_for_format="t.txt")
    assert "{{NAME}}" in result.fixed and "{{TICKET_ID}}" in result.fixed
    assert "is closed now" in result.fixed


def test_stdin_fix_prints_the_fixed_text(cli, tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from analyser.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", "-", "--fix"], input="Hi Anna,\n\nDone!!!\n\nKind regards,\nDesk\n")
    assert result.stdout == "Hi Anna,\n\nDone!\n\nKind regards,\nDesk\n"
    assert "Fixed 1 finding(s)" in result.stderr


def test_json_export_is_fixed_in_place_and_stays_valid(cli, copied: Path) -> None:
    export = copied / "macros" / "freshdesk_canned_responses.json"
    before = lint_paths([export]).findings
    cli("lint", str(export), "--fix", "--unsafe-fixes")
    assert json.loads(export.read_text(encoding="utf-8"))  # still a valid export
    after = lint_paths([export]).findings
    assert len(after) < len(before)
    assert {f.template for f in after} <= {f.template for f in before}


def test_fix_data_shape_in_json_output(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("t.txt").write_text("Hi Anna,\n\nDone!!!\n\nKind regards,\nDesk\n", encoding="utf-8")
    [finding] = json.loads(cli("lint", "t.txt", "--format", "json").stdout)
    assert finding["fix"] == {
        "applicability": "safe",
        "message": 'replace "!!!" with "!"',
        "edits": [{"content": "!", "location": {"line": 3, "column": 5}, "end_location": {"line": 3, "column": 8}}],
    }
