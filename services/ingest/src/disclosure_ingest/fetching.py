"""Receiving input bytes: from a local file or an http(s) URL, within the configured limits."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from disclosure_shared.downloads import read_capped
from disclosure_shared.errors import FetchFailed, SourceUnavailable, TooLarge, UnsafeUrl
from disclosure_shared.netsafety import is_public, safe_filename
from disclosure_shared.records import Source
from disclosure_shared.settings import Limits

if TYPE_CHECKING:  # httpx is imported where a URL is fetched: reading local files does not load it
    import httpx


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


@dataclass(frozen=True)
class Target:
    """A URL checked for fetching, and the one address it is connected to (resolved once, so no
    second DNS answer can slip between the check and the connection)."""

    url: httpx.URL
    address: str

    def request(self) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
        """URL, headers and extensions that connect to `address` while speaking to the named host
        (Host header; TLS server name and certificate check for the host name)."""
        host = self.url.host
        literal = f"[{self.address}]" if ":" in self.address else self.address
        headers = {"Host": host if self.url.port is None else f"{host}:{self.url.port}"}
        extensions = {"sni_hostname": host} if self.url.scheme == "https" else {}
        return self.url.copy_with(host=literal.strip("[]")), headers, extensions


async def check_url(url: str, limits: Limits) -> Target:
    """Refuse schemes other than http(s), embedded credentials and (unless allowed) any host that
    resolves to a non-public address, in any of its IPv6 disguises (netsafety.is_public)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl(f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    if not parts.hostname:
        raise UnsafeUrl(f"no host in {url[:200]!r}")
    if parts.username or parts.password:
        raise UnsafeUrl("URLs with embedded credentials are refused")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeUrl(f"bad port in {url[:200]!r}") from exc
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchFailed(f"cannot resolve {parts.hostname}: {exc}") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise FetchFailed(f"{parts.hostname} has no address")
    if not limits.allow_private_networks:
        for address in addresses:
            if not is_public(address):
                raise UnsafeUrl(f"{parts.hostname} resolves to non-public address {address}")
    import httpx

    return Target(httpx.URL(url), str(addresses[0]))


async def fetch_url(url: str, limits: Limits) -> Received:
    """GET with a total deadline, a redirect cap (each hop re-checked and pinned) and a streamed size
    cap. The deadline covers the whole fetch: a server sending one byte every few seconds cannot hold
    it longer than `limits.fetch_deadline_s`."""
    try:
        async with asyncio.timeout(limits.fetch_deadline_s):
            return await _fetch(url, limits)
    except TimeoutError as exc:
        raise SourceUnavailable(f"{url[:200]}: not fetched within {limits.fetch_deadline_s:.0f} s") from exc


async def _fetch(url: str, limits: Limits) -> Received:
    import httpx

    timeout = httpx.Timeout(limits.fetch_timeout_s)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        current = url
        for _ in range(limits.max_redirects + 1):
            target = await check_url(current, limits)
            address_url, headers, extensions = target.request()
            try:
                async with client.stream(
                    "GET", address_url, headers=headers, extensions=extensions
                ) as response:
                    if response.is_redirect:
                        current = str(target.url.join(response.headers.get("location", "")))
                        continue
                    if response.status_code >= 500 or response.status_code == 429:
                        raise SourceUnavailable(f"{current[:200]} answered HTTP {response.status_code}")
                    if response.status_code != 200:
                        raise FetchFailed(f"{current[:200]} answered HTTP {response.status_code}")
                    data = await read_capped(response, limits.max_bytes, current)
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
                raise SourceUnavailable(f"{current[:200]}: {type(exc).__name__}: {exc}") from exc
        raise FetchFailed(f"{url[:200]}: more than {limits.max_redirects} redirects")


def _filename(response: httpx.Response, url: str) -> str | None:
    """The name the server or the URL gives the file, made safe to store and show."""
    disposition = response.headers.get("content-disposition", "")
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() in ("filename", "filename*") and value:
            return safe_filename(unquote(value.strip('"').removeprefix("UTF-8''")))
    return safe_filename(unquote(Path(urlsplit(url).path).name))
