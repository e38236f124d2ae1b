"""Receiving input bytes: from a local file or an http(s) URL, within the configured limits."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from disclosure_shared.errors import FetchFailed, SourceUnavailable, TooLarge, UnsafeUrl
from disclosure_shared.records import Source
from disclosure_shared.settings import Limits


@dataclass(frozen=True)
class Received:
    data: bytes
    source: Source


def read_file(path: Path, limits: Limits) -> Received:
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise TooLarge(f"{path.name} has {size} bytes; the limit is {limits.max_bytes}")
    data = path.read_bytes()
    return Received(
        data,
        Source(
            uri=path.resolve().as_uri(), fetched_at=datetime.now(UTC), filename=path.name, bytes=len(data)
        ),
    )


async def check_url(url: str, limits: Limits) -> None:
    """Refuse schemes other than http(s), embedded credentials and (unless allowed) private hosts."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl(f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    if not parts.hostname:
        raise UnsafeUrl(f"no host in {url!r}")
    if parts.username or parts.password:
        raise UnsafeUrl("URLs with embedded credentials are refused")
    if limits.allow_private_networks:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            parts.hostname, parts.port or 443, type=socket.SOCK_STREAM
        )
    except socket.gaierror as exc:
        raise FetchFailed(f"cannot resolve {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise UnsafeUrl(f"{parts.hostname} resolves to non-public address {address}")


async def fetch_url(url: str, limits: Limits) -> Received:
    """GET with a timeout, a redirect cap (each hop re-checked) and a streamed size cap."""
    timeout = httpx.Timeout(limits.fetch_timeout_s)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
        current = url
        for _ in range(limits.max_redirects + 1):
            await check_url(current, limits)
            try:
                async with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = str(response.url.join(response.headers.get("location", "")))
                        continue
                    if response.status_code >= 500 or response.status_code == 429:
                        raise SourceUnavailable(f"{current} answered HTTP {response.status_code}")
                    if response.status_code != 200:
                        raise FetchFailed(f"{current} answered HTTP {response.status_code}")
                    data = await _read_capped(response, limits.max_bytes, current)
                    return Received(
                        data,
                        Source(
                            uri=url,
                            fetched_at=datetime.now(UTC),
                            filename=_filename(response, current),
                            content_type=response.headers.get("content-type"),
                            bytes=len(data),
                        ),
                    )
            except httpx.HTTPError as exc:
                raise SourceUnavailable(f"{current}: {type(exc).__name__}: {exc}") from exc
        raise FetchFailed(f"{url}: more than {limits.max_redirects} redirects")


async def _read_capped(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(f"{url} declares {declared} bytes; the limit is {max_bytes}")
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise TooLarge(f"{url} sent more than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _filename(response: httpx.Response, url: str) -> str | None:
    disposition = response.headers.get("content-disposition", "")
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() in ("filename", "filename*") and value:
            return unquote(value.strip('"').removeprefix("UTF-8''"))[:255]
    name = Path(urlsplit(url).path).name
    return unquote(name)[:255] or None
