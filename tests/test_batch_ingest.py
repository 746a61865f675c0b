"""claimdesk ingest over many URLs: bounded concurrency, retries, and a summary in which a failed
item never stops the batch. Pages come from the test's loopback server, through the allow-list."""
from __future__ import annotations

import uuid

import pytest

from service.cli import cli
from tests.conftest import bearer
from tests.loopback import serving


@pytest.fixture(scope="module")
def site():
    with serving() as server:
        yield server


def test_fifty_urls_some_failing_end_in_the_right_summary(app, runner, client, admin_token, site, tmp_path):
    app.config["FETCH_ALLOW"] = "127.0.0.1"
    good = [f"{site.base}/article/{n}" for n in range(40)]
    run = uuid.uuid4().hex[:8]
    flaky = [f"{site.base}/flaky/{run}{n}?fails=1" for n in range(3)]  # 503 once, then the page
    failing = [f"{site.base}/status/404", f"{site.base}/status/410", f"{site.base}/image",
               f"{site.base}/image?again", "http://10.0.0.1/internal"]
    repeated = [good[0], good[1]]
    listed = tmp_path / "urls.txt"
    listed.write_text("# today's links\n" + "\n".join(good[2:] + flaky + failing + repeated) + "\n\n", encoding="utf-8")
    result = runner.invoke(cli, ["ingest", good[0], good[1], str(listed), "--jobs", "4", "--backoff", "0.01"])
    assert result.exit_code == 1, result.output
    assert "Ingested 43 documents" in result.output and "2 already present" in result.output
    assert "5 failed." in result.output
    failures = [line for line in result.output.splitlines() if line.startswith("  failed: ")]
    assert [line.split(": ")[1] for line in failures] == failing  # in the order given
    assert any("/status/404: The site answered 404" in line for line in failures)
    assert any("/image: Not a web page" in line for line in failures)
    assert any("10.0.0.1/internal: Refused to fetch 10.0.0.1: it is a private address" in line for line in failures)
    assert len([line for line in result.output.splitlines() if line.startswith("[")]) == 50  # plain progress
    assert not any(hit.startswith("/internal") for hit in site.hits)
    stored = client.get("/api/documents?page_size=100", headers=bearer(admin_token)).get_json()
    assert len(stored) == 43 and all(d["outlet"] == "Loop News" for d in stored)
    assert all(site.counts[f"{run}{n}"] == 2 for n in range(3))  # each retried once
    again = runner.invoke(cli, ["ingest", good[5], "--backoff", "0"])
    assert again.exit_code == 0 and "Ingested 0 documents" in again.output and "1 already present" in again.output


def test_text_files_and_urls_mix_and_a_failed_fetch_does_not_stop_the_rest(app, runner, site, tmp_path):
    app.config["FETCH_ALLOW"] = "127.0.0.1"
    article = tmp_path / "a.txt"
    article.write_text("The minister said the talks went well.\n", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"text": "He said it was fine.", "title": "t"}\n{"text": "Fine."}\n', encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(article), str(corpus), f"{site.base}/status/404",
                                 f"{site.base}/text", "--retries", "0"])
    assert result.exit_code == 1, result.output
    assert "Ingested 4 documents" in result.output and "1 failed." in result.output
    assert f"  failed: {site.base}/status/404: The site answered 404" in result.output


def test_a_bad_record_in_a_file_is_bad_input_and_nothing_is_stored(app, runner, client, admin_token, tmp_path):
    # Files are checked through the API's gate before any article is stored (one line, exit 2);
    # only what cannot be known before trying (a fetch, a store) fails item by item.
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"text": "Fine."}\n{"text": "He said it was fine.", "title": "' + "t" * 600 + '"}\n',
                      encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(corpus)])
    assert result.exit_code == 2 and f"{corpus}:2: title:" in result.output, result.output
    assert client.get("/api/documents", headers=bearer(admin_token)).get_json() == []


def test_retries_give_up_on_a_site_that_keeps_failing(app, runner, site):
    app.config["FETCH_ALLOW"] = "127.0.0.1"
    key = uuid.uuid4().hex
    result = runner.invoke(cli, ["ingest", f"{site.base}/flaky/{key}?fails=9", "--retries", "2", "--backoff", "0"])
    assert result.exit_code == 1 and "503" in result.output and site.counts[key] == 3
