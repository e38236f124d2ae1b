"""Each document in its own process: budgets of wall time and memory, dead workers replaced."""

import asyncio
import time

import pytest

from disclosure_parse.isolation import Budget, IsolatedRunner, WorkerLost
from disclosure_shared.errors import CorruptPdf, DocumentTimeout, TooComplex
from disclosure_shared.testing import workloads


@pytest.fixture(params=[False, True], ids=["spawned", "forked"])
def fork(request: pytest.FixtureRequest) -> bool:
    """Every behaviour holds for workers started as fresh interpreters and as forks of the caller."""
    return bool(request.param)


async def test_a_call_returns_its_result(fork: bool) -> None:
    runner = IsolatedRunner(2, Budget(wall_s=30), fork=fork)
    assert await runner(workloads.echo, {"pages": [1, 2]}) == {"pages": [1, 2]}


async def test_a_document_over_its_time_budget_is_stopped_with_timeout(fork: bool) -> None:
    runner = IsolatedRunner(1, Budget(wall_s=5), fork=fork)
    started = time.monotonic()
    with pytest.raises(DocumentTimeout):
        await runner(workloads.sleep_for, 60)
    assert time.monotonic() - started < 20
    assert await runner(workloads.echo, "next") == "next"  # the slot is free again


async def test_a_document_over_its_memory_budget_is_too_complex(fork: bool) -> None:
    runner = IsolatedRunner(1, Budget(wall_s=30, memory_mb=512), fork=fork)
    with pytest.raises(TooComplex, match="512 MiB"):
        await runner(workloads.allocate, 2048)
    assert await runner(workloads.allocate, 16) == 16 * 1024 * 1024


async def test_a_killed_worker_is_reported_and_the_next_document_gets_a_fresh_one(fork: bool) -> None:
    runner = IsolatedRunner(1, Budget(wall_s=30), fork=fork)
    with pytest.raises(WorkerLost, match="exit code -9"):
        await runner(workloads.die)
    assert runner.replaced == 1
    assert await runner(workloads.echo, 7) == 7


async def test_a_rejection_crosses_the_process_boundary_with_its_code_and_hash(fork: bool) -> None:
    runner = IsolatedRunner(1, Budget(wall_s=30), fork=fork)
    with pytest.raises(CorruptPdf) as raised:
        await runner(workloads.reject, "ab" * 32)
    assert raised.value.code == "corrupt-pdf" and raised.value.sha256 == "ab" * 32


async def test_no_more_than_workers_run_at_once(fork: bool) -> None:
    runner = IsolatedRunner(2, Budget(wall_s=30), fork=fork)
    started = time.monotonic()
    results = await asyncio.gather(*(runner(workloads.sleep_for, 1) for _ in range(4)))
    assert results == ["slept"] * 4
    assert time.monotonic() - started >= 2  # two rounds of two
