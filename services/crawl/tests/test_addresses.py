"""Which addresses may be connected to, including IPv4 hidden inside IPv6 forms."""

from __future__ import annotations

import ipaddress

import pytest

from disclosure_crawl.addresses import BlockedAddress, is_public, parse_networks, permitted, pick_address


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("224.0.0.1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:8.8.8.8", True),
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("2002:c0a8:1::1", False),  # 6to4 of 192.168.0.1
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_allowed_networks_admit_only_themselves() -> None:
    loopback = parse_networks(["127.0.0.0/8"])
    assert permitted(ipaddress.ip_address("127.0.0.5"), False, loopback)
    assert permitted(ipaddress.ip_address("::ffff:127.0.0.5"), False, loopback)
    assert not permitted(ipaddress.ip_address("10.0.0.1"), False, loopback)
    assert permitted(ipaddress.ip_address("10.0.0.1"), True, [])


async def test_a_name_with_any_private_answer_is_refused() -> None:
    async def rebinding(_host: str, _port: int) -> list[str]:
        return ["93.184.216.34", "127.0.0.1"]

    with pytest.raises(BlockedAddress, match=r"127\.0\.0\.1"):
        await pick_address("example.test", 80, rebinding)


async def test_literal_addresses_are_checked_without_a_lookup() -> None:
    async def no_lookup(_host: str, _port: int) -> list[str]:
        raise AssertionError("a literal address needs no lookup")

    assert await pick_address("8.8.8.8", 80, no_lookup) == "8.8.8.8"
    with pytest.raises(BlockedAddress):
        await pick_address("[::ffff:10.0.0.1]", 80, no_lookup)
