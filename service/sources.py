"""The source registry: one row per named source ("Zarif", "Tasnim news"), shared by all articles.

Only named sources enter the registry; "reports" or "an Afghan official" name nobody in particular,
so two of them in different articles are not the same source.
"""
from __future__ import annotations

import re
import unicodedata

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.models import Source

_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_NOT_WORD = re.compile(r"[^\w\s.-]+")
_SPACES = re.compile(r"\s+")
KEY_LENGTH = 300


def normalise_key(name: str) -> str:
    """The registry key of a source name: case-, accent-, article- and possessive-insensitive.

    "The Taliban's", "taliban" and "Taliban" share one key; "Tasnim News" and "tasnim  news" too.
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = _SPACES.sub(" ", folded).strip(" .,;:-\"“”'‘’()")
    folded = _POSSESSIVE.sub("", folded)
    folded = _LEADING_ARTICLE.sub("", folded)
    folded = _NOT_WORD.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()[:KEY_LENGTH]


def find_source(session: Session, name: str, kind: str) -> Source | None:
    key = normalise_key(name)
    return session.scalar(select(Source).where(Source.key == key, Source.kind == kind))


def get_or_create(session: Session, name: str, kind: str) -> Source | None:
    """The registry entry for a named source, created on first sight; None for an empty name."""
    key = normalise_key(name)
    if not key:
        return None
    source = session.scalar(select(Source).where(Source.key == key, Source.kind == kind))
    if source is not None:
        return source
    # A concurrent ingest may add the same key between our select and insert (PostgreSQL);
    # the savepoint keeps the caller's transaction usable, and the second select finds theirs.
    try:
        with session.begin_nested():
            source = Source(key=key, name=name.strip()[:KEY_LENGTH], kind=kind, named=True)
            session.add(source)
        return source
    except IntegrityError:
        return session.scalar(select(Source).where(Source.key == key, Source.kind == kind))


def resolve(session: Session, names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Source]:
    """Registry entries for many (name, kind) pairs at once, keyed by (normalised key, kind):
    one query for those that exist, one savepoint for the new ones (an article cites dozens)."""
    wanted = {}
    for name, kind in names:
        key = normalise_key(name)
        if key:
            wanted.setdefault((key, kind), name.strip()[:KEY_LENGTH])
    if not wanted:
        return {}
    keys = {key for key, _kind in wanted}
    with session.no_autoflush:
        found = {(s.key, s.kind): s for s in session.scalars(select(Source).where(Source.key.in_(keys)))}
    missing = [pair for pair in wanted if pair not in found]
    try:
        with session.begin_nested():
            for key, kind in missing:
                found[(key, kind)] = Source(key=key, name=wanted[(key, kind)], kind=kind, named=True)
                session.add(found[(key, kind)])
    except IntegrityError:
        # A concurrent ingest registered some of them first: take them one by one.
        for pair in missing:
            found[pair] = get_or_create(session, wanted[pair], pair[1])
    return {pair: found[pair] for pair in wanted}
