"""``ticket-analyser lint`` on the command line: output lines, formats, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GOOD = "Hi {{name}},\n\nThank you for waiting. Your laptop is ready; please collect it at the desk.\n\nKind regards,\nDesk\n"
POOR = "Restart your laptop!!!\n\nKind regards,\nDesk\n"


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "poor.txt").write_text(POOR, encoding="utf-8")
    return tmp_path


def test_text_output_lines_and_exit_1(cli, folder: Path) -> None:
    result = cli("lint", "poor.txt", "good.txt")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        'poor.txt:1:1: ST001 template has no greeting; open with one, e.g. "Hi <name>," or "Beste <naam>,"',
        'poor.txt:1:1: TN003 bare command "Restart your laptop!!!"; add please or ask ("Could you...", "Wilt u...")',
        'poor.txt:1:20: TN005 [*] exclamation run "!!!"',
        "Found 3 finding(s) (3 warning) in 2 template(s).",
        "[*] 1 fixable with --fix (2 more with --unsafe-fixes).",
    ]


def test_clean_exit_0_and_exit_zero_and_fail_on(cli, folder: Path) -> None:
    clean = cli("lint", "good.txt")
    assert (clean.exit_code, clean.output) == (0, "All checks passed (1 template(s)).\n")
    assert cli("lint", "poor.txt", "--exit-zero").exit_code == 0
    assert cli("lint", "poor.txt", "--fail-on", "error").exit_code == 0
    assert cli("lint", "poor.txt", "--fail-on", "info").exit_code == 1
    assert cli("lint", "poor.txt", "--select", "TN005", "--fail-on", "warning").exit_code == 1
    assert cli("lint", "poor.txt", "--ignore", "ST,TN").exit_code == 0


def test_json_output(cli, folder: Path) -> None:
    result = cli("lint", "poor.txt", "--format", "json")
    records = json.loads(result.output)
    assert [(r["code"], r["line"], r["column"], r["level"]) for r in records] == [
        ("ST001", 1, 1, "warning"),
        ("TN003", 1, 1, "warning"),
        ("TN005", 1, 20, "warning"),
    ]
    assert records[2]["end_column"] == 23 and records[2]["language"] == "en"


def test_sarif_validates_against_the_official_schema(cli, folder: Path, samples: Path) -> None:
    for args in (["poor.txt", "good.txt"], [str(samples)], ["good.txt"]):
        result = cli("lint", *args, "--format", "sarif", "--exit-zero")
        log = json.loads(result.output)
        jsonschema.Draft4Validator(SCHEMA).validate(log)
        run = log["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        for item in run["results"]:
            assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
            assert item["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    assert log["version"] == "2.1.0" and run["results"] == []


def test_sarif_levels_and_uris(cli, folder: Path) -> None:
    log = json.loads(cli("lint", "poor.txt", "--format", "sarif").output)
    result = log["runs"][0]["results"][0]
    assert result["level"] == "warning"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "poor.txt"


def test_github_annotations(cli, folder: Path) -> None:
    lines = cli("lint", "poor.txt", "--format", "github").output.splitlines()
    assert lines[2] == (
        "::warning file=poor.txt,line=1,col=20,endLine=1,endColumn=23,title=TN005 exclamation-run::"
        'TN005 exclamation run "!!!"'
    )


def test_output_file(cli, folder: Path) -> None:
    result = cli("lint", "poor.txt", "--format", "json", "-o", "out.json")
    assert result.exit_code == 1 and result.output == ""
    assert len(json.loads((folder / "out.json").read_text(encoding="utf-8"))) == 3


def test_binary_and_missing_files_exit_2_and_the_rest_is_still_linted(cli, folder: Path) -> None:
    (folder / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    result = cli("lint", "poor.txt", "logo.txt", "nothere.txt")
    assert result.exit_code == 2
    assert "error: logo.txt: binary file, not a text template" in result.stderr
    assert "error: nothere.txt: no such file or directory" in result.stderr
    assert "poor.txt:1:20: TN005" in result.stdout
    assert "Traceback" not in result.output


def test_unreadable_file_exits_2(cli, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    original = os.open

    def deny(path, *args, **kwargs):  # root reads a chmod-000 file, so refuse the open itself
        if Path(path).name == "poor.txt":
            raise PermissionError(13, "Permission denied")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    result = cli("lint", "poor.txt", "good.txt")
    assert result.exit_code == 2
    assert result.stderr == "error: poor.txt: cannot read the file (permission denied)\n"


def test_invalid_config_key_exits_2(cli, folder: Path) -> None:
    (folder / ".ticket-analyser.toml").write_text('[lint]\nselect = ["TN"]\nfail_on = "error"\n', encoding="utf-8")
    result = cli("lint", "poor.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown key(s) fail_on in ")
    assert "valid: select, ignore" in result.stderr


def test_config_file_settings_and_command_line_override(cli, folder: Path) -> None:
    (folder / ".ticket-analyser.toml").write_text('[lint]\nselect = ["TN005"]\nformat = "json"\n', encoding="utf-8")
    assert [r["code"] for r in json.loads(cli("lint", "poor.txt").output)] == ["TN005"]
    assert cli("lint", "poor.txt", "--format", "text", "--select", "ST").output.startswith("poor.txt:1:1: ST001")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lint", "poor.txt", "--select", "XX9"], "error: --select: 'XX9' matches no rule code or prefix"),
        (["lint", "--explain", "AB123"], "error: unknown rule code 'AB123'"),
        (["lint"], "error: no PATH given"),
    ],
)
def test_usage_errors_exit_2(cli, folder: Path, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_samples_in_every_format(cli, samples: Path) -> None:
    for fmt in ("text", "json", "sarif", "github"):
        result = cli("lint", str(samples), "--format", fmt)
        assert result.exit_code == 1, fmt
        assert result.stdout.strip()
