"""If-Match, read the same way for every versioned resource: claims, sources and links.

Each resource's ETag is ``"<prefix><id>-<version>"`` (claims ``"7-2"``, sources ``"s7-2"``, links
``"link-7-2"``). A client sends back what GET returned, weak or strong (proxies that compress
responses weaken tags). ``*`` names no version, so it cannot protect against a lost update and
counts as absent (428). An empty or malformed header is a 400 naming the header; tags that all
belong to other resources of the kind are a 412 that says so, not "has changed since you read it".
The OpenAPI document declares the same pattern, so the document and the server agree.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable

from flask import Response, request
from werkzeug.http import unquote_etag

from service.errors import BadInput, StaleVersion


def if_match_pattern(prefix: str) -> str:
    tag = rf'(W/)?"{re.escape(prefix)}[0-9]{{1,9}}-[0-9]{{1,9}}"'
    return rf"^{tag}(, ?{tag})*$"


@functools.cache
def _if_match_regexes(prefix: str) -> tuple[re.Pattern, re.Pattern]:
    # Built once per kind of resource, not on every request: (the whole header, one tag in it).
    return re.compile(if_match_pattern(prefix)), re.compile(rf'"{re.escape(prefix)}([0-9]+)-([0-9]+)"')


def not_modified(etag: str) -> Response | None:
    """A 304 when the client's If-None-Match names ``etag`` or is ``*``, else None (a conditional
    GET). The comparison is weak (RFC 9110, 13.1.2): a proxy may have weakened the tag."""
    if request.if_none_match.contains_weak(unquote_etag(etag)[0]):
        return Response(status=304, headers={"ETag": etag})
    return None


def if_match_parameter(prefix: str, what: str) -> dict:
    """The If-Match header parameter for the OpenAPI document."""
    return {"in": "header", "name": "If-Match", "required": True,
            "description": f"The {what}'s ETag from GET (weak or strong); `*` counts as absent",
            "schema": {"type": "string", "pattern": if_match_pattern(prefix)}}


def if_match_versions(prefix: str, resource_id: int, what: str, url: str,
                      exists: Callable[[], object]) -> set[int] | None:
    """The versions If-Match names for this resource; None when the header is absent or ``*``.

    ``exists`` raises NotFound for an unknown resource, so that is a 404 whatever the header.
    """
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    raw = raw.strip()
    header, tag = _if_match_regexes(prefix)
    tags = tag.findall(raw) if header.fullmatch(raw) else []
    versions = {int(version) for owner, version in tags if int(owner) == resource_id}
    others = sorted({int(owner) for owner, _version in tags if int(owner) != resource_id})
    if versions:
        return versions
    exists()
    if others:
        named = ", ".join(str(other) for other in others[:3])
        raise StaleVersion(f"If-Match holds the ETag of {what} {named}, not of {what} {resource_id}; "
                           f"send the ETag that GET {url} returned.")
    raise BadInput(f"If-Match is not a {what}'s ETag: send the ETag that GET {url} returned "
                   f'(like "{prefix}{resource_id}-1"), or leave the header out.',
                   {"If-Match": [f"Not a {what}'s ETag."]})
