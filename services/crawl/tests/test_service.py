"""The crawl service against a real Kafka broker and MongoDB-wire server: it crawls the fake portal
on its own, keeps its state in MongoDB and submits what it found to disclosure.submitted."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from faststream import TestApp
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_crawl.app import CrawlSettings, create_app
from disclosure_crawl.state import STATE_COLLECTION, MongoCrawlState
from disclosure_crawl.testing import FakePortal, build_small_site
from disclosure_shared import topics
from disclosure_shared.events import SubmittedEvent
from disclosure_shared.mongo import blob_store
from disclosure_shared.settings import PipelineSettings

pytestmark = pytest.mark.integration


async def submitted(settings: PipelineSettings, count: int, wait_s: float = 60.0) -> list[SubmittedEvent]:
    consumer = AIOKafkaConsumer(
        settings.kafka.topic(topics.SUBMITTED),
        bootstrap_servers=settings.kafka.bootstrap_servers,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    events: list[SubmittedEvent] = []
    try:
        deadline = time.monotonic() + wait_s
        while len(events) < count and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            events += [SubmittedEvent.model_validate_json(m.value) for ms in batch.values() for m in ms]
    finally:
        await consumer.stop()
    return events


async def test_the_service_crawls_its_portals_into_the_pipeline(
    pipeline_env: dict[str, str],
    mongo_db: AsyncDatabase[dict[str, Any]],
    fake_portal: FakePortal,
    small_pdfs: list[bytes],
    tmp_path: Path,
) -> None:
    paths = build_small_site(fake_portal, small_pdfs[:2])
    portal_file = tmp_path / "local.toml"
    portal_file.write_text(
        f'name = "local"\nstart_urls = ["http://127.0.0.1:{fake_portal.port}/yjs/index.shtml"]\n'
        '[fetch]\nmin_interval_s = 0\nallowed_networks = ["127.0.0.0/8"]\n',
        encoding="utf-8",
    )
    settings = PipelineSettings()
    assert settings.mongo.database == mongo_db.name  # the service writes where the test reads
    app = create_app(settings, CrawlSettings(portals=[str(portal_file)], tick_seconds=0.2))
    state = MongoCrawlState(mongo_db[STATE_COLLECTION])
    async with TestApp(app):
        events = await submitted(settings, 2)
        run = None
        for _ in range(100):
            run = await state.last_run("local")
            if run is not None and run.outcome != "running":
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)  # a few more ticks: the portal is not due again
    assert run is not None and (run.outcome, run.found, run.new) == ("ok", 2, 2)
    assert sorted(e.payload.uri or "" for e in events) == sorted(
        f"http://127.0.0.1:{fake_portal.port}{p}" for p in paths
    )
    blobs = blob_store(settings, mongo_db)
    assert sorted([await blobs.get(e.payload.blob) for e in events if e.payload.blob]) == sorted(
        small_pdfs[:2]
    )
    assert all(fake_portal.downloads[p] == 1 for p in paths)
    assert len(await submitted(settings, 3, wait_s=2.0)) == 2  # nothing submitted twice
