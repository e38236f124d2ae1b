"""Where CPU-bound parse work runs. The stages take a CpuRunner: in the service, the isolated worker
pool of isolation.py (every core, per-document budgets, the event loop and the Kafka consumer's
heartbeats never blocked); in unit tests, a plain worker thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class CpuRunner(Protocol):
    async def __call__(self, function: Callable[..., T], *args: Any) -> T: ...


async def in_thread(function: Callable[..., T], *args: Any) -> T:
    """The simplest runner: a worker thread of this process."""
    return await asyncio.to_thread(function, *args)
