"""The sources page and the review page's registry line in a real Chromium (Playwright): search,
grade from the keyboard, see the grade history; beside each source on the review page its
canonical name, grade and record, or "anonymous". SQLite only, like the other browser tests.
Set CLAIMDESK_SCREENSHOT=1 to refresh docs/sources-page.png."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from service import review, source_edits
from service.db import db
from service.ingest import ingest_text
from service.models import Claim, Source, User
from tests.test_browser import browser, log_in, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "sources-page.png"
TASNIM = [f"Tasnim News Agency said convoy {n} reached the border on Monday." for n in range(3)]


def ingest_all(app, texts) -> None:
    with app.app_context():
        for text in texts:
            ingest_text(db.session, text, title=text[:40])
        db.session.commit()


def test_search_and_grade_a_source_from_the_keyboard(app, live_server, page, editor_token, seed_text):  # noqa: F811
    ingest_all(app, [seed_text, *TASNIM])
    log_in(page, live_server, editor_token)
    page.click("nav.sections >> text=Sources")
    page.wait_for_selector("#source-list")
    assert page.locator("#source-list tbody tr").count() >= 8
    page.fill("#q", "tasnim")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sources?q=tasnim**")
    rows = page.locator("#source-list tbody tr")
    assert rows.count() == 2  # "Tasnim news" (seed) and "Tasnim News Agency": a suggested merge
    page.click("#source-list >> text=Tasnim News Agency")
    page.wait_for_selector("#grade-form")
    assert page.text_content("#grade") == "F" and "0 confirmed / 0 disputed" in page.text_content("#record")

    page.keyboard.press("c")  # picks C and moves to the reason
    assert page.is_checked("input[name=reliability][value=C]")
    assert page.evaluate("document.activeElement.id") == "reason"
    page.keyboard.type("State-linked agency; accurate on logistics")
    page.keyboard.press("Enter")
    page.wait_for_selector("#grade-message")
    assert page.text_content("#grade") == "C" and page.text_content("#grade-message") == "Grade saved."
    assert "State-linked agency" in page.text_content("#grade-history")
    if os.environ.get("CLAIMDESK_SCREENSHOT") == "1":
        page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.keyboard.press("e")
    page.keyboard.press("Enter")  # no reason typed: the page says why and sends nothing
    assert "Say why" in page.text_content("#grade-message")
    assert page.locator("#grade-history li").count() == 1


def test_the_review_page_shows_each_sources_entry_grade_and_record(app, live_server, page, analyst_token):  # noqa: F811
    ingest_all(app, [*TASNIM, "An official said the convoy was delayed."])
    with app.app_context():
        editor = User(name="eddie", role="editor", token_hash="x" * 64, active=True)
        db.session.add(editor)
        tasnim = db.session.query(Source).filter_by(name="Tasnim News Agency").one()
        source_edits.update_source(db.session, tasnim.id, editor, {"reliability": "C"}, reason="r", based_on=[1])
        claims = db.session.query(Claim).order_by(Claim.id).all()[:2]
        for claim, status in zip(claims, ("confirmed", "disputed")):
            review.decide(db.session, claim.id, editor, review.Decision(status, note="n"), based_on=[1])
        db.session.commit()
    log_in(page, live_server, analyst_token)
    seen = {}
    for _ in range(2):  # the queue's two undecided claims, in its order
        seen[page.text_content("#sources .registry")] = page.text_content("#claim-rating")
        if len(seen) == 1:
            before = page.text_content("#claim-ref")
            page.keyboard.press("i")
            page.wait_for_function("(b) => document.getElementById('claim-ref').textContent !== b", arg=before)
    assert seen == {" · Tasnim News Agency · C · 1 confirmed / 1 disputed": "C6", " · anonymous · F": "F6"}, seen
    assert page.locator("#sources .registry a").count() in (0, 1)
    link = page.locator("#sources .registry a")
    if link.count():
        assert link.get_attribute("href").endswith(f"/sources/{tasnim.id}")
