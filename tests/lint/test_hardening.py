"""Issue 12's lint items, each a regression test that failed before its fix: hostile paths and text give a
one-line input error (exit 2) or a result, never a hang, an "internal error" or an injected CI command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyser.clean.runs import MAX_RUN, collapse_symbol_runs, collapse_symbol_runs_with_offsets

GOOD = "Hi {{name}},\n\nThank you for waiting. Your laptop is ready; please collect it at the desk.\n\nKind regards,\nDesk\n"
POOR = "Restart your laptop!!!\n\nKind regards,\nDesk\n"
CLI = "import sys; from analyser.cli import main; sys.argv[0] = 'ticket-analyser'; main()"


def run_cli(args: list[str], *, cwd: Path, timeout: float, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """The command in a child process, so that a hang fails the test (timeout) instead of stalling the suite."""
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_fifo_is_an_input_error_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    result = run_cli(["lint", "pipe.txt", "good.txt"], cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert b"error: pipe.txt: not a regular file (a named pipe)" in result.stderr
    assert b"internal error" not in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_an_input_error(cli) -> None:
    result = cli("lint", "/dev/zero")
    assert result.exit_code == 2
    assert "error: /dev/zero: not a regular file (a device)" in result.stderr
    assert "internal error" not in result.stderr


def test_a_symlink_loop_is_an_input_error(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink("b.txt", "a.txt")
    os.symlink("a.txt", "b.txt")
    result = cli("lint", "a.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: a.txt: symbolic link loop")
    assert "internal error" not in result.stderr


def test_a_symlink_loop_inside_a_folder_is_skipped_and_the_rest_linted(cli, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.symlink("loop", tmp_path / "loop")  # a link to itself: never followed by the walk
    result = cli("lint", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "All checks passed (1 template(s)).\n")


def test_folders_1100_deep_are_walked(cli, tmp_path: Path) -> None:
    folders = [str(tmp_path)]
    for _ in range(1100):  # not Path.mkdir(parents=True), which is itself recursive
        folders.append(os.path.join(folders[-1], "d"))
        os.mkdir(folders[-1])
    Path(folders[-1], "good.txt").write_text(GOOD, encoding="utf-8")
    try:
        result = cli("lint", str(tmp_path))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == "All checks passed (1 template(s)).\n"
    finally:  # shutil.rmtree (and so pytest's clean-up of old tmp folders) recurses: take it down from the bottom
        os.unlink(os.path.join(folders[-1], "good.txt"))
        for folder in reversed(folders[1:]):
            os.rmdir(folder)


def test_an_empty_folder_says_nothing_was_linted_and_exits_2(cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("lint", str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert "All checks passed" not in result.stdout
    assert result.stderr == "error: nothing was linted: no template files in the given path(s)\n"


def test_only_missing_paths_say_nothing_was_linted(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("lint", "gone.txt", "also-gone/")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: gone.txt: no such file or directory",
        "error: also-gone: no such file or directory",
        "error: nothing was linted: no template files in the given path(s)",
    ]


def test_files_excluded_by_the_configuration_are_not_an_error(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ticket-analyser.lint]\nexclude = ["drafts"]\nforce-exclude = true\n', encoding="utf-8"
    )
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "poor.txt").write_text(POOR, encoding="utf-8")
    named = cli("lint", "drafts/poor.txt")  # as pre-commit names a file
    assert (named.exit_code, named.stdout) == (0, "Nothing to lint: 1 path(s) excluded by the configuration.\n")
    walked = cli("lint", ".")
    assert (walked.exit_code, walked.stdout) == (0, "Nothing to lint: 1 path(s) excluded by the configuration.\n")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    both = cli("lint", ".")
    assert both.stdout == "All checks passed (1 template(s); 1 path(s) excluded by the configuration).\n"


INJECTED = "x\n::error file=README.md,line=1::pwned\n.txt"


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "gitlab", "junit"])
def test_a_file_name_cannot_inject_a_workflow_command(cli, tmp_path: Path, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path(INJECTED).write_text(POOR, encoding="utf-8")
    result = cli("lint", INJECTED, "--format", fmt)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert not any(line.lstrip().startswith("::error") for line in lines), result.stdout
    if fmt == "github":
        assert len(lines) == 3 and all(line.startswith("::warning file=x%0A%3A%3Aerror") for line in lines)
    if fmt == "text":
        assert lines[0].startswith("x\\n::error file=README.md,line=1::pwned\\n.txt:1:1: ST001")


def test_an_error_message_cannot_inject_either(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad\n::error::x.txt").write_bytes(b"\x00\x01binary")
    result = cli("lint", "bad\n::error::x.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: bad\\n::error::x.txt: binary file, not a text template"


def test_a_long_punctuation_run_is_linted_in_linear_time(tmp_path: Path) -> None:
    """'Thanks' + 100,000 '!' took hours (spaCy's suffix search is quadratic in a run); a child process with a
    generous timeout fails the test if that returns."""
    text = ("Hi Anna,\n\nThanks" + "!" * 100_000 + "\n\nKind regards,\nDesk\n").encode()
    result = run_cli(["lint", "-", "--format", "json"], cwd=tmp_path, timeout=300, stdin=text)
    assert result.returncode == 1, result.stderr
    [finding] = json.loads(result.stdout)
    assert finding["code"] == "TN005"
    assert (finding["line"], finding["column"], finding["end_column"]) == (3, 7, 100_007)  # the whole run
    assert len(finding["message"]) < 100


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab !?._-😂\n"), max_size=300))
def test_collapsed_runs_are_capped_and_map_back(text: str) -> None:
    collapsed, offsets = collapse_symbol_runs_with_offsets(text)
    assert collapsed == collapse_symbol_runs(text)
    assert "!" * (MAX_RUN + 1) not in collapsed and "_" * (MAX_RUN + 1) not in collapsed
    if offsets is None:
        assert collapsed == text
    else:
        assert len(offsets) == len(collapsed) and offsets == sorted(set(offsets))
        assert all(text[i] == c for i, c in zip(offsets, collapsed, strict=True))


def test_ordinary_text_is_left_exactly_as_it_is() -> None:
    for text in ("Wait... what?!", "Thanks!!!!!!!", "— – ... ;-) 😂😂😂😂😂", "=" * MAX_RUN, "https://x.nl/a?b=c&d=e"):
        assert collapse_symbol_runs(text) == text
        assert collapse_symbol_runs_with_offsets(text) == (text, None)
