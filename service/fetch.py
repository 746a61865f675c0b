"""Fetch a page whose URL a user gave, without becoming a way into the server's own network (SSRF).

Every hop (the URL, then each redirect) is vetted before any connection is made: http or https
only; the host is resolved once and *every* address it resolves to must be public (no loopback,
private, link-local, carrier-grade NAT, multicast, reserved or unspecified address, IPv4 or IPv6,
nor an IPv4 address inside IPv6). The connection then goes to the vetted address itself, so a DNS
answer that changes between the check and the connect (rebinding) gains nothing; TLS still checks
the certificate against the host name. Desks with an intranet name the private hosts or networks
they may reach in ``FETCH_ALLOW``.

Limits: connect 5 s, the whole fetch 20 s (every read gets what is left of it), 5 MB of body
counted as it streams, HTML/XHTML/plain text only, at most 5 redirects.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from service import __version__
from service.addresses import Address, numeric_host, parse_allow, refusal
from service.errors import FetchFailed, FetchRefused

Resolver = Callable[[str, int], list[str]]

SCHEMES = {"http": 80, "https": 443}
CONTENT_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
REDIRECTS = {301, 302, 303, 307, 308}
RETRYABLE_STATUSES = {408, 429, 500, 502, 503, 504}
CHUNK = 64 * 1024
USER_AGENT = f"claimdesk/{__version__} (article ingest)"


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


@dataclass(frozen=True)
class FetchPolicy:
    allow_networks: tuple = ()
    allow_hosts: frozenset = frozenset()
    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    resolver: Resolver = system_resolver
    verify: bool | str = True  # True: the system's CAs; a path: a CA bundle

    @classmethod
    def from_config(cls, config, **overrides) -> FetchPolicy:
        networks, hosts = parse_allow(config.get("FETCH_ALLOW") or "")
        settings = {
            "allow_networks": networks, "allow_hosts": hosts,
            "connect_timeout": float(config.get("FETCH_CONNECT_TIMEOUT", 5)),
            "total_timeout": float(config.get("FETCH_TIMEOUT", 20)),
            "max_bytes": int(config.get("FETCH_MAX_BYTES", 5 * 1024 * 1024)),
        }
        if config.get("FETCH_RESOLVER"):  # a callable (host, port) -> [address]: tests, split-horizon DNS
            settings["resolver"] = config["FETCH_RESOLVER"]
        if config.get("FETCH_CA_BUNDLE"):
            settings["verify"] = config["FETCH_CA_BUNDLE"]
        return cls(**{**settings, **overrides})


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    content_type: str
    charset: str | None
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


@dataclass(frozen=True)
class Target:
    """One vetted hop: where to connect, and what to call the host in Host, SNI and the certificate."""

    url: str
    scheme: str
    host: str
    port: int
    address: str


def vet(url: str, policy: FetchPolicy) -> Target:
    """Check ``url`` and the addresses of its host; raise FetchRefused before any connection."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused(f"Not a usable URL: {error}.", "url", {"url": ["Not a usable URL."]}) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise FetchRefused(
            f"Only http and https URLs are fetched, not {scheme or 'a URL without scheme'}.", "scheme",
            {"url": ["Must be an http or https URL."]},
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused("The URL names no host.", "url", {"url": ["Must name a host."]})
    if not host.isascii():  # an international name: its ASCII form goes to DNS, Host, SNI and TLS
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchRefused(f"Not a valid host name: {host}.", "url", {"url": ["Not a valid host name."]}) from None
    port = port or SCHEMES[scheme]
    addresses = _addresses(host, port, policy)
    for address in addresses:
        if host in policy.allow_hosts or any(address in net for net in policy.allow_networks):
            continue
        why = refusal(address)
        if why is not None:
            raise FetchRefused(
                f"Refused to fetch {host}: it is a {why} address ({address}), which this server does not "
                "reach (FETCH_ALLOW admits intranet hosts).",
                "address", {"url": [f"Resolves to a {why} address."]},
            )
    return Target(url=url, scheme=scheme, host=host, port=port, address=str(addresses[0]))


def _addresses(host: str, port: int, policy: FetchPolicy) -> list[Address]:
    literal = numeric_host(host)
    if literal is not None:
        return [literal]
    try:
        found = [ipaddress.ip_address(a.split("%")[0]) for a in policy.resolver(host, port)]
    except (socket.gaierror, UnicodeError) as error:
        temporary = isinstance(error, socket.gaierror) and error.errno == socket.EAI_AGAIN
        raise FetchFailed(f"Cannot resolve {host}.", "resolve", retryable=temporary,
                          errors={"url": ["The host name does not resolve."]}) from None
    if not found:
        raise FetchFailed(f"Cannot resolve {host}.", "resolve", errors={"url": ["No address."]})
    return found


