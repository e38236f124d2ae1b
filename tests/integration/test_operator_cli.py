"""The operator's commands against the running pipeline: reprocess, submit's answers, status."""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path

import pytest

from disclosure_cli import submit_command
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.testing.operator import disclosures
from disclosure_shared.testing.pdfs import text_pdf
from disclosure_shared.testing.waiting import wait_for_documents, wait_stored
from disclosure_shared.testing.workers import Worker, free_port

pytestmark = pytest.mark.integration


async def test_reprocess_reruns_a_stored_input_without_its_original_file(
    pipeline: dict[str, Worker], mongo_db, tmp_path: Path
) -> None:
    data = text_pdf(["武汉市硚口区民政局 2024 年部门预算"])
    path = tmp_path / "gone-after-submit.pdf"
    path.write_bytes(data)
    sha = sha256_hex(data)
    assert await submit_command.run([str(path)], force=False) == 0
    [first] = await wait_stored(mongo_db, [sha], timeout=120)
    path.unlink()  # the original file is gone; the blob store keeps the bytes

    current = await disclosures("reprocess", "--sha256", sha, "--since-parser-version", "0.0.1")
    assert current.returncode == 0 and "0 resubmitted, 1 already current" in current.stderr

    result = await disclosures("reprocess", "--sha256", sha)
    assert result.returncode == 0, result.stderr
    [trace] = re.findall(r"resubmitted [0-9a-f]{12} trace ([0-9a-f]{32})", result.stderr)
    [again] = await wait_for_documents(mongo_db["disclosures"], {"_id": sha, "trace_id": trace}, 1, 120)
    assert again["trace_id"] != first["trace_id"] and again["stored_at"] > first["stored_at"]
    assert again["source"]["filename"] == "gone-after-submit.pdf"
    assert pipeline["parse"].log().count(f"extract done for {sha}") == 2
    assert await mongo_db["disclosure_revisions"].count_documents({"sha256": sha}) == 1

    nothing = await disclosures("reprocess", "--sha256", "0" * 64)
    assert nothing.returncode == 1 and "0 resubmitted" in nothing.stderr


async def test_submit_says_when_an_input_was_already_processed_and_status_names_idle_groups(
    pipeline: dict[str, Worker], mongo_db, tmp_path: Path
) -> None:
    data = text_pdf(["武汉市江岸区审计局 2024 年部门预算"])
    path = tmp_path / "twice.pdf"
    path.write_bytes(data)
    sha = sha256_hex(data)
    first = await disclosures("submit", str(path))
    assert first.returncode == 0 and f"submitted {path}" in first.stderr, first.stderr
    [stored] = await wait_stored(mongo_db, [sha], timeout=120)
    second = await disclosures("submit", str(path))
    assert second.returncode == 0
    assert f"already processed {path} {sha[:12]}: verdict {stored['verdict']}" in second.stderr

    services = {name: worker.health_url for name, worker in pipeline.items()}
    env = {"DISCLOSURE_OPS__SERVICES": json.dumps(services), "COLUMNS": "200"}
    answered = await disclosures("status", "--json", env=env)
    assert answered.returncode == 0, answered.stderr[-3000:]
    healthy = json.loads(answered.stdout)
    assert healthy["groups_without_members"] == []
    assert healthy["services"] == dict.fromkeys(services, "ready")
    await asyncio.to_thread(pipeline["validate"].stop)
    stopped = await disclosures("status", "--json", env=env)
    snapshot = json.loads(stopped.stdout)
    assert snapshot["groups_without_members"] == ["validate"]
    assert snapshot["members"]["validate"] == 0 and snapshot["members"]["store"] == 1
    assert snapshot["services"]["validate"].startswith("unreachable")
    table = await disclosures("status", env=env)
    assert "no live member" in table.stdout and "validate" in table.stdout


@pytest.mark.parametrize("down", ["kafka", "mongodb"])
async def test_an_unreachable_backend_is_one_line_within_seconds(
    pipeline_env: dict[str, str], tmp_path: Path, down: str
) -> None:
    dead = f"127.0.0.1:{free_port()}"
    env = {"KAFKA_BOOTSTRAP_SERVERS": dead} if down == "kafka" else {"MONGODB_URI": f"mongodb://{dead}/"}
    path = tmp_path / "x.pdf"
    path.write_bytes(text_pdf(["x"]))
    commands = [["status"], ["submit", str(path)]] + ([["dlq", "list"]] if down == "mongodb" else [])
    for command in commands:
        started = time.monotonic()
        result = await disclosures(*command, env=env)
        took = time.monotonic() - started
        assert result.returncode == 2, (command, result.stderr[-2000:])
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), (command, result.stderr[-2000:])
        assert ("Kafka" if down == "kafka" else "MongoDB") in lines[0] and dead in lines[0]
        assert "Traceback" not in result.stderr + result.stdout
        assert took < 15, (command, took)
