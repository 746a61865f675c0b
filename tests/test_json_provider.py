"""JSON responses through orjson (service.json_provider) mean what Flask's provider would say."""
from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, datetime, timezone

import pytest
from flask.json.provider import DefaultJSONProvider

from tests.conftest import bearer


@dataclasses.dataclass
class Point:
    x: int
    when: date


VALUES = [
    {"b": 1, "a": [1, 2.5, None, True], "c": {"z": "Zarif", "y": "Tehran – Kabul ✓"}},
    {"at": datetime(2019, 11, 27, 8, 30, tzinfo=timezone.utc), "day": date(2019, 11, 27)},
    {1: "one", 2: "two"},
    [Point(3, date(2020, 1, 2))],
    {"lone": "\ud800", "big": 2**70},  # orjson refuses both: Flask's provider encodes them
    "plain",
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_a_body_reads_back_as_flasks_provider_wrote_it(app, value):
    ours = app.json.dumps(value, separators=(",", ":"))
    theirs = DefaultJSONProvider(app).dumps(value, separators=(",", ":"))
    assert json.loads(ours) == json.loads(theirs)


def test_keys_stay_sorted_and_indenting_still_works(app):
    assert app.json.dumps({"b": 1, "a": 2}, separators=(",", ":")) == '{"a":2,"b":1}'
    assert app.json.dumps({"a": [1]}, indent=2) == '{\n  "a": [\n    1\n  ]\n}'


def test_nan_is_null_not_invalid_json(app):
    assert json.loads(app.json.dumps({"x": math.nan}, separators=(",", ":"))) == {"x": None}


def test_an_unknown_type_still_fails_as_in_flask(app):
    with pytest.raises(TypeError):
        app.json.dumps({"x": object()}, separators=(",", ":"))


def test_a_lone_surrogate_key_is_echoed_in_a_clear_422(client, analyst_token):
    response = client.post("/api/queue/lease", data='{"\\ud800": 1}', content_type="application/json",
                           headers=bearer(analyst_token))
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == 422 and body["errors"] == {"\ud800": ["Unknown field."]}


def test_non_ascii_text_comes_back_intact(client, editor_token):
    text = "Zarif sagte, die Gespräche seien „nützlich“ gewesen. 伊朗媒体说会谈有益。"
    created = client.post("/api/documents", json={"text": text, "title": "Ü"}, headers=bearer(editor_token))
    assert created.status_code == 201
    document = client.get(f"/api/documents/{created.get_json()['id']}", headers=bearer(editor_token)).get_json()
    assert document["title"] == "Ü" and document["claims"][0]["text"].startswith("Zarif sagte")
