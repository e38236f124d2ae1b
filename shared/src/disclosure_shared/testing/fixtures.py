"""Pytest fixtures shared by every test package: real backing services, a namespace per test,
a MongoDB database, the corpus. Registered by the root conftest.py."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_shared.testing.services import REPO, Endpoints, ServicesUnavailable, real_services

CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def endpoints(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoints]:
    try:
        with real_services(tmp_path_factory.mktemp("local-services")) as found:
            yield found
    except ServicesUnavailable as exc:
        pytest.fail(str(exc))


@pytest.fixture
def namespace() -> str:
    """A fresh topic prefix and database per test, so tests sharing one cluster never interfere."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def pipeline_env(endpoints: Endpoints, namespace: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for workers and in-process clients of one test's pipeline."""
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": endpoints.kafka,
        "MONGODB_URI": endpoints.mongodb,
        "DISCLOSURE_KAFKA__TOPIC_PREFIX": f"{namespace}.",
        "DISCLOSURE_MONGO__DATABASE": namespace,
        "DISCLOSURE_BLOBS__BACKEND": "gridfs",
        "DISCLOSURE_RETRY__BACKOFF_S": "0.05",
        "DISCLOSURE_LIMITS__ALLOW_PRIVATE_NETWORKS": "true",  # test portals are served on loopback
        "DISCLOSURE_OPS__PORT": "0",  # in-process apps: a free port (Worker gives each process its own)
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
async def mongo_db(endpoints: Endpoints, namespace: str) -> AsyncIterator[AsyncDatabase[dict[str, Any]]]:
    """A MongoDB database of its own for one test, dropped afterwards."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(endpoints.mongodb)
    yield client[namespace]
    await client.drop_database(namespace)
    await client.close()


@pytest.fixture(scope="session")
def corpus_pdfs() -> list[Path]:
    """Corpus PDFs, smallest first (fast); a skip with the reason when ../shared is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}: put the shared reference folder beside the repo")
    return sorted(CORPUS.rglob("*.pdf"), key=lambda p: p.stat().st_size)
