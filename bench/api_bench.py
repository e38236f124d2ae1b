"""Read API response times with the corpus loaded (prints figures; no pass/fail).

The 24 corpus PDFs go through the embedded pipeline's stage functions and into the store exactly as
the store service saves them (repository + GridFS blobs); the API is then served by uvicorn on
loopback and each request is timed from an HTTP client, as a consumer would see it.

    uv run python bench/api_bench.py [--repeat 20] [--keep-records DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from pymongo import AsyncMongoClient

from disclosure_api.app import create_app
from disclosure_api.reading import NEWEST_FIRST
from disclosure_api.reviews import finding_ids
from disclosure_cli.embedded import process_received, receive
from disclosure_shared.blobs import GridFSBlobStore
from disclosure_shared.errors import PipelineError
from disclosure_shared.records import ProcessedDisclosure
from disclosure_shared.settings import BlobSettings, KafkaSettings, Limits, MongoSettings, PipelineSettings
from disclosure_shared.store_schema import DISCLOSURE_INDEX, DISCLOSURES
from disclosure_shared.testing.services import REPO, real_services
from disclosure_store.repository import DisclosureRepository

CORPUS = REPO.parent / "shared" / "corpus"


async def process_corpus(cache: Path | None) -> list[tuple[bytes, ProcessedDisclosure]]:
    """Every corpus PDF through the stages (records cached by content hash when --keep-records is given)."""
    limits = Limits()
    done: list[tuple[bytes, ProcessedDisclosure]] = []
    started = time.perf_counter()
    for path in sorted(CORPUS.rglob("*.pdf")):
        try:
            received = await receive(str(path), limits)
        except PipelineError as exc:
            print(f"  {path.name}: not received ({exc})")
            continue
        cached = cache / f"{path.stat().st_size}-{path.name}.json" if cache else None
        if cached and cached.exists():
            record = ProcessedDisclosure.model_validate_json(cached.read_text(encoding="utf-8"))
        else:
            try:
                record = await process_received(received, limits)
            except PipelineError as exc:  # a dead letter in the services; not a stored disclosure
                print(f"  {path.name}: failed ({exc})")
                continue
            if cached:
                cached.write_text(record.model_dump_json(), encoding="utf-8")
        done.append((received.data, record))
    print(
        f"processed {len(done)} corpus PDFs in {time.perf_counter() - started:.1f} s (cached ones not re-run)"
    )
    return done


async def load(mongodb: str, name: str, items: list[tuple[bytes, ProcessedDisclosure]]) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb, tz_aware=True)
    repository = DisclosureRepository(client[name])
    await repository.ensure_indexes()
    blobs = GridFSBlobStore(client[name])
    for data, record in items:
        await blobs.put(data)
        await repository.save(record)
    await client.close()


async def store_only(mongodb: str, name: str, sha256: str, repeat: int) -> dict[str, float]:
    """The same reads straight from the store (no API): how much of a response is the store's."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb, tz_aware=True)
    disclosures = client[name][DISCLOSURES]
    index = client[name][DISCLOSURE_INDEX]

    async def list_page() -> None:
        await asyncio.gather(
            index.count_documents({}),
            index.find({}).sort(NEWEST_FIRST).limit(50).to_list(None),
        )

    async def one() -> None:
        await disclosures.find_one({"_id": sha256})

    medians = {}
    for label, call in (
        ("store only: list query (count + find)", list_page),
        ("store only: one by _id", one),
    ):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            await call()
            times.append((time.perf_counter() - started) * 1000)
        medians[label] = statistics.median(times)
    await client.close()
    return medians


async def drop(mongodb: str, name: str) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb)
    await client.drop_database(name)
    await client.close()


def serve(settings: PipelineSettings) -> tuple[uvicorn.Server, str]:
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=0, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"


def timed(client: httpx.Client, path: str, repeat: int) -> tuple[list[float], int]:
    client.get(path).raise_for_status()  # warm: connection pool, PDF cache
    times = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        size = len(response.content)
    return times, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep-records", type=Path, help="cache processed records here between runs")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}: put the shared reference folder beside the repo")
    if args.keep_records:
        args.keep_records.mkdir(parents=True, exist_ok=True)
    items = asyncio.run(process_corpus(args.keep_records))
    records = [record for _, record in items]
    biggest = max(records, key=lambda r: sum(len(t.rows) for t in r.tables))
    with_findings = max(records, key=lambda r: len(r.findings))
    name = f"bench{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as state, real_services(Path(state)) as endpoints:
        asyncio.run(load(endpoints.mongodb, name, items))
        settings = PipelineSettings(
            mongo=MongoSettings(uri=endpoints.mongodb, database=name),
            blobs=BlobSettings(backend="gridfs"),
            # the review page's health summary reads consumer lag from the broker
            kafka=KafkaSettings(bootstrap_servers=endpoints.kafka, topic_prefix=f"{name}."),
        )
        for label, median in asyncio.run(store_only(endpoints.mongodb, name, biggest.sha256, 10)).items():
            print(f"  {label:40s} {median:8.1f} (median ms)")
        server, url = serve(settings)
        finding = with_findings.findings[0]
        fid = finding_ids(with_findings.findings)[0]
        page = next((e.page for e in finding.evidence if e.page), finding.location.page or 1)
        org = biggest.document.organization or ""
        finding_url = f"/disclosures/{with_findings.sha256}/findings/{fid}"
        requests = {
            "list (first 50, newest first)": "/disclosures?limit=50",
            "list filtered (verdict=warn)": "/disclosures?verdict=warn",
            "list filtered (rule + kind)": f"/disclosures?rule={finding.rule}&kind=budget",
            "one disclosure (largest, full record)": f"/disclosures/{biggest.sha256}",
            "its tables": f"/disclosures/{biggest.sha256}/tables",
            "its findings (most findings)": f"/disclosures/{with_findings.sha256}/findings",
            "comparison over the years": f"/comparison?organization={org}&table_kind=revenue",
            "tables.xlsx of one disclosure": f"/disclosures/{biggest.sha256}/tables.xlsx",
            "findings.csv of one disclosure": f"/disclosures/{with_findings.sha256}/findings.csv",
            "whole set as one XLSX": "/exports/disclosures.xlsx",
            "cited page PNG with highlight": f"{finding_url}/pages/{page}.png",
            "review page: overview": "/review",
            "review page: one disclosure": f"/review/disclosures/{with_findings.sha256}",
        }
        print(
            f"{len(records)} disclosures stored; {args.repeat} requests each (ms: median / p95 / max; bytes)"
        )
        print(f"  store: {endpoints.origin} at {endpoints.mongodb}; load average {os.getloadavg()[0]:.1f}")
        with httpx.Client(base_url=url, timeout=120) as client:
            for label, path in requests.items():
                repeat = max(3, args.repeat // 4) if "XLSX" in label else args.repeat
                times, size = timed(client, path, repeat)
                p95 = (
                    statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) >= 2 else times[0]
                )
                print(
                    f"  {label:40s} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f}  {size:>9,d}"
                )
        server.should_exit = True
        asyncio.run(drop(endpoints.mongodb, name))


if __name__ == "__main__":
    main()
