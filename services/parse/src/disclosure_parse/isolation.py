"""Each document's CPU work in an isolated worker process, within a wall-time and a memory budget.

A pool of `workers` long-lived processes (`python -m disclosure_parse.worker`: a fresh interpreter
that imports the parser once, never the caller's main module) takes one document at a time each.
A worker runs under an address-space rlimit, so a document that needs too much memory fails alone
with a MemoryError; a document that runs past its wall-time budget has its worker killed; a worker
that dies (killed, out of memory) or hit its memory limit is replaced at once by a fresh one, and
the pool goes on with the next document.

    timeout       the wall-time budget ran out (the worker is killed)       permanent: `timeout`
    too-complex   the memory budget ran out                                 permanent: `too-complex`
    worker lost   the worker died without an answer (kill -9, OOM killer)   transient: retried
"""

from __future__ import annotations

import asyncio
import logging
import os
import resource
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from disclosure_shared.errors import DocumentTimeout, TooComplex, short
from disclosure_shared.settings import MiB

log = logging.getLogger(__name__)
T = TypeVar("T")
PRELOAD = ("disclosure_parse.extraction", "disclosure_parse.structure.parsing")


class WorkerLost(RuntimeError):
    """The worker process died before it answered; the document may succeed in a fresh one."""

    code = "worker-crashed"


@dataclass(frozen=True)
class Budget:
    """What one document may cost."""

    wall_s: float = 600.0
    memory_mb: int = 3072
    """Address-space limit of a worker process (0: none). Python raises MemoryError beyond it."""


def serve(conn: Connection, memory_mb: int) -> None:
    """A worker: run calls one at a time and answer each with its result or its error."""
    if memory_mb > 0:
        limit = memory_mb * MiB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            function, args = conn.recv()
        except (EOFError, OSError):
            return
        exhausted = False
        try:
            outcome: tuple[str, Any] = ("ok", function(*args))
        except MemoryError:
            exhausted = True
            outcome = (
                "error",
                TooComplex(f"the document needs more memory than its budget of {memory_mb} MiB"),
            )
        except BaseException as exc:  # raised again in the parent, as the stage's error
            outcome = ("error", exc)
        try:
            conn.send((*outcome, exhausted))
        except Exception as exc:  # an unpicklable result or error still gets a readable answer
            problem = RuntimeError(f"the worker could not send its result: {short(exc)}")
            conn.send(("error", problem, exhausted))
        if exhausted:
            return  # a worker that ran out of memory may be in a bad state: replaced by a fresh one


class _Worker:
    def __init__(self, memory_mb: int) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "disclosure_parse.worker", str(theirs.fileno()), str(memory_mb)],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.retiring = False
        """The worker said it will exit after this answer (it ran out of memory)."""

    @property
    def alive(self) -> bool:
        return not self.retiring and self.process.poll() is None

    def call(self, function: Callable[..., T], args: tuple[Any, ...], wall_s: float) -> T:
        try:
            self.conn.send((function, args))
            if not self.conn.poll(wall_s):
                self.stop()
                raise DocumentTimeout(f"not finished within its budget of {wall_s:.0f} s")
            status, value, self.retiring = self.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            raise WorkerLost(f"the worker process died (exit code {self._exit_code()})") from None
        if status == "ok":
            return value  # type: ignore[no-any-return]
        raise value

    def _exit_code(self) -> int | None:
        try:
            return self.process.wait(5)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self._exit_code()
        self.conn.close()


class IsolatedRunner:
    """A CpuRunner (see pool.py): `await runner(function, *args)` runs one call in a pool worker."""

    def __init__(self, workers: int = 0, budget: Budget | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.budget = budget or Budget()
        self._idle: asyncio.Queue[_Worker | None] | None = None
        self.replaced = 0
        """Workers replaced since start (killed on a timeout, died, or out of memory)."""

    async def __call__(self, function: Callable[..., T], *args: Any) -> T:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for _ in range(self.workers):
                self._idle.put_nowait(None)  # a slot; its worker starts on first use
        worker = await self._idle.get()
        try:
            if worker is None or not worker.alive:
                worker = await asyncio.to_thread(self._start)
            return await asyncio.to_thread(worker.call, function, args, self.budget.wall_s)
        finally:
            if worker is not None and not worker.alive:
                self.replaced += 1
                log.warning("parse worker replaced (%d so far)", self.replaced)
                worker.stop()
                worker = None
            self._idle.put_nowait(worker)

    def _start(self) -> _Worker:
        # a fresh interpreter, not a fork: forking a process that runs an event loop and Kafka client
        # threads is unsafe, and a fork server would still re-run the caller's main module
        return _Worker(self.budget.memory_mb)

    def shutdown(self) -> None:
        """Stop the idle workers (the service is stopping)."""
        while self._idle is not None and not self._idle.empty():
            worker = self._idle.get_nowait()
            if worker is not None:
                worker.stop()
