"""Which addresses a fetch may reach: public ones, and the private hosts or networks a desk's
allow-list names. Numeric host names are read the way the C library reads them, so that
``2130706433`` or ``0x7f.1`` cannot pass for anything but 127.0.0.1.
"""
from __future__ import annotations

import ipaddress
import re

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# Ranges whose addresses carry an IPv4 address that is what really gets reached.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
CGNAT = ipaddress.ip_network("100.64.0.0/10")


def parse_allow(setting: str) -> tuple[tuple, frozenset]:
    """``"intranet.example, 10.1.0.0/16 192.168.4.7"`` → (networks, host names)."""
    networks, hosts = [], set()
    for entry in re.split(r"[\s,]+", setting.strip()):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            hosts.add(entry.lower().rstrip("."))
    return tuple(networks), frozenset(hosts)


def numeric_host(host: str) -> Address | None:
    """The address a numeric host stands for, in every form the C library accepts:
    ``127.0.0.1``, ``2130706433``, ``0x7f.1``, ``017700000001``, ``::ffff:127.0.0.1``; else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    values = []
    for part in parts:
        match = re.fullmatch(r"0[xX]([0-9a-fA-F]*)|(0[0-7]*)|([1-9][0-9]*)", part)
        if not match:
            return None
        hexa, octal, decimal = match.groups()
        values.append(int(hexa or "0", 16) if hexa is not None else int(octal, 8) if octal else int(decimal))
    # inet_aton: each leading part is one byte; the last fills the bytes that are left
    *leading, last = values
    if any(v > 255 for v in leading) or last >= 256 ** (4 - len(leading)):
        return None
    number = 0
    for value in leading:
        number = number << 8 | value
    return ipaddress.IPv4Address(number << 8 * (4 - len(leading)) | last)


def refusal(address: Address) -> str | None:
    """Why ``address`` must not be reached, or None for a public address."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return refusal(embedded)
    for test, name in (
        ("is_loopback", "loopback"), ("is_unspecified", "unspecified"), ("is_link_local", "link-local"),
        ("is_multicast", "multicast"), ("is_private", "private"), ("is_reserved", "reserved"),
        ("is_site_local", "site-local"),
    ):
        if getattr(address, test, False):
            return name
    if address.version == 4 and address in CGNAT:
        return "carrier-grade NAT"
    if not address.is_global:
        return "not public"
    return None


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None
