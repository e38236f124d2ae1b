"""The embedded run admits inputs through ingest's `admit` (memory blob store, memory registry)."""

from __future__ import annotations

from pathlib import Path

from disclosure_cli.embedded import EmbeddedRun
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.settings import Limits

TEXT = "武汉市某区大数据中心2023年部门决算\n一、部门主要职责\n".encode()
BROKEN_PDF = b"%PDF-1.4 no objects at all"
JUNK = b"\x89PNG\r\n\x1a\n\x00\x00binary"


def write(directory: Path, name: str, data: bytes) -> str:
    path = directory / name
    path.write_bytes(data)
    return str(path)


async def test_each_distinct_input_is_processed_once_and_its_bytes_released(tmp_path: Path) -> None:
    run = EmbeddedRun(Limits(), tmp_path / "out")
    first = await run.process(write(tmp_path, "a.txt", TEXT))
    again = await run.process(write(tmp_path, "b.txt", TEXT))
    assert first.record is not None and first.sha256 == sha256_hex(TEXT)
    assert first.record.source.content_type == "text/plain" and first.record.source.filename == "a.txt"
    assert (tmp_path / "out" / f"{first.sha256}.json").is_file()
    assert again.duplicate and again.sha256 == first.sha256 and again.record is None
    assert not await run.blobs.exists(first.sha256)  # memory is bounded by one input


async def test_bytes_that_fail_to_parse_count_as_admitted(tmp_path: Path) -> None:
    run = EmbeddedRun(Limits(), tmp_path / "out")
    failed = await run.process(write(tmp_path, "a.pdf", BROKEN_PDF))
    copy = await run.process(write(tmp_path, "b.pdf", BROKEN_PDF))
    assert failed.error is not None and failed.error.startswith("corrupt-pdf")
    assert copy.duplicate and copy.error is None


async def test_rejected_bytes_are_rejected_with_their_reason_each_time(tmp_path: Path) -> None:
    """As the ingest service dead-letters every submission of bytes it cannot admit."""
    run = EmbeddedRun(Limits(), tmp_path / "out")
    outcomes = [await run.process(write(tmp_path, name, JUNK)) for name in ("a.pdf", "b.pdf")]
    for outcome in outcomes:
        assert outcome.sha256 == sha256_hex(JUNK) and not outcome.duplicate
        assert outcome.error is not None and outcome.error.startswith("not-a-disclosure")
    assert not await run.blobs.exists(sha256_hex(JUNK))
    missing = await run.process(str(tmp_path / "absent.pdf"))
    assert missing.sha256 is None and missing.error == "unreadable: No such file or directory"
