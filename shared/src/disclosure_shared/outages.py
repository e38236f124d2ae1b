"""Backend outages: failures of Kafka, MongoDB or the blob store that say nothing about the document.

A stage retries an outage in place, with bounded exponential backoff, for as long as it lasts; it
never dead-letters a document for it. The outage is logged once when it starts, then summarised at
most every `summary_every_s` seconds (repeats are counted, not printed), and once when it ends.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from aiokafka import errors as kafka_errors
from pymongo import errors as mongo_errors

from disclosure_shared.errors import BackendUnavailable, short

log = logging.getLogger(__name__)
T = TypeVar("T")

_OUTAGE_TYPES: tuple[type[BaseException], ...] = (
    BackendUnavailable,
    mongo_errors.ConnectionFailure,  # ServerSelectionTimeoutError, AutoReconnect, NetworkTimeout
    mongo_errors.WaitQueueTimeoutError,
    kafka_errors.KafkaConnectionError,
    kafka_errors.KafkaTimeoutError,
    kafka_errors.NodeNotReadyError,
    kafka_errors.RequestTimedOutError,
    kafka_errors.BrokerNotAvailableError,
    kafka_errors.LeaderNotAvailableError,
    kafka_errors.NotLeaderForPartitionError,
    kafka_errors.CoordinatorNotAvailableError,
)


def is_outage(error: BaseException) -> bool:
    """True when `error` (or what caused it) is a backend being unreachable, not a document's fault."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, _OUTAGE_TYPES):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def outage_delay(attempt: int, first_s: float = 0.5, cap_s: float = 30.0) -> float:
    """Bounded exponential backoff with jitter for the `attempt`-th retry during an outage."""
    base: float = min(cap_s, first_s * float(2 ** min(attempt - 1, 16)))
    return base * random.uniform(0.5, 1.0)


@dataclass
class OutageLog:
    """Logs an outage once, then a summary at most every `summary_every_s` seconds, then its end."""

    what: str
    summary_every_s: float = 30.0
    _since: float | None = None
    _last_report: float = 0.0
    _failures: int = 0
    _last_error: str = field(default="")

    @property
    def ongoing(self) -> bool:
        return self._since is not None

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        self._failures += 1
        self._last_error = short(error)
        if self._since is None:
            self._since, self._last_report = now, now
            log.warning(
                "%s: backend unavailable (%s); retrying until it returns", self.what, self._last_error
            )
        elif now - self._last_report >= self.summary_every_s:
            self._last_report = now
            log.warning(
                "%s: backend still unavailable after %.0fs, %d failed attempts (last: %s)",
                self.what,
                now - self._since,
                self._failures,
                self._last_error,
            )

    def recovered(self) -> None:
        if self._since is not None:
            log.warning(
                "%s: backend back after %.0fs and %d failed attempts",
                self.what,
                time.monotonic() - self._since,
                self._failures,
            )
        self._since, self._failures = None, 0


async def through_outages(
    action: Callable[[], Awaitable[T]], outages: OutageLog, first_s: float = 0.5, cap_s: float = 30.0
) -> T:
    """Run `action`, waiting out backend outages with bounded backoff for as long as they last;
    any other error is raised at once."""
    waits = 0
    while True:
        try:
            result = await action()
        except Exception as exc:
            if not is_outage(exc):
                raise
            waits += 1
            outages.failed(exc)
            await asyncio.sleep(outage_delay(waits, first_s, cap_s))
            continue
        outages.recovered()
        return result
