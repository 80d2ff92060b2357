"""Try the pre-commit hook as a template repository would use it, and time its environment install.

In a throw-away git repository with a ``templates/`` folder, a README and a requirements.txt (text files
that are not templates), the script runs ``pre-commit try-repo <this checkout> ticket-analyser-lint`` three
times and checks what the issue asks:

1. ``--all-files`` with one good template: the hook lints only ``templates/good.txt`` (never README.md or
   requirements.txt, whose text would give findings) and passes;
2. a poor template added: the hook fails, with findings for ``templates/poor.txt`` only;
3. the poor template excluded in ``[tool.ticket-analyser.lint]``: the hook passes again (``--force-exclude``).

``try-repo`` installs the hook's environment (``pip install`` of this checkout: the base install) afresh at
every call, so each run's wall time minus the hook's own duration (pre-commit prints it) is an install: the
first with a new, empty pip cache (``PIP_CACHE_DIR``), the next ones with that cache warm.  The figures go to
``benchmarks/results/lint_precommit.json``.  It needs the
package registry (pip downloads the hook's dependencies), so it is a script, not a test: run it before a
release and after a dependency change.

Run: .venv/bin/python scripts/try_pre_commit_hook.py [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Hi {{name}},\n\nThank you for waiting. Your laptop is ready; please collect it at the desk.\n\nKind regards,\nDesk\n"
POOR = "Restart your laptop and reconnect to the VPN!!!\nYou should have installed the update.\n"
README = "# Our templates\n\nRestart your laptop!!! You should have read this README.\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _pre_commit() -> list[str]:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if found is None:
        sys.exit("pre-commit is not installed: pip install pre-commit (it is in the [test] extra)")
    return [found]


def _snapshot(target: Path) -> Path:
    """This checkout's files (committed or not) as one commit of a new repository: try-repo on a dirty tree
    makes a new shadow commit, and so a new environment, at every call; a snapshot installs once."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git(target, "init", "-q")
    _git(target, "add", ".")
    _git(target, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "snapshot")
    return target


def _hook_seconds(output: str) -> float:
    """The hook's own run time, from pre-commit's ``- duration: 1.54s`` line (0 when absent)."""
    import re

    return sum(float(m) for m in re.findall(r"- duration: ([\d.]+)s", output))


def _run(repo: Path, env: dict[str, str], hook_repo: Path) -> tuple[int, str, float]:
    started = time.perf_counter()
    process = subprocess.run(
        [*_pre_commit(), "try-repo", str(hook_repo), "ticket-analyser-lint", "--all-files", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    return process.returncode, process.stdout + process.stderr, time.perf_counter() - started


def _check(condition: bool, message: str, output: str) -> None:
    if not condition:
        print(output)
        sys.exit(f"FAILED: {message}")
    print(f"ok: {message}")


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the throw-away repository and caches")
    parser.add_argument("--install-only", action="store_true", help="only the first run: the cold-cache install")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "lint_precommit.json")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ta-precommit-"))
    repo = work / "repo"
    (repo / "templates").mkdir(parents=True)
    (repo / "templates" / "good.txt").write_text(GOOD, encoding="utf-8")
    (repo / "README.md").write_text(README, encoding="utf-8")
    (repo / "requirements.txt").write_text("requests\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    hook_repo = _snapshot(work / "hook-repo")
    env = {**os.environ, "PRE_COMMIT_HOME": str(work / "pre-commit-home"), "PIP_CACHE_DIR": str(work / "pip-cache")}
    env.pop("VIRTUAL_ENV", None)
    report: dict[str, object] = {}
    try:
        code, output, first = _run(repo, env, hook_repo)
        cold_install = first - _hook_seconds(output)
        _check(code == 0, "a good template passes (and the environment installs)", output)
        _check(
            "templates/good.txt" not in output or "All checks passed (1 template(s))" in output,
            "only the one template was linted",
            output,
        )
        _check(
            "README.md" not in output and "requirements.txt" not in output, "README and requirements untouched", output
        )
        if args.install_only:
            report = {
                "install_seconds_cold_pip_cache": round(cold_install, 1),
                "hook_seconds": _hook_seconds(output),
                "load_average_1min": round(os.getloadavg()[0], 2),
            }
            print(json.dumps(report, indent=2))
            return report
        code, output, second = _run(repo, env, hook_repo)
        warm_install = second - _hook_seconds(output)
        (repo / "templates" / "poor.txt").write_text(POOR, encoding="utf-8")
        _git(repo, "add", ".")
        code, output, _ = _run(repo, env, hook_repo)
        _check(code == 1 and "templates/poor.txt:1:" in output, "a poor template fails the hook", output)
        _check("README.md:" not in output, "the README is still not linted", output)
        (repo / "pyproject.toml").write_text(
            '[tool.ticket-analyser.lint]\nexclude = ["templates/poor.txt"]\n', encoding="utf-8"
        )
        _git(repo, "add", ".")
        code, output, _ = _run(repo, env, hook_repo)
        _check(code == 0 and "poor.txt:" not in output, "a file excluded in the configuration is skipped", output)
        report = {
            "first_run_seconds_including_install": round(first, 1),
            "install_seconds_cold_pip_cache": round(cold_install, 1),
            "install_seconds_warm_pip_cache": round(warm_install, 1),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "pip_config": "the machine's pip configuration (PyPI plus local wheel indexes); PIP_CACHE_DIR empty",
        }
        print(json.dumps(report, indent=2))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    return report


if __name__ == "__main__":
    main()
