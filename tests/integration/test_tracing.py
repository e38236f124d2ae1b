"""One submission's trace id, from `disclosures submit` through every service's log into the store."""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from disclosure_cli import submit_command
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.testing.pdfs import text_pdf
from disclosure_shared.testing.waiting import wait_stored
from disclosure_shared.testing.workers import Worker

pytestmark = pytest.mark.integration


def json_lines(worker: Worker) -> list[dict[str, Any]]:
    """Every line of a worker's log as JSON (a line that is not JSON fails the test)."""
    text = worker.log()
    assert "\x1b[" not in text, "colour codes in a log file"
    return [json.loads(line) for line in text.splitlines() if line.strip()]


async def wait_for_done_lines(pipeline: dict[str, Worker], trace: str, seconds: float) -> None:
    """Until every service has logged its stage line for `trace` (the assertions below say which did not)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(
            any(line.get("trace_id") == trace and " done for " in line["msg"] for line in json_lines(worker))
            for worker in pipeline.values()
        ):
            return
        await asyncio.sleep(0.5)


async def test_the_trace_id_of_a_submission_is_in_every_service_log_and_the_stored_record(
    pipeline: dict[str, Worker], mongo_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = text_pdf(["武汉市洪山区教育局 2024 年部门预算", "一、收支总体情况"])
    path = tmp_path / "traced.pdf"
    path.write_bytes(data)
    sha = sha256_hex(data)
    assert await submit_command.run([str(path)], force=False) == 0
    printed = capsys.readouterr()
    [trace] = re.findall(r"trace ([0-9a-f]{32})", printed.err + printed.out)
    [stored] = await wait_stored(mongo_db, [sha], timeout=120)
    assert stored["trace_id"] == trace
    # the store writes the record before it publishes the feeds and logs its stage line
    await wait_for_done_lines(pipeline, trace, seconds=60)

    seen: dict[str, set[str]] = {}
    for name, worker in pipeline.items():
        lines = json_lines(worker)
        assert {line["service"] for line in lines} == {name}
        traced = [line for line in lines if line.get("trace_id") == trace]
        assert traced, f"{name} never logged trace {trace}"
        seen[name] = {line["stage"] for line in traced}
        done = [line for line in traced if " done for " in line["msg"]]
        assert done, f"{name} has no stage line for the trace"
        for line in done:
            assert line["sha256"] == sha
            assert line["topic"].startswith("disclosure.") and isinstance(line["offset"], int)
            assert isinstance(line["partition"], int) and line["duration_s"] >= 0
    assert seen == {
        "ingest": {"ingest"},
        "parse": {"extract", "parse"},
        "validate": {"validate"},
        "store": {"store"},
    }
