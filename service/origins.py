"""Where a report comes from: the origin of a claim, for counting independent confirmations.

The origin is the source the claim is attributed to; an outlet's own unattributed sentence has the
outlet as its origin; a chain ("Reuters reported, citing Tasnim, …") resolves to the last link
(Tasnim), because Reuters only passes on what Tasnim said.

Origins resolve through the source registry (``service.sources``): an attribution linked to an
entry counts as that entry's canonical name, following editor merges, so aliases and merged
entries are one origin. That name, or a name the registry does not hold, is then compared by its
normalised form without outlet words ("Tasnim news agency" is Tasnim): :func:`origin_key` is the
one place that turns a name into an origin.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy.orm import Session

from service import sources


_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_NOT_WORD = re.compile(r"[^\w\s.-]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=16384)  # outlets and sources recur in every article
def normalise_key(name: str) -> str:
    """A name compared as written: case-, accent-, article- and possessive-insensitive. Unlike the
    registry's key it keeps every word, so "a US official" stays apart from "an official"."""
    folded = unicodedata.normalize("NFKD", name or "")
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = _SPACES.sub(" ", folded).strip(" .,;:-\"“”'‘’()")
    folded = _LEADING_ARTICLE.sub("", _POSSESSIVE.sub("", folded))
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", folded)).strip()[:ORIGIN_LENGTH]

# "citing Tasnim", "quoting the Tasnim news agency": the NP up to a clause boundary.
_CHAIN = re.compile(
    r"\b(?:citing|quoting|cited|quoted)\s+(?P<name>.+?)(?=\s*(?:[,;:.!?()\"“”]|\bthat\b|\bas saying\b|\bwho\b|\bwhich\b|$))",
    re.IGNORECASE,
)
# Words that name the kind of outlet, not the outlet: "Tasnim news agency" is Tasnim.
_OUTLET_WORDS = re.compile(
    r"(?:\s+(?:news|agency|newspaper|daily|tv|television|radio|network|wire|service|channel|website))+$"
)
ORIGIN_LENGTH = 300


@dataclass(frozen=True)
class Origin:
    key: str  # what "same origin" compares
    name: str  # what people read


def cited_name(claim_text: str) -> str | None:
    """The source a relayed report cites ("…, citing Tasnim" → "Tasnim"), if the sentence has one."""
    match = _CHAIN.search(claim_text)
    if match is None:
        return None
    name = match.group("name").strip()
    return name if normalise_key(name) else None


def matching_text(claim_text: str, statement: str) -> str:
    """The statement without a relay chain the extractor left in it ("Tasnim, that …")."""
    name = cited_name(claim_text)
    if not name:
        return statement
    stripped = statement.replace(name, " ")
    return re.sub(r"^[\s,;:]*(?:that\s+)?", "", stripped)


def outlet_origin(document) -> Origin:
    """An outlet speaking for itself; a document without an outlet is its own origin."""
    if document.outlet and normalise_key(document.outlet):
        return origin_key(document.outlet, "media", True, document)
    return Origin(f"document:{document.id}", f"document {document.id}")


def origin_key(name: str | None, kind: str, named: bool, document) -> Origin:
    """The origin of a report whose source is called ``name`` in ``document``.

    Named sources and unnamed media ("Iranian media") compare by normalised name across
    documents. Other unnamed sources ("an official", "sources") cannot be shown to be the same
    person in two outlets, so each outlet's stands alone.
    """
    key = normalise_key(name or "")
    if not key:
        return outlet_origin(document)
    key = _OUTLET_WORDS.sub("", key) or key
    label = (name or "").strip()[:ORIGIN_LENGTH]
    if not named and kind != "media":
        outlet = outlet_origin(document)
        return Origin(f"{outlet.key} / {key}"[:ORIGIN_LENGTH], f"{label} ({outlet.name})"[:ORIGIN_LENGTH])
    return Origin(key[:ORIGIN_LENGTH], label)


def origin_of(claim, document) -> Origin:
    """The origin of a stored claim (its entries read through its session)."""
    session = Session.object_session(claim)
    if session is None:
        return origin_with(claim.text, claim.attributions, document, lambda name: None, lambda attribution: None)
    return origin_with(claim.text, claim.attributions, document,
                       lambda name: sources.find_by_name(session, name, "media"),
                       lambda attribution: sources.resolve_source(session, attribution))


def origin_with(claim_text: str, attributions, document, entry_named, entry_of) -> Origin:
    """The origin of a claim: the cited link of a chain, else its first source with a name
    (a pronoun's antecedent standing in for the pronoun), else the outlet. ``entry_named(name)``
    and ``entry_of(attribution)``: the registry entry of a cited outlet's name and of an
    attribution's source, or None (ingest passes the entries it has just linked)."""
    relayed = cited_name(claim_text)
    if relayed:
        entry = entry_named(relayed)
        return origin_key(entry.name if entry is not None else relayed, "media", True, document)
    for attribution in attributions:
        if attribution.source_text is None:
            continue  # implicit source: the outlet vouches for it
        entry = entry_of(attribution)
        if entry is not None:
            return origin_key(entry.name, entry.kind, True, document)
        if attribution.antecedent_text:
            return origin_key(attribution.antecedent_text, attribution.source_kind, True, document)
        return origin_key(attribution.source_text, attribution.source_kind, attribution.source_named, document)
    return outlet_origin(document)
