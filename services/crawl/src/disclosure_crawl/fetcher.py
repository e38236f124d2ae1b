"""A polite and safe HTTP fetcher for portal pages and attachments.

Polite: robots.txt (and its Crawl-delay), a per-host pause between requests and a per-host
concurrency cap, conditional GET, retries with exponential backoff and jitter for transient failures
only. Safe: only the portal's hosts, only public addresses (checked on the address connected to, see
transport.py), every redirect hop re-checked, redirects capped with loop detection, a total deadline
per request (connect to last byte, not per read), a size cap while streaming, and content sniffing
(an HTML error page served with 200 is not a PDF).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx
from protego import Protego

from disclosure_crawl.addresses import BlockedAddress, Resolver, parse_networks, system_resolver
from disclosure_crawl.config import FetchPolicy
from disclosure_crawl.transport import PinnedTransport
from disclosure_shared.downloads import read_capped
from disclosure_shared.errors import TooLarge

Expect = Literal["html", "pdf", "any"]
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Validators:
    """What the server said identifies a representation; sent back for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    status: int
    """200, or 304 when the validators still hold (then `data` is empty)."""
    data: bytes
    content_type: str | None
    validators: Validators
    filename: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A fetch that did not give usable bytes; `reason` is a short code, `transient` says retry later."""

    def __init__(
        self, reason: str, message: str, *, transient: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after


class HostGate:
    """Per-host concurrency cap and minimum pause between the starts of two requests."""

    def __init__(self, concurrency: int, interval_s: float) -> None:
        self.semaphore = asyncio.Semaphore(concurrency)
        self.interval_s = interval_s
        self._lock = asyncio.Lock()
        self._next_start = 0.0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self.semaphore:
            async with self._lock:
                wait = self._next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_start = time.monotonic() + self.interval_s
            yield


class Fetcher:
    """One crawl's fetcher: a client, per-host gates and the robots.txt of each origin seen."""

    def __init__(
        self,
        policy: FetchPolicy,
        allows_host: Callable[[str | None], bool],
        *,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.policy = policy
        self.allows_host = allows_host
        self.transport = PinnedTransport(
            resolver=resolver,
            allow_private=policy.allow_private_networks,
            allowed_networks=parse_networks(policy.allowed_networks),
        )
        # The deadline (asyncio.timeout) bounds the whole request; httpx's own timeouts are a backstop.
        self.client = httpx.AsyncClient(
            transport=self.transport,
            follow_redirects=False,
            max_redirects=policy.max_redirects,  # robots.txt only; pages follow redirects hop by hop
            trust_env=False,
            timeout=httpx.Timeout(policy.deadline_s),
            headers={"User-Agent": policy.user_agent},
        )
        self._gates: dict[str, HostGate] = {}
        self._robots: dict[str, Protego | Literal[False] | None] = {}
        self._robots_lock = asyncio.Lock()
        self.requests = 0
        """Requests sent (robots.txt included), for the run's report."""

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.client.aclose()

    def _gate(self, host: str) -> HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = HostGate(self.policy.per_host_concurrency, self.policy.min_interval_s)
            self._gates[host] = gate
        return gate

    async def fetch(
        self, url: str, *, expect: Expect = "any", validators: Validators | None = None
    ) -> Fetched:
        """GET `url` within the policy; retries transient failures with backoff and jitter."""
        last: FetchError | None = None
        for attempt in range(self.policy.attempts):
            if attempt:
                await asyncio.sleep(self._backoff(attempt, last))
            try:
                return await self._attempt(url, expect, validators)
            except FetchError as exc:
                if not exc.transient:
                    raise
                last = exc
        assert last is not None
        raise last

    def _backoff(self, attempt: int, last: FetchError | None) -> float:
        base: float = min(self.policy.max_backoff_s, self.policy.backoff_s * 2.0 ** (attempt - 1))
        if last is not None and last.retry_after is not None:
            base = min(self.policy.max_backoff_s, max(base, last.retry_after))
        return base * random.uniform(0.5, 1.5)  # jitter: crawlers of one portal do not retry in step

    async def _attempt(self, url: str, expect: Expect, validators: Validators | None) -> Fetched:
        try:
            async with asyncio.timeout(self.policy.deadline_s):
                return await self._follow(url, expect, validators)
        except TimeoutError as exc:
            raise FetchError(
                "deadline", f"{url} took longer than {self.policy.deadline_s:g} s", transient=True
            ) from exc

    async def _follow(self, url: str, expect: Expect, validators: Validators | None) -> Fetched:
        current = url
        seen = {url}
        for hop in range(self.policy.max_redirects + 1):
            await self._check(current)
            headers = validators.headers() if validators and hop == 0 else {}
            host = urlsplit(current).hostname or ""
            async with self._gate(host).slot():
                self.requests += 1
                try:
                    async with self.client.stream("GET", current, headers=headers) as response:
                        if response.has_redirect_location:
                            location = response.headers.get("location", "")
                            following = str(response.url.join(location))
                            if following in seen:
                                raise FetchError("redirect-loop", f"{url} redirects back to {following}")
                            seen.add(following)
                            current = following
                            continue
                        return await self._complete(url, current, response, expect)
                except BlockedAddress as exc:
                    raise FetchError("blocked-address", str(exc)) from exc
                except httpx.HTTPError as exc:
                    raise FetchError(
                        "network", f"{current}: {type(exc).__name__}: {exc}", transient=True
                    ) from exc
                except OSError as exc:
                    raise FetchError("network", f"{current}: {exc}", transient=True) from exc
        raise FetchError("too-many-redirects", f"{url}: more than {self.policy.max_redirects} redirects")

    async def _check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError("blocked-scheme", f"only http(s) is fetched, not {url!r}")
        if parts.username or parts.password:
            raise FetchError("blocked-url", "URLs with embedded credentials are refused")
        if not self.allows_host(parts.hostname):
            raise FetchError("blocked-host", f"{parts.hostname} is not an allowed host of this portal")
        if self.policy.respect_robots and not await self._robots_allow(url):
            raise FetchError("robots", f"robots.txt of {parts.hostname} disallows {parts.path or '/'}")

    async def _complete(self, url: str, final: str, response: httpx.Response, expect: Expect) -> Fetched:
        status = response.status_code
        if status == 304:
            return Fetched(url, final, 304, b"", None, _validators(response), None)
        if status == 429 or status >= 500:
            raise FetchError(
                f"http-{status}",
                f"{final} answered HTTP {status}",
                transient=True,
                retry_after=_retry_after(response),
            )
        if status != 200:
            raise FetchError(f"http-{status}", f"{final} answered HTTP {status}")
        try:
            data = await read_capped(response, self.policy.max_bytes, final)
        except TooLarge as exc:
            raise FetchError("too-large", exc.reason) from exc
        content_type = response.headers.get("content-type")
        if expect == "pdf" and b"%PDF-" not in data[:1024]:
            shown = "an HTML page" if _looks_like_html(data) else f"bytes starting {data[:12]!r}"
            raise FetchError("not-pdf", f"{final} answered 200 with {shown}, not a PDF")
        if expect == "html" and not _looks_like_html(data):
            raise FetchError("not-html", f"{final} is not an HTML page ({content_type or 'no type'})")
        return Fetched(url, final, 200, data, content_type, _validators(response), _filename(response, final))

    async def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        async with self._robots_lock:
            if origin not in self._robots:
                self._robots[origin] = await self._read_robots(origin, parts.hostname or "")
        robots = self._robots[origin]
        if robots is None:
            return True
        if robots is False:
            return False
        return bool(robots.can_fetch(url, self.policy.user_agent))

    async def _read_robots(self, origin: str, host: str) -> Protego | Literal[False] | None:
        """Protego rules; None (allow all) when there is no robots.txt; False (disallow all) when it
        cannot be read now (RFC 9309: an unreachable robots.txt means assume complete disallow)."""
        try:
            async with asyncio.timeout(self.policy.deadline_s), self._gate(host).slot():
                self.requests += 1
                # RFC 9309 follows robots.txt redirects (www → bare host is common); the transport
                # still checks every address connected to.
                response = await self.client.get(origin + "/robots.txt", follow_redirects=True)
        except BlockedAddress as exc:
            raise FetchError("blocked-address", str(exc)) from exc
        except httpx.TooManyRedirects:
            return None  # RFC 9309: more redirects than followed means no robots.txt
        except (TimeoutError, httpx.HTTPError, OSError):
            return False
        if 400 <= response.status_code < 500:
            return None
        if response.status_code != 200:
            return False
        rules = Protego.parse(response.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace"))
        delay = rules.crawl_delay(self.policy.user_agent)
        if delay:
            gate = self._gate(host)
            gate.interval_s = max(gate.interval_s, min(float(delay), 60.0))
        return rules


def _validators(response: httpx.Response) -> Validators:
    return Validators(response.headers.get("etag"), response.headers.get("last-modified"))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time()) if value else None
    except (TypeError, ValueError):
        return None


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<head" in head


def _filename(response: httpx.Response, url: str) -> str | None:
    disposition = response.headers.get("content-disposition", "")
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() in ("filename", "filename*") and value:
            return unquote(value.strip('"').removeprefix("UTF-8''"))[:255]
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return unquote(name)[:255] or None
