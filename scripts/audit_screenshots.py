"""Screenshots of the audit report's sections for docs/audit.md, taken in headless Chromium (Playwright).

Usage: python scripts/audit_screenshots.py REPORT.html [OUT_DIR]   (default OUT_DIR: docs/images)

REPORT.html is an audit of the sample data with the README's scorecard, e.g.::

    ticket-analyser audit data/sample_tickets --from 2026-02-16 --config scorecard.toml -o /tmp/audit
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main(report: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900}, device_scale_factor=1)
        page.goto(report.resolve().as_uri())
        comparison = page.locator("#compared-with-the-previous-period")
        comparison.screenshot(path=str(out / "audit-comparison.png"))
        table = comparison.locator("table[data-sortable]").first
        table.locator("thead th button.sort").first.click()  # sort by the first column
        comparison.locator(".table-tools input[type=search]").first.fill("anna")  # filter the rows
        comparison.screenshot(path=str(out / "audit-sorted-filtered.png"))
        page.locator("[id^='scorecard-']").first.screenshot(path=str(out / "audit-scorecard.png"))
        thread = page.locator("#conversations details.thread:has(.sentiment-line)").first
        if thread.get_attribute("open") is None:
            thread.locator("summary").click()
        thread.screenshot(path=str(out / "audit-conversation.png"))
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("docs/images"))
