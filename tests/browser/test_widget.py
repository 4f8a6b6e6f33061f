"""The chat widget on the clinic page, in a real (headless) Chromium.

Starts everything it needs: `scripts/serve.sh run` (action server, Rasa server,
web page) and a second web page pointed at a closed port for the "assistant
down" check. Screenshots of each step (1280x800 and 390x844) and the axe-core results
go to test-artifacts/browser/.
"""

from __future__ import annotations

import json
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
import sqlalchemy
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

from clinic.conversations import EVENTS
from clinic.settings import clinic, tracker_store_url

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


VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}
MAX_DELAY_MS = 1000  # an answer is shown within 1 s of arriving in the browser

# Notes when each bot message arrives (socket.io over WebSocket or long-polling) and
# when a watched text first shows in the conversation, both in the page's clock.
TIMING_SCRIPT = """
(() => {
  const arrivals = [];
  const shownAt = {};
  const note = (data) => {
    if (typeof data === "string" && data.includes("bot_uttered")) arrivals.push([performance.now(), data]);
  };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) { super(...args); this.addEventListener("message", (e) => note(e.data)); }
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    this.addEventListener("load", () => note(this.responseText));
    return send.apply(this, args);
  };
  const watched = new Set();
  new MutationObserver(() => {
    const pane = document.getElementById("rw-messages");
    if (!pane) return;
    for (const text of watched) {
      if (pane.textContent.includes(text)) { shownAt[text] = performance.now(); watched.delete(text); }
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  window.__chatTiming = {
    watch: (text) => watched.add(text),
    delay: (text) => {
      const arrival = arrivals.find(([, data]) => data.includes(text));
      return arrival && shownAt[text] !== undefined ? shownAt[text] - arrival[0] : null;
    },
  };
})();
"""


def shot(page: Page, name: str) -> None:
    """A screenshot once the widget's open/close animations have ended."""
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)",
        timeout=5_000,
    )
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def check_accessibility(page: Page, name: str) -> None:
    """axe-core on the page as it is: no serious or critical violation; results saved as JSON."""
    violations = Axe().run(page).response["violations"]
    summary = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
        for v in violations
    ]
    (ARTIFACTS / f"{name}.axe.json").write_text(json.dumps(summary, indent=2))
    severe = [v for v in summary if v["impact"] in ("serious", "critical")]
    assert not severe, f"{name}: {json.dumps(severe, indent=2)}"


def tab_to(page: Page, matches: str, backwards: bool = False, limit: int = 40) -> None:
    """Press Tab (or Shift+Tab) until the focused element satisfies the JS predicate `matches`."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(f"(({matches}))(document.activeElement)"):
            return
    raise AssertionError(f"no focusable element matching {matches} within {limit} key presses")


def open_chat(page: Page) -> None:
    """Open the widget unless it re-opened itself from the session's state."""
    page.locator(".rw-launcher").wait_for(state="attached")  # hidden on mobile when the chat is open
    page.wait_for_timeout(1500)  # the widget restores its state from sessionStorage
    if not page.locator(".rw-messages-container").is_visible():
        page.locator(".rw-launcher").click()


def stored_events(sender_id: str) -> int:
    """How many events of this conversation the tracker store's database holds (the
    database the Rasa server uses: TRACKER_STORE_URL, as scripts/test.sh sets it)."""
    engine = sqlalchemy.create_engine(tracker_store_url())
    try:
        with engine.connect() as connection:
            query = sqlalchemy.select(sqlalchemy.func.count()).where(EVENTS.c.sender_id == sender_id)
            return connection.execute(query).scalar_one()
    finally:
        engine.dispose()


def settled_events(sender_id: str, quiet_seconds: float = 1.0) -> int:
    """stored_events once it has not changed for `quiet_seconds` (the server saves a turn
    just after sending its answer)."""
    count = stored_events(sender_id)
    for _ in range(20):
        time.sleep(quiet_seconds)
        again = stored_events(sender_id)
        if again == count:
            return count
        count = again
    raise AssertionError(f"the stored conversation keeps changing: {count} events")


def ask(page: Page, text: str) -> None:
    page.locator(".rw-new-message").fill(text)
    page.keyboard.press("Enter")


