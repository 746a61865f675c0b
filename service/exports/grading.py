"""Admiralty grading of a claim for the exports: the source's reliability (A-F) and the
information's credibility (1-6), and the rating that joins them ("B2").

The one place the exports read grades from. Today the registry's ``Source.reliability`` column
exists but is not yet filled, and there is no credibility: unknown grades stay empty (CSV, JSON)
or become the scale's "cannot be judged" values F and 6 (MISP tags). When the source registry
work (issue 9) lands, only these functions change.
"""
from __future__ import annotations

from dataclasses import dataclass

RELIABILITY = "ABCDEF"
CREDIBILITY = "123456"
UNKNOWN_RELIABILITY, UNKNOWN_CREDIBILITY = "F", "6"  # "cannot be judged" on the admiralty scale


@dataclass(frozen=True)
class Grading:
    reliability: str | None
    credibility: str | None

    @property
    def rating(self) -> str | None:
        return f"{self.reliability}{self.credibility}" if self.reliability and self.credibility else None


def source_reliability(source) -> str | None:
    """A registry source's reliability letter, or None while it is not rated."""
    value = (getattr(source, "reliability", None) or "").strip().upper()
    return value if value and value in RELIABILITY else None


def grade(claim) -> Grading:
    """The claim's grading: the reliability of its first rated source; no credibility yet."""
    for attribution in claim.attributions:
        reliability = source_reliability(attribution.source)
        if reliability:
            return Grading(reliability=reliability, credibility=None)
    return Grading(reliability=None, credibility=None)
