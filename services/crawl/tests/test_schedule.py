"""Interval scheduling of portals, and submission of what a crawl finds to the pipeline topic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from faststream.kafka import KafkaBroker, TestKafkaBroker

from disclosure_crawl.app import CrawlSettings, create_app
from disclosure_crawl.config import ConfigError, PortalConfig
from disclosure_crawl.publishing import PipelineSink
from disclosure_crawl.schedule import Scheduler, is_due
from disclosure_crawl.state import JsonFileState, RunState
from disclosure_crawl.testing import FakePortal, build_small_site, fake_resolver, portal_config
from disclosure_shared import topics
from disclosure_shared.blobs import FileBlobStore
from disclosure_shared.events import Stage, SubmittedEvent

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def portal(minutes: int) -> PortalConfig:
    return PortalConfig(name="p", start_urls=["http://p.example/"], interval_minutes=minutes)


def test_due_on_the_interval_and_sooner_after_a_failed_run() -> None:
    daily = portal(24 * 60)
    assert is_due(daily, None, T0)
    ok = RunState(portal="p", started_at=T0, finished_at=T0 + timedelta(minutes=5), outcome="ok")
    assert not is_due(daily, ok, T0 + timedelta(hours=23))
    assert is_due(daily, ok, T0 + timedelta(hours=24, minutes=5))
    failed = ok.model_copy(update={"outcome": "failed"})
    assert is_due(daily, failed, T0 + timedelta(hours=1, minutes=5))
    cut_short = RunState(portal="p", started_at=T0, outcome="running")
    assert is_due(daily, cut_short, T0 + timedelta(hours=24))


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


async def test_scheduler_crawls_each_portal_when_due(fake_portal: FakePortal, small_pdfs, tmp_path: Path):
    pdfs = build_small_site(fake_portal, small_pdfs[:2])
    config = portal_config(fake_portal, "/yjs/index.shtml").model_copy(update={"interval_minutes": 60})
    delivered: list[str] = []

    async def sink(document) -> None:
        delivered.append(document.found.url.removeprefix(fake_portal.base()))

    clock = Clock()
    state = JsonFileState(tmp_path / "state.json")
    scheduler = Scheduler([config], state, sink, resolver=fake_resolver, clock=clock)
    assert [len(r.new) for r in await scheduler.tick()] == [2]
    clock.at = T0 + timedelta(minutes=30)
    assert await scheduler.tick() == []
    clock.at = T0 + timedelta(minutes=61)
    [again] = await scheduler.tick()
    assert (len(again.new), len(again.unchanged)) == (0, 2)
    assert sorted(delivered) == sorted(pdfs)


async def test_pipeline_sink_submits_stored_bytes_with_the_portal_url(
    fake_portal: FakePortal, small_pdfs, tmp_path: Path
):
    build_small_site(fake_portal, small_pdfs[:2])
    broker = KafkaBroker()
    received: list[SubmittedEvent] = []

    @broker.subscriber("t." + topics.SUBMITTED)
    async def capture(body: dict) -> None:  # type: ignore[type-arg]
        received.append(SubmittedEvent.model_validate(body))

    blobs = FileBlobStore(tmp_path / "blobs")
    async with TestKafkaBroker(broker) as test_broker:
        sink = PipelineSink(test_broker, blobs, "t.")
        config = portal_config(fake_portal, "/yjs/index.shtml")
        await Scheduler([config], JsonFileState(tmp_path / "s.json"), sink, resolver=fake_resolver).tick()
    assert len(received) == 2
    for event in received:
        assert event.stage == Stage.SUBMITTED and event.payload.blob is not None
        assert event.sha256 == event.payload.blob.sha256
        assert event.payload.uri is not None and event.payload.uri.startswith(fake_portal.base() + "/yjs/")
        assert await blobs.get(event.payload.blob) in small_pdfs[:2]


def test_the_service_refuses_to_start_with_a_bad_portal(tmp_path: Path) -> None:
    assert create_app(crawl=CrawlSettings(portals=["qiaokou", "http://www.example.gov.cn/yjs/"])) is not None
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "Bad Name"\nstart_urls = ["http://h/"]', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        create_app(crawl=CrawlSettings(portals=[str(bad)]))
