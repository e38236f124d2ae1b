"""Nothing jams a stage (issue 15), against the running services on a real broker and store:
poison messages are dead-lettered once with a reason and the next document goes through, log
volume stays bounded, a killed parse worker is replaced, a store outage dead-letters nothing, and a
dead-lettered input is re-submitted without --force."""

from __future__ import annotations

import asyncio
import gzip
import os
import signal
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from disclosure_cli import submit_command
from disclosure_shared import topics
from disclosure_shared.events import Envelope, FetchedPayload, Stage
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.testing.pdfs import text_pdf
from disclosure_shared.testing.waiting import wait_for_documents, wait_stored

pytestmark = pytest.mark.integration
LOG_BOUND = 256 * 1024
"""Bytes a worker may log for a handful of poison messages (each attempt was once logged in full)."""


def document(tmp_path: Path, name: str, words: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text_pdf([f"武汉市硚口区大数据中心 2023 年度部门决算 {words}"]))
    return path


async def produce(bootstrap: str, topic: str, value: bytes, headers: list[tuple[str, bytes]] = ()) -> None:
    """Send raw bytes as a hostile producer would (gzip, a request size above the pipeline's)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, compression_type="gzip", max_request_size=16 * 1024 * 1024
    )
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=b"poison", headers=list(headers))
    finally:
        await producer.stop()


def poison_envelope(schema_version: str) -> bytes:
    payload = {
        "source": {"fetched_at": "2026-01-01T00:00:00Z", "bytes": 1},
        "blob": {"store": "gridfs", "sha256": "00" * 32, "size": 1},
    }
    # a valid payload: only the envelope's version is wrong
    valid = FetchedPayload.model_validate(payload)
    envelope = Envelope[FetchedPayload](sha256="00" * 32, stage=Stage.FETCHED, payload=valid)
    return (
        envelope.model_dump_json()
        .replace('"schema_version":"1"', f'"schema_version":"{schema_version}"')
        .encode()
    )


async def test_poison_messages_are_dead_lettered_once_and_the_next_document_goes_through(
    pipeline, pipeline_env: dict[str, str], tmp_path: Path, mongo_db
) -> None:
    bootstrap, prefix = (
        pipeline_env["KAFKA_BOOTSTRAP_SERVERS"],
        pipeline_env["DISCLOSURE_KAFKA__TOPIC_PREFIX"],
    )
    fetched = prefix + topics.FETCHED
    huge = b'{"sha256": "' + os.urandom(9 * 512 * 1024).hex().encode() + b'"'  # 9 MiB, undecodable
    assert len(gzip.compress(huge)) < 8 * 1024 * 1024 < len(huge)
    await produce(bootstrap, fetched, huge)
    await produce(bootstrap, fetched, poison_envelope("999"))
    await produce(bootstrap, prefix + topics.dlq(topics.PARSED), b"{}", [("x-attempts", b"many")])

    # A page whose extracted text cannot travel on the extracted topic: rejected as too-large.
    page = tmp_path / "page.html"
    page.write_bytes(("<p>" + "２０２４年部门预算 收入总计 100.00 万元 " * 330_000 + "</p>").encode())
    good = document(tmp_path, "good.pdf", "正常")
    started = time.monotonic()
    assert await submit_command.run([str(page), str(good)], force=False) == 0
    await wait_stored(mongo_db, [sha256_hex(good.read_bytes())], timeout=180)
    assert time.monotonic() - started < 120

    letters = await wait_for_documents(mongo_db["dead_letters"], {}, 4, timeout=120)
    await asyncio.sleep(3)  # nothing more may arrive: each poison ends once
    letters = await mongo_db["dead_letters"].find().to_list(None)
    codes = sorted(letter["error_type"] or "-" for letter in letters)
    assert codes == ["-", "too-large", "undecodable-message", "unsupported-schema"], codes
    too_large = next(letter for letter in letters if letter["error_type"] == "too-large")
    assert (
        too_large["sha256"] == sha256_hex(page.read_bytes()) and "disclosure.extracted" in too_large["error"]
    )
    spilled = next(letter for letter in letters if letter["error_type"] == "undecodable-message")
    assert spilled["body_ref"] and spilled["body"] == ""  # too large for the dead-letter topic
    assert await mongo_db["blobs.files"].count_documents({"_id": spilled["body_ref"]}) == 1
    for worker in pipeline.values():
        assert worker.log_path.stat().st_size < LOG_BOUND, worker.name


def parse_worker_pids(service_pid: int) -> list[int]:
    """The isolated parse workers of one parse service: its child processes (forks of it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == service_pid:
            found.append(int(entry.name))
    return found


async def test_a_killed_parse_worker_is_replaced_and_its_document_still_stored(
    pipeline, tmp_path: Path, mongo_db
) -> None:
    parse = pipeline["parse"]
    assert parse.process is not None
    first = document(tmp_path, "first.pdf", "第一份")
    assert await submit_command.run([str(first)], force=False) == 0
    await wait_stored(mongo_db, [sha256_hex(first.read_bytes())], timeout=180)
    workers = parse_worker_pids(parse.process.pid)
    assert workers, "the parse service runs its documents in worker processes"
    for pid in workers:
        os.kill(pid, signal.SIGKILL)  # an OOM kill, as the service sees it

    second = document(tmp_path, "second.pdf", "第二份")
    assert await submit_command.run([str(second)], force=False) == 0
    await wait_stored(mongo_db, [sha256_hex(second.read_bytes())], timeout=180)
    assert set(parse_worker_pids(parse.process.pid)).isdisjoint(workers)  # fresh workers
    assert await mongo_db["dead_letters"].count_documents({}) == 0


def ferretdb_pid(mongodb_uri: str) -> int | None:
    """The local FerretDB serving `mongodb_uri` (None under testcontainers or an outside server)."""
    port = mongodb_uri.rstrip("/").rsplit(":", 1)[-1].split("/")[0]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "ferretdb" in command and f":{port}" in command:
            return int(entry.name)
    return None


OUTAGE_S = float(os.environ.get("STORE_OUTAGE_SECONDS", "60"))


async def test_a_store_outage_dead_letters_nothing(
    pipeline, pipeline_env: dict[str, str], tmp_path: Path, mongo_db
) -> None:
    pid = ferretdb_pid(pipeline_env["MONGODB_URI"])
    if pid is None:
        pytest.skip("the MongoDB-wire server is not a local FerretDB process this test can pause")
    docs = [document(tmp_path, f"outage-{i}.pdf", f"停机 {i}") for i in range(3)]
    assert await submit_command.run([str(p) for p in docs], force=False) == 0
    os.kill(pid, signal.SIGSTOP)  # unreachable: connections hang, server selection times out
    try:
        await asyncio.sleep(OUTAGE_S)
    finally:
        os.kill(pid, signal.SIGCONT)
    await wait_stored(mongo_db, [sha256_hex(p.read_bytes()) for p in docs], timeout=240)
    assert await mongo_db["dead_letters"].count_documents({}) == 0
    for worker in pipeline.values():
        log = worker.log()
        assert worker.log_path.stat().st_size < LOG_BOUND, worker.name
        assert log.count("backend unavailable") <= 3, worker.name  # the outage is told once per stage


async def test_a_dead_lettered_input_is_resubmitted_without_force(
    start_workers, pipeline_env: dict[str, str], tmp_path: Path, mongo_db, monkeypatch
) -> None:
    workers = start_workers(("ingest", "ingest"), ("validate", "validate"), ("store", "store"))
    monkeypatch.setenv("DISCLOSURE_LIMITS__DOCUMENT_SECONDS", "0.001")  # every document times out
    impatient = start_workers(("parse", "parse-impatient"))["parse-impatient"]
    path = document(tmp_path, "retry.pdf", "重交")
    sha = sha256_hex(path.read_bytes())
    assert await submit_command.run([str(path)], force=False) == 0
    [letter] = await wait_for_documents(mongo_db["dead_letters"], {"sha256": sha}, 1, timeout=120)
    assert letter["error_type"] == "timeout"

    impatient.stop()
    monkeypatch.setenv("DISCLOSURE_LIMITS__DOCUMENT_SECONDS", "600")
    start_workers(("parse", "parse"))
    assert await submit_command.run([str(path)], force=False) == 0  # no --force
    await wait_stored(mongo_db, [sha], timeout=180)
    assert workers["ingest"].log().count("done for") >= 2


def kafka_pid(bootstrap: str) -> int | None:
    """The local Kafka broker listening on `bootstrap` (None under testcontainers or an outside one)."""
    port = bootstrap.rsplit(":", 1)[-1]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"kafka.Kafka" not in arguments:
            continue
        config = Path(arguments[arguments.index(b"kafka.Kafka") + 1].decode())
        if config.is_file() and f":{port}" in config.read_text(encoding="utf-8", errors="replace"):
            return int(entry.name)
    return None


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (the parse workers), in KiB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if int(entry.name) == pid or parent == pid:
            total += next(
                (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0
            )
    return total


KAFKA_OUTAGE_S = float(os.environ.get("KAFKA_OUTAGE_SECONDS", "60"))


async def test_a_broker_outage_under_load_costs_bounded_logs_and_memory_and_loses_nothing(
    pipeline, pipeline_env: dict[str, str], corpus_pdfs: list[Path], mongo_db
) -> None:
    pid = kafka_pid(pipeline_env["KAFKA_BOOTSTRAP_SERVERS"])
    if pid is None:
        pytest.skip("the broker is not a local Kafka process this test can pause")
    pdfs = corpus_pdfs[:6]
    shas = [sha256_hex(p.read_bytes()) for p in pdfs]
    assert await submit_command.run([str(p) for p in pdfs], force=False) == 0
    await wait_for_documents(mongo_db["disclosures"], {}, 1, timeout=300)  # documents are flowing
    sizes = {name: w.log_path.stat().st_size for name, w in pipeline.items()}
    memory = {name: rss_kib(w.process.pid) for name, w in pipeline.items() if w.process}
    os.kill(pid, signal.SIGSTOP)
    try:
        await asyncio.sleep(KAFKA_OUTAGE_S)
        grown = {name: w.log_path.stat().st_size - sizes[name] for name, w in pipeline.items()}
        rss = {name: rss_kib(w.process.pid) - memory[name] for name, w in pipeline.items() if w.process}
    finally:
        os.kill(pid, signal.SIGCONT)
    assert max(grown.values()) < 64 * 1024, grown  # the outage is told, not repeated
    assert max(rss.values()) < 150 * 1024, rss  # KiB: memory stays flat while waiting
    await wait_stored(mongo_db, shas, timeout=600)  # no restart: every service resumed by itself
    for sha in shas:
        assert await mongo_db["disclosure_revisions"].count_documents({"sha256": sha}) == 1
    assert await mongo_db["dead_letters"].count_documents({}) == 0
