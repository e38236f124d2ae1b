"""Corpus PDFs through the four running services over real Kafka into the MongoDB-wire store."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from disclosure_cli import submit_command
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.testing.http import serve
from disclosure_shared.testing.pdfs import text_pdf
from disclosure_shared.testing.waiting import wait_for_documents, wait_stored

pytestmark = pytest.mark.integration


async def test_three_corpus_pdfs_are_stored_with_per_page_text(
    pipeline, corpus_pdfs: list[Path], mongo_db
) -> None:
    pdfs = corpus_pdfs[:3]
    assert await submit_command.run([str(p) for p in pdfs], force=False) == 0
    shas = [sha256_hex(p.read_bytes()) for p in pdfs]
    stored = await wait_stored(mongo_db, shas)
    for pdf, doc in zip(pdfs, stored, strict=True):
        with pdfplumber.open(pdf) as plumber:
            expected_pages = len(plumber.pages)
            first_page_text = plumber.pages[0].extract_text() or ""
        assert doc["source"]["filename"] == pdf.name
        assert doc["source"]["bytes"] == pdf.stat().st_size
        assert [p["number"] for p in doc["pages"]] == list(range(1, expected_pages + 1))
        assert doc["pages"][0]["text"] == first_page_text
        assert all(p["chars"] == len(p["text"]) for p in doc["pages"])
        assert doc["parser_version"] and doc["verdict"] in ("pass", "warn", "fail")
        assert await mongo_db["disclosure_revisions"].count_documents({"sha256": doc["_id"]}) == 1
    intake = await mongo_db["intake"].find({"_id": {"$in": shas}}).to_list(None)
    assert {d["_id"] for d in intake} == set(shas) and all(d["published"] for d in intake)


async def test_resubmitting_the_same_bytes_is_not_processed_again(
    pipeline, corpus_pdfs: list[Path], mongo_db
) -> None:
    pdf = corpus_pdfs[0]
    sha = sha256_hex(pdf.read_bytes())
    assert await submit_command.run([str(pdf)], force=False) == 0
    [first] = await wait_stored(mongo_db, [sha])
    assert await submit_command.run([str(pdf)], force=False) == 0
    pipeline["ingest"].wait_for("ingest done for", timeout=60, count=2)
    assert pipeline["parse"].log().count(f"extract done for {sha}") == 1
    [again] = await mongo_db["disclosures"].find({"_id": sha}).to_list(None)
    assert again["stored_at"] == first["stored_at"]
    assert (await mongo_db["intake"].find_one({"_id": sha}))["submissions"] == 2


async def test_urls_are_fetched_by_ingest_and_dead_urls_dead_lettered(pipeline, mongo_db) -> None:
    pdf = text_pdf(["武汉市青山区大数据中心 2024 年部门预算"])
    with serve({"/docs/budget.pdf": (200, {"Content-Type": "application/pdf"}, pdf)}) as base:
        dead = base.rsplit(":", 1)[0] + ":1/gone.pdf"
        assert await submit_command.run([base + "/docs/budget.pdf", dead], force=False) == 0
        [doc] = await wait_stored(mongo_db, [sha256_hex(pdf)])
    assert doc["source"]["uri"] == base + "/docs/budget.pdf"
    assert doc["source"]["filename"] == "budget.pdf"
    [letter] = await wait_for_documents(mongo_db["dead_letters"], {"error_type": "source-unavailable"}, 1)
    assert "gone.pdf" in letter["error"] and letter["stage"] == "ingest"
    assert letter["attempts"] == 3  # an outage is retried with backoff before it is dead-lettered
    assert dead in letter["body"]  # the submission itself is kept for replay