class PinnedAdapter(HTTPAdapter):
    """Connects to the vetted address whatever the URL's host resolves to now; TLS is still
    verified against the host name (SNI and certificate check use it, not the address)."""

    def __init__(self, target: Target):
        self.target = target
        super().__init__(max_retries=0, pool_maxsize=1)

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        host_params["host"] = self.target.address
        host_params["port"] = self.target.port
        if self.target.scheme == "https":
            pool_kwargs["server_hostname"] = self.target.host
            pool_kwargs["assert_hostname"] = self.target.host
        return host_params, pool_kwargs


def fetch(url: str, policy: FetchPolicy) -> Fetched:
    """GET ``url`` within the policy; raise FetchRefused (422) or FetchFailed (502) naming the reason."""
    deadline = time.monotonic() + policy.total_timeout
    current = url
    for _hop in range(policy.max_redirects + 1):
        target = vet(current, policy)
        with requests.Session() as session:
            session.trust_env = False  # a proxy from the environment would bypass the pinning
            adapter = PinnedAdapter(target)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            response = _get(session, target, policy, deadline)
            with response:
                if response.status_code in REDIRECTS and response.headers.get("Location"):
                    current = urljoin(current, response.headers["Location"])
                    continue
                return _read(url, current, response, policy, deadline)
    raise FetchFailed(f"More than {policy.max_redirects} redirects.", "redirects",
                      errors={"url": ["Too many redirects."]})


def _get(session: requests.Session, target: Target, policy: FetchPolicy, deadline: float):
    headers = {
        "Host": _host_header(target), "User-Agent": USER_AGENT, "Accept-Encoding": "identity",
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8",
    }
    remaining = _remaining(deadline, policy)
    try:
        return session.get(target.url, headers=headers, stream=True, allow_redirects=False,
                           timeout=(min(policy.connect_timeout, remaining), remaining), verify=policy.verify)
    except requests.exceptions.SSLError as error:
        raise FetchFailed(f"TLS failed for {target.host}: {_short(error)}.", "tls",
                          errors={"url": ["The site's certificate was not accepted."]}) from None
    except requests.exceptions.ConnectTimeout:
        raise _failed(f"{target.host} did not accept a connection within {policy.connect_timeout:g} s.",
                      "timeout", retryable=True) from None
    except requests.exceptions.ReadTimeout:
        raise _timeout(policy) from None
    except requests.exceptions.ConnectionError as error:
        raise _failed(f"Cannot connect to {target.host}: {_short(error)}.", "connect", retryable=True) from None
    except requests.exceptions.RequestException as error:
        raise _failed(f"The request to {target.host} failed: {_short(error)}.", "request") from None


def _read(url: str, final_url: str, response, policy: FetchPolicy, deadline: float) -> Fetched:
    if response.status_code >= 400 or response.status_code < 200 or response.status_code in REDIRECTS:
        raise _failed(f"The site answered {response.status_code} {response.reason or ''}".rstrip() + ".",
                      "status", retryable=response.status_code in RETRYABLE_STATUSES)
    media_type, charset = _content_type(response.headers.get("Content-Type", ""))
    if media_type not in CONTENT_TYPES:
        raise _failed(f"Not a web page: the content type is {media_type or 'missing'} "
                      "(HTML, XHTML or plain text are read).", "content-type")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise _too_large(policy)
    body = bytearray()
    try:
        while True:
            _limit_next_read(response, _remaining(deadline, policy))
            chunk = response.raw.read1(CHUNK)
            if not chunk:
                break
            body += chunk
            if len(body) > policy.max_bytes:
                raise _too_large(policy)
    except (TimeoutError, urllib3.exceptions.TimeoutError):
        raise _timeout(policy) from None
    except (OSError, urllib3.exceptions.HTTPError) as error:  # reset, truncated, undecodable
        raise _failed(f"The connection broke while reading: {_short(error)}.", "connect", retryable=True) from None
    return Fetched(url=url, final_url=final_url, content_type=media_type, charset=charset, body=bytes(body))


def _limit_next_read(response, remaining: float) -> None:
    # Every read gets only what is left of the whole fetch's time, so a site trickling a byte at
    # a time cannot stretch the fetch past its limit.
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        sock.settimeout(remaining)


def _remaining(deadline: float, policy: FetchPolicy) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timeout(policy)
    return remaining


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.IGNORECASE)
    return media_type.strip().lower(), charset.group(1) if charset else None


def _host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == SCHEMES[target.scheme] else f"{host}:{target.port}"


def _failed(message: str, reason: str, retryable: bool = False) -> FetchFailed:
    return FetchFailed(message, reason, retryable=retryable, errors={"url": [message]})


def _timeout(policy: FetchPolicy) -> FetchFailed:
    return _failed(f"The fetch took longer than {policy.total_timeout:g} s.", "timeout", retryable=True)


def _too_large(policy: FetchPolicy) -> FetchFailed:
    return _failed(f"The page is larger than {policy.max_bytes // (1024 * 1024) or policy.max_bytes} "
                   f"{'MB' if policy.max_bytes >= 1024 * 1024 else 'bytes'}.", "too-large")


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= 200 else text[:197] + "..."
