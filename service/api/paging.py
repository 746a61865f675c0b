"""The Link header of a keyset page: where the next page starts, in the same query otherwise."""
from __future__ import annotations

from flask import request, url_for

from service.documents import Page


def next_link(page: Page) -> dict:
    """``{"Link": '<…?after=N>; rel="next"'}`` when a page follows, else no header."""
    if page.next_after is None:
        return {}
    args = {key: value for key, value in request.args.items() if key != "after"}
    url = url_for(request.endpoint, **(request.view_args or {}), **args, after=page.next_after)
    return {"Link": f'<{url}>; rel="next"'}
