"""Whom an article's attributions cite, read from the article alone: no database.

The registry (:mod:`service.sources`) links what this module finds. Ingest runs :func:`plan_links`
before its transaction opens, so a writer holds SQLite's lock only for the lookups and inserts.

* ``mention_of``: the name an attribution's source gives (None: anonymous or implicit);
* ``written_person_forms``: every person name the document writes out in full;
* ``in_document_groups``: which full name a short form abbreviates inside one document
  ("Baradar" → "Mullah Abdul Ghani Baradar Akund"), when exactly one fits.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from service import source_names as names


@dataclass(frozen=True)
class Mention:
    """What an attribution's source says about its identity: the name to look up and the kind."""

    name: str
    kind: str  # person, organization, media, other, collective
    key: str


def mention_of(attribution) -> Mention | None:
    """The registry mention of an attribution (an ORM row or any object with its source
    fields), or None when its source is anonymous or implicit."""
    text = attribution.source_text
    if not text:
        return None
    kind = attribution.source_kind
    if not attribution.source_named or names.is_generic(text):
        if attribution.antecedent_text:  # a pronoun: it counts for whom it refers to
            text = attribution.antecedent_text
            kind = "person" if names.fold(attribution.source_text) in ("he", "she", "i") else kind
        elif names.unnamed_kind(text) == "collective":
            kind = "collective"
        else:
            return None
    key = names.key(text, kind)
    return Mention(names.display_name(text, kind), kind, key) if key else None


def written_person_forms(text: str) -> list[Mention]:
    forms = {}
    for _offset, run in names.full_names(text):
        key = names.key(run, "person")
        if key:
            forms.setdefault((key, run), Mention(names.name_part(run), "person", key))
    return list(forms.values())


def in_document_groups(mentions: list[Mention], written: list[Mention]) -> dict[str, Mention]:
    """Short form key → the full-name mention it abbreviates in this document (unique or none);
    ``written``: the person names the document writes (``written_person_forms``)."""
    fulls: dict[str, Mention] = {}
    for form in written:
        if " " in form.key:
            fulls.setdefault(form.key, Mention(names.display_name(form.name, "person"), "person", form.key))
    for mention in mentions:
        fulls.setdefault(mention.key, mention)
    # A short form and the name it abbreviates end with the same word (names.abbreviates): only
    # names sharing the last word are compared, not every pair in the article.
    by_last = defaultdict(list)
    for full in fulls.values():
        by_last[full.key.rsplit(" ", 1)[-1]].append(full)
    groups = {}
    for mention in {m.key: m for m in mentions}.values():
        if mention.kind == "person":
            found = [f for f in by_last[mention.key.rsplit(" ", 1)[-1]] if names.abbreviates(mention.key, f.key)]
        elif mention.kind in ("media", "organization"):
            found = [f for f in fulls.values() if f.kind == mention.kind and f.key != mention.key
                     and f.key.startswith(mention.key) and names.core(f.key) == names.core(mention.key)]
        else:
            found = []
        # keep the longest forms; two different ones (Imran Khan, Sadiq Khan) leave "Khan" alone
        longest = [f for f in found if not any(names.abbreviates(f.key, g.key) for g in found)]
        if len({f.key for f in longest}) == 1:
            groups[mention.key] = longest[0] if mention.kind != "person" else \
                Mention(longest[0].name, "person", longest[0].key)
    return groups


@dataclass(frozen=True)
class LinkPlan:
    """An article's attributions as the registry will link them, worked out from its text."""

    mentions: list[Mention | None]  # per attribution, by position
    written: list[Mention]
    groups: dict[str, Mention]
    fulls: dict[str, Mention]  # the full names to find or create, by key

    def full(self, mention: Mention) -> Mention:
        return self.groups.get(mention.key, mention)


def plan_links(text: str, attributions: list) -> LinkPlan:
    mentions = [mention_of(a) for a in attributions]
    cited = [m for m in mentions if m is not None]
    if not cited:
        return LinkPlan(mentions, [], {}, {})
    written = written_person_forms(text)
    groups = in_document_groups(cited + written, written)
    fulls = {groups.get(m.key, m).key: groups.get(m.key, m) for m in cited}
    return LinkPlan(mentions, written, groups, fulls)
