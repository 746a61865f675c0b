"""Exports: csv, jsonl, claimreview and misp over the API and the CLI, with the claims' filters.

One seeded database per module (the seed article, three decisions, one rated source); the cases
only read it."""
from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pytest
from sqlalchemy import select

from service import review
from service.cli import cli
from service.db import db
from service.exports import FORMATS
from service.exports.claimreview import RATINGS
from service.exports.csvfile import COLUMNS
from service.models import Source, User
from tests.conftest import bearer

BASE = "https://factcheck.example/"
DECISIONS = [  # (words in the claim, status, note, evidence)
    ("Tasnim news reported", "confirmed", "Tasnim's report is online.", ["https://tasnim.example/a", "https://b.example/"]),
    ("Zarif said on September 8", "disputed", "=HYPERLINK(\"http://evil.example\",\"click\")", []),
    ("Baradar has led negotiations", "inconclusive", "-2+3 sources disagree", []),
]

# Google's required and recommended ClaimReview fields, written for this test (nothing fetched).
CLAIMREVIEW_SCHEMA = {
    "type": "object",
    "required": ["@context", "@type", "claimReviewed", "reviewRating", "url", "author", "itemReviewed", "datePublished"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "claimReviewed": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": "^https://"},
        "datePublished": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "author": {"type": "object", "required": ["@type", "name"],
                   "properties": {"@type": {"const": "Organization"}, "name": {"type": "string", "minLength": 1}}},
        "reviewRating": {
            "type": "object", "required": ["@type", "ratingValue", "bestRating", "worstRating", "alternateName"],
            "properties": {"@type": {"const": "Rating"}, "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                           "bestRating": {"const": 5}, "worstRating": {"const": 1},
                           "alternateName": {"type": "string", "minLength": 1}},
        },
        "itemReviewed": {
            "type": "object", "required": ["@type", "appearance", "author", "datePublished"],
            "properties": {
                "@type": {"const": "Claim"},
                "appearance": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["@type", "url"],
                    "properties": {"url": {"type": "string", "pattern": "^https?://"}}}},
                "author": {"type": "object", "required": ["@type", "name"],
                           "properties": {"@type": {"enum": ["Person", "Organization"]}}},
                "datePublished": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            },
        },
    },
}


@pytest.fixture(scope="module")
def desk(shared_app, seed_text):
    """(app, analyst token, claim count, decided claim ids by status) on the module's database."""
    from service.ingest import ingest_text

    app, tokens = shared_app
    app.config.update(PUBLIC_BASE_URL=BASE.rstrip("/"), EXPORT_ORGANIZATION="Desk Checks",
                      EXPORT_ORGANIZATION_URL="https://desk.example")
    with app.app_context():
        session = db.session
        document = ingest_text(session, seed_text, title="Taliban in Tehran", outlet="Jerusalem Post",
                               url="https://jpost.example/taliban", published="2019-11-27")
        session.commit()
        analyst = session.scalar(select(User).where(User.name == "shared-analyst"))
        decided = {}
        for words, status, note, evidence in DECISIONS:
            claim = next(c for c in document.claims if words in c.text)
            review.decide(session, claim.id, analyst, review.Decision(status, note, tuple(evidence)),
                          based_on={claim.version})
            decided[status] = claim.id
        tasnim = session.scalar(select(Source).where(Source.key == "tasnim news"))
        tasnim.reliability = "B"
        session.commit()
        count = len(document.claims)
    yield app, tokens["analyst"], count, decided
    app.config.update(PUBLIC_BASE_URL=None, EXPORT_ORGANIZATION="claimdesk", EXPORT_ORGANIZATION_URL=None)


def export(desk, name, query=""):
    app, token = desk[0], desk[1]
    response = app.test_client().get(f"/api/exports/{name}{query}", headers=bearer(token))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.is_streamed and "attachment" in response.headers["Content-Disposition"]
    assert response.content_type == FORMATS[name].media_type
    return response.get_data(as_text=True)


