"""A crawl of a portal through the running services (issue 12): the crawl service finds the portal's
disclosures (two PDFs and one published inline as an HTML article) and every one is stored once,
with its source URL and its portal in the record."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from faststream import TestApp
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_crawl.app import CrawlSettings, create_app
from disclosure_crawl.article import inline_article
from disclosure_crawl.testing import FakePortal, build_small_site, serve
from disclosure_parse.extraction import extract_pages
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.settings import Limits, PipelineSettings
from disclosure_shared.testing.html_article import article_html
from disclosure_shared.testing.waiting import wait_stored

pytestmark = pytest.mark.integration

INLINE_TITLE = "江苏省人大常委会办公厅2019年部门预算"


async def test_a_crawled_portal_is_stored_once_per_disclosure_with_its_url_and_portal(
    pipeline, corpus_pdfs: list[Path], tmp_path: Path, mongo_db: AsyncDatabase[dict[str, Any]]
) -> None:
    pdfs = [p.read_bytes() for p in corpus_pdfs[1:3]]
    # The inline disclosure: a corpus document's narrative and tables as a portal article.
    pages = extract_pages(corpus_pdfs[0].read_bytes(), "application/pdf", Limits(ocr_enabled=False))
    page_html = article_html(pages, INLINE_TITLE, chrome=True)
    article = inline_article(page_html, INLINE_TITLE)
    assert article is not None
    with serve(FakePortal()) as portal:
        paths = build_small_site(portal, pdfs, inline=(INLINE_TITLE, page_html))
        config = tmp_path / "wuhan-test.toml"
        config.write_text(
            f'name = "wuhan-test"\nstart_urls = ["http://127.0.0.1:{portal.port}/yjs/index.shtml"]\n'
            '[fetch]\nmin_interval_s = 0\nallowed_networks = ["127.0.0.0/8"]\n',
            encoding="utf-8",
        )
        app = create_app(PipelineSettings(), CrawlSettings(portals=[str(config)], tick_seconds=0.2))
        hashes = [sha256_hex(data) for data in [*pdfs, article]]
        async with TestApp(app):
            stored = await wait_stored(mongo_db, hashes, timeout=300)
            await asyncio.sleep(2)  # more ticks: the portal is not due again, nothing is sent twice
        assert all(portal.downloads[path] == 1 for path in paths)
    urls = {f"http://127.0.0.1:{portal.port}{path}" for path in paths}
    assert {doc["source"]["uri"] for doc in stored} == urls
    assert {doc["source"]["portal"] for doc in stored} == {"wuhan-test"}
    assert await mongo_db["disclosures"].count_documents({}) == len(hashes)
    for doc in stored:
        assert await mongo_db["disclosure_revisions"].count_documents({"sha256": doc["_id"]}) == 1
    inline = next(doc for doc in stored if doc["_id"] == sha256_hex(article))
    assert len(inline["tables"]) == 12 and inline["document"]["year"] == 2019
