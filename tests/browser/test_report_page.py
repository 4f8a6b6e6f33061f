"""The staff report opened in a real (headless) Chromium: it renders, loads nothing
from elsewhere, and shows its figures. Screenshot: test-artifacts/report/report.png."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests import report_db
from tests.browser.test_widget import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "report"


def test_report_opens_in_chromium(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    report_db.build(url)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / "report.html"
    result = report_db.make_report(url, out)
    assert result.returncode == 0, result.stderr
    outside = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else outside.append(r.url))
        page.goto(out.as_uri())
        expect(page.locator("h1")).to_have_text("What patients asked the assistant")
        images = page.locator("img")
        expect(images).to_have_count(3)
        for i in range(3):  # every chart decoded and drawn
            assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 300")
        expect(page.locator(".card").first).to_contain_text(str(report_db.EXPECTED["conversations"]))
        expect(page.get_by_text("do you take acme insurance? call me on [phone]")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        browser.close()
    assert outside == []
