"""Benchmark: article extractors on the saved pages of tests/data/pages (why trafilatura).

For each page: the body's token F1 against the page's own article paragraphs (found by the XPath
in expected.json), boilerplate that leaked in (menus, related links, comments, footers), the
metadata right out of 4 (title, date, outlet, author), and the time. trafilatura (the project's
dependency) always runs; readability-lxml is measured when it is installed (pip install
readability-lxml), as the usual alternative.

Run from the repository root:  python3 -m tests.benchmarks.extractors
"""
from __future__ import annotations

import collections
import json
import re
import time
from pathlib import Path

from lxml import etree, html as lxml_html

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def tokens(text: str) -> collections.Counter:
    return collections.Counter(re.findall(r"\w+", text.lower()))


def f1(found: str, gold: str) -> float:
    a, b = tokens(found), tokens(gold)
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * p * r / (p + r)


def gold_body(name: str, raw: bytes) -> str:
    parser = etree.XMLParser(recover=True) if name.endswith(".xhtml") else etree.HTMLParser()
    tree = etree.fromstring(raw, parser)
    return "\n".join("".join(p.itertext()) for p in tree.xpath(EXPECTED[name]["body_xpath"]))


def with_trafilatura(raw: bytes) -> dict:
    """As claimdesk reads a page (service.articles: trafilatura, the headline line dropped)."""
    from service.articles import read_article
    from service.fetch import Fetched

    found = read_article(Fetched("https://news.example/a", "https://news.example/a", "text/html", None, raw))
    return {"text": found.text, "title": found.title, "published": found.published,
            "outlet": found.outlet, "author": found.author}


def with_readability(raw: bytes) -> dict:
    from readability import Document

    document = Document(raw)
    text = lxml_html.fromstring(document.summary()).text_content()
    return {"text": text, "title": document.short_title(), "published": None, "outlet": None, "author": None}


def main() -> None:
    extractors = {"trafilatura": with_trafilatura}
    try:
        import readability  # noqa: F401

        extractors["readability-lxml"] = with_readability
    except ImportError:
        print("readability-lxml not installed: measuring trafilatura only")
    print(f"{'extractor':<18}{'page':<22}{'body F1':>8}{'leaks':>7}{'meta':>6}{'ms':>8}")
    totals = {}
    for name_x, extract in extractors.items():
        extract((PAGES / next(iter(EXPECTED))).read_bytes())  # warm up: imports and caches out of the timing
        f1s, leaks, meta, ms = [], 0, 0, 0.0
        for page, expected in EXPECTED.items():
            raw = (PAGES / page).read_bytes()
            started = time.perf_counter()
            found = extract(raw)
            elapsed = (time.perf_counter() - started) * 1000
            score = f1(found["text"], gold_body(page, raw))
            leaked = sum(b in found["text"] for b in expected["absent"])
            right = sum(found[k] == expected[k] for k in ("title", "published", "outlet", "author"))
            f1s.append(score)
            leaks += leaked
            meta += right
            ms += elapsed
            print(f"{name_x:<18}{page:<22}{score:>8.3f}{leaked:>7}{right:>4}/4{elapsed:>8.1f}")
        totals[name_x] = (sum(f1s) / len(f1s), leaks, meta, ms)
    print()
    for name_x, (score, leaks, meta, ms) in totals.items():
        print(f"{name_x:<18} mean body F1 {score:.3f}, boilerplate leaks {leaks}, "
              f"metadata {meta}/{4 * len(EXPECTED)}, {ms:.0f} ms in all")


if __name__ == "__main__":
    main()
