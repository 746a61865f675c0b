"""``claimdesk evaluate``: scores the extractor on a gold file, as the evaluation's score.py does."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from service.cli import cli
from service.extraction.scoring import new_totals, score_document, summarize

TEXT = ("Zarif said on Monday that Iran was ready to talk. The bridge opened in 1932. "
        "“The plan is dead,” said Mr. Okafor.")


def span(phrase: str) -> list[list[int]]:
    start = TEXT.index(phrase)
    return [[start, start + len(phrase)]]


GOLD = {
    "id": "invented-1",
    "text": TEXT,
    "attributions": [
        {"source": span("Zarif"), "cue": span("said on"), "content": span("Iran was ready to talk")},
        {"source": span("Mr. Okafor"), "cue": [[TEXT.index("said Mr"), TEXT.index("said Mr") + 4]],
         "content": span("“The plan is dead,”")},
        # an attribution the extractor cannot find: one false negative in every role
        {"source": span("The bridge"), "cue": span("opened"), "content": span("in 1932")},
    ],
}


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(cli, ["evaluate", *args])


def test_table_has_the_score_py_figures(gold_file):
    result = invoke(str(gold_file))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["metric", "P", "R", "F1", "tp", "fp", "fn"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:8]}
    assert rows["relation"] == ["100.0", "66.7", "80.0", "2", "0", "1"]
    assert rows["cue.overlap"] == ["100.0", "66.7", "80.0", "2", "0", "1"]
    assert "documents 1, without a prediction 0" in result.stdout


def test_json_output_counts(gold_file):
    result = invoke(str(gold_file), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source.overlap"] == {"p": 100.0, "r": 66.7, "f1": 80.0, "tp": 2, "fp": 0, "fn": 1}
    assert data["documents"] == 1 and "sentences" not in data


def test_optional_gold_is_neither_required_nor_an_error():
    gold = dict(GOLD, attributions=[dict(a, optional=True) for a in GOLD["attributions"]])
    prediction = {"claims": [{"sentence": {"start": 0, "end": 10}, "attributions": [
        {"source": {"start": 0, "end": 5}, "cue": {"start": 6, "end": 10},
         "content": [{"start": 26, "end": 48}]}]}]}
    totals = new_totals()
    score_document(gold, prediction, totals)
    counts = totals["relation"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 0, 0)
    assert "relation" not in summarize(totals)


def test_a_shared_attribution_counts_once():
    att = {"source": {"start": 0, "end": 5}, "cue": {"start": 6, "end": 10}, "content": [{"start": 26, "end": 48}]}
    prediction = {"claims": [{"sentence": {"start": 0, "end": 48}, "attributions": [att]},
                             {"sentence": {"start": 49, "end": 75}, "attributions": [att]}]}
    totals = new_totals()
    score_document(dict(GOLD, attributions=GOLD["attributions"][:1]), prediction, totals)
    assert (totals["relation"].tp, totals["relation"].fp, totals["relation"].fn) == (1, 0, 0)


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("not json\n", "not valid JSON"),
    ('["a list"]\n', 'expected a JSON object with a string \"text\"'),
    ('{"text": "x"}\n', 'expected an "attributions" list'),
    ('{"text": "x", "attributions": [{"cue": "bad"}]}\n', "unreadable gold attributions"),
    ("\n\n", "no gold documents"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "gold.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = invoke(str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_not_utf8(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"text": "\xff"}\n')
    result = invoke(str(path))
    assert result.exit_code == 2 and "not UTF-8" in result.stderr
