"""`disclosures revalidate DIR` over records written by `disclosures process --out DIR`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from pymongo import AsyncMongoClient
from typer.testing import CliRunner

from disclosure_cli.main import app
from disclosure_shared.records import Finding, ProcessedDisclosure
from disclosure_store.repository import DisclosureRepository
from disclosure_validate.validation import default_rule_set

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture
def seed_000() -> Path:
    found = sorted(SEEDS.glob("000_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed texts not found at {SEEDS}: put the shared reference folder beside the repo")
    return found[0]


def test_revalidate_replaces_rule_findings_and_keeps_parse_findings(seed_000: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    processed = runner.invoke(app, ["process", str(seed_000), "--out", str(tmp_path)])
    assert processed.exit_code == 0, processed.output
    [path] = list(tmp_path.glob("*.json"))
    record = json.loads(path.read_text("utf-8"))
    parse_findings = [f for f in record["findings"] if f["rule"] in ("unparsed-cell", "unparsed-table")]
    n02 = [f for f in record["findings"] if f["rule"] == "N-02"]
    # 000:L1289 and L1315: the published growth-rate errors
    assert sorted(f["actual"] for f in n02) == ["27.16", "30.06"]
    stale = {"rule": "N-01", "severity": "error", "probable_cause": "source", "message": "旧结论。"}
    record["findings"].append(stale)
    record["rule_set_version"] = "0.0.0"
    path.write_text(json.dumps(record, ensure_ascii=False), "utf-8")

    result = runner.invoke(app, ["revalidate", str(tmp_path)])

    assert result.exit_code == 0, result.output
    again = json.loads(path.read_text("utf-8"))
    assert again["rule_set_version"] != "0.0.0"
    assert stale["message"] not in [f["message"] for f in again["findings"]]
    assert [
        f for f in again["findings"] if f["rule"] in ("unparsed-cell", "unparsed-table")
    ] == parse_findings
    assert sorted(f["actual"] for f in again["findings"] if f["rule"] == "N-02") == ["27.16", "30.06"]
    assert again["verdict"] == "fail"


def test_revalidate_an_empty_directory_fails(tmp_path: Path) -> None:
    assert CliRunner().invoke(app, ["revalidate", str(tmp_path)]).exit_code == 1


def test_revalidate_needs_a_directory_or_store(tmp_path: Path) -> None:
    assert CliRunner().invoke(app, ["revalidate"]).exit_code != 0
    assert CliRunner().invoke(app, ["revalidate", str(tmp_path), "--store"]).exit_code != 0


@pytest.mark.integration
def test_revalidate_store_writes_a_revision_under_the_current_rule_set(
    seed_000: Path, tmp_path: Path, pipeline_env: dict[str, str]
) -> None:
    """A record stored under an old rule set, with a stale finding, is re-validated in MongoDB."""
    runner = CliRunner()
    assert runner.invoke(app, ["process", str(seed_000), "--out", str(tmp_path)]).exit_code == 0
    [path] = list(tmp_path.glob("*.json"))
    old = ProcessedDisclosure.model_validate_json(path.read_bytes())
    stale = Finding(rule="N-01", severity="error", probable_cause="source", message="旧结论。")
    old = old.model_copy(update={"rule_set_version": "0.0.1", "findings": [*old.findings, stale]})

    async def store_old() -> None:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(pipeline_env["MONGODB_URI"])
        repository = DisclosureRepository(client[pipeline_env["DISCLOSURE_MONGO__DATABASE"]])
        await repository.ensure_indexes()
        await repository.save(old)
        await client.close()

    async def stored() -> tuple[dict[str, Any] | None, int]:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(pipeline_env["MONGODB_URI"])
        db = client[pipeline_env["DISCLOSURE_MONGO__DATABASE"]]
        current = await db["disclosures"].find_one({"_id": old.sha256})
        revisions = await db["disclosure_revisions"].count_documents({"sha256": old.sha256})
        await client.close()
        return current, revisions

    asyncio.run(store_old())
    result = runner.invoke(app, ["revalidate", "--store"])
    assert result.exit_code == 0, result.output
    current, revisions = asyncio.run(stored())
    assert current is not None and current["rule_set_version"] == default_rule_set().version
    assert "旧结论。" not in [f["message"] for f in current["findings"]]
    # 000:L1289: the published growth rate 27.16% (720.59 / 2650.66 = 27.19%) is still reported
    assert "27.16" in [f.get("actual") for f in current["findings"] if f["rule"] == "N-02"]
    assert revisions == 2  # the old rule set's revision is kept
    [message] = asyncio.run(validated_messages(pipeline_env))  # the new verdict, like any revision
    assert message["sha256"] == old.sha256 and message["stage"] == "validated"
    assert message["payload"]["rule_set_version"] == default_rule_set().version
    assert message["payload"]["verdict"] == current["verdict"]

    again = runner.invoke(app, ["revalidate", "--store"])
    assert again.exit_code == 0 and asyncio.run(stored())[1] == 2  # idempotent
    assert len(asyncio.run(validated_messages(pipeline_env))) == 1  # nothing new to publish


async def validated_messages(env: dict[str, str]) -> list[dict[str, Any]]:
    """Every message on this test's disclosure.validated topic."""
    topic = env["DISCLOSURE_KAFKA__TOPIC_PREFIX"] + "disclosure.validated"
    consumer = AIOKafkaConsumer(bootstrap_servers=env["KAFKA_BOOTSTRAP_SERVERS"], enable_auto_commit=False)
    await consumer.start()
    try:
        cluster = await consumer._client.fetch_all_metadata()
        partitions = [TopicPartition(topic, p) for p in cluster.partitions_for_topic(topic) or ()]
        assert partitions, topic
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        messages = []
        for tp in partitions:
            while await consumer.position(tp) < ends[tp]:
                batch = await consumer.getmany(tp, timeout_ms=2000)
                messages += [json.loads(m.value) for m in batch.get(tp, [])]
        return messages
    finally:
        await consumer.stop()
