"""Fixtures for tests that run the four services as processes against real Kafka and MongoDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from disclosure_shared.testing.workers import APPS, Worker


@pytest.fixture
def log_dir(tmp_path: Path) -> Path:
    path = tmp_path / "logs"
    path.mkdir()
    return path


@pytest.fixture
def start_workers(pipeline_env: dict[str, str], log_dir: Path) -> Iterator[Any]:
    """Factory: start workers (service, name) concurrently and wait until each is consuming."""
    running: list[Worker] = []

    def start(*specs: tuple[str, str]) -> dict[str, Worker]:
        workers = {name: Worker(service, pipeline_env, log_dir, name) for service, name in specs}
        for worker in workers.values():
            running.append(worker)
            worker.launch()
        for worker in workers.values():
            worker.wait_ready()
        return workers

    yield start
    for worker in running:
        worker.stop()


@pytest.fixture
def pipeline(start_workers: Any) -> dict[str, Worker]:
    """One worker per service."""
    return start_workers(*((service, service) for service in APPS))
