"""``claimdesk corroboration rematch``: match stored documents again (those ingested before
matching existed, or after a threshold change). People's link decisions stay as they are."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from service import corroboration, documents
from service.cli import cli, database_option, fail
from service.db import db
from service.errors import DomainError
from service.models import Document


@cli.group("corroboration")
def corroboration_group():
    """Matching claims across documents."""


@corroboration_group.command("rematch")
@click.option("--document", "document_ids", type=int, multiple=True, metavar="ID", help="A document (repeatable).")
@click.option("--all", "every", is_flag=True, help="Every stored document, oldest first.")
@database_option
@with_appcontext
def rematch(document_ids, every):
    """Rebuild the match index and links of documents; one commit per document."""
    if bool(document_ids) == every:
        fail("give --document ID (one or more) or --all")
    ids = list(document_ids) or list(db.session.scalars(select(Document.id).order_by(Document.id)))
    linked = 0
    for document_id in ids:
        try:
            linked += len(corroboration.rematch(db.session, documents.get_document(db.session, document_id)))
        except DomainError as error:
            fail(error.message)
        db.session.commit()
    click.echo(f"Matched {len(ids)} document(s); {linked} new link(s).")
