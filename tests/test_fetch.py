"""service.fetch and service.articles: the SSRF matrix, the limits, pinning and TLS, the fixtures.

No database here. Every test reaches only its own server on 127.0.0.1, and only through the
allow-list; refused cases are checked never to open a connection at all, and host names resolve
through a resolver the test controls (never a real lookup)."""
from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest
import urllib3.util.connection

from service.articles import read_article
from service.errors import FetchFailed, FetchRefused, RuleViolation
from service.fetch import FetchPolicy, fetch, numeric_host, parse_allow
from tests.loopback import EXPECTED, LoopbackServer, serving


class FakeResolver:
    """Names the test declares, and nothing else: an unknown name fails as a real miss would."""

    def __init__(self, table: dict[str, list[str]] | None = None):
        self.table = {"localhost": ["127.0.0.1", "::1"], **(table or {})}
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(self.table[host])


def policy(allow: str = "", **kwargs) -> FetchPolicy:
    networks, hosts = parse_allow(allow)
    kwargs.setdefault("resolver", FakeResolver())
    return FetchPolicy(allow_networks=networks, allow_hosts=hosts, **kwargs)


@pytest.fixture(scope="module")
def server():
    with serving() as running:
        yield running


@pytest.fixture
def connections(monkeypatch):
    """Every connection attempt the fetcher makes, by address (all go through urllib3's helper)."""
    made = []
    real = urllib3.util.connection.create_connection

    def recording(address, *args, **kwargs):
        made.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", recording)
    return made


REFUSED = [
    "http://127.0.0.1:{port}/pages/harbour-strike.html", "http://localhost:{port}/", "http://[::1]:{port}/",
    "http://10.0.0.1/", "http://192.168.1.1/", "http://172.16.0.1/", "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:{port}/", "http://[::ffff:127.0.0.1]:{port}/",
    "http://2130706433:{port}/", "http://0x7f000001:{port}/", "http://0x7f.1:{port}/",
    "http://017700000001:{port}/", "https://[fe80::1]/", "http://[fd00::1]/", "http://224.0.0.1/",
    "http://240.0.0.1/", "http://[64:ff9b::a9fe:a9fe]/", "http://internal.test:{port}/",
    "http://mixed.test/", "file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/_x",
    "HTTP://127.0.0.1:{port}/", "http:///nohost", "javascript:alert(1)",
]


@pytest.mark.parametrize("url", REFUSED)
def test_refused_without_allow_list_and_never_connects(server, connections, url):
    resolver = FakeResolver({"internal.test": ["127.0.0.1"], "mixed.test": ["93.184.216.34", "10.9.8.7"]})
    before = len(server.hits)
    with pytest.raises(FetchRefused) as raised:
        fetch(url.format(port=server.server_address[1]), policy(resolver=resolver))
    assert raised.value.reason in {"address", "scheme", "url"}
    assert raised.value.errors["url"] and raised.value.message
    assert connections == [] and len(server.hits) == before


def test_numeric_forms_are_read_as_the_c_library_reads_them():
    assert {str(numeric_host(h)) for h in ("2130706433", "0x7f000001", "0x7f.1", "017700000001", "127.1")} == {"127.0.0.1"}
    assert numeric_host("example.com") is None and numeric_host("1.2.3.4.5") is None and numeric_host("09.1") is None


def test_redirect_from_the_allowed_host_to_a_refused_address_is_refused(server, connections):
    before = len(server.hits)
    target = f"{server.base}/redirect?to=http://169.254.169.254/latest/meta-data/"
    with pytest.raises(FetchRefused) as raised:
        fetch(target, policy("127.0.0.1"))
    assert raised.value.reason == "address" and "link-local" in raised.value.message
    assert server.hits[before:] == ["/redirect"] and len(connections) == 1


def test_allow_list_admits_only_what_it_names(server):
    url = f"{server.base}/pages/harbour-strike.html"
    assert fetch(url, policy("127.0.0.1")).final_url == url
    assert fetch(url, policy("127.0.0.0/8")).body
    with pytest.raises(FetchRefused):
        fetch(url, policy("10.0.0.0/8, intranet.example"))
    named = f"http://newsroom.intranet:{server.server_address[1]}/text"
    resolver = FakeResolver({"newsroom.intranet": ["127.0.0.1"]})
    assert fetch(named, policy("newsroom.intranet", resolver=resolver)).body.startswith(b"The minister")
    with pytest.raises(FetchRefused):
        fetch(named, policy("", resolver=resolver))


