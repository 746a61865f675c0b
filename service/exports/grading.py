"""Admiralty grading of a claim for the exports: the source's reliability (A-F) and the
information's credibility (1-6), and the rating that joins them ("B2").

The one place the exports read grades from; the rules themselves live in ``service.ratings``
(docs/sources.md): the main source's editor grade (F, "cannot be judged", when ungraded or
anonymous) and the claim's credibility (a default per status when the decision gave none).
"""
from __future__ import annotations

from dataclasses import dataclass

from service import ratings

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
    """The claim's grading, as the API shows it (``service.ratings.rating_of``)."""
    rating = ratings.rating_of(claim)
    return Grading(reliability=rating.reliability, credibility=str(rating.credibility))
