"""read_capped: the size cap of every download (crawler and ingest), on a streamed body."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from disclosure_shared.downloads import read_capped
from disclosure_shared.errors import TooLarge


class Body:
    """A streamed body of `chunks`, counting how many of them were read."""

    def __init__(self, chunks: list[bytes], length: str | None = None) -> None:
        self.headers = {"content-length": length} if length is not None else {}
        self.chunks = chunks
        self.read = 0

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk


def test_a_body_within_the_cap_is_read_whole() -> None:
    body = Body([b"%PDF-", b"1.7", b"\n"], length="9")
    assert asyncio.run(read_capped(body, 9, "https://example.invalid/a.pdf")) == b"%PDF-1.7\n"


def test_a_declared_length_over_the_cap_is_refused_before_reading() -> None:
    body = Body([b"x" * 10], length="11")
    with pytest.raises(TooLarge, match="declares 11 bytes; the limit is 10"):
        asyncio.run(read_capped(body, 10, "https://example.invalid/big.pdf"))
    assert body.read == 0


def test_a_flood_without_length_is_cut_at_the_cap() -> None:
    body = Body([b"x" * 4] * 1000)  # no Content-Length; far more than the cap
    with pytest.raises(TooLarge, match="sent more than 10 bytes") as caught:
        asyncio.run(read_capped(body, 10, "https://example.invalid/flood"))
    assert body.read == 3  # 4 + 4 + 4 > 10: the rest is never read
    assert caught.value.code == "too-large"
