"""Which IP addresses the crawler may connect to, and name resolution that can be replaced in tests.

An address is public only when it is global itself and, where it embeds an IPv4 address (IPv4-mapped
::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), the embedded address is global too: otherwise
::ffff:127.0.0.1 or 2002:7f00:1:: would reach loopback past a check of the IPv6 address alone.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""host, port -> the host's addresses as strings."""

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")


class BlockedAddress(Exception):
    """The host resolves to an address the crawler must not connect to."""


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    return None


def is_public(address: IPAddress) -> bool:
    inner = embedded_ipv4(address)
    if inner is not None:
        return inner.is_global and not inner.is_multicast
    return address.is_global and not address.is_multicast


def parse_networks(networks: Sequence[str]) -> list[IPNetwork]:
    return [ipaddress.ip_network(n, strict=False) for n in networks]


def permitted(address: IPAddress, allow_private: bool, allowed: Sequence[IPNetwork]) -> bool:
    if allow_private or is_public(address):
        return True
    inner = embedded_ipv4(address)
    candidates = [address] if inner is None else [address, inner]
    return any(c.version == n.version and c in n for c in candidates for n in allowed)


async def pick_address(
    host: str,
    port: int,
    resolver: Resolver,
    *,
    allow_private: bool = False,
    allowed: Sequence[IPNetwork] = (),
) -> str:
    """Resolve once and return an address to connect to; refuse when any address is not permitted
    (a name that mixes public and private answers is treated as hostile: DNS rebinding)."""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
        answers = [str(literal)]
    except ValueError:
        try:
            answers = await resolver(host, port)
        except OSError as exc:
            raise OSError(f"cannot resolve {host}: {exc}") from exc
    if not answers:
        raise OSError(f"{host} has no addresses")
    for answer in answers:
        address = ipaddress.ip_address(answer)
        if not permitted(address, allow_private, allowed):
            raise BlockedAddress(f"{host} resolves to non-public address {address}")
    return answers[0]
