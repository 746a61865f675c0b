"""What the review page shows beside each source of the leased claim: the registry entry's
canonical name, grade and track record ("Tasnim News Agency · C · 4 confirmed / 3 disputed"),
or that the source is anonymous; and the claim's rating."""
from __future__ import annotations

from sqlalchemy.orm import Session

from service import ratings, source_queries
from service.models import Claim


def for_claim(session: Session, claim: Claim) -> dict:
    """``{"rating": "B2", "entries": {id: {...}}}`` for the page's JSON."""
    entries = {a.source_id: a.source for a in claim.attributions if a.source_id is not None}
    records = source_queries.track_records(session, list(entries))
    rating = ratings.rating_of(claim)
    return {
        "rating": rating.code,
        "rating_title": f"{ratings.RELIABILITY[rating.reliability]}; {ratings.CREDIBILITY[rating.credibility]}",
        "entries": {
            str(source_id): {
                "id": source_id, "name": entry.name, "kind": entry.kind,
                "reliability": ratings.reliability_of(entry), "graded": entry.reliability is not None,
                "record": vars(records[source_id]),
            }
            for source_id, entry in entries.items()
        },
    }
