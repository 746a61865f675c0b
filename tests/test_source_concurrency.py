"""Merge and split are single transactions: of concurrent edits of one source exactly one wins,
through a real waitress server, on SQLite and PostgreSQL."""
from __future__ import annotations

import threading

import requests

from tests.conftest import bearer, serve_app

ARTICLES = ("Tasnim news said the envoy left on Tuesday.",
            "Tasnim News Agency reported that the delegation arrived in Tehran on Monday.",
            "The Tasnim agency said the border was closed on Sunday.")


def race(calls) -> list[tuple[int, dict]]:
    """Run the calls at once (each a function of a requests.Session); their (status, body)."""
    barrier, results = threading.Barrier(len(calls)), []

    def run(call):
        with requests.Session() as http:
            barrier.wait()
            response = call(http)
            results.append((response.status_code, response.json()))

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_edits_of_one_source_have_one_winner(app, make_user):
    editor = make_user("ed", "editor")[1]
    other = make_user("olga", "editor")[1]
    with serve_app(app) as base, requests.Session() as setup:
        def entry(text):
            created = setup.post(f"{base}/api/documents", json={"text": text}, headers=bearer(editor))
            stored = setup.get(base + created.headers["Location"], headers=bearer(editor)).json()
            return stored["claims"][0]["attributions"][0]["source"]["entry"]["id"]

        a, b, c = (entry(text) for text in ARTICLES)
        assert len({a, b, c}) == 3

        def post(token, path, body, tag):
            return lambda http: http.post(f"{base}/api/sources/{path}", json=body,
                                          headers={**bearer(token), "If-Match": tag})

        # one entry merged into two different ones at once: one merge happens, the other is refused
        results = race([post(editor, f"{a}/merge", {"into": b, "reason": "same"}, f'"s{a}-1"'),
                        post(other, f"{a}/merge", {"into": c, "reason": "same"}, f'"s{a}-1"')])
        assert sorted(code for code, _ in results) == [200, 412], results
        winner = next(body for code, body in results if code == 200)
        tombstone = setup.get(f"{base}/api/sources/{a}", headers=bearer(editor)).json()
        assert tombstone["merged_into_id"] == winner["id"] and tombstone["record"]["claims"] == 0
        merged = setup.get(f"{base}/api/sources/{a}/history", headers=bearer(editor)).json()
        assert [e["action"] for e in merged] == ["merged"]

        # a split of the survivor against a grade of it, both from the same version: one wins
        survivor = winner["id"]
        tag = setup.get(f"{base}/api/sources/{survivor}", headers=bearer(editor)).headers["ETag"]
        results = race([
            post(editor, f"{survivor}/split", {"aliases": ["Tasnim news"], "reason": "apart"}, tag),
            lambda http: http.patch(f"{base}/api/sources/{survivor}", json={"reliability": "C", "reason": "r"},
                                    headers={**bearer(other), "If-Match": tag}),
        ])
        assert sorted(code for code, _ in results) in ([200, 412], [201, 412]), results
        history = setup.get(f"{base}/api/sources/{survivor}/history", headers=bearer(editor)).json()
        assert [e["action"] for e in history][-1] in ("split", "edit") and len(history) == 2

        # two merges crossing each other (b into the survivor, the survivor into b): one wins
        tags = {i: setup.get(f"{base}/api/sources/{i}", headers=bearer(editor)).headers["ETag"] for i in (b, survivor)}
        loser = b if survivor != b else c
        tags[loser] = setup.get(f"{base}/api/sources/{loser}", headers=bearer(editor)).headers["ETag"]
        results = race([post(editor, f"{loser}/merge", {"into": survivor, "reason": "x"}, tags[loser]),
                        post(other, f"{survivor}/merge", {"into": loser, "reason": "y"}, tags[survivor])])
        assert sorted(code for code, _ in results) in ([200, 409], [200, 412]), results
        live = [s["id"] for s in setup.get(f"{base}/api/sources?q=tasnim", headers=bearer(editor)).json()]
        assert len(set(live) & {loser, survivor}) == 1


def test_concurrent_ingests_citing_the_same_new_sources_share_their_entries(app, make_user):
    editor = make_user("ed", "editor")[1]
    texts = [f"Tasnim News Agency said convoy {n} left. Mohammad Javad Zarif said talks {n} went well. "
             f"Iranian media said day {n} was calm." for n in range(4)]
    with serve_app(app) as base:
        results = race([lambda http, text=text: http.post(f"{base}/api/documents", json={"text": text},
                                                          headers=bearer(editor)) for text in texts])
        assert sorted(code for code, _ in results) == [201] * 4, results
        stored = [requests.get(f"{base}/api/documents/{body['id']}", headers=bearer(editor), timeout=10).json()
                  for _, body in results]
        entries = {a["source"]["text"]: set() for body in stored for c in body["claims"] for a in c["attributions"]}
        for body in stored:
            for claim in body["claims"]:
                for attribution in claim["attributions"]:
                    entries[attribution["source"]["text"]].add(attribution["source"]["entry"]["id"])
        assert {name: len(ids) for name, ids in entries.items()} == {
            "Tasnim News Agency": 1, "Mohammad Javad Zarif": 1, "Iranian media": 1}
        listed = requests.get(f"{base}/api/sources", headers=bearer(editor), timeout=10).json()
        assert sorted((s["name"], s["claim_count"]) for s in listed) == [
            ("Iranian media", 4), ("Mohammad Javad Zarif", 4), ("Tasnim News Agency", 4)]
