"""`disclosures status` shows each portal's last crawl from the crawl service's state, its deferred
count (the re-crawl policy's back-off) among the figures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase
from rich.console import Console

from disclosure_cli.status_command import crawl_runs, render
from disclosure_crawl.state import STATE_COLLECTION, MongoCrawlState, RunState


@pytest.mark.integration
async def test_status_lists_the_last_crawl_of_each_portal(mongo_db: AsyncDatabase[dict[str, Any]]) -> None:
    state = MongoCrawlState(mongo_db[STATE_COLLECTION])
    at = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    await state.put_run(
        RunState(portal="qiaokou", started_at=at, finished_at=at, outcome="ok", found=12, new=3, deferred=7)
    )
    await state.put_run(RunState(portal="wuchang", started_at=at, finished_at=at, outcome="failed", failed=1))

    runs = await crawl_runs(mongo_db)
    assert [(r["portal"], r["outcome"], r["found"], r["new"], r["deferred"], r["failed"]) for r in runs] == [
        ("qiaokou", "ok", 12, 3, 7, 0),  # 7 known pages the re-crawl policy left for later
        ("wuchang", "failed", 0, 0, 0, 1),
    ]
    snapshot = {
        "at": "now",
        "topics": {},
        "lag": {},
        "dlq_depth": {},
        "stored_total": 0,
        "stored_last_hour": 0,
    }
    console = Console(width=200, record=True)
    console.print(render({**snapshot, "last_errors": [], "crawls": runs}))
    text = console.export_text()
    assert "crawl qiaokou" in text and "found 12, new 3, revised 0, deferred 7, failed 0" in text
    assert "crawl wuchang" in text and "failed: found 0, new 0, revised 0, deferred 0, failed 1" in text
