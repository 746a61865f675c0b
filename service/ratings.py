"""The NATO Admiralty code on claims: information credibility (1-6) and the rating ("B2").

* Reliability of a source, A-F: the editor's grade of its registry entry (docs/sources.md);
  F ("cannot be judged") for an ungraded entry and for an anonymous or implicit source.
* Credibility of a claim, 1-6, set with a decision or defaulted from its status (DEFAULTS).
  Confirmed defaults to 2, never 1: "confirmed by other sources" needs independent
  corroboration, which decisions by hand do not establish.
* The rating joins the reliability of the claim's main source (its first attribution linked to a
  registry entry) with its credibility: "B2", or "F6" for an anonymous, undecided claim.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, func, literal, or_, select

from service.errors import RuleViolation
from service.models import Attribution, Claim, Source

RELIABILITY = {
    "A": "Completely reliable", "B": "Usually reliable", "C": "Fairly reliable",
    "D": "Not usually reliable", "E": "Unreliable", "F": "Reliability cannot be judged",
}
CREDIBILITY = {
    1: "Confirmed by other sources", 2: "Probably true", 3: "Possibly true",
    4: "Doubtful", 5: "Improbable", 6: "Truth cannot be judged",
}
# status → (default credibility, the credibilities a decision with that status may carry)
DEFAULTS = {
    "unreviewed": (6, (6,)),
    "confirmed": (2, (2, 3)),
    "inconclusive": (6, (3, 4, 6)),
    "disputed": (5, (4, 5)),
}
UNGRADED = "F"
MISP_RELIABILITY = 'admiralty-scale:source-reliability="{}"'
MISP_CREDIBILITY = 'admiralty-scale:information-credibility="{}"'


def credibility_for(status: str, credibility: int | None) -> int:
    """The credibility a decision gives: the one asked for if the status allows it, else the default."""
    default, allowed = DEFAULTS[status]
    if credibility is None:
        return default
    if credibility == 1:
        raise RuleViolation(
            "Credibility 1 (confirmed by other sources) needs independent corroboration; a decision "
            "by hand gives at most 2.", {"credibility": ["Must be 2 to 6; 1 comes from corroboration."]},
        )
    if credibility not in allowed:
        raise RuleViolation(
            f"A {status} claim cannot have credibility {credibility}.",
            {"credibility": [f"For {status}: one of {', '.join(map(str, allowed))}."]},
        )
    return credibility


@dataclass(frozen=True)
class Rating:
    reliability: str
    credibility: int
    anonymous: bool  # the main source is anonymous or implicit (or the claim has none)

    @property
    def code(self) -> str:
        return f"{self.reliability}{self.credibility}"

    @property
    def tags(self) -> list[str]:
        return [misp_reliability(self.reliability), misp_credibility(self.credibility)]


def misp_reliability(grade: str) -> str:
    return MISP_RELIABILITY.format(grade.lower())


def misp_credibility(credibility: int) -> str:
    return MISP_CREDIBILITY.format(credibility)


def main_source(claim: Claim) -> Source | None:
    """The claim's main source: its first attribution linked to a registry entry."""
    for attribution in claim.attributions:
        if attribution.source_id is not None and attribution.source is not None:
            return attribution.source
    return None


def reliability_of(source: Source | None) -> str:
    return source.reliability if source is not None and source.reliability else UNGRADED


def rating_of(claim: Claim) -> Rating:
    """The claim's rating (needs ``claim.attributions`` with their sources loaded)."""
    source = main_source(claim)
    return Rating(reliability_of(source), claim.credibility or 6, source is None)


def main_reliability_sql():
    """SQL for the reliability of a claim's main source, as ``rating_of`` computes it."""
    first = (
        select(func.coalesce(Source.reliability, literal(UNGRADED)))
        .join(Attribution, Attribution.source_id == Source.id)
        .where(Attribution.claim_id == Claim.id)
        .order_by(Attribution.id).limit(1).correlate(Claim).scalar_subquery()
    )
    return func.coalesce(first, literal(UNGRADED))


def claim_conditions(reliability: Collection[str] | None, credibility: Collection[int] | None,
                     rating: Collection[str] | None) -> list:
    """WHERE conditions for GET /api/claims' reliability, credibility and rating filters; each
    takes several values (any of them matches)."""
    conditions = []
    if reliability:
        conditions.append(main_reliability_sql().in_(sorted(set(reliability))))
    if credibility:
        conditions.append(Claim.credibility.in_(sorted(set(credibility))))
    if rating:
        conditions.append(or_(*(
            and_(main_reliability_sql() == code[0], Claim.credibility == int(code[1:])) for code in sorted(set(rating))
        )))
    return conditions

