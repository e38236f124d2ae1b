"""Reliable execution of one stage on one message: decode, run with retries, publish or dead-letter.

The handler's return happens only after the output is published (or the message dead-lettered),
so the offset commit that follows it never loses work. Permanent errors (InputRejected) skip the
retries. If even the dead-letter publish fails, the exception escapes and the message is redelivered.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from aiokafka import ConsumerRecord
from pydantic import BaseModel, ValidationError

from disclosure_shared import topics
from disclosure_shared.errors import InputRejected, UndecodableMessage
from disclosure_shared.events import Envelope
from disclosure_shared.settings import RetrySettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    """One message a stage wants published."""

    topic: str
    envelope: Envelope[Any]


@dataclass(frozen=True)
class StageOutput:
    """What a stage produced, and what to record once it is safely published."""

    messages: Sequence[Outgoing] = ()
    after_publish: Callable[[], Awaitable[None]] | None = None


Work = Callable[[Envelope[Any]], Awaitable[StageOutput]]


class Publisher(Protocol):
    async def publish(
        self, message: Any, topic: str, *, key: bytes | None = ..., headers: dict[str, str] | None = ...
    ) -> Any: ...


class Delivered(Protocol):
    """What the runner needs of a consumed message (FastStream's KafkaMessage has it)."""

    @property
    def raw_message(self) -> ConsumerRecord[Any, Any] | tuple[ConsumerRecord[Any, Any], ...]: ...


def dead_letter_headers(
    record: ConsumerRecord[Any, Any], stage: str, error: BaseException, attempts: int
) -> dict[str, str]:
    """Headers that let an operator see why and replay from where."""
    return {
        "x-stage": stage,
        "x-error": str(error)[:2000],
        "x-error-type": getattr(error, "code", type(error).__name__),
        "x-attempts": str(attempts),
        "x-original-topic": record.topic,
        "x-original-partition": str(record.partition),
        "x-original-offset": str(record.offset),
        "x-failed-at": datetime.now(UTC).isoformat(),
    }


def backoff_delay(attempt: int, retry: RetrySettings) -> float:
    """Exponential backoff with jitter, capped."""
    base: float = min(retry.max_backoff_s, retry.backoff_s * 2 ** (attempt - 1))
    return base * random.uniform(0.5, 1.0)


class StageRunner:
    """Runs a stage's work function for a consumed message with the delivery guarantees above."""

    def __init__(
        self,
        publisher: Publisher,
        stage: str,
        retry: RetrySettings,
        *,
        topic_prefix: str = "",
        redeliver_when_exhausted: bool = False,
    ) -> None:
        self.publisher = publisher
        self.topic_prefix = topic_prefix
        self.stage = stage
        self.retry = retry
        self.redeliver_when_exhausted = redeliver_when_exhausted
        """For sinks (the store): an outage must not empty the stream into the DLQ; keep redelivering."""

    async def run(
        self,
        message: Delivered,
        event_type: type[Envelope[Any]],
        work: Work,
    ) -> None:
        record = message.raw_message
        assert not isinstance(record, tuple), "stages consume one message at a time"
        started = time.perf_counter()
        try:
            event = event_type.model_validate_json(record.value or b"")
        except ValidationError as exc:
            await self._dead_letter(record, UndecodableMessage(str(exc.errors()[:3])), attempts=1)
            return
        attempt = 0
        while True:
            attempt += 1
            try:
                output = await work(event)
                break
            except InputRejected as exc:
                await self._dead_letter(record, exc, attempt, exc.sha256 or event.sha256)
                return
            except Exception as exc:
                if attempt >= self.retry.attempts and self.redeliver_when_exhausted:
                    raise
                if attempt >= self.retry.attempts:
                    log.exception("%s failed for %s after %d attempts", self.stage, event.sha256, attempt)
                    await self._dead_letter(record, exc, attempt, event.sha256)
                    return
                delay = backoff_delay(attempt, self.retry)
                log.warning(
                    "%s attempt %d for %s failed (%s); retrying in %.2fs",
                    self.stage,
                    attempt,
                    event.sha256,
                    exc,
                    delay,
                )
                await asyncio.sleep(delay)
        for out in output.messages:
            await publish_event(self.publisher, out, self.topic_prefix)
        if output.after_publish is not None:
            await output.after_publish()
        log.info(
            "%s done for %s in %.3fs -> %s",
            self.stage,
            event.sha256 or "-",
            time.perf_counter() - started,
            [o.topic for o in output.messages],
        )

    async def _dead_letter(
        self, record: ConsumerRecord[Any, Any], error: BaseException, attempts: int, sha256: str = ""
    ) -> None:
        headers = dead_letter_headers(record, self.stage, error, attempts)
        if sha256:
            headers["x-sha256"] = sha256
        log.error("%s dead-lettered %s: %s", self.stage, sha256 or f"offset {record.offset}", error)
        await self.publisher.publish(
            record.value or b"", topics.dlq(record.topic), key=record.key, headers=headers
        )


async def publish_event(publisher: Publisher, out: Outgoing, topic_prefix: str = "") -> None:
    """Publish an envelope keyed by sha256, so one input always lands in the same partition."""
    envelope: BaseModel = out.envelope
    await publisher.publish(
        envelope.model_dump_json().encode(),
        topic_prefix + out.topic,
        key=(out.envelope.sha256 or out.envelope.trace_id).encode(),
        headers={
            "content-type": "application/json",
            "x-stage": out.envelope.stage.value,
            "x-trace-id": out.envelope.trace_id,
            "x-parser-version": out.envelope.parser_version,
        },
    )
