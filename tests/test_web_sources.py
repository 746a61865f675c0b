"""The sources page through Flask's test client: search, one source, grading by form (CSRF,
role, version, reason), and the registry line in the review page's JSON."""
from __future__ import annotations

import pytest

from service.db import db
from service.ingest import ingest_text
from service.models import Source
from tests.test_web import csrf_of, log_in

ARTICLES = ("Tasnim News Agency reported that the delegation arrived in Tehran on Monday.",
            "Iranian media said the visit was a success. An official said the group would return.",
            "Tasnim news said the envoy left on Tuesday.")


@pytest.fixture
def registry(app):
    with app.app_context():
        for text in ARTICLES:
            ingest_text(db.session, text)
        db.session.commit()
        return {s.name: s.id for s in db.session.query(Source)}


@pytest.fixture
def editor_page(client, editor_token, registry):
    assert log_in(client, editor_token).status_code == 302
    return client


def grade(client, source_id, **form):
    page = client.get(f"/sources/{source_id}")
    data = {"csrf_token": csrf_of(page.text), "version": 1, **form}
    return client.post(f"/sources/{source_id}/grade", data={k: v for k, v in data.items() if v is not None})


def test_the_list_searches_names_and_filters(editor_page, registry):
    page = editor_page.get("/sources")
    assert page.status_code == 200 and "Tasnim News Agency" in page.text and "Iranian media" in page.text
    assert "An official" not in page.text  # anonymous: not a registry entry
    found = editor_page.get("/sources?q=tasnim")
    assert "Tasnim News Agency" in found.text and "Iranian media" not in found.text
    collective = editor_page.get("/sources?kind=collective")
    assert "Iranian media" in collective.text and "Tasnim News Agency" not in collective.text
    bad = editor_page.get("/sources?kind=alien")
    assert bad.status_code == 422 and "kind" in bad.text


def test_an_editor_grades_with_a_reason_and_sees_the_history(editor_page, registry):
    tasnim = registry["Tasnim News Agency"]
    response = grade(editor_page, tasnim, reliability="C", reason="State-linked agency")
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/sources/{tasnim}")
    page = editor_page.get(response.headers["Location"])
    assert 'id="grade">C<' in page.text and "Grade saved." in page.text
    assert "eddie" in page.text and "“State-linked agency”" in page.text
    assert 'id="suggestions"' in page.text and "Tasnim news" in page.text  # a merge suggestion, with evidence


@pytest.mark.parametrize("form, status, says", [
    ({"reliability": "C", "reason": ""}, 422, "reason"),
    ({"reliability": "Q", "reason": "r"}, 422, "A-F"),
    ({"reliability": "C", "reason": "r", "version": 7}, 412, "has changed since you read it"),
    ({"reliability": "C", "reason": "r", "csrf_token": "forged"}, 403, "security token"),
])
def test_bad_grades_are_refused_and_change_nothing(editor_page, registry, form, status, says):
    tasnim = registry["Tasnim News Agency"]
    response = grade(editor_page, tasnim, **form)
    assert response.status_code == status and says in response.text
    assert "Not graded yet." in editor_page.get(f"/sources/{tasnim}").text


def test_analysts_see_grades_but_cannot_grade(client, analyst_token, registry):
    log_in(client, analyst_token)
    tasnim = registry["Tasnim News Agency"]
    page = client.get(f"/sources/{tasnim}")
    assert page.status_code == 200 and 'id="grade-form"' not in page.text
    response = grade(client, tasnim, reliability="A", reason="r")
    assert response.status_code == 403 and "editor role" in response.text


def test_pages_need_a_login_and_unknown_sources_are_404(client, editor_token, registry):
    assert client.get("/sources").status_code == 302
    assert client.get("/sources/1").status_code == 302
    log_in(client, editor_token)
    assert client.get("/sources/999999").status_code == 404


def test_the_review_json_carries_each_sources_entry_grade_and_record(client, analyst_token, registry):
    log_in(client, analyst_token)
    headers = {"X-CSRF-Token": csrf_of(client.get("/review").text)}
    body = client.post("/review/api/lease", json={}, headers=headers).get_json()
    panel = body["registry"]
    assert panel["rating"] == body["claim"]["rating"] == "F6"
    for attribution in body["claim"]["attributions"]:
        entry = attribution["source"]["entry"]
        if entry:
            assert panel["entries"][str(entry["id"])]["record"]["unreviewed"] >= 1


def suggestion_form(client, source_id, action, **form):
    page = client.get(f"/sources/{source_id}")
    data = {"csrf_token": csrf_of(page.text), "version": 1, "page": source_id, **form}
    return client.post(f"/sources/{source_id}/{action}", data={k: v for k, v in data.items() if v is not None})


def test_an_editor_dismisses_a_suggestion_from_the_page(editor_page, registry):
    short, full = registry["Tasnim news"], registry["Tasnim News Agency"]
    page = editor_page.get(f"/sources/{full}")
    assert "Not the same source" in page.text and f'action="/sources/{short}/merge"' in page.text
    response = suggestion_form(editor_page, short, "distinct", other=full, page=full, reason="Two outlets")
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/sources/{full}")
    page = editor_page.get(response.headers["Location"])
    assert "no longer suggested" in page.text and 'id="suggestions"' not in page.text


def test_an_editor_merges_a_suggestion_from_the_page(editor_page, registry):
    short, full = registry["Tasnim news"], registry["Tasnim News Agency"]
    response = suggestion_form(editor_page, short, "merge", into=full, reason="The same agency")
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/sources/{full}")
    page = editor_page.get(response.headers["Location"])
    assert "Merged." in page.text and "Tasnim news" in page.text and 'id="suggestions"' not in page.text
    assert "merged into" in editor_page.get(f"/sources/{short}").text


@pytest.mark.parametrize("action, form, status, says", [
    ("distinct", {"reason": ""}, 422, "reason"),
    ("distinct", {"other": "x"}, 422, "differs from"),
    ("merge", {"into": None}, 422, "source to keep"),
    ("merge", {"version": 5}, 412, "has changed since you read it"),
    ("distinct", {"csrf_token": "forged"}, 403, "security token"),
])
def test_bad_suggestion_forms_are_refused_and_change_nothing(editor_page, registry, action, form, status, says):
    short, full = registry["Tasnim news"], registry["Tasnim News Agency"]
    data = {"other": full, "into": full, "reason": "r", **form}
    response = suggestion_form(editor_page, short, action, **data)
    assert response.status_code == status and says in response.text
    assert 'id="suggestions"' in editor_page.get(f"/sources/{full}").text


def test_analysts_see_suggestions_but_cannot_act_on_them(client, analyst_token, registry):
    log_in(client, analyst_token)
    short, full = registry["Tasnim news"], registry["Tasnim News Agency"]
    page = client.get(f"/sources/{full}")
    assert 'id="suggestions"' in page.text and "Not the same source" not in page.text
    response = suggestion_form(client, short, "distinct", other=full, reason="r")
    assert response.status_code == 403 and "editor role" in response.text
