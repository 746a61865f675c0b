"""Correcting attributions through the API: add, edit, delete with If-Match, the lease rule, each
validation rule, history with the spans before and after, statement, sourcing and registry."""
from __future__ import annotations

import pytest

from tests.conftest import bearer, ingested

TEXT = ("A senior official at the interior ministry said the cabinet would meet on Monday. "
        "Critics, however, doubt that the cabinet will agree. "
        "Rijkswaterstaat warned that the dikes were weak, Jan de Vries said.")


def span(words: str, after: int = 0) -> dict:
    start = TEXT.index(words, after)
    return {"start": start, "end": start + len(words)}


@pytest.fixture
def claims(client, editor_token):
    return ingested(client, editor_token, {"text": TEXT, "title": "Corrections"})["claims"]


def etag(client, token, claim_id) -> str:
    response = client.get(f"/api/claims/{claim_id}", headers=bearer(token))
    return response.headers["ETag"]


def send(client, method, token, url, body=None, tag=None):
    headers = bearer(token) | ({"If-Match": tag} if tag else {})
    response = client.open(url, method=method, json=body, headers=headers)
    return response, response.get_json(silent=True)


def test_editor_walk_add_edit_delete_rebuilds_statement_sourcing_registry_history(client, editor_token, claims):
    official, critics, warning = claims
    url = f"/api/claims/{official['id']}/attributions/{official['attributions'][0]['id']}"
    response, body = send(client, "PATCH", editor_token, url,
                          {"source": span("A senior official at the interior ministry"), "named": False},
                          etag(client, editor_token, official["id"]))
    assert response.status_code == 200, body
    assert response.headers["ETag"] == f'"{official["id"]}-2"'
    changed = body["attribution"]
    assert changed["source"]["text"] == "A senior official at the interior ministry"
    assert (changed["source"]["kind"], changed["source"]["named"], changed["source"]["registry_id"]) == ("person", False, None)
    assert (changed["origin"], changed["changed_by"], changed["rule"]) == ("analyst", "eddie", "analyst")
    assert body["claim"]["statement"] == "The cabinet would meet on Monday."
    assert (body["claim"]["sourcing"], body["claim"]["version"]) == (0, 2)

    # "Critics, however" was taken for a named source; marked unnamed, it links to no registry entry.
    url = f"/api/claims/{critics['id']}/attributions/{critics['attributions'][0]['id']}"
    response, body = send(client, "PATCH", editor_token, url, {"source": span("Critics"), "named": False},
                          etag(client, editor_token, critics["id"]))
    assert response.status_code == 200, body
    assert body["attribution"]["source"]["registry_id"] is None and body["claim"]["sourcing"] == 0
    response, listed = send(client, "GET", editor_token, "/api/claims?source=critics")
    assert [c["attributions"][0]["source"]["text"] for c in listed] == ["Critics"]

    # Rijkswaterstaat is an organisation; the content stops before "Jan de Vries said", which is added.
    first = warning["attributions"][0]
    url = f"/api/claims/{warning['id']}/attributions"
    response, body = send(client, "PATCH", editor_token, f"{url}/{first['id']}",
                          {"kind": "organization", "content": [span("that the dikes were weak")]},
                          etag(client, editor_token, warning["id"]))
    assert response.status_code == 200, body
    assert (body["attribution"]["source"]["kind"], body["attribution"]["source"]["named"]) == ("organization", True)
    # The registry keys entries by name, not kind: the same entry, now graded as an organisation's.
    assert body["attribution"]["source"]["registry_id"] is not None
    response, body = send(client, "POST", editor_token, url,
                          {"source": span("Jan de Vries"), "kind": "person", "cue": span("said", 150),
                           "content": [span("that the dikes were weak")]},
                          etag(client, editor_token, warning["id"]))
    assert response.status_code == 201, body
    added = body["attribution"]
    assert response.headers["Location"].endswith(f"/attributions/{added['id']}")
    assert (added["source"]["text"], added["source"]["kind"], added["source"]["named"]) == ("Jan de Vries", "person", True)
    assert added["source"]["registry_id"] is not None and added["cue"]["text"] == "said"
    assert body["claim"]["statement"] == "The dikes were weak."
    assert (body["claim"]["sourcing"], body["claim"]["version"]) == (1, 3)

    response, _ = send(client, "DELETE", editor_token, f"{url}/{added['id']}", tag=response.headers["ETag"])
    assert response.status_code == 204 and response.headers["ETag"] == f'"{warning["id"]}-4"'
    response, claim = send(client, "GET", editor_token, f"/api/claims/{warning['id']}")
    assert [a["id"] for a in claim["attributions"]] == [first["id"]]

    response, history = send(client, "GET", editor_token, f"/api/claims/{warning['id']}/history")
    assert [e["action"] for e in history] == ["attribution-edit", "attribution-add", "attribution-delete"]
    edit, add, delete = (e["change"] for e in history)
    assert edit["before"]["content"] == [[158, 201]] and edit["after"]["content"] == [[158, 182]]
    assert (edit["before"]["kind"], edit["after"]["kind"], edit["before"]["origin"]) == ("person", "organization", "extracted")
    assert add["before"] is None and add["after"]["source"] == [184, 196]
    assert delete["before"]["id"] == added["id"] and delete["after"] is None
    assert all(e["analyst"] == "eddie" and e["from"] == e["to"] == "unreviewed" for e in history)


