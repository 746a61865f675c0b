"""The source registry through /api/sources and /api/claims, on SQLite and PostgreSQL: identity
across documents, collectives and anonymous sources, grades with history, track records,
ratings and their filters, merge/split/revert, and the 403/412/428/422 cases."""
from __future__ import annotations

import pytest

from tests.conftest import bearer, ingested

TASNIM_AGENCY = ("Tasnim News Agency reported that the delegation arrived in Tehran on Monday. "
                 "Mohammad Javad Zarif said the talks were useful.")
TASNIM_NEWS = "Tasnim news said the envoy left on Tuesday."
KHANS = ("Imran Khan said the border would stay open. Sadiq Khan said the strike would end on Friday. "
         "Khan said the talks were over.")
IMRAN = "Imran Khan said the border would stay open."
SADIQ = "Sadiq Khan said the transport strike would end on Friday."
GROUPS = ("Taliban officials said the meeting was useful. An official said the group would return. "
          "Reports said the talks had stalled. Iranian media said the visit was a success.")


def ingest(client, token, text, title=None) -> dict:
    return ingested(client, token, {"text": text, "title": title})


def attributions(document: dict) -> list[dict]:
    return [a for claim in document["claims"] for a in claim["attributions"]]


def entry_of(document: dict, source_text: str) -> dict | None:
    return next(a["source"]["entry"] for a in attributions(document) if a["source"]["text"] == source_text)


