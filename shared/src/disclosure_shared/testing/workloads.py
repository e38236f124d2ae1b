"""Small functions with known costs, for tests of isolated workers (they must be importable by name
in a worker process, which test modules are not under pytest's importlib mode)."""

from __future__ import annotations

import os
import signal
import time

from disclosure_shared.errors import CorruptPdf


def echo(value: object) -> object:
    return value


def sleep_for(seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def reject(sha256: str) -> None:
    raise CorruptPdf("no /Root object", sha256=sha256)
