"""End-to-end pages per second through the running services, next to plain pdfplumber text
extraction and the embedded (in-process) pipeline on the same pages, in the same run.

    uv run python bench/pipeline_bench.py [--count N] [--parse-workers K] [--services-only]

Uses KAFKA_BOOTSTRAP_SERVERS/MONGODB_URI when set, else Docker, else deploy/local/services.sh.
The pipeline overhead is (services time - embedded time) / embedded time: the cost of Kafka,
serialization and the store on top of the same stage functions.

The machine may be shared, so the services run also prints the CPU seconds each process spent
between the submission and the last stored record (each service with its parse workers, Kafka and
FerretDB, found by their listening ports), and the load average around it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pdfplumber
from pymongo import AsyncMongoClient

from disclosure_cli import submit_command
from disclosure_cli.embedded import process_received
from disclosure_ingest.fetching import read_file
from disclosure_shared import topics
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.settings import Limits
from disclosure_shared.testing.services import REPO, real_services
from disclosure_shared.testing.waiting import wait_group_stable, wait_indexed
from disclosure_shared.testing.workers import Worker

sys.path.insert(0, str(Path(__file__).parent))  # bench/ is scripts, not a package
from fresh_bytecode import compile_workspace
from process_cpu import listening_pid, tree_cpu

CORPUS = REPO.parent / "shared" / "corpus"


def plain_text_extraction(pdfs: list[Path]) -> tuple[int, float]:
    started = time.perf_counter()
    pages = 0
    for pdf in pdfs:
        with pdfplumber.open(pdf) as document:
            for page in document.pages:
                page.extract_text()
                pages += 1
    return pages, time.perf_counter() - started


def page_count(pdf: Path) -> int:
    with pdfplumber.open(pdf) as document:
        return len(document.pages)


def embedded(pdfs: list[Path]) -> float:
    started = time.perf_counter()
    for pdf in pdfs:
        asyncio.run(process_received(read_file(pdf, Limits()), Limits()))
    return time.perf_counter() - started


async def through_services(pdfs: list[Path], parse_workers: int, logs: Path) -> float:
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": os.environ["KAFKA_BOOTSTRAP_SERVERS"],
        "MONGODB_URI": os.environ["MONGODB_URI"],
        "DISCLOSURE_KAFKA__TOPIC_PREFIX": f"{namespace}.",
        "DISCLOSURE_MONGO__DATABASE": namespace,
    }
    os.environ.update(env)
    specs = [("ingest", "ingest"), ("validate", "validate"), ("store", "store")]
    specs += [("parse", f"parse-{i}") for i in range(parse_workers)]
    workers = [Worker(service, env, logs, name) for service, name in specs]
    for worker in workers:
        worker.launch()
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(env["MONGODB_URI"])
    try:
        for worker in workers:
            worker.wait_ready()
        await wait_group_stable(
            env["KAFKA_BOOTSTRAP_SERVERS"], f"{namespace}.{topics.EXTRACT_GROUP}", parse_workers
        )
        measured = _measured_processes(workers, env)
        cpu_before = {name: tree_cpu(pid) for name, pid in measured.items()}
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        await submit_command.run([str(p) for p in pdfs], force=False)
        await wait_indexed(client[namespace], [sha256_hex(p.read_bytes()) for p in pdfs], timeout=1800)
        elapsed = time.perf_counter() - started
        cpu = {name: tree_cpu(pid) - cpu_before[name] for name, pid in measured.items()}
        print(f"load average (1 min) before {load_before:.2f}, after {os.getloadavg()[0]:.2f}")
        print(
            "process CPU seconds:",
            ", ".join(f"{name} {seconds:.2f}" for name, seconds in cpu.items()),
            f"| total {sum(cpu.values()):.2f}",
        )
        busy: dict[str, float] = {}
        for worker in workers:
            # JSON log lines: "msg": "<stage> done for <sha> in <seconds>s -> [...]"
            for stage, seconds in re.findall(r"\"(\w+) done for \S+ in ([\d.]+)s", worker.log()):
                busy[stage] = busy.get(stage, 0.0) + float(seconds)
        print("stage busy seconds:", ", ".join(f"{k} {v:.2f}" for k, v in busy.items()))
        return elapsed
    finally:
        for worker in workers:
            worker.stop()
        await client.drop_database(namespace)
        await client.close()


def _measured_processes(workers: list[Worker], env: dict[str, str]) -> dict[str, int]:
    """Name -> pid of each service process (its parse workers are its children), Kafka, FerretDB."""
    measured = {w.name: w.process.pid for w in workers if w.process is not None}
    kafka_port = int(env["KAFKA_BOOTSTRAP_SERVERS"].split(",")[0].rsplit(":", 1)[1])
    mongo_port = int(re.findall(r":(\d+)", env["MONGODB_URI"].split("@")[-1])[0])
    for name, port in (("kafka", kafka_port), ("ferretdb", mongo_port)):
        pid = listening_pid(port)
        if pid is not None:
            measured[name] = pid
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=12, help="how many corpus PDFs (smallest first)")
    parser.add_argument("--parse-workers", type=int, default=1)
    parser.add_argument("--services-only", action="store_true", help="skip the plain and embedded baselines")
    args = parser.parse_args()
    compile_workspace()
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    pdfs = sorted(CORPUS.rglob("*.pdf"), key=lambda p: p.stat().st_size)[: args.count]

    if args.services_only:
        pages = sum(page_count(p) for p in pdfs)
        plain_s = embedded_s = float("nan")
    else:
        pages, plain_s = plain_text_extraction(pdfs)
        embedded_s = embedded(pdfs)
    with tempfile.TemporaryDirectory() as tmp, real_services(Path(tmp) / "services") as endpoints:
        os.environ["KAFKA_BOOTSTRAP_SERVERS"], os.environ["MONGODB_URI"] = endpoints.kafka, endpoints.mongodb
        services_s = asyncio.run(through_services(pdfs, args.parse_workers, Path(tmp)))

    print(f"inputs: {len(pdfs)} corpus PDFs, {pages} pages; services from {endpoints.origin}")
    print(f"{'plain pdfplumber extract_text':<40} {pages / plain_s:8.1f} pages/s  ({plain_s:.2f} s)")
    print(f"{'embedded pipeline (same stages)':<40} {pages / embedded_s:8.1f} pages/s  ({embedded_s:.2f} s)")
    print(
        f"{'services end to end (Kafka + store)':<40} {pages / services_s:8.1f} pages/s  ({services_s:.2f} s)"
    )
    print(f"ratio services / plain text extraction: {plain_s / services_s:.2f}")
    print(f"pipeline overhead over the same stage functions: {(services_s - embedded_s) / embedded_s:+.1%}")


if __name__ == "__main__":
    main()
