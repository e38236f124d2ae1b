"""Where CPU-bound parse work runs: a process pool, so extraction and structure parsing of
different documents use every core instead of sharing one interpreter's GIL, and the event loop
(and the Kafka consumer's heartbeats) stays responsive."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class CpuRunner(Protocol):
    async def __call__(self, function: Callable[..., T], *args: Any) -> T: ...


async def in_thread(function: Callable[..., T], *args: Any) -> T:
    """The simplest runner: a worker thread of this process."""
    return await asyncio.to_thread(function, *args)


class ProcessPool:
    """A lazily started pool of `workers` processes (0 = one per core)."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._executor: ProcessPoolExecutor | None = None

    async def __call__(self, function: Callable[..., T], *args: Any) -> T:
        if self._executor is None:
            # forkserver: forking a process that runs an event loop and Kafka client threads is unsafe.
            context = multiprocessing.get_context("forkserver")
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context)
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