def ask_timed(page: Page, text: str, expected: str) -> float:
    """Type `text` into the focused input, press Enter; return the ms from the answer's
    arrival to `expected` showing in the conversation."""
    page.evaluate("text => window.__chatTiming.watch(text)", expected)
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    expect(page.locator(".rw-messages-container")).to_contain_text(expected, timeout=30_000)
    delay = page.evaluate("text => window.__chatTiming.delay(text)", expected)
    assert delay is not None, f"the arrival of {expected!r} was not seen"
    return delay


def newest_answer_in_view(page: Page) -> dict:
    """Where the newest answer (the messages after the patient's last one) starts and how tall it is."""
    return page.evaluate(
        """() => {
          const pane = document.getElementById("rw-messages");
          const groups = [...pane.querySelectorAll(".rw-group-message")];
          const last = groups.map((g) => g.classList.contains("rw-from-client")).lastIndexOf(true);
          const answer = groups.slice(last + 1);
          const top = answer[0].getBoundingClientRect().top - pane.getBoundingClientRect().top;
          const height = answer[answer.length - 1].getBoundingClientRect().bottom - answer[0].getBoundingClientRect().top;
          return {top, height, pane: pane.clientHeight};
        }"""
    )


@pytest.mark.parametrize("device", VIEWPORTS)
def test_chat_on_the_clinic_page(site, browser, device):
    context = browser.new_context(viewport=VIEWPORTS[device])
    context.add_init_script(TIMING_SCRIPT)
    page = context.new_page()
    delays = []
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlparse(request.url).hostname))
    page.goto(site)
    shot(page, f"{device}-01-page")

    # keyboard only: open the widget, type, pick a button
    launcher = page.locator(".rw-launcher")
    expect(launcher).to_have_attribute("aria-label", re.compile("chat", re.I))
    launcher.wait_for()  # shown once connected
    tab_to(page, "e => e.matches('.rw-launcher')")
    page.keyboard.press("Enter")
    expect(page.locator(".rw-messages-container")).to_contain_text("virtual assistant", timeout=30_000)
    expect(page.locator(".rw-new-message")).to_have_attribute("aria-label", "Type your question")
    expect(page.locator(".clinic-clear-chat")).to_be_visible()
    shot(page, f"{device}-02-greeting")
    check_accessibility(page, f"{device}-02-greeting")

    page.locator(".rw-new-message").focus()
    delays.append(ask_timed(page, "how long does SI joint fusion take?", "45 to 90 minutes"))
    # title, answer and source on lines of their own
    answer = page.locator(".rw-markdown", has_text="45 to 90 minutes").last
    expect(answer.locator("strong")).to_have_text(re.compile(r"^SI joint fusion – how long"))
    expect(answer.locator("em")).to_have_text(re.compile(r"^\(Source: "))
    expect(answer.locator("br")).to_have_count(2)
    expect(page.locator(".rw-reply", has_text="Hospital stay").last).to_be_visible()
    shot(page, f"{device}-03-answer")
    check_accessibility(page, f"{device}-03-answer")

    tab_to(page, "e => e.textContent === 'Hospital stay'", backwards=True)
    page.evaluate("window.__chatTiming.watch('outpatient basis')")
    page.keyboard.press("Enter")
    expect(page.locator(".rw-messages-container")).to_contain_text("outpatient basis", timeout=30_000)
    delays.append(page.evaluate("window.__chatTiming.delay('outpatient basis')"))
    shot(page, f"{device}-04-quick-reply")

    # an answer longer than the pane: its start stays in view
    page.locator(".rw-new-message").focus()
    delays.append(
        ask_timed(page, "what are the risks of SI joint fusion and spinopelvic fixation?", "full list of risks")
    )
    page.wait_for_timeout(300)
    where = newest_answer_in_view(page)
    assert where["height"] > where["pane"], f"the answer fits the pane, nothing to check: {where}"
    assert 0 <= where["top"] < 40, f"the start of the answer is not in view: {where}"
    shot(page, f"{device}-05-long-answer")

    page.reload()
    open_chat(page)
    expect(page.locator(".rw-messages-container")).to_contain_text("45 to 90 minutes", timeout=30_000)
    shot(page, f"{device}-06-after-reload")

    page.goto(f"{site}/spinopelvic-fixation.html")
    open_chat(page)
    expect(page.locator(".rw-messages-container")).to_contain_text("outpatient basis", timeout=30_000)
    shot(page, f"{device}-07-other-page")
    check_accessibility(page, f"{device}-07-other-page")

    page.locator(".rw-reply", has_text="Book a consultation").last.click()
    expect(page.locator(".rw-messages-container")).to_contain_text("full name", timeout=30_000)
    ask(page, "Maria Lopez")
    expect(page.locator(".rw-messages-container")).to_contain_text("phone number or email", timeout=30_000)
    ask(page, "+1 555 010 0199")
    page.locator(".rw-reply", has_text="SI joint fusion").last.click()
    expect(page.locator(".rw-messages-container")).to_contain_text("days or times", timeout=30_000)
    ask(page, "weekday mornings")
    page.locator(".rw-reply", has_text="Yes, I agree").last.click()
    expect(page.locator(".rw-messages-container")).to_contain_text("Here is your request", timeout=30_000)
    summary = page.locator(".rw-markdown", has_text="Here is your request").last
    expect(summary.locator("li")).to_have_count(4)  # the details render as a list
    shot(page, f"{device}-08-booking-summary")
    check_accessibility(page, f"{device}-08-booking-summary")
    page.locator(".rw-reply", has_text="Confirm").last.click()
    expect(page.locator(".rw-messages-container")).to_contain_text("Your reference is", timeout=30_000)
    booking_link = page.locator(".rw-messages-container a", has_text="example.org").last
    expect(booking_link).to_have_attribute("href", re.compile(r"^https://www\.example\.org/"))
    shot(page, f"{device}-09-booking")

    ask(page, "<b>bold</b><script>window.pwned = 1</script>")
    expect(page.locator(".rw-messages-container")).to_contain_text("<script>", timeout=30_000)
    assert page.evaluate("window.pwned") is None

    # "Clear chat", by keyboard: it asks first; cancelled, nothing changes
    old_session = page.evaluate("JSON.parse(sessionStorage.getItem('chat_session')).session_id")
    stored_before = settled_events(old_session)
    assert stored_before > 0, "the conversation is not in the tracker store: nothing to check"
    page.locator(".rw-new-message").focus()
    tab_to(page, "e => e.matches('.clinic-clear-chat')", backwards=True)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Clear this chat?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("delete it from the clinic's server")
    expect(dialog).to_contain_text(clinic().phone)
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    shot(page, f"{device}-10-clear-confirmation")
    check_accessibility(page, f"{device}-10-clear-confirmation")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(".clinic-clear-chat")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.press("Enter")  # on Cancel
    expect(dialog).to_be_hidden()
    expect(page.locator(".rw-messages-container")).to_contain_text("Your reference is")
    assert page.evaluate("JSON.parse(sessionStorage.getItem('chat_session')).session_id") == old_session
    assert settled_events(old_session) == stored_before, "cancelling changed the stored conversation"

    # confirmed: deleted on the server and in the browser, a new conversation
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    tab_to(page, "e => e.matches('.clinic-dialog-confirm')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".rw-messages-container")).to_contain_text("virtual assistant", timeout=30_000)
    expect(page.locator(".rw-messages-container")).not_to_contain_text("Maria Lopez")
    expect(page.locator(".rw-new-message")).to_be_focused()
    stored = page.evaluate("sessionStorage.getItem('chat_session')")
    assert old_session not in stored and "Maria Lopez" not in stored and "45 to 90" not in stored
    deadline = time.monotonic() + 10
    while stored_events(old_session) and time.monotonic() < deadline:
        time.sleep(0.5)  # the server deletes when it saves the conversation, just after its answer
    assert stored_events(old_session) == 0, "the old conversation is still in the tracker store"
    shot(page, f"{device}-11-cleared")

    # keyboard only: close it
    tab_to(page, "e => e.matches('.rw-launcher, .rw-close-button') && e.offsetParent !== null")
    page.keyboard.press("Enter")
    expect(page.locator(".rw-messages-container")).to_be_hidden()
    shot(page, f"{device}-12-closed")

    assert requested_hosts <= {"localhost", "127.0.0.1"}, f"loaded from outside: {requested_hosts}"
    (ARTIFACTS / f"{device}-delays.json").write_text(json.dumps({"ms": delays}))
    assert max(delays) < MAX_DELAY_MS, f"answers shown {delays} ms after they arrived"
    context.close()


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
    expect(status).to_contain_text(clinic().phone)
    shot(page, "assistant-down")
    page.close()
