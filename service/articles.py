"""A fetched page as an article: its text and metadata, read out of the HTML with trafilatura.

Pure: bytes in, an ``Article`` out; no network, no database. trafilatura was chosen because it
reads the body *and* the title, date, site name and author (OpenGraph, JSON-LD, microformats,
bylines); readability-lxml keeps the boilerplate out as well but gives no date, outlet or author
(see tests/benchmarks/extractors.py for the measured comparison on the fixtures in tests/data).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from service.errors import RuleViolation
from service.fetch import Fetched

# The columns' sizes: longer metadata is cut, not refused (a site's title is not the user's input).
LIMITS = {"title": 500, "outlet": 200, "author": 300}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Article:
    url: str
    final_url: str
    fetched_at: datetime
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    outlet: str | None = None
    author: str | None = None


def read_article(page: Fetched) -> Article:
    """The article in ``page``; RuleViolation when the page holds no article text."""
    common = {"url": page.url, "final_url": page.final_url, "fetched_at": page.fetched_at}
    if page.content_type == "text/plain":
        text = _clean_text(decode(page.body, page.charset))
        return Article(text=_require_text(text), **common)
    import trafilatura  # here, not at the top: it takes ~0.3 s to import, which no other command should pay

    html = decode(page.body, page.charset) if page.charset else page.body  # else trafilatura sniffs
    found = trafilatura.bare_extraction(
        html, url=page.final_url, with_metadata=True, include_comments=False,
        include_tables=False, favor_precision=True,
    )
    if found is None:
        _require_text("")
    title = _meta(found.title, "title")
    text = _clean_text(found.text or "")
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip()  # the headline is the title, not a claim
    return Article(
        text=_require_text(text), title=title, published=found.date or None,
        outlet=_meta(found.sitename, "outlet"), author=_meta(found.author, "author"), **common,
    )


def decode(body: bytes, charset: str | None) -> str:
    for encoding in (charset, "utf-8"):
        if encoding:
            try:
                return body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return body.decode("cp1252", errors="replace")


def _clean_text(text: str) -> str:
    # NUL and other control characters cannot be stored (PostgreSQL) and mean nothing in prose;
    # lone surrogates cannot be encoded.
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.encode("utf-8", errors="replace").decode("utf-8").strip()


def _meta(value: str | None, name: str) -> str | None:
    if not value:
        return None
    value = " ".join(_clean_text(value).split())
    return value[:LIMITS[name]] or None


def _require_text(text: str) -> str:
    if not text.strip():
        raise RuleViolation("The page holds no article text to ingest.", {"url": ["No article text found."]})
    return text
