"""Correcting attributions on the review page in a real Chromium: select with the mouse, then a key
or a button; undo and redo; own voice; kind. SQLite only, like the other page tests."""
from __future__ import annotations

import pytest
import requests

from tests.conftest import bearer
from tests.test_browser import article, browser, claim_ref, ingest, log_in, page, wait_for_new_claim  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]

FIND = """([words, nth]) => {
  const walker = document.createTreeWalker(document.getElementById('paragraph'), NodeFilter.SHOW_TEXT);
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    for (let at = node.data.indexOf(words); at >= 0; at = node.data.indexOf(words, at + 1)) {
      if (seen++ !== nth) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const rects = range.getClientRects(), a = rects[0], b = rects[rects.length - 1];
      return {x0: a.left + 1, y0: a.top + a.height / 2, x1: b.right - 1, y1: b.top + b.height / 2};
    }
  }
  return null;
}"""


def drag_select(page, words: str, nth: int = 0) -> None:
    """Select ``words`` in the paragraph as a person does: press, drag, release."""
    box = page.evaluate(FIND, [words, nth])
    assert box is not None, words
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move(box["x1"], box["y1"], steps=5)
    page.mouse.up()
    assert page.evaluate("window.getSelection().toString()").strip() == words


def first_source(page) -> str:
    return page.text_content("#sources li:first-child")


def wait_for_source(page, words: str) -> None:
    page.wait_for_function("(w) => document.querySelector('#sources li:first-child .hl-source')?.textContent === w",
                           arg=words)


def test_correct_a_seed_claims_source_by_mouse_and_keyboard_then_undo_and_redo(
        app, live_server, page, analyst_token, seed_text):
    ingest(app, article(seed_text), "Taliban in Tehran")
    log_in(page, live_server, analyst_token)
    ref = claim_ref(page)
    while "(sentence 20)" not in ref:  # "A fighter alongside Mullah Omar, he sought negotiations …"
        page.keyboard.press("s")
        ref = wait_for_new_claim(page, ref)
    claim = int(ref.split()[1])
    # The extractor resolves "he" to the sentence before; set another antecedent, then the source.
    assert "he — person, unnamed" in first_source(page) and "refers to Mullah Baradar" in first_source(page)

    drag_select(page, "Mullah Omar")
    page.click("button[data-edit=p]")
    page.wait_for_function("() => document.getElementById('sources').textContent.includes('refers to Mullah Omar')")
    drag_select(page, "Mullah Baradar")
    page.keyboard.press("1")
    wait_for_source(page, "Mullah Baradar")
    assert "person, named" in first_source(page) and "corrected by ana" in first_source(page)

    page.keyboard.press("z")
    wait_for_source(page, "he")
    assert "refers to Mullah Omar" in first_source(page)
    page.keyboard.press("y")
    wait_for_source(page, "Mullah Baradar")
    assert "Redone: Source set" in page.text_content("#message")

    page.keyboard.press("k")  # kind: person -> organization, and back
    page.wait_for_function("() => document.getElementById('sources').textContent.includes('organization, named')")
    page.keyboard.press("Control+z")
    page.wait_for_function("() => document.getElementById('sources').textContent.includes('person, named')")
    page.keyboard.press("o")  # the outlet's own voice, undone as one step
    page.wait_for_function("() => document.getElementById('sources').textContent.startsWith('No attributed source')")
    page.keyboard.press("z")
    wait_for_source(page, "Mullah Baradar")

    shown = requests.get(f"{live_server}/api/claims/{claim}", headers=bearer(analyst_token), timeout=10).json()
    [attribution] = shown["attributions"]
    assert (attribution["source"]["text"], attribution["source"]["named"], attribution["origin"],
            attribution["changed_by"]) == ("Mullah Baradar", True, "analyst", "ana")
    assert attribution["source"]["registry_id"] is not None and shown["sourcing"] == 1
    events = requests.get(f"{live_server}/api/claims/{claim}/history", headers=bearer(analyst_token), timeout=10).json()
    assert [e["action"] for e in events] == ["attribution-edit"] * 6 + ["attribution-delete", "attribution-add"]
    assert events[1]["change"]["before"]["source"] != events[1]["change"]["after"]["source"]

    page.keyboard.press("c")  # deciding checks the corrected attributions
    wait_for_new_claim(page, ref)
    decided = requests.get(f"{live_server}/api/claims/{claim}", headers=bearer(analyst_token), timeout=10).json()
    assert decided["checked_by"] == "ana" and decided["status"] == "confirmed"


def test_add_an_attribution_key_by_key_and_the_help_lists_the_keys(app, live_server, page, analyst_token):
    ingest(app, "The weather was cold, a forecaster warned on Monday. Prices rose.", "Weather")
    log_in(page, live_server, analyst_token)
    page.keyboard.press("?")
    assert "the selection is the current attribution's source" in page.text_content("#help")
    page.keyboard.press("o")  # start from the outlet's own voice, whatever the rules found
    page.wait_for_function("() => document.getElementById('sources').textContent.startsWith('No attributed source')")
    page.keyboard.press("a")
    drag_select(page, "warned")
    page.keyboard.press("2")
    drag_select(page, "The weather was cold")
    page.keyboard.press("3")
    page.wait_for_selector("#sources li .hl-cue")  # cue and content: the attribution exists
    drag_select(page, "a forecaster")
    page.keyboard.press("1")
    wait_for_source(page, "a forecaster")
    assert page.text_content("#statement") == "The weather was cold."  # as the extractor states it
    page.keyboard.press("x")
    page.wait_for_function("() => document.getElementById('sources').textContent.startsWith('No attributed source')")
    page.keyboard.press("z")
    wait_for_source(page, "a forecaster")
