"""The schemas' dumping plan (schemas.common.StrictSchema) against marshmallow's own loop: every
read endpoint gives the same body and ETag either way, on SQLite and PostgreSQL, for claims
decided, graded, edited and corroborated."""
from __future__ import annotations

import pytest
from marshmallow import Schema, fields

from schemas.common import StrictSchema
from tests.conftest import bearer

OTHER = ("Tasnim News Agency reported that the delegation arrived in Tehran on Monday. "
         "Mohammad Javad Zarif said the talks were useful, according to officials.")


@pytest.fixture
def desk(client, seed_text, admin_token):
    """The seed and a second article; a claim decided, a source graded, an attribution edited."""
    headers = bearer(admin_token)
    for text in (seed_text, OTHER):
        assert client.post("/api/documents", json={"text": text, "title": "t"}, headers=headers).status_code == 201
    etag = client.get("/api/claims/1", headers=headers).headers["ETag"]
    decided = client.patch("/api/claims/1", headers={**headers, "If-Match": etag},
                           json={"status": "disputed", "note": "Denied", "evidence": ["https://example.org/a"]})
    assert decided.status_code == 200
    source = client.get("/api/sources", headers=headers).get_json()[0]
    etag = client.get(f"/api/sources/{source['id']}", headers=headers).headers["ETag"]
    graded = client.patch(f"/api/sources/{source['id']}", headers={**headers, "If-Match": etag},
                          json={"reliability": "B", "reason": "Track record"})
    assert graded.status_code == 200
    assert client.post("/api/queue/lease", json={}, headers=headers).status_code == 200
    return headers, source["id"]


def test_every_read_endpoint_dumps_as_marshmallow_does(client, desk, monkeypatch):
    headers, source_id = desk
    urls = ["/api/claims", "/api/claims?status=disputed", "/api/claims/1", "/api/claims/2", "/api/claims/1/history",
            "/api/claims/1/corroboration", "/api/documents", "/api/documents/1", "/api/documents/2",
            "/api/queue", "/api/sources", f"/api/sources/{source_id}", f"/api/sources/{source_id}/claims",
            f"/api/sources/{source_id}/history", "/api/users", "/api/health"]
    planned = {url: client.get(url, headers=headers) for url in urls}
    monkeypatch.setattr(StrictSchema, "_serialize", Schema._serialize)  # marshmallow's own loop
    for url, ours in planned.items():
        theirs = client.get(url, headers=headers)
        assert ours.status_code == theirs.status_code == 200, url
        assert ours.get_json() == theirs.get_json(), url
        assert ours.headers.get("ETag") == theirs.headers.get("ETag"), url


class Record:
    def __init__(self, **values):
        self.__dict__.update(values)


class Sample(StrictSchema):
    number = fields.Integer()
    flag = fields.Integer()  # a bool goes through Integer's own formatting: 1, not True
    text = fields.String()
    quoted = fields.Integer(as_string=True)
    renamed = fields.String(attribute="other", data_key="shown")
    defaulted = fields.String(dump_default="none given")
    absent = fields.String()
    computed = fields.Function(lambda record: record.number * 2 if hasattr(record, "number") else None)
    nested = fields.List(fields.Nested(lambda: Sample(only=("number", "text"))))


@pytest.mark.parametrize("make", [Record, dict], ids=["record", "mapping"])
def test_the_plan_keeps_defaults_keys_formats_and_nesting(make, monkeypatch):
    values = dict(number=7, flag=True, text=b"bytes", quoted=12, other="x", nested=[make(number=1, text=None)])
    obj = make(**values)
    expected = {"number": 7, "flag": 1, "text": "bytes", "quoted": "12", "shown": "x", "defaulted": "none given",
                "computed": 14 if make is Record else None, "nested": [{"number": 1, "text": None}]}
    ours = Sample().dump(obj), Sample(many=True).dump([obj, obj])
    monkeypatch.setattr(StrictSchema, "_serialize", Schema._serialize)  # marshmallow's own loop
    assert ours == (expected, [expected, expected]) == (Sample().dump(obj), Sample(many=True).dump([obj, obj]))
