"""A crawl of a portal through the running services (issue 12): the crawl service finds the portal's
disclosures and every one is stored once, with its source URL and its portal in the record."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from faststream import TestApp
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_crawl.app import CrawlSettings, create_app
from disclosure_crawl.testing import FakePortal, build_small_site, serve
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.settings import PipelineSettings
from disclosure_shared.testing.waiting import wait_stored

pytestmark = pytest.mark.integration


async def test_a_crawled_portal_is_stored_once_per_disclosure_with_its_url_and_portal(
    pipeline, corpus_pdfs: list[Path], tmp_path: Path, mongo_db: AsyncDatabase[dict[str, Any]]
) -> None:
    pdfs = [p.read_bytes() for p in corpus_pdfs[:2]]
    with serve(FakePortal()) as portal:
        paths = build_small_site(portal, pdfs)
        config = tmp_path / "wuhan-test.toml"
        config.write_text(
            f'name = "wuhan-test"\nstart_urls = ["http://127.0.0.1:{portal.port}/yjs/index.shtml"]\n'
            '[fetch]\nmin_interval_s = 0\nallowed_networks = ["127.0.0.0/8"]\n',
            encoding="utf-8",
        )
        app = create_app(PipelineSettings(), CrawlSettings(portals=[str(config)], tick_seconds=0.2))
        async with TestApp(app):
            stored = await wait_stored(mongo_db, [sha256_hex(data) for data in pdfs], timeout=300)
            await asyncio.sleep(2)  # more ticks: the portal is not due again, nothing is sent twice
        assert all(portal.downloads[path] == 1 for path in paths)
    urls = {f"http://127.0.0.1:{portal.port}{path}" for path in paths}
    assert {doc["source"]["uri"] for doc in stored} == urls
    assert {doc["source"]["portal"] for doc in stored} == {"wuhan-test"}
    assert await mongo_db["disclosures"].count_documents({}) == len(pdfs)
    for doc in stored:
        assert await mongo_db["disclosure_revisions"].count_documents({"sha256": doc["_id"]}) == 1
