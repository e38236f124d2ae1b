"""Bad input is dead-lettered with its reason while the pipeline keeps going; crashes lose nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer

from disclosure_cli import status_command, submit_command
from disclosure_shared import topics
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.settings import PipelineSettings
from disclosure_shared.testing.pdfs import damaged_pdf, text_pdf
from disclosure_shared.testing.waiting import wait_for_documents, wait_stored

pytestmark = pytest.mark.integration


async def read_topic(bootstrap: str, topic: str, count: int) -> list:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    try:
        records: list = []
        for _ in range(60):
            batch = await consumer.getmany(timeout_ms=1000)
            records.extend(r for rs in batch.values() for r in rs)
            if len(records) >= count:
                break
        return records
    finally:
        await consumer.stop()


async def test_bad_inputs_are_dead_lettered_and_the_next_one_is_processed(
    pipeline, pipeline_env: dict[str, str], tmp_path: Path, mongo_db
) -> None:
    bad = {
        "corrupt.pdf": (damaged_pdf(), "corrupt-pdf", "disclosure.fetched"),
        "locked.pdf": (text_pdf(["机密"], encrypt_password="pw"), "encrypted-pdf", "disclosure.fetched"),
        "photo.pdf": (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
            "not-a-disclosure",
            "disclosure.submitted",
        ),
        # Readable, with Chinese text, but no disclosure in it: rejected after parsing, never stored.
        "notes.md": (
            "# 项目说明\n\n本项目把部门预算公开文件转为结构化记录。\n".encode(),
            "not-a-disclosure",
            "disclosure.parsed",
        ),
    }
    good = tmp_path / "good.pdf"
    good.write_bytes(text_pdf(["武汉市硚口区大数据中心 2023 年度部门决算"]))
    for name, (data, _, _) in bad.items():
        (tmp_path / name).write_bytes(data)
    paths = [tmp_path / name for name in bad] + [good]
    assert await submit_command.run([str(p) for p in paths], force=False) == 0

    await wait_stored(mongo_db, [sha256_hex(good.read_bytes())])
    letters = await wait_for_documents(mongo_db["dead_letters"], {}, len(bad), timeout=120)
    by_sha = {letter["sha256"]: letter for letter in letters}
    prefix = pipeline_env["DISCLOSURE_KAFKA__TOPIC_PREFIX"]
    for data, code, topic in bad.values():
        letter = by_sha[sha256_hex(data)]
        assert letter["error_type"] == code
        assert letter["dlq_topic"] == f"{prefix}{topic}.dlq"
        assert letter["original"]["topic"] == f"{prefix}{topic}"
        assert letter["error"].startswith(code)
        # The bytes were kept: they can be inspected or replayed.
        assert await mongo_db["blobs.files"].count_documents({"_id": sha256_hex(data)}) == 1

    records = await read_topic(pipeline_env["KAFKA_BOOTSTRAP_SERVERS"], f"{prefix}disclosure.fetched.dlq", 2)
    corrupt = next(r for r in records if dict(r.headers)["x-error-type"] == b"corrupt-pdf")
    headers = {k: v.decode() for k, v in corrupt.headers}
    assert headers["x-stage"] == "extract" and headers["x-attempts"] == "1"
    assert {"x-original-partition", "x-original-offset", "x-error"} <= headers.keys()

    for _ in range(40):  # offsets are committed just after each handler returns
        health = await status_command.collect(PipelineSettings())
        if not any(health["lag"].values()):
            break
        await asyncio.sleep(0.25)
    assert health["lag"] == dict.fromkeys(topics.STAGE_GROUPS, 0)
    assert health["dlq_depth"]["disclosure.fetched.dlq"] == 2
    assert health["dlq_depth"]["disclosure.submitted.dlq"] == 1
    assert health["dlq_depth"]["disclosure.parsed.dlq"] == 1
    assert health["topics"]["disclosure.submitted"] == len(paths)
    assert health["stored_total"] == 1
    assert {e["error_type"] for e in health["last_errors"]} == {
        "corrupt-pdf",
        "encrypted-pdf",
        "not-a-disclosure",
    }


async def test_a_worker_killed_mid_stream_loses_and_duplicates_nothing(
    start_workers, corpus_pdfs: list[Path], mongo_db
) -> None:
    workers = start_workers(
        ("ingest", "ingest"), ("parse", "parse"), ("validate", "validate"), ("store", "store")
    )
    pdfs = corpus_pdfs[:8]
    shas = [sha256_hex(p.read_bytes()) for p in pdfs]
    assert await submit_command.run([str(p) for p in pdfs], force=False) == 0

    workers["parse"].wait_for("parse done for", timeout=180)
    workers["parse"].kill()
    assert await mongo_db["disclosures"].count_documents({}) < len(pdfs), (
        "the kill came too late to test anything"
    )
    start_workers(("parse", "parse-restarted"))

    await wait_stored(mongo_db, shas, timeout=600)
    assert await mongo_db["disclosures"].count_documents({}) == len(set(shas))
    for sha in set(shas):
        assert await mongo_db["disclosure_revisions"].count_documents({"sha256": sha}) == 1
