"""Which IP addresses the crawler may connect to, and name resolution that can be replaced in tests.

Whether an address is public is decided by disclosure_shared.netsafety (the same rule as ingest's
fetch): global itself and, where it embeds an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4,
Teredo), the embedded address too.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence

from disclosure_shared.netsafety import embedded_ipv4, is_public

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""host, port -> the host's addresses as strings."""


class BlockedAddress(Exception):
    """The host resolves to an address the crawler must not connect to."""


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


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
