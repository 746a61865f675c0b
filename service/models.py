"""The stored model: documents, their claims and attributions, sources, users and claim history.

Offsets in claims and attributions are ``[start, end)`` indices into ``Document.text``.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text as sql,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import Base

STATUSES = ("unreviewed", "confirmed", "disputed", "inconclusive")
ROLES = ("analyst", "editor", "admin")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    token_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # None: never


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    outlet: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ingested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Which extractor made the claims: "rules", or "rules+crf <model id>" (issue 12)
    extractor: Mapped[str | None] = mapped_column(String(200))
    # Articles ingested by URL (service.url_ingest): what the page said and where it really was.
    author: Mapped[str | None] = mapped_column(String(300))
    final_url: Mapped[str | None] = mapped_column(String(2000))  # after redirects
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    url_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # SHA-256 of the normalised URL
    final_url_key: Mapped[str | None] = mapped_column(String(64), index=True)

    claims: Mapped[list["Claim"]] = relationship(
        back_populates="document", order_by="Claim.index", cascade="all, delete-orphan"
    )


class Source(Base):
    """A registry entry for a source met in one or more articles ("Zarif", "Tasnim news")."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("key", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))  # normalised name, the registry's lookup key
    name: Mapped[str] = mapped_column(String(300))  # as first seen
    kind: Mapped[str] = mapped_column(String(20))
    named: Mapped[bool] = mapped_column(Boolean)
    # The editor's Admiralty grade, A-F; None until an editor grades it (shown as F, cannot be judged).
    reliability: Mapped[str | None] = mapped_column(String(1))
    reliability_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # A merged entry stays as a tombstone pointing at the entry that absorbed it (reversible).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)

    aliases: Mapped[list["SourceAlias"]] = relationship(
        back_populates="source", order_by="SourceAlias.id", cascade="all, delete-orphan"
    )


