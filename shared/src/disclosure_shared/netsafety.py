"""Trust nothing from the network: which addresses may be connected to, and what a file name from a
header or a URL may look like before it is stored or shown."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from pathlib import PurePosixPath

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible
    (::a.b.c.d), 6to4 (2002:AABB:CCDD::), NAT64 (64:ff9b::a.b.c.d) or Teredo; None otherwise."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in network for network in _NAT64) or (int(address) >> 32 == 0 and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """True only for a globally routable address whose embedded IPv4 address, if any, is too: an
    IPv6 form of 169.254.169.254 or 127.0.0.1 is as private as the address itself."""
    if not address.is_global or address.is_multicast:
        return False
    inner = embedded_ipv4(address)
    return inner is None or (inner.is_global and not inner.is_multicast)


def safe_filename(name: str | None, limit: int = 200) -> str | None:
    """A file name from a Content-Disposition header or a URL as it may be stored and shown: the
    last path component only (no "../"), no control characters, no leading dots, bounded length."""
    if not name:
        return None
    text = unicodedata.normalize("NFC", name).replace("\\", "/")
    text = _CONTROL.sub("", PurePosixPath(text).name if "/" in text else text).strip()
    text = text.lstrip(".").strip()
    return text[:limit] or None
