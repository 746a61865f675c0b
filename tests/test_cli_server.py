"""The commands around the server: users add/list, ingest, openapi write, and serve's first start."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from service.cli import cli
from service.cli.server import SAMPLE_ARTICLE, first_start, read_article
from service.db import db
from tests.conftest import bearer

REPO = Path(__file__).resolve().parent.parent


def documents(client, token):
    return client.get("/api/documents?page_size=200", headers=bearer(token)).get_json()


def test_users_add_prints_a_working_token_last(runner, client):
    result = runner.invoke(cli, ["users", "add", "Nadia", "--role", "editor"])
    assert result.exit_code == 0, result.output
    token = result.output.split()[-1]
    response = client.post("/api/documents", json={"text": "A sentence."}, headers=bearer(token))
    assert response.status_code == 201
    listed = runner.invoke(cli, ["users", "list"])
    assert listed.exit_code == 0 and listed.output.split("\n")[0].split("\t")[1:] == ["Nadia", "editor", "active"]


@pytest.mark.parametrize("args, message", [
    (["users", "add", "admin"], "exists already"),
    (["users", "add", "  "], "name: Must not be empty"),
    (["users", "add", "x" * 121], "name: Length must be between 1 and 120"),
    (["users", "add", "bad\udcff"], "lone surrogates"),
])
def test_users_add_refuses_bad_names_in_one_line(runner, admin_token, args, message):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2 and message in result.output
    assert result.output.count("\n") == 1 and result.output.startswith("claimdesk: error:")


def test_users_add_refuses_unknown_roles(runner):
    result = runner.invoke(cli, ["users", "add", "x", "--role", "boss"])
    assert result.exit_code == 2 and "boss" in result.output


def test_ingest_text_files_with_options_and_date_header(runner, client, admin_token, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("date 2020-01-02\nThe minister said the talks went well.\n", encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(article), "--title", "Talks", "--outlet", "Wire"])
    assert result.exit_code == 0, result.output
    assert "Ingested 1 documents" in result.output
    [document] = documents(client, admin_token)
    assert (document["title"], document["outlet"], document["published"]) == ("Talks", "Wire", "2020-01-02")
    again = runner.invoke(cli, ["ingest", str(article)])
    assert again.exit_code == 0 and "Ingested 0 documents" in again.output and "1 already present" in again.output


def test_ingest_jsonl(runner, client, admin_token, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = [{"id": "a", "publisher": "breitbart", "text": "He said it was fine."},
             {"text": "Second article.", "title": "Two", "published": "2016-09-12"}, {"text": "Second article."}]
    corpus.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(corpus)])
    assert result.exit_code == 0 and "Ingested 2 documents" in result.output and "1 already present" in result.output
    stored = documents(client, admin_token)
    assert [(d["title"], d["outlet"], d["published"]) for d in stored] == [
        ("Two", None, "2016-09-12"), (None, "breitbart", None)]


@pytest.mark.parametrize("content, message", [
    ('{"text": "Fine."}\n{not json\n', "corpus.jsonl:2: not valid JSON"),
    ('{"title": "no text"}\n', 'corpus.jsonl:1: "text" must be a string'),
    ('["a list"]\n', "corpus.jsonl:1: expected a JSON object"),
    ('{"text": "Fine.", "published": "soon"}\n', 'corpus.jsonl:1: "published" must be a date'),
])
def test_ingest_bad_jsonl_fails_in_one_line(runner, client, admin_token, tmp_path, content, message):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(corpus)])
    assert result.exit_code == 2 and message in result.output, result.output
    assert documents(client, admin_token) == []


@pytest.mark.parametrize("content, message", [
    (b"date 2019-02-30 Text.", "a.txt: invalid date '2019-02-30'"),
    (b"date 2019/11/27 Text.", "a.txt: invalid date header"),
    (b"caf\xe9 au lait.", "a.txt: not UTF-8"),
])
def test_ingest_bad_text_file_fails_in_one_line(runner, client, admin_token, tmp_path, content, message):
    article = tmp_path / "a.txt"
    article.write_bytes(content)
    result = runner.invoke(cli, ["ingest", str(article)])
    assert result.exit_code == 2 and message in result.output, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("claimdesk: error:")
    assert documents(client, admin_token) == []


def test_ingest_title_needs_exactly_one_text_file(runner, tmp_path):
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path in paths:
        path.write_text(f"Article {path.stem}.", encoding="utf-8")
    result = runner.invoke(cli, ["ingest", *map(str, paths), "--title", "T"])
    assert result.exit_code == 2 and "exactly one text file" in result.output


def test_openapi_write_matches_the_served_document(runner, client, tmp_path):
    target = tmp_path / "openapi.json"
    result = runner.invoke(cli, ["openapi", "write", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8")) == client.get("/api/openapi.json").get_json()


def test_checked_in_openapi_is_current(client):
    served = client.get("/api/openapi.json").get_json()
    checked_in = json.loads((REPO / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert {"/api/documents", "/api/claims/{claim_id}", "/api/queue/lease"} <= set(served["paths"])
    assert checked_in == served, "regenerate it: claimdesk openapi write docs/openapi.json"


def test_first_start_makes_an_admin_and_loads_the_sample_once(app, client):
    with app.app_context():
        token = first_start()
        assert first_start() is None
        db.session.commit()
    [document] = documents(client, token)
    sample = read_article(SAMPLE_ARTICLE)
    assert document["published"] == "2019-11-27" and not sample["text"].startswith("date")
    detail = client.get(f"/api/documents/{document['id']}", headers=bearer(token)).get_json()
    assert detail["text"] == sample["text"] and detail["claim_count"] > 30


def test_serve_starts_waitress_and_prints_the_admin_token_once(database_url, tmp_path):
    """Two starts on one database; the second extracts a long article in a worker process, and
    SIGTERM (a service manager's stop) still ends the server cleanly, the worker with it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", "from service.cli import cli; cli()", "serve", "--port", "0",
               "--database", database_url]
    outputs = []
    for _start in range(2):
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=env, cwd=tmp_path) as server:
            lines = []
            for line in server.stdout:
                lines.append(line)
                if "serving on" in line:
                    break
            base = lines[-1].split("serving on ")[1].split("/ ")[0]
            outputs.append(lines)
            if len(outputs) == 1:
                token = next(line for line in lines if "Admin token" in line).split()[-1]
            with requests.Session() as http:
                health = http.get(f"{base}/api/health", timeout=10)
                listed = http.get(f"{base}/api/documents", headers=bearer(token), timeout=10)
                if len(outputs) == 2:  # longer than EXTRACT_OFFLOAD_CHARS: extracted in a worker process
                    long = http.post(f"{base}/api/documents", json={"text": "Word said so. " * 8000},
                                     headers=bearer(token), timeout=60)
                    assert long.status_code == 201, long.text
            server.terminate()
            logged = server.stdout.read()
            assert server.wait(timeout=30) == 0, logged
        assert logged.rstrip().endswith("claimdesk stopped") and "leaked" not in logged, logged
        assert health.status_code == 200 and listed.status_code == 200
        assert "".join(lines).count(f"Database: {database_url.split(':', 1)[0]}") == 1
        assert "claimdesk.access: GET /api/documents 200 " in logged and "user=admin" in logged
        assert token not in logged
        assert [d["title"] for d in listed.json()] == ["Sample: the Taliban in Iran"]
    assert "Admin token" in "".join(outputs[0]) and "Admin token" not in "".join(outputs[1])

