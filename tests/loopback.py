"""A small web server on 127.0.0.1 for the URL-ingest tests: the HTML fixtures of tests/data/pages,
and pages that misbehave (redirect, stall, grow too large, fail for a while)."""
from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).parent / "data" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


class Handler(BaseHTTPRequestHandler):
    server: "LoopbackServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet tests
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        self.server.hits.append(parts.path)
        route = parts.path.strip("/").split("/")
        handler = getattr(self, "route_" + route[0].replace("-", "_"), None)
        if handler is None:
            return self.reply(404, b"not found", "text/plain")
        return handler(route[1:], query)

    def reply(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def route_pages(self, rest, query):
        name = rest[0]
        self.reply(200, (PAGES / name).read_bytes(), EXPECTED[name]["content_type"])

    def route_article(self, rest, query):
        """A generated article: /article/<n>, each with a text of its own."""
        number = rest[0]
        body = (f"<html><head><title>Story {number}</title><meta property='og:site_name' content='Loop News'>"
                f"</head><body><article><h1>Story {number}</h1><p>The mayor said on Monday that "
                f"bridge number {number} would reopen after repairs costing {number}00 thousand euros.</p>"
                f"<p>Engineers told the council that the work on bridge {number} was finished.</p>"
                "</article></body></html>").encode()
        self.reply(200, body, "text/html; charset=utf-8")

    def route_text(self, rest, query):
        self.reply(200, "The minister said the plan would be ready in May.\n".encode(), "text/plain; charset=utf-8")

    def route_redirect(self, rest, query):
        self.reply(int(query.get("status", 302)), b"", "text/plain", {"Location": query["to"]})

    def route_loop(self, rest, query):
        hops = int(rest[0])
        self.reply(302, b"", "text/plain", {"Location": f"/loop/{hops + 1}"})

    def route_status(self, rest, query):
        self.reply(int(rest[0]), b"error page", "text/html")

    def route_flaky(self, rest, query):
        """Answers 503 the first ``fails`` times a key is asked for, then the article."""
        key, fails = rest[0], int(query.get("fails", 1))
        with self.server.lock:
            self.server.counts[key] = self.server.counts.get(key, 0) + 1
            count = self.server.counts[key]
        if count <= fails:
            return self.reply(503, b"busy", "text/html", {"Retry-After": "0"})
        return self.route_article([f"flaky-{key}"], query)

    def route_image(self, rest, query):
        self.reply(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")

    def route_big(self, rest, query):
        """More than 5 MB, sent without a Content-Length: the limit must bite while streaming."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        try:
            for _ in range(6 * 1024 * 1024 // len(chunk) + 2):
                self.wfile.write(chunk)
        except OSError:
            pass  # the client hung up, as it should
        self.close_connection = True

    def route_stall(self, rest, query):
        """Sends the headers and a first byte, then nothing until released."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<")
        self.wfile.flush()
        self.server.release.wait(float(query.get("for", 30)))
        self.close_connection = True

    def route_hold(self, rest, query):
        """An article that is served only once the test releases it (a slow site)."""
        self.server.held.set()
        self.server.release.wait(30)
        return self.route_article(["held"], query)


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: list[str] = []
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.held = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def serving():
    server = LoopbackServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        time.sleep(0)
        server.shutdown()
        server.server_close()
        thread.join(5)
