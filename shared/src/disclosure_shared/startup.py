"""Start-up imports with the garbage collector paused."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Modules imported at start-up live as long as the process, so none of their objects is garbage;
    the collector's passes over them while they are built cost about a tenth of the import time
    (pydantic's schemas, the rule catalog's patterns)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