def read(client, token, url):
    response = client.get(url, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    return response.get_json(), response.headers.get("ETag")


def send(client, token, method, url, body, etag):
    headers = {**bearer(token), **({"If-Match": etag} if etag else {})}
    response = getattr(client, method)(url, json=body, headers=headers)
    return response.status_code, response.get_json(), response.headers.get("ETag")


def test_baradars_three_forms_in_the_seed_are_one_entry(client, editor_token, seed_text):
    document = ingest(client, editor_token, seed_text)
    baradar = entry_of(document, "Baradar")
    assert baradar["name"] == "Abdul Ghani Baradar Akund" and baradar["kind"] == "person"
    source, _ = read(client, editor_token, f"/api/sources/{baradar['id']}")
    assert {"Mullah Abdul Ghani Baradar Akund", "Mullah Baradar", "Baradar"} <= set(source["aliases"])
    found, _ = read(client, editor_token, "/api/sources?q=baradar")
    assert [s["id"] for s in found] == [baradar["id"]]
    # the other seed sources: named ones, the collective, and anonymous ones without an entry
    assert entry_of(document, "Iranian media")["kind"] == "collective"
    assert entry_of(document, "Tasnim news")["name"] == "Tasnim news"
    assert entry_of(document, "Suhail Shaheen, the spokesman of the Taliban")["name"] == "Suhail Shaheen"
    for anonymous in ("An Afghan official", "reports"):
        (att,) = [a for a in attributions(document) if a["source"]["text"] == anonymous]
        assert att["source"]["entry"] is None and att["source"]["anonymous"] is True
    claim = next(c for c in document["claims"] if any(a["source"]["text"] == "reports" for a in c["attributions"]))
    assert claim["rating"] == "F6"


def test_tasnim_in_two_documents_is_one_merge_away(client, editor_token, analyst_token):
    first = entry_of(ingest(client, editor_token, TASNIM_NEWS), "Tasnim news")
    second = entry_of(ingest(client, editor_token, TASNIM_AGENCY), "Tasnim News Agency")
    assert first["id"] != second["id"]
    suggestions, _ = read(client, analyst_token, "/api/sources/suggestions")
    (tasnim,) = [s for s in suggestions if s["rule"] == "same-core"]
    assert (tasnim["source"]["id"], tasnim["into"]["id"]) == (first["id"], second["id"])
    assert "tasnim" in tasnim["evidence"]
    _, etag = read(client, editor_token, f"/api/sources/{first['id']}")
    code, merged, _ = send(client, editor_token, "post", f"/api/sources/{first['id']}/merge",
                           {"into": second["id"], "reason": "The same agency"}, etag)
    assert code == 200 and merged["id"] == second["id"] and "Tasnim news" in merged["aliases"]
    assert merged["record"]["claims"] == 2 and len(merged["documents"]) == 2
    assert not [s for s in read(client, analyst_token, "/api/sources/suggestions")[0] if s["rule"] == "same-core"]
    listed, _ = read(client, analyst_token, "/api/sources?q=tasnim")
    assert [s["id"] for s in listed] == [second["id"]]
    # a third article saying "Tasnim news" now links to the merged entry by itself
    third = ingest(client, editor_token, "Tasnim news reported that the border was closed.")
    assert entry_of(third, "Tasnim news")["id"] == second["id"]


def test_a_pair_marked_distinct_is_not_suggested_again(client, editor_token, analyst_token):
    first = entry_of(ingest(client, editor_token, TASNIM_NEWS), "Tasnim news")
    second = entry_of(ingest(client, editor_token, TASNIM_AGENCY), "Tasnim News Agency")
    url = f"/api/sources/{first['id']}"
    _, etag = read(client, editor_token, url)
    code, body, new_tag = send(client, editor_token, "post", f"{url}/distinct",
                               {"other": second["id"], "reason": "A different outlet of that name"}, etag)
    assert code == 200 and body["id"] == first["id"] and body["version"] == 2 and new_tag != etag
    assert not [s for s in read(client, analyst_token, "/api/sources/suggestions")[0] if s["rule"] == "same-core"]
    for entry in (first, second):  # both histories say who separated them and why
        (event,) = [e for e in read(client, analyst_token, f"/api/sources/{entry['id']}/history")[0]
                    if e["action"] == "distinct"]
        assert event["editor"] == "eddie" and event["reason"] == "A different outlet of that name"
        assert event["payload"] == {"from": first["id"], "into": second["id"]}
    # Marking the pair again, from either side, changes nothing; the mark cannot be reverted.
    code, again, _ = send(client, editor_token, "post", f"/api/sources/{second['id']}/distinct",
                          {"other": first["id"], "reason": "again"}, read(client, editor_token, f"/api/sources/{second['id']}")[1])
    assert code == 200 and again["version"] == 2
    event_id = read(client, editor_token, f"{url}/history")[0][-1]["id"]
    code, refused, _ = send(client, editor_token, "post", f"{url}/history/{event_id}/revert", {"reason": "undo"}, new_tag)
    assert code == 422 and "merge the two sources" in refused["message"]
    # They can still be merged if the editor learns otherwise.
    code, merged, _ = send(client, editor_token, "post", f"{url}/merge",
                           {"into": second["id"], "reason": "The same after all"}, new_tag)
    assert code == 200 and merged["id"] == second["id"]


def test_zarif_short_form_across_documents_is_a_suggestion_not_a_link(client, editor_token, seed_text):
    seed = entry_of(ingest(client, editor_token, seed_text), "Zarif")
    full = entry_of(ingest(client, editor_token, TASNIM_AGENCY), "Mohammad Javad Zarif")
    assert seed["id"] != full["id"]
    suggestions, _ = read(client, editor_token, f"/api/sources/suggestions?source_id={full['id']}")
    assert [(s["rule"], s["source"]["id"], s["into"]["id"]) for s in suggestions] == [
        ("short-form", seed["id"], full["id"])]


def test_two_people_sharing_a_surname_stay_apart(client, editor_token):
    imran = entry_of(ingest(client, editor_token, IMRAN), "Imran Khan")
    sadiq = entry_of(ingest(client, editor_token, SADIQ), "Sadiq Khan")
    assert imran["id"] != sadiq["id"]
    pairs = {(s["source"]["id"], s["into"]["id"]) for s in read(client, editor_token, "/api/sources/suggestions")[0]}
    assert (imran["id"], sadiq["id"]) not in pairs and (sadiq["id"], imran["id"]) not in pairs
    # in one document naming both, a bare "Khan" is ambiguous: it joins neither of them
    both = ingest(client, editor_token, KHANS)
    assert entry_of(both, "Imran Khan")["id"] == imran["id"] and entry_of(both, "Sadiq Khan")["id"] == sadiq["id"]
    assert entry_of(both, "Khan")["id"] not in (imran["id"], sadiq["id"])


def test_collectives_get_entries_and_anonymous_sources_do_not(client, editor_token, analyst_token):
    document = ingest(client, editor_token, GROUPS)
    assert entry_of(document, "Taliban officials")["kind"] == "collective"
    assert entry_of(document, "Iranian media")["kind"] == "collective"
    assert entry_of(document, "An official") is None and entry_of(document, "Reports") is None
    listed, _ = read(client, analyst_token, "/api/sources?kind=collective&sort=name")
    assert [s["name"] for s in listed] == ["Iranian media", "Taliban officials"]
    assert all(s["named"] is False and s["reliability"] == "F" for s in listed)


def test_a_grade_with_its_reason_shows_with_its_history(client, editor_token, analyst_token):
    entry = entry_of(ingest(client, editor_token, TASNIM_AGENCY), "Tasnim News Agency")
    url = f"/api/sources/{entry['id']}"
    source, etag = read(client, analyst_token, url)
    assert (source["reliability"], source["graded"], source["reliability_history"]) == ("F", False, [])
    code, body, etag = send(client, editor_token, "patch", url, {"reliability": "C", "reason": "State-linked"}, etag)
    assert code == 200 and body["reliability"] == "C" and body["reliability_reason"] == "State-linked"
    code, body, etag = send(client, editor_token, "patch", url, {"reliability": "D", "reason": "Two retractions"}, etag)
    assert code == 200 and etag == f'"s{entry["id"]}-3"'
    source, _ = read(client, analyst_token, url)
    assert [(g["reliability"], g["reason"], g["by"]) for g in source["reliability_history"]] == [
        ("C", "State-linked", "eddie"), ("D", "Two retractions", "eddie")]
    assert source["tags"] == ['admiralty-scale:source-reliability="d"']
    history, _ = read(client, analyst_token, f"{url}/history")
    assert [(e["action"], e["payload"]["before"], e["payload"]["after"]) for e in history] == [
        ("edit", {"reliability": None}, {"reliability": "C"}), ("edit", {"reliability": "C"}, {"reliability": "D"})]
    # reverting the last change brings C back, as a new change with its own reason
    code, body, _ = send(client, editor_token, "post", f"{url}/history/{history[1]['id']}/revert",
                         {"reason": "Retractions were by another outlet"}, etag)
    assert code == 200 and body["reliability"] == "C" and len(body["reliability_history"]) == 3
    listed, _ = read(client, analyst_token, "/api/sources?reliability=C")
    assert [s["id"] for s in listed] == [entry["id"]]


def decide(client, token, claim: dict, status: str, **extra):
    body = {"status": status, "note": "why", **extra}
    return send(client, token, "patch", f"/api/claims/{claim['id']}", body, f'"{claim["id"]}-{claim["version"]}"')


def test_the_track_record_follows_decisions_and_suggests_a_grade(client, editor_token, analyst_token):
    texts = [f"Tasnim News Agency said the convoy number {n} reached the border." for n in range(7)]
    claims = [ingest(client, editor_token, text)["claims"][0] for text in texts]
    entry = claims[0]["attributions"][0]["source"]["entry"]
    url = f"/api/sources/{entry['id']}"
    source, _ = read(client, analyst_token, url)
    assert source["record"] == {"confirmed": 0, "disputed": 0, "inconclusive": 0, "unreviewed": 7,
                                "decided": 0, "claims": 7}
    for claim, status in zip(claims, ["confirmed"] * 4 + ["disputed"]):
        assert decide(client, analyst_token, claim, status)[0] == 200
    source, _ = read(client, analyst_token, url)
    assert source["record"]["confirmed"] == 4 and source["record"]["disputed"] == 1
    assert source["record"]["unreviewed"] == 2 and source["suggested_reliability"] == "B"  # 4 of 5
    assert source["reliability"] == "F"  # a suggestion is never applied by itself
    few = entry_of(ingest(client, editor_token, IMRAN), "Imran Khan")
    assert read(client, analyst_token, f"/api/sources/{few['id']}")[0]["suggested_reliability"] == "F"
    claims_of, _ = read(client, analyst_token, f"{url}/claims?page_size=3")
    assert len(claims_of) == 3 and all(c["attributions"][0]["source"]["entry"]["id"] == entry["id"] for c in claims_of)


def test_ratings_appear_on_claims_and_filter(client, editor_token, analyst_token):
    named = ingest(client, editor_token, TASNIM_NEWS)["claims"][0]
    anonymous = ingest(client, editor_token, "An official said the convoy was delayed.")["claims"][0]
    entry = named["attributions"][0]["source"]["entry"]
    assert (named["rating"], named["credibility"], anonymous["rating"]) == ("F6", 6, "F6")
    _, etag = read(client, editor_token, f"/api/sources/{entry['id']}")
    assert send(client, editor_token, "patch", f"/api/sources/{entry['id']}", {"reliability": "B", "reason": "r"}, etag)[0] == 200
    code, body, _ = decide(client, analyst_token, named, "confirmed")
    assert code == 200 and (body["credibility"], body["rating"]) == (2, "B2")  # confirmed → 2, never 1
    assert body["tags"] == ['admiralty-scale:source-reliability="b"', 'admiralty-scale:information-credibility="2"']
    code, body, _ = decide(client, analyst_token, anonymous, "disputed", credibility=4)
    assert code == 200 and body["rating"] == "F4"
    history, _ = read(client, analyst_token, f"/api/claims/{anonymous['id']}/history")
    assert history[-1]["credibility"] == 4
    ids = lambda url: [c["id"] for c in read(client, analyst_token, url)[0]]  # noqa: E731
    assert ids("/api/claims?rating=B2") == [named["id"]]
    assert ids("/api/claims?reliability=B") == [named["id"]]
    assert ids("/api/claims?reliability=F&credibility=4") == [anonymous["id"]]
    assert ids("/api/claims?credibility=2&credibility=4") == [named["id"], anonymous["id"]]
    assert ids("/api/claims?rating=A1") == []


@pytest.mark.parametrize("status, credibility, field", [
    ("confirmed", 1, "credibility"), ("confirmed", 5, "credibility"), ("disputed", 2, "credibility"),
    ("unreviewed", 3, "credibility"), ("confirmed", 7, "credibility"), ("confirmed", "x", "credibility"),
])
def test_bad_credibility_is_422(client, editor_token, analyst_token, status, credibility, field):
    claim = ingest(client, editor_token, TASNIM_NEWS)["claims"][0]
    code, body, _ = decide(client, analyst_token, claim, status, credibility=credibility)
    assert code == 422 and field in body["errors"], body


def test_split_moves_names_and_claims_and_reverts(client, editor_token, seed_text):
    document = ingest(client, editor_token, seed_text)
    baradar = entry_of(document, "Baradar")
    url = f"/api/sources/{baradar['id']}"
    before, etag = read(client, editor_token, url)
    code, fresh, _ = send(client, editor_token, "post", f"{url}/split",
                          {"aliases": ["Baradar"], "reason": "Another Baradar"}, etag)
    # "Baradar" stands alone once and as the antecedent of pronouns ("he sought negotiations").
    assert code == 201 and fresh["name"] == "Baradar" and fresh["record"]["claims"] >= 1
    source, etag = read(client, editor_token, url)
    assert source["record"]["claims"] + fresh["record"]["claims"] == before["record"]["claims"]
    assert "Baradar" not in source["aliases"]
    history, _ = read(client, editor_token, f"{url}/history")
    code, body, _ = send(client, editor_token, "post", f"{url}/history/{history[-1]['id']}/revert",
                         {"reason": "Same man after all"}, etag)
    assert code == 200 and body["record"]["claims"] == before["record"]["claims"] and "Baradar" in body["aliases"]
    assert read(client, editor_token, f"/api/sources/{fresh['id']}")[0]["merged_into_id"] == baradar["id"]


def test_aliases_are_added_removed_and_used_by_later_documents(client, editor_token):
    entry = entry_of(ingest(client, editor_token, TASNIM_AGENCY), "Tasnim News Agency")
    url = f"/api/sources/{entry['id']}"
    _, etag = read(client, editor_token, url)
    code, body, etag = send(client, editor_token, "patch", url, {"add_aliases": ["Tasnim"], "reason": "Short name"}, etag)
    assert code == 200 and "Tasnim" in body["aliases"]
    later = ingest(client, editor_token, "Tasnim said the envoy left on Tuesday.")
    assert entry_of(later, "Tasnim")["id"] == entry["id"]
    code, body, _ = send(client, editor_token, "patch", url, {"remove_aliases": ["Tasnim"], "reason": "Too vague"}, etag)
    assert code == 200 and "Tasnim" not in body["aliases"]


def test_unlinking_an_attribution_leaves_no_dangling_entry(app, client, editor_token):
    from service import sources
    from service.db import db
    from service.models import Attribution, Source

    document = ingest(client, editor_token, SADIQ)
    entry = entry_of(document, "Sadiq Khan")
    with app.app_context():
        attribution = db.session.get(Attribution, attributions(document)[0]["id"])
        assert sources.resolve_source(db.session, attribution).id == entry["id"]
        sources.unlink_attribution(db.session, attribution)
        db.session.delete(attribution)
        db.session.commit()
        assert db.session.get(Source, entry["id"]) is None
    assert client.get(f"/api/sources/{entry['id']}", headers=bearer(editor_token)).status_code == 404


def test_relinking_an_attribution_follows_its_new_source(app, client, editor_token):
    from service import sources
    from service.db import db
    from service.models import Attribution

    document = ingest(client, editor_token, IMRAN)
    with app.app_context():
        attribution = db.session.get(Attribution, attributions(document)[0]["id"])
        attribution.source_text, attribution.source_named = "Iranian media", False
        entry = sources.link_attribution(db.session, attribution)
        db.session.commit()
        assert entry.kind == "collective" and sources.canonical_id(db.session, attribution) == entry.id
        attribution.source_text = "an official"
        assert sources.link_attribution(db.session, attribution) is None
        db.session.commit()
        assert attribution.source_id is None and sources.resolve_source(db.session, attribution) is None


@pytest.fixture(scope="module")
def shared(shared_app):
    """(client, tokens, Tasnim entry, Zarif entry) on the module's shared database; the cases
    using it all fail, so they change nothing."""
    app, tokens = shared_app
    client = app.test_client()
    for text in (TASNIM_AGENCY, TASNIM_NEWS):
        client.post("/api/documents", json={"text": text}, headers=bearer(tokens["editor"]))
    listed = {s["name"]: s for s in read(client, tokens["editor"], "/api/sources?sort=id")[0]}
    return client, tokens, listed["Tasnim News Agency"], listed["Tasnim news"]


def refused_cases():
    ok = {"reliability": "B", "reason": "r"}
    return [
        # (role, method, path, body, etag: "current" | "stale" | "star" | None, status, field)
        ("analyst", "patch", "", ok, "current", 403, None),
        ("analyst", "post", "/merge", {"into": "OTHER", "reason": "r"}, "current", 403, None),
        ("analyst", "post", "/split", {"aliases": ["x"], "reason": "r"}, "current", 403, None),
        ("analyst", "post", "/history/1/revert", {"reason": "r"}, "current", 403, None),
        ("editor", "patch", "", ok, None, 428, None),
        ("editor", "patch", "", ok, "star", 428, None),
        ("editor", "post", "/merge", {"into": "OTHER", "reason": "r"}, None, 428, None),
        ("editor", "post", "/split", {"aliases": ["Tasnim News Agency"], "reason": "r"}, None, 428, None),
        ("editor", "patch", "", ok, "stale", 412, None),
        ("editor", "post", "/merge", {"into": "OTHER", "reason": "r"}, "stale", 412, None),
        ("editor", "post", "/split", {"aliases": ["x"], "reason": "r"}, "stale", 412, None),
        ("editor", "patch", "", {"reliability": "G", "reason": "r"}, "current", 422, "reliability"),
        ("editor", "patch", "", {"reliability": "B"}, "current", 422, "reason"),
        ("editor", "patch", "", {"reliability": "B", "reason": ""}, "current", 422, "reason"),
        ("editor", "patch", "", {"reason": "nothing else"}, "current", 422, "_schema"),
        ("editor", "patch", "", {"grade": "B", "reason": "r"}, "current", 422, "grade"),
        ("editor", "patch", "", {"kind": "alien", "reason": "r"}, "current", 422, "kind"),
        ("editor", "patch", "", {"remove_aliases": ["Tasnim News Agency"], "reason": "r"}, "current", 422, "remove_aliases"),
        ("editor", "patch", "", {"remove_aliases": ["Reuters"], "reason": "r"}, "current", 422, "remove_aliases"),
        ("editor", "patch", "", {"reliability": "B", "reason": "   "}, "current", 422, "reason"),
        ("editor", "post", "/merge", {"into": "SELF", "reason": "r"}, "current", 409, "into"),
        ("editor", "post", "/merge", {"into": 0, "reason": "r"}, "current", 422, "into"),
        ("editor", "post", "/merge", {"reason": "r"}, "current", 422, "into"),
        ("editor", "post", "/split", {"aliases": [], "reason": "r"}, "current", 422, "aliases"),
        ("editor", "post", "/split", {"aliases": ["Reuters"], "reason": "r"}, "current", 422, "aliases"),
        ("editor", "post", "/split", {"aliases": ["Tasnim News Agency"], "reason": "r"}, "current", 422, "aliases"),
        ("editor", "post", "/history/999999/revert", {"reason": "r"}, "current", 404, None),
        ("editor", "post", "/merge", {"into": 999999, "reason": "r"}, "current", 404, None),
        ("analyst", "post", "/distinct", {"other": "OTHER", "reason": "r"}, "current", 403, None),
        ("editor", "post", "/distinct", {"other": "OTHER", "reason": "r"}, None, 428, None),
        ("editor", "post", "/distinct", {"other": "OTHER", "reason": "r"}, "stale", 412, None),
        ("editor", "post", "/distinct", {"other": "OTHER"}, "current", 422, "reason"),
        ("editor", "post", "/distinct", {"other": "SELF", "reason": "r"}, "current", 409, "other"),
        ("editor", "post", "/distinct", {"other": 999999, "reason": "r"}, "current", 404, None),
        ("editor", "post", "/distinct", {"other": "two", "reason": "r"}, "current", 422, "other"),
        ("editor", "post", "/distinct", {"other": "OTHER", "reason": "r", "note": "x"}, "current", 422, "note"),
        ("editor", "patch", "", {"add_aliases": ["Tasnim news"], "reason": "r"}, "current", 409, None),
        ("editor", "patch", "", {"name": "Tasnim news", "reason": "r"}, "current", 409, None),
    ]


@pytest.mark.parametrize("role, method, path, body, etag, status, field", refused_cases())
def test_refused_changes_say_why_and_change_nothing(shared, role, method, path, body, etag, status, field):
    client, tokens, tasnim, other = shared
    url = f"/api/sources/{tasnim['id']}"
    before, current = read(client, tokens["editor"], url)
    tag = {"current": current, "stale": f'"s{tasnim["id"]}-99"', "star": "*", None: None}[etag]
    for key in ("into", "other"):
        if body.get(key) in ("OTHER", "SELF"):
            body = {**body, key: other["id"] if body[key] == "OTHER" else tasnim["id"]}
    code, answer, _ = send(client, tokens[role], method, url + path, body, tag)
    assert code == status and answer["code"] == status and answer["message"], answer
    if field:
        assert field in answer["errors"], answer
    assert read(client, tokens["editor"], url)[0] == before


@pytest.mark.parametrize("url", ["/api/sources", "/api/sources/1", "/api/sources/suggestions",
                                 "/api/sources/1/claims", "/api/sources/1/history"])
def test_reading_sources_needs_a_token(shared, url):
    response = shared[0].get(url)
    assert response.status_code == 401 and response.get_json()["code"] == 401


@pytest.mark.parametrize("query, field", [
    ("kind=alien", "kind"), ("reliability=G", "reliability"), ("sort=size", "sort"), ("q=", "q"),
])
def test_bad_source_queries_are_422(shared, query, field):
    client, tokens, _, _ = shared
    response = client.get(f"/api/sources?{query}", headers=bearer(tokens["analyst"]))
    assert response.status_code == 422 and field in response.get_json()["errors"]


@pytest.mark.parametrize("query, field", [
    ("rating=B7", "rating"), ("rating=G2", "rating"), ("reliability=b", "reliability"), ("credibility=0", "credibility"),
])
def test_bad_rating_filters_are_422(shared, query, field):
    client, tokens, _, _ = shared
    response = client.get(f"/api/claims?{query}", headers=bearer(tokens["analyst"]))
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_unknown_source_is_404(shared):
    client, tokens, _, _ = shared
    for url in ("/api/sources/999999", "/api/sources/999999/claims", "/api/sources/99999999999"):
        response = client.get(url, headers=bearer(tokens["analyst"]))
        assert response.status_code == 404 and response.get_json()["code"] == 404


def test_rename_and_kind_change_are_recorded_and_revertible(client, editor_token, analyst_token):
    entry = entry_of(ingest(client, editor_token, GROUPS), "Taliban officials")
    url = f"/api/sources/{entry['id']}"
    _, etag = read(client, editor_token, url)
    code, body, etag = send(client, editor_token, "patch", url,
                            {"name": "Taliban leadership", "kind": "organization", "reason": "One body"}, etag)
    assert code == 200 and (body["name"], body["kind"], body["named"]) == ("Taliban leadership", "organization", True)
    assert "Taliban officials" in body["aliases"]
    later = ingest(client, editor_token, "Taliban leadership said the talks would resume.")
    assert entry_of(later, "Taliban leadership")["id"] == entry["id"]
    history, _ = read(client, analyst_token, f"{url}/history")
    code, body, _ = send(client, editor_token, "post", f"{url}/history/{history[-1]['id']}/revert", {"reason": "No"}, etag)
    assert code == 200 and (body["name"], body["kind"]) == ("Taliban officials", "collective")
    again = send(client, editor_token, "post", f"{url}/history/{history[-1]['id']}/revert", {"reason": "twice"},
                 read(client, editor_token, url)[1])
    assert again[0] == 409  # a change is reverted once


def test_a_merged_source_takes_no_more_edits(client, editor_token):
    first = entry_of(ingest(client, editor_token, TASNIM_NEWS), "Tasnim news")
    second = entry_of(ingest(client, editor_token, TASNIM_AGENCY), "Tasnim News Agency")
    url = f"/api/sources/{first['id']}"
    _, etag = read(client, editor_token, url)
    assert send(client, editor_token, "post", f"{url}/merge", {"into": second["id"], "reason": "same"}, etag)[0] == 200
    tombstone, etag = read(client, editor_token, url)
    assert tombstone["merged_into_id"] == second["id"]
    code, body, _ = send(client, editor_token, "patch", url, {"reliability": "A", "reason": "r"}, etag)
    assert code == 409 and str(second["id"]) in body["message"]
    _, target_etag = read(client, editor_token, f"/api/sources/{second['id']}")
    code, _, _ = send(client, editor_token, "post", f"/api/sources/{second['id']}/merge",
                      {"into": first["id"], "reason": "back"}, target_etag)
    assert code == 409
