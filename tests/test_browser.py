"""The review page in a real Chromium (Debian's, driven by Playwright): keys, undo, skip,
the empty queue, a lost lease and markup shown as text. SQLite only: one backend is enough for
the UI. Set CLAIMDESK_SCREENSHOT=1 to refresh docs/review-page.png."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import requests

from service.db import db
from service.ingest import ingest_text
from tests.conftest import bearer

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "review-page.png"
MARKUP = "<img src=x onerror=alert(1)>"


def chromium_path() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("No chromium executable found, and CI is set: browser tests must run in CI.")
        pytest.skip("No chromium executable found (install Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def ingest(app, text: str, title: str) -> None:
    with app.app_context():
        ingest_text(db.session, text, title=title)
        db.session.commit()


def log_in(page, live_server: str, token: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/review")
    page.wait_for_selector("#claim-panel:not([hidden]), #empty-panel:not([hidden])")


def claim_ref(page) -> str:
    return page.text_content("#claim-ref")


def wait_for_new_claim(page, before: str) -> str:
    page.wait_for_function("(before) => document.getElementById('claim-ref').textContent !== before", arg=before)
    return claim_ref(page)


def claim_id(ref: str) -> int:
    return int(ref.split()[1])


def history(live_server: str, token: str, claim: int) -> list:
    response = requests.get(f"{live_server}/api/claims/{claim}/history", headers=bearer(token), timeout=10)
    assert response.status_code == 200
    return [(e["action"], e["analyst"], e["to"], e["note"]) for e in response.json()]


def article(seed_text: str) -> str:
    """The seed article without its ``date YYYY-MM-DD`` header (one line in the file)."""
    return re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s+", "", seed_text)


def test_decide_by_keyboard_undo_and_skip(app, live_server, page, analyst_token, seed_text):
    ingest(app, article(seed_text), "Taliban in Tehran")
    log_in(page, live_server, analyst_token)
    first = claim_ref(page)
    assert page.locator("#paragraph .current .hl-source").count() >= 1  # highlights drawn
    assert page.text_content("#overall-progress").startswith("Overall: 0/")
    if os.environ.get("CLAIMDESK_SCREENSHOT") == "1":
        page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.keyboard.press("c")
    second = wait_for_new_claim(page, first)
    assert "marked confirmed" in page.text_content("#message")
    assert page.text_content("#overall-progress").startswith("Overall: 1/")

    page.keyboard.press("d")
    page.wait_for_selector("#note-form:not([hidden])")
    page.keyboard.type("Tasnim said the opposite")
    page.keyboard.press("Enter")
    third = wait_for_new_claim(page, second)
    assert history(live_server, analyst_token, claim_id(first)) == [("decide", "ana", "confirmed", None)]
    assert history(live_server, analyst_token, claim_id(second)) == [
        ("decide", "ana", "disputed", "Tasnim said the opposite")]

    page.keyboard.press("u")  # the dispute goes back: claim two is unreviewed and shown again
    wait_for_new_claim(page, third)
    assert claim_ref(page) == second and page.text_content("#claim-status") == "unreviewed"
    assert "Undone" in page.text_content("#message")
    assert "disputed" in page.text_content("#history")  # the earlier decision stays in history

    page.click("button[data-key=s]")  # skip by button: the next claim, not the skipped one
    after_skip = wait_for_new_claim(page, second)
    assert after_skip != second and "Skipped" in page.text_content("#message")

    page.keyboard.press("?")
    assert page.is_visible("#help")


def test_a_chosen_credibility_goes_with_the_decision_then_resets(app, live_server, page, analyst_token, seed_text):
    ingest(app, article(seed_text), "Taliban in Tehran")
    log_in(page, live_server, analyst_token)
    first = claim_ref(page)
    page.select_option("#credibility", "3")
    page.click("#claim-ref")  # away from the list: its keys are its own, not the page's
    page.keyboard.press("c")
    wait_for_new_claim(page, first)
    assert "credibility 3" in page.text_content("#message")
    assert page.input_value("#credibility") == ""  # the next decision starts from the default
    response = requests.get(f"{live_server}/api/claims/{claim_id(first)}", headers=bearer(analyst_token), timeout=10)
    assert response.json()["credibility"] == 3 and response.json()["status"] == "confirmed"


def test_markup_is_text_and_the_empty_queue_says_so(app, live_server, page, analyst_token):
    ingest(app, f"The minister said {MARKUP} was harmless.", MARKUP)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server, analyst_token)
    assert MARKUP in page.text_content("#paragraph") and MARKUP == page.text_content("#doc-title")
    assert page.locator("#claim-panel img").count() == 0
    page.keyboard.press("i")
    page.wait_for_selector("#empty-panel:not([hidden])")
    assert page.is_hidden("#claim-panel")
    assert page.text_content("#empty-panel h1") == "The queue is empty"
    assert page.text_content("#overall-progress") == "Overall: 1/1 decided"
    assert dialogs == []


def test_lost_lease_is_explained(app, live_server, page, analyst_token, make_user, seed_text):
    app.config["LEASE_SECONDS"] = 1
    ingest(app, seed_text, "Taliban in Tehran")
    log_in(page, live_server, analyst_token)
    mine = claim_ref(page)
    # Functions, not expressions: Playwright evals an expression, which the page's CSP forbids.
    page.wait_for_function("() => document.getElementById('lease-timer').textContent === 'Lease: expired'")
    assert "lease expired" in page.text_content("#message")
    _, other = make_user("olga")
    taken = requests.post(f"{live_server}/api/queue/lease", json={}, headers=bearer(other), timeout=10)
    assert taken.json()["claim"]["id"] == claim_id(mine)  # expired, so free: olga gets it
    page.keyboard.press("c")
    page.wait_for_function("() => (t => t.startsWith('Lease lost') && t.includes('leased to olga') && t.includes(' UTC ('))"
                           "(document.getElementById('message').textContent)")
    assert wait_for_new_claim(page, mine) != mine


ASTRAL = ("The 🌍 summit 🎉 opened on Monday in 𝕍ienna. "
          "🙂🎉 𝔄 Zarif said that Iran 🚀 was ready to work with the 𝔗aliban 👍.")


def test_highlights_count_code_points_with_emoji_and_astral_characters(app, live_server, page, analyst_token):
    # Emoji and mathematical letters are two UTF-16 units each, one code point (the API's unit):
    # before the claim, before the spans and inside them, the page must mark exactly the API's text.
    ingest(app, ASTRAL, "Astral")
    log_in(page, live_server, analyst_token)
    shown = claim_id(claim_ref(page))
    claim = requests.get(f"{live_server}/api/claims/{shown}", headers=bearer(analyst_token), timeout=10).json()
    assert claim["start"] > 0 and claim["attributions"], claim  # the second sentence, with a source
    attribution = claim["attributions"][0]
    assert attribution["source"]["text"] == "𝔄 Zarif" and attribution["cue"]["text"] == "said"

    def texts(kind: str) -> list[str]:
        return page.locator(f"#paragraph .current .hl-{kind}").all_text_contents()

    assert texts("source") == [attribution["source"]["text"]]
    assert texts("cue") == [attribution["cue"]["text"]]
    assert "".join(texts("content")) == "".join(span["text"] for span in attribution["content"])
    assert "🚀" in "".join(texts("content")) and "👍" in "".join(texts("content"))
    assert page.text_content("#paragraph .current") == claim["text"]  # nothing cut or doubled


# Swagger UI's stylesheet draws its icons as data: SVG images, hence img-src data: (harmless: an
# image cannot run script); scripts and styles come from 'self' only, nothing inline.
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; frame-ancestors 'none'")


def test_the_api_reference_page_renders_from_this_instance_under_a_strict_csp(app, live_server, page):
    # Under the policy the service sends (scripts and styles from 'self', nothing inline), every
    # asset comes from the instance itself and the page still renders the whole API.
    @app.after_request
    def strict_policy(response):
        response.headers.setdefault("Content-Security-Policy", STRICT_CSP)
        return response

    problems, elsewhere = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("request", lambda request: not request.url.startswith(live_server) and elsewhere.append(request.url))
    response = page.goto(f"{live_server}/api/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_text_contents()
    assert "/api/documents/{document_id}" in paths and "/api/claims/{claim_id}" in paths
    assert "claimdesk" in page.text_content(".info .title")
    assert problems == [] and elsewhere == []