def test_csv_parses_with_one_row_per_claim_and_no_live_formula(desk):
    text = export(desk, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert list(rows[0]) == COLUMNS and len(rows) == desk[2]
    by_id = {int(row["claim_id"]): row for row in rows}
    confirmed = by_id[desk[3]["confirmed"]]
    assert confirmed["status"] == "confirmed" and confirmed["decided_by"] == "shared-analyst"
    assert confirmed["evidence"] == "https://tasnim.example/a | https://b.example/"
    assert "Tasnim news" in confirmed["source_names"] and confirmed["reliability"] == "B"
    assert confirmed["document_outlet"] == "Jerusalem Post" and confirmed["document_published"] == "2019-11-27"
    assert confirmed["decided_at"].endswith("+00:00")
    disputed = by_id[desk[3]["disputed"]]
    assert disputed["decision_note"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert by_id[desk[3]["inconclusive"]]["decision_note"].startswith("'-2+3")
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())
    # The rating the API shows: the main source's grade (F while ungraded) and the credibility.
    assert all(re.fullmatch(r"[A-F][1-6]", row["rating"]) and row["rating"][1] == row["credibility"] for row in rows)


def test_jsonl_holds_everything_about_each_claim(desk):
    lines = export(desk, "jsonl").splitlines()
    items = [json.loads(line) for line in lines]
    assert len(items) == desk[2] and [i["index"] for i in items] == sorted(i["index"] for i in items)
    disputed = next(i for i in items if i["id"] == desk[3]["disputed"])
    assert disputed["status"] == "disputed" and disputed["attributions"]
    assert disputed["document"]["title"] == "Taliban in Tehran"
    assert [(e["from"], e["to"], e["analyst"]) for e in disputed["history"]] == [("unreviewed", "disputed", "shared-analyst")]
    assert {"name", "kind", "named", "reliability", "registry_id"} <= set(disputed["sources"][0])


def test_claimreview_has_googles_fields_for_each_decided_claim(desk):
    reviews = json.loads(export(desk, "claimreview"))
    assert len(reviews) == 3
    for item in reviews:
        jsonschema.validate(item, CLAIMREVIEW_SCHEMA)
    by_url = {item["url"]: item for item in reviews}
    for status, claim_id in desk[3].items():
        item = by_url[f"{BASE}claims/{claim_id}"]
        value, name = RATINGS[status]
        assert (item["reviewRating"]["ratingValue"], item["reviewRating"]["alternateName"]) == (value, name)
        assert item["author"] == {"@type": "Organization", "name": "Desk Checks", "url": "https://desk.example"}
        assert item["itemReviewed"]["appearance"][0]["url"] == "https://jpost.example/taliban"
    assert by_url[f"{BASE}claims/{desk[3]['confirmed']}"]["itemReviewed"]["author"]["name"] == "Tasnim news"


def test_misp_event_carries_admiralty_tags_on_every_claim(desk):
    event = json.loads(export(desk, "misp"))["Event"]
    assert event["info"].startswith("Desk Checks") and len(event["Attribute"]) == desk[2]
    for attribute in event["Attribute"]:
        names = [tag["name"] for tag in attribute["Tag"]]
        assert len(names) == 2 and all(name.startswith("admiralty-scale:") for name in names)
        assert attribute["type"] == "text" and attribute["value"]
    tagged = {a["comment"].split(",")[0]: [t["name"] for t in a["Tag"]] for a in event["Attribute"]}
    assert tagged[f"claim {desk[3]['confirmed']}"] == [
        'admiralty-scale:source-reliability="b"', 'admiralty-scale:information-credibility="2"']  # confirmed: 2 by default
    assert len({a["uuid"] for a in event["Attribute"]}) == desk[2]


@pytest.mark.parametrize("name", ["csv", "jsonl", "claimreview", "misp"])
def test_filters_select_the_same_claims_as_the_listing(desk, name):
    app, token = desk[0], desk[1]
    listed = app.test_client().get("/api/claims?status=confirmed", headers=bearer(token)).get_json()
    text = export(desk, name, "?status=confirmed")
    if name == "csv":
        ids = [int(row["claim_id"]) for row in csv.DictReader(io.StringIO(text[1:]))]
    elif name == "jsonl":
        ids = [json.loads(line)["id"] for line in text.splitlines()]
    elif name == "claimreview":
        ids = [int(item["url"].rsplit("/", 1)[1]) for item in json.loads(text)]
    else:
        ids = [int(a["comment"].split(",")[0].split()[1]) for a in json.loads(text)["Event"]["Attribute"]]
    assert ids == [claim["id"] for claim in listed] == [desk[3]["confirmed"]]
    assert export(desk, name, "?document_id=999999").count("Taliban") == 0


def test_cli_writes_what_the_api_gives(desk, tmp_path):
    app = desk[0]
    target = tmp_path / "claims.jsonl"
    result = app.test_cli_runner().invoke(cli, ["export", "--format", "jsonl", "--named", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == export(desk, "jsonl", "?named=true")
    printed = app.test_cli_runner().invoke(cli, ["export", "--format", "csv", "--status", "disputed"])
    rows = list(csv.DictReader(io.StringIO(printed.output.lstrip("\ufeff"))))
    assert printed.exit_code == 0 and [int(r["claim_id"]) for r in rows] == [desk[3]["disputed"]]


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf"], "'pdf' is not one of"),
    (["--format", "csv", "--document-id", "0"], "--document-id"),
    (["--format", "csv", "--source", "a\x00b"], "--source"),
    (["--format", "csv", "--status", "maybe"], "'maybe' is not one of"),
])
def test_cli_bad_filters_fail_with_exit_2(desk, args, message):
    result = desk[0].test_cli_runner().invoke(cli, ["export", *args])
    assert result.exit_code == 2 and message in result.output, result.output


@pytest.mark.parametrize("url, status", [
    ("/api/exports/pdf", 404), ("/api/exports/csv?status=maybe", 422), ("/api/exports/csv?document_id=0", 422),
    ("/api/exports/csv?named=perhaps", 422),
])
def test_api_bad_requests_get_the_error_shape(desk, url, status):
    app, token = desk[0], desk[1]
    response = app.test_client().get(url, headers=bearer(token))
    assert response.status_code == status and response.get_json()["code"] == status
    assert app.test_client().get("/api/exports/csv").status_code == 401