class SourceAlias(Base):
    """A name that leads to a registry entry. ``scope`` is "global" for names that link across
    documents, or "doc:<id>" for a short form that only links inside that document ("Baradar")."""

    __tablename__ = "source_aliases"
    __table_args__ = (UniqueConstraint("scope", "key", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    origin: Mapped[str] = mapped_column(String(20))  # extracted, short-form, editor

    source: Mapped[Source] = relationship(back_populates="aliases")


class SourceEvent(Base):
    """Append-only history of a registry entry: grades, renames, aliases, merges and splits."""

    __tablename__ = "source_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)  # the entry's version after this change
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(20))  # edit, merge, merged, split, split-from, revert
    reason: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)  # before/after, moved rows
    reverts_id: Mapped[int | None] = mapped_column(ForeignKey("source_events.id"))

    actor: Mapped[User | None] = relationship()


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("document_id", "index"),
        Index("ix_claims_checked", "document_id", "checked_at"),
        # The queue order (service.queue.queue_order): unreviewed claims in a partial index.
        Index("ix_claims_unreviewed_queue", "document_id", "sourcing", "index",
              sqlite_where=sql("status = 'unreviewed'"), postgresql_where=sql("status = 'unreviewed'")),
        Index("ix_claims_status_queue", "status", "document_id", "sourcing", "index"),
        Index("ix_claims_status_id", "status", "id"),  # keyset pages filtered by status
        # PostgreSQL only: pages of unreviewed claims, which follow the decided ones where its
        # planner expects them spread out (migration 0011_unreviewed_claims_by_id).
        Index("ix_claims_unreviewed_id", "id", postgresql_where=sql("status = 'unreviewed'")).ddl_if(
            dialect="postgresql"),
        # Leases: partial indexes, so the million claims nobody holds cost them nothing.
        Index("ix_claims_leased_by", "leased_by_id", sqlite_where=sql("leased_by_id IS NOT NULL"),
              postgresql_where=sql("leased_by_id IS NOT NULL")),
        Index("ix_claims_leased_until", "leased_until", sqlite_where=sql("leased_until IS NOT NULL"),
              postgresql_where=sql("leased_until IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the unique (document_id, index), whose leading column it is.
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)  # reading order within the document
    paragraph: Mapped[int] = mapped_column(Integer, default=0)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    statement: Mapped[str] = mapped_column(Text)
    # 0: unnamed or implicit source, 1: attributed, 2: unattributed (see service.queue)
    sourcing: Mapped[int] = mapped_column(Integer, default=2)
    status: Mapped[str] = mapped_column(String(20), default="unreviewed")
    # Admiralty information credibility 1-6 (service.ratings); 6 "cannot be judged" until decided.
    credibility: Mapped[int] = mapped_column(Integer, default=6, server_default="6")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    leased_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    leased_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Checked extraction: the analyst who decided the claim saw (and so checked) its attributions.
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    document: Mapped[Document] = relationship(back_populates="claims")
    attributions: Mapped[list["Attribution"]] = relationship(
        back_populates="claim", order_by="Attribution.id", cascade="all, delete-orphan"
    )
    leased_by: Mapped[User | None] = relationship(foreign_keys=[leased_by_id])
    checked_by: Mapped[User | None] = relationship(foreign_keys=[checked_by_id])


class Attribution(Base):
    __tablename__ = "attributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    source_start: Mapped[int | None] = mapped_column(Integer)  # None: implicit source
    source_end: Mapped[int | None] = mapped_column(Integer)
    source_text: Mapped[str | None] = mapped_column(String(1000))
    source_kind: Mapped[str] = mapped_column(String(20))
    source_named: Mapped[bool] = mapped_column(Boolean)
    antecedent_text: Mapped[str | None] = mapped_column(String(1000))
    antecedent_start: Mapped[int | None] = mapped_column(Integer)  # where antecedent_text stands
    antecedent_end: Mapped[int | None] = mapped_column(Integer)
    cue_start: Mapped[int] = mapped_column(Integer)
    cue_end: Mapped[int] = mapped_column(Integer)
    cue_text: Mapped[str] = mapped_column(String(500))
    cue_lemma: Mapped[str] = mapped_column(String(100))
    content: Mapped[list] = mapped_column(JSON)  # [[start, end], ...]
    rule: Mapped[str] = mapped_column(String(100))
    confidence: Mapped[float] = mapped_column(Float)
    origin: Mapped[str] = mapped_column(String(20), default="extracted")  # "extracted" or "analyst"
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who last changed it
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    claim: Mapped[Claim] = relationship(back_populates="attributions")
    source: Mapped[Source | None] = relationship()
    changed_by: Mapped[User | None] = relationship()


class ClaimEvent(Base):
    """Append-only history: one row per change of a claim, never updated or deleted."""

    __tablename__ = "claim_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)  # the claim's version after this change
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(20))  # "decide", "takeover", ...
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    # Attribution edits: {"attribution_id", "before", "after"} with the spans on either side.
    change: Mapped[dict | None] = mapped_column(JSON)
    credibility: Mapped[int | None] = mapped_column(Integer)  # the claim's credibility after this change

    actor: Mapped[User | None] = relationship()


class ClaimSkip(Base):
    """An analyst skipped a claim; the queue passes it to others before offering it to them again."""

    __tablename__ = "claim_skips"
    __table_args__ = (
        UniqueConstraint("claim_id", "user_id"),
        Index("ix_claim_skips_user_skipped", "user_id", "skipped_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    skipped_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebSession(Base):
    """A review-page login. The signed cookie names one of these; logout, deactivation and token
    rotation delete the rows, so a copied cookie stops working at once (see service.sessions)."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the cookie's key
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class DocumentDeletion(Base):
    """Audit record of a deleted document: who deleted what, and when. The document, its claims and
    their history go; this row stays (no foreign key to the document, which no longer exists)."""

    __tablename__ = "document_deletions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    content_hash: Mapped[str] = mapped_column(String(64))
    claim_count: Mapped[int] = mapped_column(Integer)
    # The decided claims' outcome at deletion time: [{"index", "status", "version"}], so finished
    # review work is not lost without trace.
    decisions: Mapped[list] = mapped_column(JSON, default=list)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deleted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    deleted_by: Mapped[User | None] = relationship()


class ClaimTally(Base):
    """Claims per status, split in shards (``claim id % 16``), kept by database triggers on
    ``claims`` (migration 0007_scale): the queue's counts without counting the claims table.
    Written only by those triggers."""

    __tablename__ = "claim_tallies"

    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True)
    claims: Mapped[int] = mapped_column(Integer)


# Corroboration's tables live in their own module; imported here so the metadata knows them.
from service import models_corroboration  # noqa: E402,F401
