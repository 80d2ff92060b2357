"""Rules as data: every YAML file is complete, its example fires the rule and its fix does not."""

from __future__ import annotations

import pytest

from analyser.errors import ConfigError
from analyser.lint import get_rule, lint_text, load_rules
from analyser.lint.checks import CHECKS
from analyser.lint.precision import default_off, every_rule
from analyser.lint.rules import FAMILIES, LEVELS, parse_rule, resolve

RULES = load_rules()


def test_codes_are_family_prefix_and_digits_and_unique_names() -> None:
    assert len(RULES) >= 18
    for code, rule in RULES.items():
        assert code[:2] in FAMILIES and code[2:].isdigit() and len(code) == 5
        assert rule.level in LEVELS
        assert rule.kind in CHECKS or rule.kind == "suppression"
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("code", [c for c, r in RULES.items() if r.options.get("example_is_template", True)])
def test_example_fires_and_fix_is_clean(code: str) -> None:
    rule = RULES[code]
    settings = every_rule()  # rules off by default (measured precision below 0.8) are checked too
    assert code in {f.code for f in lint_text(rule.example, settings=settings)}, f"{code}: its example does not fire"
    assert code not in {f.code for f in lint_text(rule.fix, settings=settings)}, f"{code}: its fix still triggers it"


def test_explain_has_ruff_headings() -> None:
    text = get_rule("tn003").explain()
    for heading in (
        "# command-without-courtesy (TN003)",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
    ):
        assert heading in text


def test_unknown_code_lists_valid_codes() -> None:
    with pytest.raises(ConfigError, match="valid codes: AD001"):
        get_rule("XY123")


def test_incomplete_rule_file_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"missing .*why"):
        parse_rule(
            "code: TN999\nname: x\nkind: pattern\nlevel: info\nlanguages: [en]\nmessage: m\nwhat: w\n"
            "example: e\nfix: f\n",
            "TN999.yml",
        )
    with pytest.raises(ConfigError, match="level"):
        parse_rule(
            "code: TN999\nname: x\nkind: pattern\nlevel: fatal\nlanguages: [en]\nmessage: m\nwhat: w\n"
            "why: y\nexample: e\nfix: f\n",
            "TN999.yml",
        )


def test_select_and_ignore_take_prefixes_and_the_more_specific_wins() -> None:
    tone = [c for c in RULES if c.startswith("TN")]
    off = default_off()
    assert resolve(["TN"], []) == tone
    assert resolve(["ALL"], ["TN"]) == [c for c in RULES if not c.startswith("TN") and c not in off]
    assert "TN003" in resolve(["ALL", "TN003"], ["TN"])
    assert resolve(["TN"], ["TN003"]) == [c for c in tone if c != "TN003"]


def test_rules_below_the_precision_threshold_are_off_unless_named() -> None:
    off = default_off()
    assert off and off <= set(RULES)
    enabled = resolve(["ALL"], [])
    assert not off & set(enabled)
    code = sorted(off)[0]
    assert code in resolve(["ALL", code], []) and code in resolve([code[:2]], [])


def test_rule_command_prints_documentation_and_lists_rules(cli) -> None:
    result = cli("rule", "JG002")
    assert result.exit_code == 0
    assert "# unexplained-acronym (JG002)" in result.output and "## Use instead" in result.output
    listing = cli("rule", "--all")
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.output.splitlines()] == list(RULES)


def test_rule_command_unknown_code_exits_2_without_traceback(cli) -> None:
    result = cli("rule", "ZZ999")
    assert result.exit_code == 2
    assert result.output.startswith("error: unknown rule code 'ZZ999'")
    assert "Traceback" not in result.output


def test_lint_explain_is_the_same_text(cli) -> None:
    assert cli("lint", "--explain", "PH001").output == cli("rule", "PH001").output
