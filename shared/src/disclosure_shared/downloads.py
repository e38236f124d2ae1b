"""A streamed HTTP body read under a size cap: the one reading of the crawler's downloads and the
ingest stage's URL fetches (an httpx response fits `StreamedBody`; shared does not import httpx)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Protocol

from disclosure_shared.errors import TooLarge


class StreamedBody(Protocol):
    @property
    def headers(self) -> Mapping[str, str]: ...

    def aiter_bytes(self) -> AsyncIterator[bytes]: ...


async def read_capped(response: StreamedBody, max_bytes: int, url: str) -> bytes:
    """The whole body, or TooLarge as soon as its declared Content-Length or the bytes received pass
    `max_bytes`: a body without a length (a flood) is cut at the cap, never read to its end."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"{url} declares {declared} bytes; the limit is {max_bytes}")
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise TooLarge(f"{url} sent more than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
