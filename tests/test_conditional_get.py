"""Conditional GETs (If-None-Match) on the three versioned resources, on SQLite and PostgreSQL:
a claim, a source entry and a corroboration link each answer 304 with an empty body while their
ETag still names them, and 200 with a new tag once a change has bumped their version."""
from __future__ import annotations

import pytest

from tests.conftest import bearer, ingested

REPORTS = (
    "The Harbour Gazette",
    "A ferry carrying 40 passengers ran aground near Port Elling on Sunday, coast guard spokesman Jan Holm said. "
    "Nobody was hurt.",
)
RELAY = (
    "Northern Wire",
    "A ferry with 40 passengers on board ran aground near Port Elling on Sunday, coast guard spokesman Jan Holm said, "
    "quoted by local radio. The harbour stayed open.",
)


def ingest(client, token, outlet_text):
    outlet, text = outlet_text
    return ingested(client, token, {"text": text, "outlet": outlet})


def conditional(client, token, url, etag):
    return client.get(url, headers={**bearer(token), "If-None-Match": etag})


def change(client, token, url, body, etag):
    response = client.patch(url, json=body, headers={**bearer(token), "If-Match": etag})
    assert response.status_code == 200, response.get_json()
    return response.headers["ETag"]


def claim_url(document):
    return f"/api/claims/{document['claims'][0]['id']}", {"status": "inconclusive"}


def source_url(document):
    source = next(a["source"] for c in document["claims"] for a in c["attributions"] if a["source"]["entry"])
    return f"/api/sources/{source['entry']['id']}", {"reliability": "B", "reason": "a good record"}


def link_url(client, token, document):
    body = client.get(f"/api/claims/{document['claims'][0]['id']}/corroboration", headers=bearer(token)).get_json()
    assert body["links"], body
    return f"/api/links/{body['links'][0]['id']}", {"status": "confirmed", "note": "the same grounding"}


@pytest.mark.parametrize("resource", ["claim", "source", "link"])
def test_304_while_unchanged_then_200_with_a_new_tag(client, editor_token, resource):
    ingest(client, editor_token, REPORTS)
    document = ingest(client, editor_token, RELAY)
    if resource == "claim":
        url, body = claim_url(document)
    elif resource == "source":
        url, body = source_url(document)
    else:
        url, body = link_url(client, editor_token, document)

    first = client.get(url, headers=bearer(editor_token))
    assert first.status_code == 200 and first.headers["ETag"]
    etag = first.headers["ETag"]
    unchanged = conditional(client, editor_token, url, etag)
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert unchanged.headers["ETag"] == etag
    # A list of tags matches if any one does; a tag of another version does not.
    assert conditional(client, editor_token, url, f'"nope", {etag}').status_code == 304
    assert conditional(client, editor_token, url, "*").status_code == 304

    new_tag = change(client, editor_token, url, body, etag)
    assert new_tag != etag
    changed = conditional(client, editor_token, url, etag)
    assert changed.status_code == 200 and changed.headers["ETag"] == new_tag
    assert changed.get_json()["version"] == first.get_json()["version"] + 1
    assert conditional(client, editor_token, url, new_tag).status_code == 304
