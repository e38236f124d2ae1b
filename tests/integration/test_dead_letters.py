"""Dead letters as an operator handles them: poison the pipeline by configuration, list and show the
dead letter with `disclosures dlq`, fix the cause, replay, and find the document stored once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from disclosure_cli import submit_command
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.testing.operator import disclosures
from disclosure_shared.testing.pdfs import text_pdf
from disclosure_shared.testing.waiting import wait_for_documents, wait_stored

pytestmark = pytest.mark.integration


async def test_a_poisoned_document_is_listed_shown_replayed_and_stored_exactly_once(
    start_workers: Any, pipeline_env: dict[str, str], mongo_db, tmp_path: Path, monkeypatch
) -> None:
    workers = start_workers(("ingest", "ingest"), ("validate", "validate"), ("store", "store"))
    # The cause: a document budget no extraction can meet (a configuration error).
    monkeypatch.setitem(pipeline_env, "DISCLOSURE_LIMITS__DOCUMENT_SECONDS", "0.001")
    poisoned = start_workers(("parse", "parse-poisoned"))["parse-poisoned"]
    data = text_pdf(["武汉市江汉区财政局 2024 年部门预算"])
    path = tmp_path / "poisoned-budget.pdf"
    path.write_bytes(data)
    sha = sha256_hex(data)
    assert await submit_command.run([str(path)], force=False) == 0
    [letter] = await wait_for_documents(mongo_db["dead_letters"], {"sha256": sha}, 1, timeout=90)

    listed = await disclosures("dlq", "list", "--stage", "extract", "--code", "timeout", "--json")
    assert listed.returncode == 0, listed.stderr
    [entry] = json.loads(listed.stdout)
    assert entry["_id"] == letter["_id"] and entry["filename"] == "poisoned-budget.pdf"
    assert json.loads((await disclosures("dlq", "list", "--code", "corrupt-pdf", "--json")).stdout) == []
    assert json.loads((await disclosures("dlq", "list", "--since", "1h", "--json")).stdout) != []
    shown = await disclosures("dlq", "show", letter["_id"])
    assert shown.returncode == 0, shown.stderr
    detail = json.loads(shown.stdout)
    assert detail["error_type"] == "timeout" and detail["stage"] == "extract"
    assert detail["original"]["topic"].endswith("disclosure.fetched")
    assert json.loads(detail["headers"]["x-original-headers"])["x-trace-id"] == detail["trace_id"]
    assert (await disclosures("dlq", "show", "no-such-id")).returncode == 1

    # Fix the cause: parse runs again with its normal budget.
    await asyncio.to_thread(poisoned.stop)
    monkeypatch.delitem(pipeline_env, "DISCLOSURE_LIMITS__DOCUMENT_SECONDS")
    monkeypatch.delenv("DISCLOSURE_LIMITS__DOCUMENT_SECONDS", raising=False)
    parse = start_workers(("parse", "parse"))["parse"]

    dry = await disclosures("dlq", "replay", "--all", "--dry-run")
    assert f"would replay {letter['_id']}" in dry.stderr
    assert await mongo_db["disclosures"].count_documents({}) == 0
    replayed = await disclosures("dlq", "replay", letter["_id"])
    assert replayed.returncode == 0 and f"replayed {letter['_id']}" in replayed.stderr, replayed.stderr
    [stored] = await wait_stored(mongo_db, [sha], timeout=120)
    assert stored["trace_id"] == letter["trace_id"]  # the replay is the same submission's trace
    replay_line = next(
        json.loads(line) for line in parse.log().splitlines() if f"extract done for {sha}" in line
    )
    assert replay_line["trace_id"] == letter["trace_id"]

    # A second replay changes nothing: the entry is marked replayed.
    again = await disclosures("dlq", "replay", letter["_id"])
    assert "already replayed" in again.stderr and "replayed 0" in again.stderr
    everything = await disclosures("dlq", "replay", "--all")
    assert "replayed 0" in everything.stderr
    await asyncio.sleep(3)
    assert parse.log().count(f"extract done for {sha}") == 1
    assert await mongo_db["disclosures"].count_documents({"_id": sha}) == 1
    assert await mongo_db["disclosure_revisions"].count_documents({"sha256": sha}) == 1
    assert workers["store"].log().count(f"stored {sha}") == 1

    purge = await disclosures("dlq", "purge", "--code", "timeout", "--yes")
    assert "deleted 1 dead letters" in purge.stderr
    assert await mongo_db["dead_letters"].count_documents({}) == 0
