"""The desk's own gold: the gold export round-trips through evaluate, and train --reviewed writes a
model with its card that evaluate, extract and ingest then use."""
from __future__ import annotations

import json


from service import learning
from service.cli import cli
from service.db import db
from service.extraction import extract
from service.extraction.serialize import extraction_dict
from service.ingest import ingest_text
from service.models import Claim, User
from service.review import Decision, decide
from tests.conftest import bearer, ingested
from tests.crf_fixtures import gold_documents, write_gold
from tests.test_api_attributions import TEXT, etag, send, span

BEGAN = "The mayor then appeared on local radio on Monday and began with saying she would never resign."


def review_everything(app, name="reviewer"):
    """Decide every claim in the database, as an analyst on the page would (checking each)."""
    with app.app_context():
        user = db.session.query(User).filter_by(name=name).one()
        for claim in db.session.query(Claim).order_by(Claim.id).all():
            decide(db.session, claim.id, user, Decision("confirmed"), based_on=[claim.version])
        db.session.commit()


def cli_json(runner, *args):
    result = runner.invoke(cli, [*args])
    assert result.exit_code == 0, result.output
    return result


def test_gold_export_round_trips_through_evaluate(app, client, runner, editor_token, make_user, tmp_path):
    make_user("reviewer")
    document = ingested(client, editor_token, {"text": TEXT, "title": "gold"})
    client.post("/api/documents", json={"text": "Not reviewed. Nobody said a thing."}, headers=bearer(editor_token))
    warning = document["claims"][2]
    url = f"/api/claims/{warning['id']}/attributions"
    response, _ = send(client, "PATCH", editor_token, f"{url}/{warning['attributions'][0]['id']}",
                       {"content": [span("that the dikes were weak")]}, etag(client, editor_token, warning["id"]))
    assert response.status_code == 200
    response, added = send(client, "POST", editor_token, url, {"source": span("Jan de Vries"), "cue": span("said", 150),
                           "content": [span("that the dikes were weak")]}, response.headers["ETag"])
    assert response.status_code == 201
    assert client.get("/api/exports/gold", headers=bearer(editor_token)).data == b""  # nothing reviewed yet
    with app.app_context():  # only the corrected document gets reviewed
        user = db.session.query(User).filter_by(name="reviewer").one()
        for claim in db.session.query(Claim).filter_by(document_id=document["id"]):
            decide(db.session, claim.id, user, Decision("confirmed"), based_on=[claim.version])
        db.session.commit()

    path = tmp_path / "gold.jsonl"
    result = cli_json(runner, "export", "--format", "gold", "-o", str(path))
    assert f"Wrote {path}" in result.output
    [gold] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    served = client.get("/api/exports/gold", headers=bearer(editor_token))
    assert served.status_code == 200 and served.mimetype == "application/x-ndjson"
    assert json.loads(served.data) == gold
    assert (gold["id"], gold["text"], gold["title"]) == (str(document["id"]), TEXT, "gold")
    assert gold["sentences"] == [[c["start"], c["end"]] for c in document["claims"]]
    jan = {"source": [[184, 196]], "cue": [[197, 201]], "content": [[158, 182]], "optional": False,
           "kind": "other", "named": True, "origin": "analyst"}
    assert jan in gold["attributions"] and len(gold["attributions"]) == 4

    from_file = json.loads(cli_json(runner, "evaluate", str(path), "--json").output)
    from_db = json.loads(cli_json(runner, "evaluate", "--reviewed", "--json").output)
    assert from_file == {**from_db, "seconds": from_file["seconds"]}
    # The extractor misses the corrected "Jan de Vries said": gold counts it, so recall drops.
    assert from_db["relation"] | {"p": 0, "r": 0, "f1": 0} == {"p": 0, "r": 0, "f1": 0, "tp": 3, "fp": 0, "fn": 1}
    assert from_db["documents"] == 1


def test_train_reviewed_writes_model_and_card_used_by_evaluate_extract_and_ingest(
        app, client, runner, make_user, editor_token, tmp_path):
    make_user("reviewer")
    with app.app_context():
        for doc in gold_documents(10):
            ingest_text(db.session, doc["text"], published=doc["published"])
        db.session.commit()
    review_everything(app)

    without = runner.invoke(cli, ["evaluate", "--reviewed", "--learned"])
    assert without.exit_code == 2 and "claimdesk train" in without.output
    extra = write_gold(tmp_path / "mine.jsonl", gold_documents(20)[10:])
    result = cli_json(runner, "train", "--reviewed", str(extra), "--iterations", "40")
    assert "held back, rules+crf" in result.output
    model = learning.instance_model(app.instance_path)
    card = model.card
    assert model.path.stat().st_size > 1000
    assert card["trained_on"]["documents"] == 16 and card["held_back"]["documents"] == 4
    assert card["trained_on"]["published"]["first"].startswith("2026-")
    assert [s["documents"] for s in card["trained_on"]["sources"]] == [10, 10]
    assert set(card["held_back"]["scores"]) == {"rules", "rules+crf"}
    assert card["id"] in (model.path.parent / "card.md").read_text(encoding="utf-8")

    rules = json.loads(cli_json(runner, "evaluate", "--reviewed", "--json").output)
    with_model = runner.invoke(cli, ["evaluate", "--reviewed", "--json", "--learned"])
    assert with_model.exit_code == 0 and card["id"] in with_model.stderr
    assert json.loads(with_model.stdout)["documents"] == rules["documents"] == 10

    article = tmp_path / "began.txt"
    article.write_text(BEGAN, encoding="utf-8")
    plain = json.loads(cli_json(runner, "extract", str(article)).stdout)
    learned = runner.invoke(cli, ["extract", "--learned", str(article)])
    assert learned.exit_code == 0 and f"learned layer: instance model {card['id']}" in learned.stderr
    expected = extraction_dict(extract(BEGAN, model=model.path), id="began")
    assert json.loads(learned.stdout) == expected
    assert plain == extraction_dict(extract(BEGAN), id="began")

    created = ingested(client, editor_token, {"text": BEGAN})
    assert created["extractor"] == f"rules+crf {card['id']}"
    found = expected["claims"][0]["attributions"]
    assert [(a["cue"]["text"], a["rule"]) for a in created["claims"][0]["attributions"]] == \
        [(a["cue"]["text"], a["rule"]) for a in found]


def test_train_and_learned_without_a_model_fail_clearly(runner, tmp_path):
    result = runner.invoke(cli, ["train"])
    assert result.exit_code == 2 and "nothing to train on" in result.output
    result = runner.invoke(cli, ["train", "--reviewed"])
    assert result.exit_code == 2 and "no reviewed documents" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "abc", "attributions": [{"cue": [[1, 9]], "content": [[0, 1]]}]}\n', encoding="utf-8")
    result = runner.invoke(cli, ["train", str(bad)])
    assert result.exit_code == 2 and "outside the text" in result.output
    result = runner.invoke(cli, ["extract", "--learned", "-"], input="Zarif said so.")
    assert result.exit_code == 2 and "claimdesk train" in result.output
    result = runner.invoke(cli, ["evaluate", "--reviewed"])
    assert result.exit_code == 2 and "no reviewed documents" in result.output