def test_the_connection_goes_to_the_vetted_address_not_a_later_answer(server, connections):
    """DNS rebinding: the first answer is vetted and used; a second lookup would say 10.0.0.1."""
    answers = iter([["127.0.0.1"], ["10.0.0.1"], ["10.0.0.1"]])
    calls = []

    def rebinding(host, port):
        calls.append(host)
        return next(answers)

    url = f"http://rebind.test:{server.server_address[1]}/text"
    page = fetch(url, policy("127.0.0.1", resolver=rebinding))
    assert page.body.startswith(b"The minister") and calls == ["rebind.test"]
    assert [address for address, _port in connections] == ["127.0.0.1"]


@pytest.mark.parametrize("path, reason, retryable", [
    ("/big", "too-large", False), ("/image", "content-type", False), ("/status/404", "status", False),
    ("/status/503", "status", True), ("/loop/0", "redirects", False),
])
def test_bad_answers_fail_with_their_reason(server, path, reason, retryable):
    with pytest.raises(FetchFailed) as raised:
        fetch(server.base + path, policy("127.0.0.1"))
    assert (raised.value.reason, raised.value.retryable) == (reason, retryable)


def test_a_stalling_server_is_cut_off_at_the_whole_fetch_limit(server):
    started = time.monotonic()
    with pytest.raises(FetchFailed) as raised:
        fetch(server.base + "/stall?for=10", policy("127.0.0.1", total_timeout=1.0))
    assert raised.value.reason == "timeout" and "1 s" in raised.value.message
    assert time.monotonic() - started < 3


def test_a_refused_connection_is_a_retryable_failure():
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchFailed) as raised:
        fetch(f"http://127.0.0.1:{port}/", policy("127.0.0.1"))
    assert raised.value.reason == "connect" and raised.value.retryable


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_pages_give_text_and_metadata(server, name):
    expected = EXPECTED[name]
    article = read_article(fetch(f"{server.base}/pages/{name}", policy("127.0.0.1")))
    assert (article.title, article.published, article.outlet, article.author) == (
        expected["title"], expected["published"], expected["outlet"], expected["author"])
    assert article.text.startswith(expected["first"]) and article.text.endswith(expected["last"])
    assert len(article.text.split("\n")) == expected["paragraphs"]
    assert not [boilerplate for boilerplate in expected["absent"] if boilerplate in article.text]


def test_plain_text_pages_are_taken_as_they_are(server):
    article = read_article(fetch(f"{server.base}/redirect?to=/text", policy("127.0.0.1")))
    assert article.text == "The minister said the plan would be ready in May." and article.title is None
    assert article.final_url == f"{server.base}/text" and article.url.endswith("/redirect?to=/text")


def test_a_page_without_text_is_refused(server):
    page = fetch(f"{server.base}/status/200", policy("127.0.0.1"))
    with pytest.raises(RuleViolation):
        read_article(page.__class__(**{**page.__dict__, "body": b"<html><body></body></html>"}))


# --- TLS: the connection is pinned to 127.0.0.1, the certificate is checked against the name ---

@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    server = LoopbackServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server, str(cert)
    with contextlib.suppress(Exception):
        server.shutdown()
        server.server_close()


def test_tls_verifies_the_host_name_while_connecting_to_the_vetted_address(tls_server, connections):
    server, ca = tls_server
    port = server.server_address[1]
    resolver = FakeResolver({"news.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    tls = policy("127.0.0.1", resolver=resolver, verify=ca)
    page = fetch(f"https://news.test:{port}/pages/harbour-strike.html", tls)
    assert b"Port workers" in page.body and connections[-1][0] == "127.0.0.1"
    with pytest.raises(FetchFailed) as raised:  # same address, but the certificate names news.test
        fetch(f"https://other.test:{port}/pages/harbour-strike.html", tls)
    assert raised.value.reason == "tls"
