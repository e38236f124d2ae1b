"""Both crawl-state stores keep the same things: the JSON file (command line) and MongoDB (service)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_crawl.state import (
    STATE_COLLECTION,
    CrawlState,
    JsonFileState,
    LinkRecord,
    MongoCrawlState,
    RunState,
    UrlState,
)


async def round_trip(store: CrawlState) -> None:
    page = UrlState(
        url="http://p.example/t1.shtml",
        role="page",
        portal="p",
        etag='"abc"',
        links=[
            LinkRecord(url="http://p.example/a.pdf", title="附件"),
            LinkRecord(url="x.xls", skip_reason="xls"),
        ],
    )
    await store.put_url(page)
    assert await store.url(page.url) == page
    assert await store.url("http://p.example/other") is None

    await store.put_hash("f" * 64, "http://p.example/a.pdf")
    await store.put_hash("f" * 64, "http://p.example/republished.pdf")
    assert await store.url_for_hash("f" * 64) == "http://p.example/a.pdf"  # the first URL stays
    assert await store.url_for_hash("0" * 64) is None

    started = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    for portal, new in (("b", 1), ("a", 2), ("b", 3)):
        await store.put_run(RunState(portal=portal, started_at=started, outcome="ok", new=new))
    last = await store.last_run("b")
    assert last is not None and last.new == 3 and last.started_at == started
    assert [(r.portal, r.new) for r in await store.runs()] == [("a", 2), ("b", 3)]


async def test_json_file_state(tmp_path: Path) -> None:
    await round_trip(JsonFileState(tmp_path / "state.json"))


@pytest.mark.integration
async def test_mongo_state(mongo_db: AsyncDatabase[dict[str, Any]]) -> None:
    await round_trip(MongoCrawlState(mongo_db[STATE_COLLECTION]))


async def test_json_state_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.json"
    await JsonFileState(path).put_url(UrlState(url="u", role="attachment", portal="p", sha256="1" * 64))
    reopened = await JsonFileState(path).url("u")
    assert reopened is not None and reopened.sha256 == "1" * 64
    assert not path.with_suffix(".json.tmp").exists()
