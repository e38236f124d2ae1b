"""A downstream consumer written only from the committed contract (docs/contract/): topic names come
from the AsyncAPI document, every message is checked against the JSON Schemas with `jsonschema`,
and nothing of the project's models is imported. The disclosure goes through the running services.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from jsonschema import Draft202012Validator

from disclosure_cli import submit_command
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.testing.waiting import wait_stored

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "docs" / "contract"
SAMPLE = REPO / "samples" / "qiaokou-bigdata-2023-final-accounts.pdf"


def contract(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((CONTRACT / name).read_text(encoding="utf-8"))
    return document


def validator(name: str) -> Draft202012Validator:
    schema = contract(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def written_topics() -> dict[str, str]:
    """Channel title → topic address of every topic the AsyncAPI document says a service writes."""
    document = contract("asyncapi.json")
    channels = document["channels"]
    return {
        name: channels[name]["address"]
        for op in document["operations"].values()
        if op["action"] == "send"
        for name in [op["channel"]["$ref"].rsplit("/", 1)[-1]]
    }


async def read_all(bootstrap: str, names: list[str], wait_s: float = 120) -> dict[str, list[Any]]:
    """Every message on `names` from the start, until each topic has some and 3 s pass quietly."""
    consumer = AIOKafkaConsumer(
        *names,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_partition_fetch_bytes=8 * 1024 * 1024,
    )
    got: dict[str, list[Any]] = {name: [] for name in names}
    await consumer.start()
    try:
        deadline, quiet = time.monotonic() + wait_s, 0
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=1000)
            quiet = 0 if batch else quiet + 1
            for partition, messages in batch.items():
                got[partition.topic].extend(messages)
            if quiet >= 3 and all(got.values()):
                break
    finally:
        await consumer.stop()
    return got


async def test_a_consumer_reads_validated_rows_and_findings_from_the_committed_documents_alone(
    pipeline, pipeline_env: dict[str, str], mongo_db
) -> None:
    prefix = pipeline_env["DISCLOSURE_KAFKA__TOPIC_PREFIX"]
    addresses = set(written_topics().values())
    validated, rows, findings = "disclosure.validated", "disclosure.rows", "disclosure.findings"
    assert {validated, rows, findings} <= addresses, "the document names the three topics a consumer reads"

    sha = sha256_hex(SAMPLE.read_bytes())
    assert await submit_command.run([str(SAMPLE)], force=False) == 0
    await wait_stored(mongo_db, [sha])
    names = [prefix + validated, prefix + rows, prefix + findings]
    got = await read_all(pipeline_env["KAFKA_BOOTSTRAP_SERVERS"], names)

    checks = {
        prefix + validated: validator("validated-message.json"),
        prefix + rows: validator("rows-message.json"),
        prefix + findings: validator("findings-message.json"),
    }
    record_schema = validator("processed-disclosure.json")
    for topic, messages in got.items():
        assert messages, f"nothing read from {topic}"
        for message in messages:
            body = json.loads(message.value)
            errors = [e.message for e in checks[topic].iter_errors(body)]
            assert not errors, f"{topic} offset {message.offset}: {errors[:3]}"
            assert message.key == body["sha256"].encode()  # keyed by sha256, as documented

    [record_message] = [json.loads(m.value) for m in got[prefix + validated]]
    record = record_message["payload"]
    assert not list(record_schema.iter_errors(record))
    assert record["sha256"] == sha and record["tables"] and record["verdict"] in {"pass", "warn", "fail"}

    # The feeds as the document describes them: a revision marker, then the rows / findings it counts.
    row_payloads = [json.loads(m.value)["payload"] for m in got[prefix + rows]]
    finding_payloads = [json.loads(m.value)["payload"] for m in got[prefix + findings]]
    assert row_payloads[0]["kind"] == "revision" and finding_payloads[0]["kind"] == "revision"
    assert row_payloads[0]["rows"] == len(row_payloads) - 1 == sum(len(t["rows"]) for t in record["tables"])
    assert finding_payloads[0]["findings"] == len(finding_payloads) - 1 == len(record["findings"])
    assert {p["kind"] for p in row_payloads[1:]} == {"row"}
    assert {p["kind"] for p in finding_payloads[1:]} == {"finding"}


def test_a_message_that_breaks_the_contract_is_caught_by_the_committed_schemas() -> None:
    """The schemas are strict enough to catch what a consumer would trip on (no live broker needed)."""
    check = validator("rows-message.json")
    row = {
        "schema_version": "1",
        "sha256": "ab" * 32,
        "stage": "stored",
        "produced_at": "2026-01-01T00:00:00Z",
        "trace_id": "t",
        "parser_version": "0.3.0",
        "payload": {
            "kind": "row",
            "feed_schema_version": "1",
            "disclosure": {"sha256": "ab" * 32, "parser_version": "0.3.0"},
            "table_index": 0,
            "row_index": 0,
            "table_kind": "expenditure",
            "table_title": "支出决算表",
            "unit": "wan_yuan",
            "name": "事业运行",
            "values": {"total": "261.74"},
        },
    }
    assert not list(check.iter_errors(row))
    for broken in (
        {**row["payload"], "unit": "thousand"},  # not a contract unit
        {**row["payload"], "values": {"total": 261.74}},  # money as a float
        {**row["payload"], "surprise": 1},  # an undocumented field
    ):
        assert list(check.iter_errors({**row, "payload": broken}))
