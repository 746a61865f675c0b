"""Click-jacking: Chromium refuses to show the logged-in review page inside a frame of a page on
another loopback origin (same site, so the session cookie would be sent), while that page's own
frame loads. SQLite only: the headers do not depend on the database."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.test_browser import browser, log_in, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]


def framing_site(target: str):
    """A server on another port whose page frames ``target`` and a page of its own."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  (http.server's naming)
            if self.path == "/inner":
                body = "<!doctype html><p id=inner>control loaded</p>"
            else:
                body = (f'<!doctype html><iframe name="victim" src="{target}" width="800" height="600"></iframe>'
                        '<iframe name="control" src="/inner"></iframe>')
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args):
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


def test_chromium_refuses_to_frame_the_review_page(live_server, page, analyst_token):  # noqa: F811
    log_in(page, live_server, analyst_token)  # the cookie a framed page would carry
    server = framing_site(f"{live_server}/review")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="load")
        control = page.frame(name="control")
        control.wait_for_selector("#inner")
        assert control.text_content("#inner") == "control loaded"  # frames as such do load
        victim = page.frame(name="victim")
        assert victim is not None
        assert not victim.url.startswith(live_server), victim.url  # Chromium put an error page there
        assert victim.query_selector("#review") is None
        assert victim.query_selector("#claim-panel") is None
    finally:
        server.shutdown()
        server.server_close()


def test_the_review_page_runs_under_its_policy_without_violations(live_server, page, analyst_token):  # noqa: F811
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    log_in(page, live_server, analyst_token)
    assert page.is_visible("#empty-panel")  # the script ran: it asked the queue and showed the answer
    assert page.evaluate("() => getComputedStyle(document.querySelector('.topbar')).display") == "flex"  # CSS applied
    assert [text for text in messages if "Content Security Policy" in text or "Refused" in text] == []
