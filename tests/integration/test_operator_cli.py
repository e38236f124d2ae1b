"""The operator's commands against the running pipeline: reprocess, submit's answers, status."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from disclosure_cli import submit_command
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.testing.pdfs import text_pdf
from disclosure_shared.testing.waiting import wait_for_documents, wait_stored
from disclosure_shared.testing.workers import Worker

pytestmark = pytest.mark.integration


async def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "disclosure_cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


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

    current = await cli("reprocess", "--sha256", sha, "--since-parser-version", "0.0.1")
    assert current.returncode == 0 and "0 resubmitted, 1 already current" in current.stderr

    result = await cli("reprocess", "--sha256", sha)
    assert result.returncode == 0, result.stderr
    [trace] = re.findall(r"resubmitted [0-9a-f]{12} trace ([0-9a-f]{32})", result.stderr)
    [again] = await wait_for_documents(mongo_db["disclosures"], {"_id": sha, "trace_id": trace}, 1, 120)
    assert again["trace_id"] != first["trace_id"] and again["stored_at"] > first["stored_at"]
    assert again["source"]["filename"] == "gone-after-submit.pdf"
    assert pipeline["parse"].log().count(f"extract done for {sha}") == 2
    assert await mongo_db["disclosure_revisions"].count_documents({"sha256": sha}) == 1

    nothing = await cli("reprocess", "--sha256", "0" * 64)
    assert nothing.returncode == 1 and "0 resubmitted" in nothing.stderr
