"""The chat widget on the clinic page, in a real (headless) Chromium.

Starts everything it needs: `scripts/serve.sh run` (action server, Rasa server,
web page) and a second web page pointed at a closed port for the "assistant
down" check. Screenshots of each step go to test-artifacts/browser/.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WEB_PORT = int(os.environ.get("WEB_PORT", "8080"))
RASA_PORT = int(os.environ.get("RASA_PORT", "5005"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"{url} did not answer within {seconds}s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site():
    """The assistant as `make run` starts it: action server, Rasa server, web page."""
    log = open(ROOT / "var" / "log" / "browser-test-serve.log", "w")
    process = subprocess.Popen(
        ["scripts/serve.sh", "run"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_for(f"http://localhost:{WEB_PORT}/", 90)
        wait_for(f"http://localhost:{RASA_PORT}/", 180)
        yield f"http://localhost:{WEB_PORT}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # serve.sh and every server it started
        process.wait(timeout=60)
        log.close()


@pytest.fixture(scope="module")
def down_site():
    """A page whose assistant cannot be reached (nothing listens on its port)."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "scripts/serve_web.py",
            "--port",
            str(port),
            "--rasa-url",
            f"http://localhost:{free_port()}",
        ],
        cwd=ROOT,
    )
    try:
        wait_for(f"http://localhost:{port}/", 30)
        yield f"http://localhost:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_chat(page: Page) -> None:
    """Open the widget unless it re-opened itself from the session's state."""
    page.locator(".rw-launcher").wait_for()
    page.wait_for_timeout(1500)  # the widget restores its state from sessionStorage
    if not page.locator(".rw-messages-container").is_visible():
        page.locator(".rw-launcher").click()


def ask(page: Page, text: str) -> None:
    page.locator(".rw-new-message").fill(text)
    page.keyboard.press("Enter")


def test_chat_on_the_clinic_page(site, browser):
    page = browser.new_page()
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlparse(request.url).hostname))
    page.goto(site)
    shot(page, "01-page")

    launcher = page.locator(".rw-launcher")
    expect(launcher).to_have_attribute("aria-label", re.compile("chat", re.I))
    launcher.focus()
    page.keyboard.press("Enter")  # opens by keyboard
    expect(page.locator(".rw-messages-container")).to_contain_text("virtual assistant", timeout=30_000)
    expect(page.locator(".rw-new-message")).to_have_attribute("aria-label", "Type your question")
    shot(page, "02-greeting")

    ask(page, "how long does SI joint fusion take?")
    expect(page.locator(".rw-messages-container")).to_contain_text("45 to 90 minutes", timeout=30_000)
    shot(page, "03-answer")

    page.locator(".rw-reply", has_text="Hospital stay").last.click()
    expect(page.locator(".rw-messages-container")).to_contain_text("outpatient basis", timeout=30_000)
    shot(page, "04-quick-reply")

    page.reload()
    open_chat(page)
    expect(page.locator(".rw-messages-container")).to_contain_text("45 to 90 minutes", timeout=30_000)
    shot(page, "05-after-reload")

    page.goto(f"{site}/spinopelvic-fixation.html")
    open_chat(page)
    expect(page.locator(".rw-messages-container")).to_contain_text("outpatient basis", timeout=30_000)
    shot(page, "06-other-page")

    page.locator(".rw-reply", has_text="Book a consultation").last.click()
    expect(page.locator(".rw-messages-container")).to_contain_text("full name", timeout=30_000)
    ask(page, "Maria Lopez")
    expect(page.locator(".rw-messages-container")).to_contain_text("phone number or email", timeout=30_000)
    ask(page, "+1 555 010 0199")
    page.locator(".rw-reply", has_text="SI joint fusion").last.click()
    expect(page.locator(".rw-messages-container")).to_contain_text("days or times", timeout=30_000)
    ask(page, "weekday mornings")
    page.locator(".rw-reply", has_text="Yes, I agree").last.click()
    page.locator(".rw-reply", has_text="Confirm").last.click()
    expect(page.locator(".rw-messages-container")).to_contain_text("Your reference is", timeout=30_000)
    booking_link = page.locator(".rw-messages-container a", has_text="example.org").last
    expect(booking_link).to_have_attribute("href", re.compile(r"^https://www\.example\.org/"))
    shot(page, "07-booking")

    ask(page, "<b>bold</b><script>window.pwned = 1</script>")
    expect(page.locator(".rw-messages-container")).to_contain_text("<script>", timeout=30_000)
    assert page.evaluate("window.pwned") is None
    assert requested_hosts <= {"localhost", "127.0.0.1"}, f"loaded from outside: {requested_hosts}"
    page.close()


def test_session_ends_with_the_browser_session(site, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site)
    assert page.evaluate("Object.keys(localStorage).length") == 0
    context.close()


def test_down_assistant_shows_the_phone_number(down_site, browser):
    page = browser.new_page()
    page.goto(down_site)
    status = page.locator("#chat-status")
    expect(status).to_be_visible(timeout=20_000)
    expect(status).to_contain_text("+1 (555) 010-0199")
    shot(page, "08-assistant-down")
    page.close()
