"""Fixtures of the API tests: disclosures that went through the pipeline's stage functions (the
embedded pipeline), stored the way the store service stores them, in a real MongoDB-wire server,
and the API served by uvicorn on loopback over that store."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_api.app import create_app
from disclosure_cli.embedded import process_received, receive
from disclosure_ingest.fetching import Received
from disclosure_shared.blobs import GridFSBlobStore
from disclosure_shared.delivery import dead_letter_headers
from disclosure_shared.errors import PipelineError
from disclosure_shared.records import ProcessedDisclosure, Source
from disclosure_shared.settings import BlobSettings, KafkaSettings, Limits, MongoSettings, PipelineSettings
from disclosure_shared.testing.fakes import consumed
from disclosure_shared.testing.fixtures import CORPUS
from disclosure_shared.testing.pdfs import damaged_pdf
from disclosure_shared.testing.services import REPO, Endpoints
from disclosure_store.repository import DisclosureRepository

SAMPLE = REPO / "samples" / "qiaokou-bigdata-2023-final-accounts.pdf"
# Small corpus documents: one organization in two years (a comparison), and a failing one.
CORPUS_PICKS = [
    "jiangsu_province/江苏省委办公厅/江苏省委办公厅2018年度部门预算公开表.pdf",
    "jiangsu_province/江苏省委办公厅/江苏省委办公厅2019年度部门预算公开表格.pdf",
    "jiangsu_province/江苏省委办公厅/江苏省委办公厅2017年部门预算.pdf",
]


@dataclass(frozen=True)
class Processed:
    path: Path
    data: bytes
    record: ProcessedDisclosure


@dataclass(frozen=True)
class Store:
    """The test store: its database, what was saved in it, and the API serving it."""

    db: AsyncDatabase[dict[str, Any]]
    processed: list[Processed]
    dead_letter_error: str

    def record(self, name: str) -> ProcessedDisclosure:
        return next(p.record for p in self.processed if name in p.path.name)

    @property
    def sample(self) -> ProcessedDisclosure:
        return self.record(SAMPLE.name)


async def process(path: Path) -> Processed:
    """The embedded pipeline's stages (sniff, extract, parse, validate) on one file."""
    limits = Limits()
    received = await receive(str(path), limits)
    record = await process_received(received, limits)
    return Processed(path, received.data, record)


@pytest.fixture(scope="session")
async def processed() -> list[Processed]:
    paths = [SAMPLE]
    if CORPUS.is_dir():
        paths += [CORPUS / pick for pick in CORPUS_PICKS]
    return [await process(path) for path in paths]


@pytest.fixture(scope="session")
def corpus_loaded(processed: list[Processed]) -> None:
    if len(processed) == 1:
        pytest.skip(f"corpus not found at {CORPUS}: put the shared reference folder beside the repo")


@pytest.fixture(scope="session")
async def store(endpoints: Endpoints, processed: list[Processed]) -> AsyncIterator[Store]:
    """A database of its own, filled by the store service's repository and blob store."""
    name = f"api{uuid.uuid4().hex[:10]}"
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(endpoints.mongodb, tz_aware=True)
    db = client[name]
    repository = DisclosureRepository(db)
    await repository.ensure_indexes()
    blobs = GridFSBlobStore(db)
    for item in processed:
        await blobs.put(item.data)
        await repository.save(item.record)
    error = await _dead_letter(repository)
    yield Store(db, processed, error)
    await client.drop_database(name)
    await client.close()


async def _dead_letter(repository: DisclosureRepository) -> str:
    """A damaged PDF fails in the pipeline's stages; its dead letter is stored as the DLQ consumer does."""
    data = damaged_pdf()
    limits = Limits()
    try:
        await process_received(_received(data), limits)
    except PipelineError as exc:
        headers = dead_letter_headers(consumed(data).raw_message, "parse", exc, attempts=1)
        await repository.record_dead_letter("disclosure.dlq", 0, 1, headers, b"{}")
        return headers["x-error"]
    raise AssertionError("a damaged PDF went through the pipeline")


def _received(data: bytes) -> Received:
    return Received(data, Source(fetched_at=datetime.now(UTC), filename="damaged.pdf", bytes=len(data)))


@dataclass(frozen=True)
class Served:
    url: str
    store: Store


def _settings(endpoints: Endpoints, db_name: str) -> PipelineSettings:
    return PipelineSettings(
        mongo=MongoSettings(uri=endpoints.mongodb, database=db_name),
        blobs=BlobSettings(backend="gridfs"),
        # The health summary reads consumer lag from this broker; no stage runs under this prefix.
        kafka=KafkaSettings(bootstrap_servers=endpoints.kafka, topic_prefix=f"{db_name}."),
    )


@pytest.fixture(scope="session")
def api(endpoints: Endpoints, store: Store) -> Iterator[Served]:
    """The API app served by uvicorn on a loopback port, in a thread with its own event loop."""
    app = create_app(_settings(endpoints, store.db.name))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield Served(f"http://127.0.0.1:{port}", store)
    server.should_exit = True
    thread.join(10)


@pytest.fixture
async def client(api: Served) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api.url, timeout=60) as http:
        yield http
