"""``claimdesk extract`` through click's CliRunner: inputs, output formats, and every bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import service
from service.cli import cli

SEED_PATH = Path(__file__).parent / "data" / "taliban-iran-2019-11-27.txt"


@pytest.fixture
def run():
    def invoke(*args, stdin: bytes | str | None = None):
        return CliRunner().invoke(cli, ["extract", *args], input=stdin)

    return invoke


def ok_json(result):
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)


def check_document(document: dict) -> None:
    text = document["text"]
    for claim in document["claims"]:
        sentence = claim["sentence"]
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]


def test_seed_article_file(run):
    document = ok_json(run(str(SEED_PATH)))
    assert document["id"] == "taliban-iran-2019-11-27"
    assert document["published"] == "2019-11-27"
    assert document["text"].startswith("The Taliban took a trip to Iran")
    assert document["text"].endswith("detailed discussions in Tehran.")
    assert len(document["claims"]) == 37
    assert document["claims"][4]["sentence"]["text"].startswith("Tasnim news reported")
    check_document(document)


def test_text_file_without_header(run, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Headline\n\nThe mayor said taxes would rise. Critics disagreed.\n", encoding="utf-8")
    document = ok_json(run(str(path)))
    assert document["id"] == "note" and "published" not in document
    assert [c["sentence"]["text"] for c in document["claims"]] == [
        "Headline", "The mayor said taxes would rise.", "Critics disagreed."]
    assert [c["paragraph"] for c in document["claims"]] == [0, 1, 1]
    check_document(document)


def test_date_header_on_its_own_line(run, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("date 2020-02-29\n\n  Body one. Body two.", encoding="utf-8")
    document = ok_json(run(str(path)))
    assert document["published"] == "2020-02-29"
    assert document["text"] == "Body one. Body two."


@pytest.mark.parametrize("raw, published, text", [
    ("date 2019-11-27", "2019-11-27", ""),
    ("\n date\t2019-11-27\r\nBody.", "2019-11-27", "Body."),
    ("date 12 people came.", None, "date 12 people came."),
    ("Date 2019-11-27 is not a header.", None, "Date 2019-11-27 is not a header."),
    ("date 2019-11-27x is text.", None, "date 2019-11-27x is text."),
])
def test_date_header_variants(run, tmp_path, raw, published, text):
    path = tmp_path / "h.txt"
    path.write_bytes(raw.encode())
    document = ok_json(run(str(path)))
    assert document.get("published") == published
    assert document["text"] == text


def test_jsonl_one_line_per_document(run, tmp_path):
    path = tmp_path / "corpus.jsonl"
    records = [
        {"id": "a", "text": "  Leading space kept. Second.", "publisher": "x"},
        {"id": 7, "text": "", "published": "2016-09-15"},
        {"text": "No id here."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records[:2]) + "\n\n" + json.dumps(records[2]) + "\n")
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0 and result.stderr == ""
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", 7, "corpus:4"]
    assert [line["text"] for line in lines] == [r["text"] for r in records]
    assert lines[1]["published"] == "2016-09-15" and lines[1]["claims"] == []
    assert lines[0]["claims"][0]["sentence"] == {"start": 2, "end": 21, "text": "Leading space kept."}
    for line in lines:
        check_document(line)


def test_json_format_gives_an_array_for_several_documents(run, tmp_path):
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("One.", encoding="utf-8")
    second.write_text("Two. Three.", encoding="utf-8")
    documents = ok_json(run(str(first), str(second)))
    assert [d["id"] for d in documents] == ["one", "two"]
    assert [len(d["claims"]) for d in documents] == [1, 2]


def test_stdin(run):
    document = ok_json(run("-", stdin="date 2019-11-27 Iran said so. The US denied it.".encode()))
    assert document["id"] == "stdin" and document["published"] == "2019-11-27"
    assert document["text"] == "Iran said so. The US denied it."
    assert len(document["claims"]) == 2


def test_the_rules_alone_miss_what_only_a_trained_model_finds(run):
    # --learned with the instance's trained model: tests/test_training.py
    text = "The mayor then appeared on local radio on Monday and began with saying she would never resign."
    document = ok_json(run("-", stdin=text))
    assert document["claims"][0]["attributions"] == []


def test_stdin_jsonl_format(run):
    result = run("-", "--format", "jsonl", stdin="Plain text, no header.")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["text"] == "Plain text, no header."


def test_never_builds_the_app(run, monkeypatch, tmp_path):
    def tripwire(*args, **kwargs):
        raise AssertionError("extract must not build the Flask app")

    monkeypatch.setattr(service, "create_app", tripwire)
    path = tmp_path / "x.txt"
    path.write_text("Fine.", encoding="utf-8")
    assert ok_json(run(str(path)))["claims"][0]["sentence"]["text"] == "Fine."


BAD_INPUTS = {
    "missing file": ("missing.txt", None, "no such file"),
    "directory": ("adir", None, "is a directory"),
    "bad utf-8 text": ("bad.txt", b"caf\xe9 au lait.", "not UTF-8"),
    "bad utf-8 jsonl": ("bad.jsonl", b'{"text": "caf\xe9"}\n', "not UTF-8"),
    "invalid json": ("c.jsonl", b'{"text": "ok"}\n{"text": \n', "c.jsonl:2: not valid JSON"),
    "not an object": ("c.jsonl", b'["text"]\n', "expected a JSON object"),
    "text missing": ("c.jsonl", b'{"id": "a"}\n', '"text" must be a string'),
    "text not a string": ("c.jsonl", b'{"id": "a", "text": 5}\n', '"text" must be a string'),
    "published not a date": ("c.jsonl", b'{"text": "x", "published": "soon"}\n', '"published"'),
    "impossible date": ("d.txt", b"date 2019-02-30 Text.", "invalid date"),
    "date not iso": ("d.txt", b"date 2019/11/27 Text.", "invalid date header"),
}


@pytest.mark.parametrize("name, content, message", BAD_INPUTS.values(), ids=list(BAD_INPUTS))
@pytest.mark.parametrize("output_format", ["json", "jsonl"])
def test_bad_input_is_one_stderr_line_and_exit_2(run, tmp_path, name, content, message, output_format):
    path = tmp_path / name
    if name == "adir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = run(str(path), "--format", output_format)
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing half-printed for the bad file
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("claimdesk: error: ") and message in result.stderr


def test_bad_line_after_good_ones_prints_nothing_of_that_file(run, tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.jsonl"
    good.write_text("Fine.", encoding="utf-8")
    bad.write_text('{"id": "ok", "text": "Fine too."}\n{"id": "broken"}\n', encoding="utf-8")
    result = run(str(good), str(bad), "--format", "jsonl")
    assert result.exit_code == 2
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["good"]
    assert "bad.jsonl:2" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("stdin", [b"\xff\xfe broken", b"date 2019-13-01 Bad month."])
def test_bad_stdin(run, stdin):
    result = run("-", stdin=stdin)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("claimdesk: error: stdin")


def test_no_path(run):
    result = run()
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "claimdesk: error: no PATH given: name text files, .jsonl files, or - for stdin\n"
