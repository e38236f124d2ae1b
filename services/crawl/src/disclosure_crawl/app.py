"""Crawl service: `python -m disclosure_crawl` (the image's start command).

It has no subscriber: a background task crawls each configured portal on its interval, keeps the
crawl state in MongoDB (collection crawl_state) and submits new documents to disclosure.submitted.
"""

from __future__ import annotations

import asyncio
import contextlib

from faststream import FastStream
from pydantic_settings import BaseSettings, SettingsConfigDict

from disclosure_crawl.config import resolve_portal
from disclosure_crawl.publishing import PipelineSink
from disclosure_crawl.schedule import Scheduler
from disclosure_crawl.state import STATE_COLLECTION, MongoCrawlState
from disclosure_shared import topics
from disclosure_shared.events import SubmittedEvent
from disclosure_shared.service import create_service
from disclosure_shared.settings import PipelineSettings


class CrawlSettings(BaseSettings):
    """DISCLOSURE_CRAWL_PORTALS='["qiaokou", "/etc/portals/district.toml"]' and the tick period."""

    model_config = SettingsConfigDict(env_prefix="DISCLOSURE_CRAWL_", extra="ignore", env_ignore_empty=True)

    portals: list[str] = []
    """Preset names, portal TOML files or bare start URLs."""
    tick_seconds: float = 60.0


def create_app(settings: PipelineSettings | None = None, crawl: CrawlSettings | None = None) -> FastStream:
    settings = settings or PipelineSettings()
    crawl = crawl or CrawlSettings()
    portals = [resolve_portal(p) for p in crawl.portals]  # a bad portal file stops the start, loudly
    app, runtime = create_service("crawl", settings)
    runtime.declare_output(
        topics.SUBMITTED,
        SubmittedEvent,
        "An input to admit: bytes already in the blob store, or a URL (`disclosures submit` sends the same).",
    )
    tasks: list[asyncio.Task[None]] = []

    @app.after_startup
    async def start_crawling() -> None:
        sink = PipelineSink(runtime.broker, runtime.blobs, settings.kafka.topic_prefix)
        scheduler = Scheduler(portals, MongoCrawlState(runtime.db[STATE_COLLECTION]), sink)
        tasks.append(asyncio.create_task(scheduler.run_forever(crawl.tick_seconds)))

    @app.on_shutdown
    async def stop_crawling() -> None:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return app
