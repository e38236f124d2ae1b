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

`fork=True` (the embedded `process` command and the parse service) starts each worker as a fork of
the caller instead, after importing the parser there once: no second interpreter start and no second
import of the parser (about half a second of CPU per worker, and per replacement). The fork is taken
on the event loop's thread; the child runs no event loop and no client, closes every descriptor it
inherited but its own socket and the standard streams (the service's Kafka, MongoDB and health
sockets stay the parent's alone), and freezes the objects it inherited so that no collection of them
touches those closed descriptors. A forked worker counts its memory budget from the address space it
inherits (shared copy-on-write with the caller, not the document's), and keeps the same wall-time kill.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import logging
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from disclosure_shared.errors import DocumentTimeout, TooComplex, short
from disclosure_shared.settings import MiB
from disclosure_shared.startup import collector_paused

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


def serve(conn: Connection, memory_mb: int, inherited: int = 0) -> None:
    """A worker: run calls one at a time and answer each with its result or its error. `inherited`:
    bytes of address space the worker had before its first document (a forked worker)."""
    if memory_mb > 0:
        limit = inherited + memory_mb * MiB
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


class _Forked:
    """The part of subprocess.Popen a _Worker uses, for a process started with os.fork."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)

    def wait(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while (code := self.poll()) is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.01)
        return code


def _address_space() -> int:
    """Bytes of virtual address space this process holds (Linux; 0 where unknown)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _fork(theirs: socket.socket, memory_mb: int) -> _Forked:
    """A worker forked from this process: it serves on `theirs` and never returns here."""
    # The objects alive now (the imported parser) are never collected in the worker: frozen, its
    # collections skip them and do not copy their pages (copy-on-write) to update their GC headers.
    gc.freeze()
    pid = os.fork()
    if pid:
        gc.unfreeze()  # this process goes on collecting as before
        return _Forked(pid)
    code = 1
    try:  # the child: no event loop, no signal handlers, no descriptor of the parent's but its own
        gc.freeze()  # the parent's objects (sockets, files) are never collected, so never closed here
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        fd = theirs.detach()
        os.closerange(3, fd)
        os.closerange(fd + 1, _max_fd())
        serve(Connection(fd), memory_mb, _address_space())
        code = 0
    finally:
        os._exit(code)


def _max_fd() -> int:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)  # no descriptor is numbered at or above it
    return soft if soft > 0 else 1 << 16


def _import_quietly(modules: tuple[str, ...]) -> None:
    """Import `modules` with the garbage collector paused (none of their objects is garbage)."""
    with collector_paused():
        for module in modules:
            importlib.import_module(module)


class _Worker:
    def __init__(self, memory_mb: int, fork: bool = False) -> None:
        ours, theirs = socket.socketpair()
        self.process: subprocess.Popen[bytes] | _Forked
        if fork:
            self.process = _fork(theirs, memory_mb)
        else:
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

    def __init__(
        self,
        workers: int = 0,
        budget: Budget | None = None,
        fork: bool = False,
        preload: tuple[str, ...] = (),
    ) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.budget = budget or Budget()
        self.fork = fork and hasattr(os, "fork")
        self.preload = PRELOAD + preload
        """Modules a forked worker finds imported (imported here before the first fork)."""
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
                # forked from the event loop's thread, which holds no lock a worker thread might
                worker = self._start() if self.fork else await asyncio.to_thread(self._start)
            return await asyncio.to_thread(worker.call, function, args, self.budget.wall_s)
        finally:
            if worker is not None and not worker.alive:
                self.replaced += 1
                log.warning("parse worker replaced (%d so far)", self.replaced)
                worker.stop()
                worker = None
            self._idle.put_nowait(worker)

    def _start(self) -> _Worker:
        # Without `fork`, a fresh interpreter (where fork is missing, or a caller wants no shared
        # state at all); a fork server would re-run the caller's main module.
        if not self.fork:
            return _Worker(self.budget.memory_mb)
        self.import_parser()
        return _Worker(self.budget.memory_mb, fork=True)

    def import_parser(self) -> None:
        """Import what forked workers run, here and once (a service calls it as it starts, so the
        first document does not hold up its event loop with the imports)."""
        if self.fork:
            _import_quietly(self.preload)

    def shutdown(self) -> None:
        """Stop the idle workers (the service is stopping)."""
        while self._idle is not None and not self._idle.empty():
            worker = self._idle.get_nowait()
            if worker is not None:
                worker.stop()
