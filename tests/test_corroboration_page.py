"""The review page's corroboration: the page JSON (session + CSRF), the read-only claim page, and
the cluster beside the claim in a real Chromium."""
from __future__ import annotations

import pytest

from service.db import db
from service.ingest import ingest_text
from tests.test_corroboration import ARTICLES
from tests.test_web import csrf_of, log_in


@pytest.fixture
def cluster(app):
    """The four reports of one event and the unrelated article; first claim ids by name."""
    first = {}
    with app.app_context():
        for name, (outlet, text) in ARTICLES.items():
            first[name] = ingest_text(db.session, text, title=name, outlet=outlet).claims[0].id
            db.session.commit()
    return first


@pytest.fixture
def page(client, analyst_token):
    assert log_in(client, analyst_token).status_code == 302
    return client, {"X-CSRF-Token": csrf_of(client.get("/review").text)}


def test_page_json_shows_the_cluster_and_decides_links(page, cluster):
    client, csrf = page
    view = client.get(f"/review/api/claims/{cluster['tasnim']}/corroboration").get_json()
    assert len(view["reports"]) == 4 and view["circular"] is True
    link = next(link for link in view["links"] if cluster["us"] in link["claim_ids"])
    url = f"/review/api/links/{link['id']}"
    assert client.post(url, json={"status": "rejected", "version": 1}).status_code == 403  # no CSRF header
    stale = client.post(url, json={"status": "rejected", "version": 7}, headers=csrf)
    assert stale.status_code == 412
    done = client.post(url, json={"status": "rejected", "version": 1}, headers=csrf)
    assert done.status_code == 200 and done.get_json()["status"] == "rejected"
    bad = client.post(url, json={"status": "sideways", "version": 2}, headers=csrf)
    assert bad.status_code == 422 and "status" in bad.get_json()["errors"]


def test_page_json_needs_a_session(client, cluster):
    response = client.get(f"/review/api/claims/{cluster['tasnim']}/corroboration")
    assert response.status_code == 401 and response.get_json()["code"] == 401


def test_claim_page_lists_reports_with_origins(page, cluster):
    client, _csrf = page
    response = client.get(f"/review/claims/{cluster['relay']}")
    assert response.status_code == 200
    for outlet in ("Kabul Herald", "Gulf Wire", "Asia Daily", "Capitol Times"):
        assert outlet in response.text
    assert "Islamabad Post" not in response.text
    assert "Circular: 2 reports rest on" in response.text and "3 independent origins" in response.text
    assert f'href="/review/claims/{cluster["us"]}"' in response.text
    assert client.get("/review/claims/999999").status_code == 404


def test_claim_page_links_only_web_urls(page, app):
    client, _csrf = page
    with app.app_context():
        safe = ingest_text(db.session, "The dam burst on Monday night.", url="https://example.org/a").claims[0].id
        bad = ingest_text(db.session, "The bridge closed on Tuesday.", url="javascript:alert(1)").claims[0].id
        db.session.commit()
    assert 'href="https://example.org/a"' in client.get(f"/review/claims/{safe}").text
    assert "javascript:" not in client.get(f"/review/claims/{bad}").text


@pytest.mark.browser
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_review_page_shows_the_cluster_beside_the_claim(app, live_server, analyst_token, cluster):
    from tests.test_browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        pytest.skip("No chromium executable found")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.set_default_timeout(10_000)
        page.goto(f"{live_server}/login")
        page.fill("#token", analyst_token)
        page.click("button[type=submit]")
        page.wait_for_selector("#claim-panel:not([hidden])")
        # The queue starts with the first document's first claim: the Tasnim report.
        page.wait_for_selector("#corroboration .reports li")
        text = page.text_content("#corroboration")
        assert "4 reports · 3 independent origins" in text
        assert "Circular: 2 reports rest on Tasnim news agency." in text  # the registry's canonical name
        assert "Capitol Times" in text and "Islamabad Post" not in text
        panel, aside = page.locator("#claim-panel").bounding_box(), page.locator("#corroboration").bounding_box()
        assert aside["x"] > panel["x"] + panel["width"] - 1  # beside, not below
        page.locator("#corroboration li", has_text="Capitol Times").get_by_role("button", name="Not the same").click()
        # Rejected: shown apart so it can be undone (the report stays while other links tie it in).
        page.wait_for_selector("#corroboration .corr-rejected")
        assert f"Rejected match: claim {cluster['us']}" in page.text_content("#corroboration")
        browser.close()
