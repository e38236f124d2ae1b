"""One crawl of one portal: walk its list pages, open the detail pages of entries whose titles count,
fetch their attachments and hand each new content to a sink (the pipeline). A detail page with
tables and no attachment is itself the disclosure: its article (article.py) is delivered as an
HTML document, with the page's URL as its source.

Re-crawls: list pages are read on every run and a URL never seen is always fetched; a known detail
page or attachment is asked again only when the portal's recheck policy says it is due
(recheck.py), else it is counted as deferred (a deferred page's known attachments are still asked
when they are due themselves).

Dedupe: an attachment URL is fetched conditionally (ETag / Last-Modified); bytes equal to what that
URL gave before are unchanged; bytes already delivered from another URL are a duplicate
(republished); other bytes at a known URL are a new revision and are delivered again. Validators and
hashes are recorded only after the sink accepted the content, so a failed delivery is retried by
the next run.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

from disclosure_crawl.addresses import Resolver, system_resolver
from disclosure_crawl.article import inline_article
from disclosure_crawl.config import PortalConfig
from disclosure_crawl.decoding import decode_html
from disclosure_crawl.discovery import (
    Anchor,
    Entry,
    Skipped,
    read_detail_page,
    read_list_page,
)
from disclosure_crawl.fetcher import Fetched, Fetcher, FetchError, Validators
from disclosure_crawl.recheck import recheck_due
from disclosure_crawl.state import CrawlState, LinkRecord, RunState, UrlState, now
from disclosure_crawl.titles import TitleInfo

MAX_ERRORS_KEPT = 20
ARTICLE_TYPE = "text/html; charset=utf-8"
DETAIL_CONCURRENCY = 4


@dataclass(frozen=True)
class Found:
    """A disclosure attachment discovered on the portal."""

    url: str
    title: str
    info: TitleInfo
    portal: str
    page_url: str | None = None


@dataclass(frozen=True)
class Document:
    """New content to deliver: a disclosure first seen, or a new revision at a known URL."""

    found: Found
    data: bytes
    sha256: str
    revision: Literal["new", "revised"]
    filename: str | None
    content_type: str | None
    fetched_at: datetime


class DeliveryRejected(Exception):
    """The sink looked at the content and will never accept it (e.g. not a disclosure): remembered
    as delivered so it is not fetched again, but counted as failed."""


Sink = Callable[[Document], Awaitable[None]]
Progress = Callable[[str, str], None]
"""(event, detail): events are "page", "found", "new", "revised", "unchanged", "duplicate",
"deferred", "skipped", "failed"."""


@dataclass(frozen=True)
class Failure:
    url: str
    reason: str
    message: str


@dataclass
class CrawlReport:
    portal: str
    started_at: datetime
    finished_at: datetime | None = None
    list_pages: int = 0
    found: list[Found] = field(default_factory=list)
    new: list[Document] = field(default_factory=list)
    revised: list[Document] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    """Known pages and attachments not asked this run (config.Recheck)."""
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    requests: int = 0

    @property
    def outcome(self) -> Literal["ok", "partial", "failed"]:
        if not self.failed:
            return "ok"
        return "failed" if not self.list_pages else "partial"

    def run_state(self) -> RunState:
        return RunState(
            portal=self.portal,
            started_at=self.started_at,
            finished_at=self.finished_at,
            outcome=self.outcome,
            list_pages=self.list_pages,
            found=len(self.found),
            new=len(self.new),
            revised=len(self.revised),
            unchanged=len(self.unchanged),
            duplicates=len(self.duplicates),
            deferred=len(self.deferred),
            skipped=len(self.skipped),
            failed=len(self.failed),
            requests=self.requests,
            errors=[f"{f.reason} {f.url}" for f in self.failed[:MAX_ERRORS_KEPT]],
        )


def _ignore(_event: str, _detail: str) -> None:
    return None


class Crawler:
    def __init__(
        self,
        portal: PortalConfig,
        state: CrawlState,
        sink: Sink,
        *,
        max_pages: int | None = None,
        resolver: Resolver = system_resolver,
        progress: Progress = _ignore,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.portal = portal
        self.state = state
        self.sink = sink
        self.max_pages = max_pages or portal.max_pages
        self.resolver = resolver
        self.progress = progress
        self.clock = clock
        self.report = CrawlReport(portal.name, clock())
        self._attachments: set[str] = set()
        self._details: set[str] = set()
        self._detail_slots = asyncio.Semaphore(DETAIL_CONCURRENCY)
        self._delivering: dict[str, str] = {}

    async def run(self) -> CrawlReport:
        await self.state.put_run(self.report.run_state().model_copy(update={"outcome": "running"}))
        async with Fetcher(self.portal.fetch, self.portal.allows_host, resolver=self.resolver) as fetcher:
            self.fetcher = fetcher
            for start in self.portal.start_urls:
                details, attachments = await self._walk(start)
                async with asyncio.TaskGroup() as group:
                    for entry in attachments:
                        group.create_task(
                            self._guarded(entry.anchor.url, self._attachment(entry.anchor, entry.info, None))
                        )
                    for entry in details:
                        group.create_task(self._guarded(entry.anchor.url, self._detail(entry)))
            self.report.requests = fetcher.requests
        self.report.finished_at = self.clock()
        await self.state.put_run(self.report.run_state())
        return self.report

    async def _guarded(self, url: str, work: Awaitable[None]) -> None:
        """One page or file that breaks in an unforeseen way is a failure of its own, not of the crawl."""
        try:
            await work
        except Exception as exc:
            self._fail(url, exc)

    def _fail(self, url: str, error: FetchError | Exception) -> None:
        reason = error.reason if isinstance(error, FetchError) else type(error).__name__
        self.report.failed.append(Failure(url, reason, str(error)))
        self.progress("failed", f"{reason} {url}")

    async def _walk(self, start: str) -> tuple[list[Entry], list[Entry]]:
        """Read list pages breadth-first from `start` (pagination and nested columns) up to max_pages."""
        queue: list[tuple[str, int]] = [(start, 0)]
        queued = {start}
        details: dict[str, Entry] = {}
        attachments: dict[str, Entry] = {}
        pagination = self.portal.pagination
        template_n = pagination.first
        read = 0
        while queue and read < self.max_pages:
            url, depth = queue.pop(0)
            try:
                fetched = await self.fetcher.fetch(url, expect="html")
                html = decode_html(fetched.data, fetched.content_type)
                links, titles = self.portal.links, self.portal.titles
                page = read_list_page(html, fetched.final_url, links, titles, pagination)
            except Exception as exc:  # one unreadable list page is a failure of its own
                self._fail(url, exc)
                continue
            read += 1
            self.report.list_pages += 1
            self.progress("page", url)
            before = len(details) + len(attachments)
            for entry in page.details:
                details.setdefault(entry.anchor.url, entry)
            for entry in page.attachments:
                attachments.setdefault(entry.anchor.url, entry)
            self._skip(page.skipped)
            following = [(u, depth) for u in page.pages]
            if depth < self.portal.links.max_column_depth:
                following += [(a.url, depth + 1) for a in page.columns]
            if pagination.style == "template" and depth == 0 and len(details) + len(attachments) > before:
                assert pagination.template is not None
                following.append((_join(start, pagination.template.format(n=template_n)), 0))
                template_n += 1
            for next_url, next_depth in following:
                if next_url not in queued and self.portal.allows_host(_host(next_url)):
                    queued.add(next_url)
                    queue.append((next_url, next_depth))
        return list(details.values()), list(attachments.values())

    def _skip(self, skipped: list[Skipped]) -> None:
        for item in skipped:
            if all(s.url != item.url for s in self.report.skipped):
                self.report.skipped.append(item)
                self.progress("skipped", f"{item.reason}: {item.url}")

    async def _detail(self, entry: Entry) -> None:
        url = entry.anchor.url
        if url in self._details:
            return
        self._details.add(url)
        if not self.portal.allows_host(_host(url)):
            self._skip([Skipped(url, entry.anchor.text, "host not allowed for this portal")])
            return
        known = await self.state.url(url)
        inline = Found(url, entry.info.title, entry.info, self.portal.name, url)
        if known is not None and not recheck_due(known, self.portal.recheck, self.clock()):
            if known.sha256:  # an inline disclosure
                self._found(inline)
            self._defer(url)  # its attachments are still asked when they are due themselves
            await self._attachments_of(_known_links(known), entry.info, url)
            return
        validators = Validators(known.etag, known.last_modified) if known else None
        try:
            async with self._detail_slots:
                fetched = await self.fetcher.fetch(url, expect="html", validators=validators)
        except FetchError as exc:
            self._fail(url, exc)
            return
        sha = known.sha256 if known else None
        revisions = known.revisions if known else 0
        if fetched.not_modified and known is not None:
            links = _known_links(known)
            skipped = [Skipped(k.url, k.title, k.skip_reason) for k in known.links if k.skip_reason]
            if known.sha256:  # an inline disclosure, unchanged
                self._found(inline)
                self._unchanged(url)
        else:
            html = decode_html(fetched.data, fetched.content_type)
            page = read_detail_page(html, fetched.final_url, self.portal.links)
            links, skipped = page.attachments, page.skipped
            if not links and page.tables:
                article = inline_article(html, entry.info.title, self.portal.links.article_selector)
                if article is not None:
                    self._found(inline)
                    name = urlsplit(fetched.final_url).path.rsplit("/", 1)[-1] or None
                    delivered = await self._deliver(inline, article, ARTICLE_TYPE, name, known)
                    if delivered is None:
                        return  # the sink failed: not recorded, the next run delivers again
                    sha, revisions = delivered
        self._skip(skipped)
        await self._attachments_of(links, entry.info, url)
        # Recorded after the attachments, so a page whose attachments failed is read again next time.
        await self._record_page(url, fetched, known, links, skipped, sha, revisions)

    async def _record_page(
        self,
        url: str,
        fetched: Fetched,
        known: UrlState | None,
        links: list[Anchor],
        skipped: list[Skipped],
        sha: str | None,
        revisions: int,
    ) -> None:
        """A detail page's state: validators, links (reused on 304 and when deferred), its inline
        article's hash, and when it last changed (its links or article, not its bytes)."""
        records = [LinkRecord(url=a.url, title=a.text) for a in links] + [
            LinkRecord(url=k.url, title=k.title, skip_reason=k.reason) for k in skipped
        ]
        unchanged = known is not None and known.links == records and known.sha256 == sha
        await self.state.put_url(
            UrlState(
                url=url,
                role="page",
                portal=self.portal.name,
                etag=fetched.validators.etag or (known.etag if known else None),
                last_modified=fetched.validators.last_modified or (known.last_modified if known else None),
                sha256=sha,
                revisions=revisions,
                first_seen=known.first_seen if known else self.clock(),
                last_checked=self.clock(),
                last_changed=_last_changed(known) if known and unchanged else self.clock(),
                links=records,
            )
        )

    async def _attachments_of(self, links: list[Anchor], info: TitleInfo, page_url: str) -> None:
        await asyncio.gather(*(self._guarded(a.url, self._attachment(a, info, page_url)) for a in links))

    def _found(self, found: Found) -> None:
        self.report.found.append(found)
        self.progress("found", found.url)

    def _defer(self, url: str) -> None:
        self.report.deferred.append(url)
        self.progress("deferred", url)

    async def _attachment(self, anchor: Anchor, info: TitleInfo, page_url: str | None) -> None:
        url = anchor.url
        if url in self._attachments:
            return
        self._attachments.add(url)
        if not self.portal.allows_host(_host(url)):
            self._skip([Skipped(url, anchor.text, "host not allowed for this portal")])
            return
        found = Found(url, anchor.text or info.title, info, self.portal.name, page_url)
        self._found(found)
        known = await self.state.url(url)
        if known is not None and known.sha256 and not recheck_due(known, self.portal.recheck, self.clock()):
            self._defer(url)
            return
        validators = Validators(known.etag, known.last_modified) if known and known.sha256 else None
        try:
            fetched = await self.fetcher.fetch(url, expect="pdf", validators=validators)
        except FetchError as exc:
            self._fail(url, exc)
            return
        if fetched.not_modified and known is not None:
            await self.state.put_url(known.model_copy(update={"last_checked": self.clock()}))
            self._unchanged(url)
            return
        delivered = await self._deliver(found, fetched.data, fetched.content_type, fetched.filename, known)
        if delivered is None:
            return
        sha, revisions = delivered
        changed = known is None or known.sha256 != sha
        await self.state.put_url(
            UrlState(
                url=url,
                role="attachment",
                portal=self.portal.name,
                etag=fetched.validators.etag,
                last_modified=fetched.validators.last_modified,
                sha256=sha,
                revisions=revisions,
                first_seen=known.first_seen if known else self.clock(),
                last_checked=self.clock(),
                last_changed=self.clock() if changed or known is None else _last_changed(known),
            )
        )

    async def _deliver(
        self,
        found: Found,
        data: bytes,
        content_type: str | None,
        filename: str | None,
        known: UrlState | None,
    ) -> tuple[str, int] | None:
        """Hand new content at `found.url` to the sink. Returns what to record of it (sha256, how many
        contents were delivered from the URL), or None when the sink failed now (nothing recorded:
        the next run delivers again)."""
        url = found.url
        sha = hashlib.sha256(data).hexdigest()
        revisions = known.revisions if known else 0
        if known is not None and known.sha256 == sha:
            self._unchanged(url)  # the server has no validators, or new ones: they are recorded
            return sha, revisions
        elsewhere = self._delivering.get(sha) or await self.state.url_for_hash(sha)
        if elsewhere is not None and elsewhere != url:
            self.report.duplicates.append(url)
            self.progress("duplicate", f"{url} = {elsewhere}")
            return sha, revisions
        self._delivering[sha] = url  # the same bytes at another URL in this run are a duplicate
        revision: Literal["new", "revised"] = "revised" if known is not None and known.sha256 else "new"
        document = Document(found, data, sha, revision, filename, content_type, datetime.now(UTC))
        try:
            await self.sink(document)
        except DeliveryRejected as exc:
            self._fail(url, exc)
        except Exception as exc:  # the sink failed now: do not record, the next run delivers again
            self._delivering.pop(sha, None)
            self._fail(url, exc)
            return None
        else:
            (self.report.new if revision == "new" else self.report.revised).append(document)
            self.progress(revision, url)
        await self.state.put_hash(sha, url)
        return sha, revisions + 1

    def _unchanged(self, url: str) -> None:
        self.report.unchanged.append(url)
        self.progress("unchanged", url)


def _known_links(known: UrlState) -> list[Anchor]:
    return [Anchor(link.url, link.title) for link in known.links if link.skip_reason is None]


def _last_changed(known: UrlState) -> datetime:
    return known.last_changed or known.first_seen


def _host(url: str) -> str | None:
    return urlsplit(url).hostname


def _join(base: str, relative: str) -> str:
    return urljoin(base, relative)