def test_if_match_missing_is_428_and_stale_is_412(client, editor_token, claims):
    claim = claims[0]
    url = f"/api/claims/{claim['id']}/attributions/{claim['attributions'][0]['id']}"
    response, body = send(client, "PATCH", editor_token, url, {"named": False})
    assert response.status_code == 428 and body["code"] == 428
    response, body = send(client, "PATCH", editor_token, url, {"named": False}, f'"{claim["id"]}-7"')
    assert response.status_code == 412 and "version 1" in body["message"]
    response, _ = send(client, "DELETE", editor_token, url)
    assert response.status_code == 428
    response, _ = send(client, "POST", editor_token, f"/api/claims/{claim['id']}/attributions",
                       {"cue": span("said"), "content": [span("the cabinet would meet")]}, '"1-99"')
    assert response.status_code == 412


def test_an_analyst_edits_only_the_claim_they_hold(client, analyst_token, make_user, claims):
    leased = client.post("/api/queue/lease", json={}, headers=bearer(analyst_token))
    held = leased.get_json()["claim"]
    other = next(c for c in claims if c["id"] != held["id"] and c["attributions"])
    url = f"/api/claims/{other['id']}/attributions/{other['attributions'][0]['id']}"
    response, body = send(client, "PATCH", analyst_token, url, {"kind": "other"}, etag(client, analyst_token, other["id"]))
    assert response.status_code == 409 and "Lease" in body["message"]
    rival = make_user("rival")[1]
    url = f"/api/claims/{held['id']}/attributions/{held['attributions'][0]['id']}"
    response, body = send(client, "PATCH", rival, url, {"kind": "other"}, leased.headers["ETag"])
    assert response.status_code == 409 and "leased to someone else" in body["message"]
    response, body = send(client, "PATCH", analyst_token, url, {"kind": "other"}, leased.headers["ETag"])
    assert response.status_code == 200, body
    assert body["attribution"]["changed_by"] == "ana"


@pytest.mark.parametrize("body, field", [
    ({"cue": {"start": 44, "end": 44}}, "cue"),  # empty
    ({"content": [{"start": 48, "end": 48}]}, "content.0"),
    ({"source": {"start": 190, "end": 9999}}, "source"),  # past the document's end
    ({"cue": {"start": 90, "end": 95}}, "cue"),  # in another sentence
    ({"source": {"start": 40, "end": 47}}, "source"),  # overlaps the cue "said"
    ({"content": [{"start": 43, "end": 60}]}, "content.0"),  # overlaps the cue
    ({"content": []}, "content"),
    ({"kind": "planet"}, "kind"),
    ({"source": None, "named": True}, "named"),
    ({"cue": {"start": -1, "end": 3}}, "cue"),
    ({"cue": {"start": 1}}, "cue"),
    ({"colour": "red"}, "colour"),
    ({}, "body"),
])
def test_each_validation_rule_is_a_422_naming_the_field(client, editor_token, claims, body, field):
    claim = claims[0]
    url = f"/api/claims/{claim['id']}/attributions/{claim['attributions'][0]['id']}"
    response, answer = send(client, "PATCH", editor_token, url, body, etag(client, editor_token, claim["id"]))
    assert response.status_code == 422, answer
    assert field in answer["errors"], answer
    assert etag(client, editor_token, claim["id"]) == f'"{claim["id"]}-1"'  # nothing changed


def test_unknown_claim_or_attribution_is_404(client, editor_token, claims):
    response, _ = send(client, "DELETE", editor_token, "/api/claims/999999/attributions/1", tag='"999999-1"')
    assert response.status_code == 404
    claim = claims[0]
    other = claims[1]["attributions"][0]["id"]
    response, _ = send(client, "DELETE", editor_token, f"/api/claims/{claim['id']}/attributions/{other}",
                       tag=etag(client, editor_token, claim["id"]))
    assert response.status_code == 404
