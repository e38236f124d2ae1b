"""The warehouse feeds (issue 13): a plain aiokafka consumer reads disclosure.rows and
disclosure.findings and rebuilds a stored disclosure's tables and findings exactly, replacing (not
adding to) what it holds when a revision marker arrives again."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer

from disclosure_cli import submit_command
from disclosure_shared import topics
from disclosure_shared.events import Envelope
from disclosure_shared.feeds import FindingRecord, RevisionMarker, RowRecord
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.mongo import stored_record
from disclosure_shared.testing.waiting import wait_stored

pytestmark = pytest.mark.integration
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "qiaokou-bigdata-2023-final-accounts.pdf"


class Warehouse:
    """What a downstream consumer keeps: per sha256, the rows and findings of the newest revision."""

    def __init__(self) -> None:
        self.rows: dict[str, list[RowRecord]] = {}
        self.findings: dict[str, list[FindingRecord]] = {}
        self.markers = 0
        self.tables: dict[str, int] = {}

    def take(self, topic: str, value: bytes) -> None:
        payload = Envelope[dict[str, Any]].model_validate_json(value).payload
        held = self.rows if topic.endswith(topics.ROWS) else self.findings
        if payload["kind"] == "revision":
            marker = RevisionMarker.model_validate(payload)
            held[marker.disclosure.sha256] = []  # replace, do not add
            self.tables[marker.disclosure.sha256] = marker.tables
            self.markers += 1
        elif payload["kind"] == "row":
            row = RowRecord.model_validate(payload)
            self.rows.setdefault(row.disclosure.sha256, []).append(row)
        else:
            finding = FindingRecord.model_validate(payload)
            self.findings.setdefault(finding.disclosure.sha256, []).append(finding)


async def consume(bootstrap: str, prefix: str, warehouse: Warehouse, until: int, wait_s: float = 120) -> None:
    """Read both feeds from the start until `until` revision markers have arrived (and what follows)."""
    consumer = AIOKafkaConsumer(
        prefix + topics.ROWS,
        prefix + topics.FINDINGS,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_partition_fetch_bytes=8 * 1024 * 1024,
    )
    await consumer.start()
    try:
        deadline, quiet = time.monotonic() + wait_s, 0
        while time.monotonic() < deadline and (warehouse.markers < until or quiet < 3):
            batch = await consumer.getmany(timeout_ms=1000)
            quiet = 0 if batch else quiet + 1
            for partition, messages in batch.items():
                for message in messages:
                    warehouse.take(partition.topic, message.value)
    finally:
        await consumer.stop()


async def test_a_consumer_rebuilds_tables_and_findings_from_the_feeds(
    pipeline, pipeline_env: dict[str, str], mongo_db
) -> None:
    sha = sha256_hex(SAMPLE.read_bytes())
    assert await submit_command.run([str(SAMPLE)], force=False) == 0
    [stored] = await wait_stored(mongo_db, [sha])
    record = stored_record(stored)
    # The same revision again (a re-submission forced through): its feed is sent again, marker first.
    assert await submit_command.run([str(SAMPLE)], force=True) == 0
    warehouse = Warehouse()
    bootstrap, prefix = (
        pipeline_env["KAFKA_BOOTSTRAP_SERVERS"],
        pipeline_env["DISCLOSURE_KAFKA__TOPIC_PREFIX"],
    )
    await consume(bootstrap, prefix, warehouse, until=4)
    assert warehouse.markers == 4  # two deliveries × two feeds

    rebuilt: dict[int, list[RowRecord]] = {}
    for row in warehouse.rows[sha]:
        rebuilt.setdefault(row.table_index, []).append(row)
    assert warehouse.tables[sha] == len(record.tables) and set(rebuilt) <= set(range(len(record.tables)))
    for index, table in enumerate(record.tables):
        rows = sorted(rebuilt.get(index, []), key=lambda r: r.row_index)
        assert [r.row_index for r in rows] == list(range(len(table.rows)))  # nothing doubled
        assert {(r.table_kind, r.table_title, r.unit) for r in rows} <= {
            (table.kind, table.title, table.unit)
        }
        for row, original in zip(rows, table.rows, strict=True):
            assert (row.code, row.name, row.level, row.side, row.page) == (
                original.code,
                original.name,
                original.level,
                original.side,
                original.page,
            )
            values = {k: None if v is None else Decimal(v) for k, v in row.values.items()}
            assert values == original.values
    findings = sorted(warehouse.findings[sha], key=lambda f: f.finding_index)
    assert [f.finding for f in findings] == record.findings
    keys = warehouse.rows[sha][0].disclosure
    assert (keys.organization, keys.year, keys.kind) == (
        record.document.organization,
        record.document.year,
        record.document.kind,
    )
