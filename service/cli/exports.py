"""``claimdesk export --format FORMAT [filters] [-o FILE]``: what GET /api/exports/{format} gives."""
from __future__ import annotations

import os
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from marshmallow import ValidationError

from schemas.claims import ClaimQuerySchema
from service import documents, exports
from service.cli import cli, database_option, fail
from service.db import db
from service.models import STATUSES, utcnow


@cli.command("export")
@click.option("--format", "format_name", required=True, type=click.Choice(sorted(exports.FORMATS)),
              help="csv, jsonl, claimreview (schema.org JSON-LD) or misp (a MISP event).")
@click.option("--document-id", type=int, help="Only the claims of this document.")
@click.option("--status", type=click.Choice(STATUSES), help="Only claims with this status.")
@click.option("--source", help="Only claims with a source whose text contains this (any case).")
@click.option("--named/--unnamed", default=None, help="Only claims citing a named / an unnamed source.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here, not to stdout.")
@database_option
@with_appcontext
def export_command(format_name, document_id, status, source, named, output):
    """Export the claims the filters select (all without filters), written as they are read."""
    given = {"document_id": document_id, "status": status, "source": source, "named": named}
    try:  # the API's validation, so both doors take the same filters
        query = ClaimQuerySchema().load({k: v for k, v in given.items() if v is not None})
    except ValidationError as error:
        field, messages = next(iter(error.messages.items()))
        fail(f"--{field.replace('_', '-')}: {' '.join(map(str, messages))}")
    settings = exports.ExportSettings.from_config(current_app.config, utcnow())
    chunks = exports.stream(db.session, format_name, documents.ClaimFilter(**query), settings)
    if not output:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}")
    except BaseException:
        os.unlink(output)  # no half file left to be mistaken for an export
        raise
    click.echo(f"Wrote {output}", err=True)
