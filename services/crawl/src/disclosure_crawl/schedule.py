"""When each portal is crawled: on its interval after its last run (sooner after a failed run)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from disclosure_crawl.addresses import Resolver, system_resolver
from disclosure_crawl.config import PortalConfig
from disclosure_crawl.crawler import Crawler, CrawlReport, Sink
from disclosure_crawl.state import CrawlState, RunState, now

log = logging.getLogger(__name__)

RETRY_FAILED_AFTER = timedelta(hours=1)
"""A crawl that could not read a single list page is tried again this soon (or on its interval if
that is shorter): the portal was probably down."""


def next_due(portal: PortalConfig, last: RunState | None) -> datetime | None:
    """When `portal` should next be crawled; None means now (never crawled)."""
    if last is None:
        return None
    interval = timedelta(minutes=portal.interval_minutes)
    if last.outcome == "failed":
        interval = min(interval, RETRY_FAILED_AFTER)
    # A run still "running" was cut short (the service stopped): count from its start.
    return (last.finished_at or last.started_at) + interval


def is_due(portal: PortalConfig, last: RunState | None, at: datetime) -> bool:
    due = next_due(portal, last)
    return due is None or due <= at


class Scheduler:
    """Crawls the due portals one after another on every tick."""

    def __init__(
        self,
        portals: Sequence[PortalConfig],
        state: CrawlState,
        sink: Sink,
        *,
        resolver: Resolver = system_resolver,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.portals = list(portals)
        self.state = state
        self.sink = sink
        self.resolver = resolver
        self.clock = clock

    async def tick(self) -> list[CrawlReport]:
        reports = []
        for portal in self.portals:
            if not is_due(portal, await self.state.last_run(portal.name), self.clock()):
                continue
            crawler = Crawler(portal, self.state, self.sink, resolver=self.resolver, clock=self.clock)
            report = await crawler.run()
            log.info(
                "crawled %s: %s, %d found, %d new, %d revised, %d failed",
                portal.name,
                report.outcome,
                len(report.found),
                len(report.new),
                len(report.revised),
                len(report.failed),
            )
            reports.append(report)
        return reports

    async def run_forever(self, tick_seconds: float) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # one bad tick (e.g. the store briefly away) must not stop the service
                log.exception("crawl tick failed")
            await asyncio.sleep(tick_seconds)
