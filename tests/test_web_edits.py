"""The review page's attribution edits through Flask's test client: the same rules as the API
(CSRF, lease, version, spans), and the page's least-certain-first switch."""
from __future__ import annotations

import pytest

from tests.conftest import ingested
from tests.test_api_attributions import TEXT, span
from tests.test_web import page  # noqa: F401  (fixture)


@pytest.fixture
def leased(page, client, editor_token):  # noqa: F811
    client_, headers = page
    claims = ingested(client, editor_token, {"text": TEXT})["claims"]
    body = client_.post("/review/api/lease", json={"order": "uncertain"}, headers=headers).get_json()
    return client_, headers, body["claim"], claims


def test_page_edits_go_through_the_same_rules(leased):
    client, headers, claim, claims = leased
    lowest = min((c for c in claims if c["attributions"]), key=lambda c: min(a["confidence"] for a in c["attributions"]))
    assert claim["id"] == lowest["id"]  # least certain first
    assert claim["id"] != claims[0]["id"]
    attribution = claim["attributions"][0]
    url = f"/review/api/attributions/{attribution['id']}"
    base = {"claim_id": claim["id"], "version": claim["version"]}
    assert client.patch(url, json={**base, "kind": "media"}).status_code == 403  # no CSRF header
    response = client.patch(url, json={**base, "cue": {"start": 0, "end": 0}}, headers=headers)
    assert response.status_code == 422 and "cue" in response.get_json()["errors"]
    response = client.patch(url, json={**base, "version": 9, "kind": "media"}, headers=headers)
    assert response.status_code == 412
    other = next(c for c in claims if c["id"] != claim["id"] and c["attributions"])
    response = client.delete(f"/review/api/attributions/{other['attributions'][0]['id']}",
                             json={"claim_id": other["id"], "version": 1}, headers=headers)
    assert response.status_code == 409
    response = client.patch(url, json={**base, "kind": "media"}, headers=headers)
    assert response.status_code == 200
    changed = response.get_json()["claim"]
    assert changed["version"] == 2 and changed["attributions"][0]["source"]["kind"] == "media"
    response = client.post("/review/api/attributions", headers=headers, json={
        "claim_id": claim["id"], "version": 2, "cue": span("said"), "content": [span("the cabinet would meet")]})
    assert response.status_code == 422 and "cue" in response.get_json()["errors"]  # not in this claim's sentence
    response = client.delete(url, json={"claim_id": claim["id"], "version": 2}, headers=headers)
    assert response.status_code == 200 and response.get_json()["claim"]["version"] == 3
