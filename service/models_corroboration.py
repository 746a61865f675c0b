"""Stored state of corroboration: the candidate index, each claim's origin and cluster summary,
the scored links between claims in different documents, and the links' append-only history."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base
from service.models import User, utcnow

LINK_STATUSES = ("suggested", "confirmed", "rejected")


class ClaimBand(Base):
    """One LSH band key of a claim's statement: the index that finds match candidates.

    Keyed (key, claim_id): a lookup is an index range scan per key, however many claims are stored.
    On SQLite the key is the table (WITHOUT ROWID, migration 0010): one B-tree less per row.
    """

    __tablename__ = "claim_bands"
    __table_args__ = {"sqlite_with_rowid": False}

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ClaimCorroboration(Base):
    """Per claim: its origin, and a summary of its cluster kept current for filtering claims."""

    __tablename__ = "claim_corroboration"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    origin_key: Mapped[str] = mapped_column(String(300), index=True)
    origin_name: Mapped[str] = mapped_column(String(300))
    # The statement's matching words (service.similarity.words), space-joined: computed once at
    # ingest so scoring a candidate needs no text processing.
    words: Mapped[str | None] = mapped_column(Text)
    reports: Mapped[int] = mapped_column(Integer, default=1)
    independent_origins: Mapped[int] = mapped_column(Integer, default=1, index=True)
    circular: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class ClaimLink(Base):
    """Two claims of different documents that state the same thing; ``claim_a_id < claim_b_id``.

    ``suggested`` by the matcher; ``confirmed`` or ``rejected`` by people, which the matcher never
    overrides. Versioned like claims (ETag / If-Match)."""

    __tablename__ = "claim_links"
    __table_args__ = (UniqueConstraint("claim_a_id", "claim_b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default="suggested")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)

    decided_by: Mapped[User | None] = relationship()

    def other(self, claim_id: int) -> int:
        return self.claim_b_id if claim_id == self.claim_a_id else self.claim_a_id


class ClaimLinkEvent(Base):
    """Append-only history of link decisions."""

    __tablename__ = "claim_link_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("claim_links.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship()
