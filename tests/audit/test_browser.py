"""The report in a real browser: headless Chromium (Debian's package, installed by .ci/run) via Playwright.

Checks what a unit test cannot: the inline SVG charts have a size on screen, the tables render with rows,
the console shows no errors, script in ticket text does not run, and the page asks the network for nothing.
Saves full-page screenshots under ``tests/audit/screenshots/`` (git-ignored) for a human to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("AUDIT_SCREENSHOTS", Path(__file__).parent / "screenshots"))


def _chromium() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        pytest.skip("no chromium binary (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def test_report_renders_offline_without_console_errors(browser, audit_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console, errors, requests, dialogs = [], [], [], []
    page.on("console", lambda message: console.append((message.type, message.text)))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((audit_dir / "report.html").as_uri())
    page.wait_for_load_state("load")

    assert errors == []
    assert [text for kind, text in console if kind in ("error", "warning")] == []
    assert dialogs == [], "script in ticket text ran"
    assert [url for url in requests if not url.startswith("file:")] == [], "the report asked the network"

    charts = page.locator("figure.figure svg")
    assert charts.count() >= 4
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150
    tables = page.locator("table")
    assert tables.count() >= 5
    assert page.locator("table").first.locator("tbody tr").count() >= 5
    assert page.locator(".card").count() >= 5
    assert page.locator(".bar .fill").count() >= 30
    assert page.locator("details.reply mark").count() >= 1
    # The hostile reply is on the page as text, not as elements.
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1  # the table script, allowed by its hash
    assert "<script>alert(1)</script>" in page.locator("body").inner_text()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "audit-report.png"), full_page=True)
    page.locator("#agent-scorecards").screenshot(path=str(SCREENSHOTS / "audit-scorecards.png"))
    page.locator("details.reply").first.screenshot(path=str(SCREENSHOTS / "audit-flagged-reply.png"))
    assert (SCREENSHOTS / "audit-report.png").stat().st_size > 50_000
    page.close()


def _column(table, index: int) -> list[str]:
    return [row.locator("td, th").nth(index).inner_text().strip() for row in table.locator("tbody tr").all()]


def test_tables_sort_and_filter_and_the_new_sections_render(browser, audit_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((audit_dir / "report.html").as_uri())
    page.wait_for_load_state("load")
    assert errors == []

    # The comparison's agent table: sort by the agent column both ways, then filter by one agent's name.
    section = page.locator("#compared-with-the-previous-period")
    assert section.locator("svg").count() >= 1
    table = section.locator("table[data-sortable]").first
    names = _column(table, 0)
    assert len(names) >= 3
    header = table.locator("thead th button.sort").first
    header.click()
    assert table.locator("thead th").first.get_attribute("aria-sort") == "ascending"
    assert _column(table, 0) == sorted(names, key=str.lower)
    header.click()
    assert _column(table, 0) == sorted(names, key=str.lower, reverse=True)
    box = section.locator(".table-tools input[type=search]").first
    target = next(name for name in names if name != "(team)")
    box.fill(target)
    visible = [row for row in table.locator("tbody tr").all() if row.is_visible()]
    assert visible and all(target.lower() in row.inner_text().lower() for row in visible)
    assert len(visible) < len(names)
    assert "rows" in section.locator(".filter-count").first.inner_text()
    box.fill("")
    assert sum(row.is_visible() for row in table.locator("tbody tr").all()) == len(names)

    scorecard = page.locator("#scorecard-service-desk-qa")
    assert scorecard.count() == 1 and "Service Desk QA" in scorecard.inner_text()

    # The conversation view: a thread with customer and agent messages, the sentiment line, a helpdesk link.
    conversations = page.locator("#conversations")
    assert conversations.locator("details.thread").count() >= 1
    first = conversations.locator("details.thread:has(.sentiment-line)").first
    assert first.count() == 1 and first.locator(".msg.customer").count() >= 1
    if first.get_attribute("open") is None:
        first.locator("summary").click()
    assert first.locator(".sentiment-line").is_visible()
    assert first.locator("a[href^='https://example.zendesk.com/agent/tickets/']").count() >= 1

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SCREENSHOTS / "audit-comparison.png"))
    scorecard.screenshot(path=str(SCREENSHOTS / "audit-scorecard.png"))
    first.screenshot(path=str(SCREENSHOTS / "audit-conversation.png"))
    page.close()


def test_tables_read_without_scripts(browser, audit_dir):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((audit_dir / "report.html").as_uri())
    assert page.locator(".table-tools").count() == 0  # no filter boxes without the script
    table = page.locator("#compared-with-the-previous-period table").first
    assert table.locator("tbody tr").count() >= 3 and table.locator("thead th button").count() == 0
    context.close()


def test_report_reads_on_a_narrow_screen(browser, audit_dir):
    page = browser.new_page(viewport={"width": 420, "height": 900})
    page.goto((audit_dir / "report.html").as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 440, "the page scrolls sideways on a phone"
    page.close()
