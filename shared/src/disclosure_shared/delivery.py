"""Reliable execution of one stage on one message: decode, run with retries, publish or dead-letter.

Every message ends somewhere, and nothing loops without a pause:
- a message that does not decode, or carries an envelope schema this code does not know, is
  dead-lettered at once with the reason;
- the stage's work is retried with backoff; a permanent error (InputRejected) is dead-lettered at
  once, other errors after `retry.attempts`;
- a backend outage (Kafka, MongoDB, blob store: outages.is_outage) is no fault of the document: the
  work, the publish and the dead-letter publish wait it out with bounded backoff, however long it
  lasts, and the outage is logged once and then summarised;
- outputs are size-checked before anything is published: an output over the topic's limit rejects
  the input as `too-large`; a dead letter too large to carry its body stores the body in the blob
  store and carries its address (`x-body-ref`) instead.

Every message is measured here (metrics.py: consumed, published, seconds, failures, retries, dead
letters, and the document figures of what was published), and every log line written while it is
handled carries its stage, sha256, trace id and topic/partition/offset (logs.log_context).

The handler returns only after the output is published (or the message dead-lettered), so the
offset commit that follows never loses work; an exception that escapes is redelivered.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, Protocol, TypeVar

from aiokafka import ConsumerRecord
from aiokafka import errors as kafka_errors
from pydantic import BaseModel, ValidationError

from disclosure_shared import metrics, topics
from disclosure_shared.blobs import BlobStore
from disclosure_shared.errors import InputRejected, TooLarge, UndecodableMessage, UnsupportedSchema, short
from disclosure_shared.events import EVENT_SCHEMA_VERSION, Envelope
from disclosure_shared.logs import bind, log_context
from disclosure_shared.outages import OutageLog, outage_delay, through_outages
from disclosure_shared.settings import MiB, RetrySettings

log = logging.getLogger(__name__)

T = TypeVar("T")
HEADROOM = 64 * 1024
"""Bytes kept free under the topic limit for headers and record overhead."""
ORIGINAL_HEADERS = "x-original-headers"
"""A dead letter's copy of the failed message's own headers (JSON), restored by a replay."""
_TOO_LARGE_ERRORS = (kafka_errors.MessageSizeTooLargeError, kafka_errors.RecordTooLargeError)


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
        self,
        message: Any,
        topic: str,
        *,
        key: bytes | None = ...,
        headers: dict[str, str] | None = ...,
        no_confirm: bool = ...,
    ) -> Any:
        """With `no_confirm`, return once the message is queued: the result, when awaitable, is the
        broker's acknowledgement (FastStream's KafkaBroker returns the producer's future)."""


class Delivered(Protocol):
    """What the runner needs of a consumed message (FastStream's KafkaMessage has it)."""

    @property
    def raw_message(self) -> ConsumerRecord[Any, Any] | tuple[ConsumerRecord[Any, Any], ...]: ...


def dead_letter_headers(
    record: ConsumerRecord[Any, Any], stage: str, error: BaseException, attempts: int
) -> dict[str, str]:
    """Headers that let an operator see why and replay from where (with the original headers)."""
    original = {
        k: v.decode("utf-8", errors="replace") for k, v in (record.headers or ()) if k != ORIGINAL_HEADERS
    }
    return {
        ORIGINAL_HEADERS: json.dumps(original)[:4000],
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
    return outage_delay(attempt, retry.backoff_s, retry.max_backoff_s)


def validation_summary(error: ValidationError, limit: int = 500) -> str:
    """A bounded description of why a message did not decode; never the input itself."""
    details = error.errors(include_input=False, include_url=False, include_context=False)
    first = details[0] if details else {"loc": (), "msg": str(error)[:200]}
    where = ".".join(str(part) for part in first["loc"]) or "message"
    return f"{len(details)} validation error(s); first at {where}: {first['msg']}"[:limit]


def decode(record: ConsumerRecord[Any, Any], event_type: type[Envelope[Any]]) -> Envelope[Any]:
    """The message as an envelope of a schema version this code knows (else a permanent error)."""
    try:
        event = event_type.model_validate_json(record.value or b"")
    except ValidationError as exc:
        raise UndecodableMessage(validation_summary(exc)) from None
    if event.schema_version != EVENT_SCHEMA_VERSION:
        raise UnsupportedSchema(
            f"envelope schema_version {event.schema_version[:20]!r}; this service reads "
            f"{EVENT_SCHEMA_VERSION!r}",
            sha256=event.sha256 or None,
        )
    return event


def encoded(out: Outgoing) -> bytes:
    return out.envelope.model_dump_json().encode()


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
        max_message_bytes: int = 8 * MiB,
        spill: Callable[[], BlobStore] | None = None,
    ) -> None:
        self.publisher = publisher
        self.topic_prefix = topic_prefix
        self.stage = stage
        self.retry = retry
        self.redeliver_when_exhausted = redeliver_when_exhausted
        """For sinks (the store): a failure it cannot place keeps the message in the stream."""
        self.max_message_bytes = max_message_bytes
        self.spill = spill
        """The blob store that keeps a dead letter's body when the body is too large to travel."""
        self.outages = OutageLog(stage)

    async def run(self, message: Delivered, event_type: type[Envelope[Any]], work: Work) -> None:
        record = message.raw_message
        assert not isinstance(record, tuple), "stages consume one message at a time"
        topic = record.topic.removeprefix(self.topic_prefix)
        metrics.MESSAGES_CONSUMED.labels(self.stage, topic).inc()
        started = time.perf_counter()
        with log_context(stage=self.stage, topic=topic, partition=record.partition, offset=record.offset):
            try:
                await self._run(record, event_type, work, started)
            finally:
                metrics.STAGE_SECONDS.labels(self.stage).observe(time.perf_counter() - started)

    async def _run(
        self, record: ConsumerRecord[Any, Any], event_type: type[Envelope[Any]], work: Work, started: float
    ) -> None:
        try:
            event = decode(record, event_type)
        except InputRejected as exc:
            await self._dead_letter(record, exc, attempts=1, sha256=exc.sha256 or "")
            return
        bind(sha256=event.sha256 or None, trace_id=event.trace_id)
        output = await self._work(record, event, work)
        if output is None:
            return
        if not await self._publish(record, event, output):
            return
        seconds = time.perf_counter() - started
        for out in output.messages:
            metrics.observe_output(self.stage, out.envelope, seconds)
        log.info(
            "%s done for %s in %.3fs -> %s",
            self.stage,
            event.sha256 or "-",
            seconds,
            [o.topic for o in output.messages],
            extra={"duration_s": round(seconds, 3)},
        )

    async def _work(
        self, record: ConsumerRecord[Any, Any], event: Envelope[Any], work: Work
    ) -> StageOutput | None:
        """The stage's output, or None when the message was dead-lettered."""
        attempt = 0
        while True:
            try:
                output = await self._through_outages(lambda: work(event))
                return output
            except InputRejected as exc:
                metrics.FAILURES.labels(self.stage, exc.code).inc()
                await self._dead_letter(record, exc, attempt + 1, exc.sha256 or event.sha256, event)
                return None
            except Exception as exc:
                attempt += 1
                metrics.FAILURES.labels(self.stage, getattr(exc, "code", type(exc).__name__)).inc()
                if attempt >= self.retry.attempts:
                    if self.redeliver_when_exhausted:
                        await asyncio.sleep(backoff_delay(attempt, self.retry))  # never a hot loop
                        raise
                    log.error(
                        "%s failed for %s after %d attempts: %s",
                        self.stage,
                        event.sha256,
                        attempt,
                        short(exc),
                    )
                    await self._dead_letter(record, exc, attempt, event.sha256, event)
                    return None
                delay = backoff_delay(attempt, self.retry)
                metrics.RETRIES.labels(self.stage).inc()
                log.warning(
                    "%s attempt %d for %s failed (%s); retrying in %.2fs",
                    self.stage,
                    attempt,
                    event.sha256,
                    short(exc),
                    delay,
                )
                await asyncio.sleep(delay)

    async def _publish(
        self, record: ConsumerRecord[Any, Any], event: Envelope[Any], output: StageOutput
    ) -> bool:
        """Publish every output, then record it; False when the input was dead-lettered instead."""
        bodies = [(out, encoded(out)) for out in output.messages]
        limit = self.max_message_bytes - HEADROOM
        oversized = [(out.topic, len(body)) for out, body in bodies if len(body) > limit]
        if oversized:
            topic, size = oversized[0]
            error = TooLarge(f"the {topic} output is {size} bytes; the topic takes at most {limit}")
            await self._dead_letter(record, error, 1, event.sha256, event)
            return False
        try:
            await self._retried(partial(publish_bodies, self.publisher, bodies, self.topic_prefix))
        except _TOO_LARGE_ERRORS as exc:
            await self._dead_letter(record, TooLarge(short(exc)), 1, event.sha256, event)
            return False
        for out, _ in bodies:
            metrics.MESSAGES_PUBLISHED.labels(self.stage, out.topic).inc()
        if output.after_publish is not None:
            await self._retried(output.after_publish)
        return True

    async def _retried(self, action: Callable[[], Awaitable[T]]) -> T:
        """An action on a backend: outages waited out, other failures retried, then raised."""
        attempt = 0
        while True:
            try:
                return await self._through_outages(action)
            except _TOO_LARGE_ERRORS:
                raise
            except Exception as exc:
                attempt += 1
                await asyncio.sleep(backoff_delay(attempt, self.retry))
                if attempt >= self.retry.attempts:
                    raise
                log.warning("%s: %s; retrying", self.stage, short(exc))

    async def _through_outages(self, action: Callable[[], Awaitable[T]]) -> T:
        return await through_outages(action, self.outages, self.retry.backoff_s, self.retry.outage_backoff_s)

    async def _dead_letter(
        self,
        record: ConsumerRecord[Any, Any],
        error: BaseException,
        attempts: int,
        sha256: str = "",
        event: Envelope[Any] | None = None,
    ) -> None:
        headers = dead_letter_headers(record, self.stage, error, attempts)
        if sha256:
            headers["x-sha256"] = sha256
        if event is not None:
            headers["x-trace-id"] = event.trace_id
        body = record.value or b""
        if len(body) > self.max_message_bytes - HEADROOM:
            body = await self._spilled(body, headers)
        log.error("%s dead-lettered %s: %s", self.stage, sha256 or f"offset {record.offset}", short(error))
        dlq = topics.dlq(record.topic)
        await self._retried(lambda: self.publisher.publish(body, dlq, key=record.key, headers=headers))
        metrics.DEAD_LETTERS.labels(self.stage, headers["x-error-type"]).inc()

    async def _spilled(self, body: bytes, headers: dict[str, str]) -> bytes:
        """A body too large for the dead-letter topic: kept in the blob store, referenced by address."""
        headers["x-body-bytes"] = str(len(body))
        if self.spill is None:
            headers["x-body-omitted"] = "no blob store to keep it"
            return b""
        store = self.spill()
        ref = await self._through_outages(lambda: store.put(body))
        headers["x-body-ref"] = ref.sha256
        return b""


async def publish_body(
    publisher: Publisher, out: Outgoing, body: bytes, topic_prefix: str = "", confirm: bool = True
) -> Any:
    """Publish an encoded envelope keyed by sha256, so one input always lands in the same partition.
    Without `confirm`: queued, and the acknowledgement (if awaitable) is returned to await later."""
    return await publisher.publish(
        body,
        topic_prefix + out.topic,
        key=(out.envelope.sha256 or out.envelope.trace_id).encode(),
        headers={
            "content-type": "application/json",
            "x-stage": out.envelope.stage.value,
            "x-trace-id": out.envelope.trace_id,
            "x-parser-version": out.envelope.parser_version,
        },
        no_confirm=not confirm,
    )


async def publish_bodies(
    publisher: Publisher, bodies: Sequence[tuple[Outgoing, bytes]], topic_prefix: str = ""
) -> None:
    """Publish every body, then wait for every acknowledgement: the producer batches what is queued
    (the store's feeds are hundreds of messages per document; one round trip each made the store the
    pipeline's slowest stage). Order holds: one key, one partition, and the idempotent producer
    keeps a partition's batches in order. A failure raises, and the caller publishes them all again
    (a feed consumer reads from the newest revision marker, so a repeat is harmless)."""
    if len(bodies) == 1:
        [(out, body)] = bodies
        await publish_body(publisher, out, body, topic_prefix)
        return
    pending = [await publish_body(publisher, out, body, topic_prefix, confirm=False) for out, body in bodies]
    await asyncio.gather(*(ack for ack in pending if inspect.isawaitable(ack)))


async def publish_event(publisher: Publisher, out: Outgoing, topic_prefix: str = "") -> None:
    """Publish one envelope (the CLI's submissions and the tests use this)."""
    envelope: BaseModel = out.envelope
    await publish_body(publisher, out, envelope.model_dump_json().encode(), topic_prefix)
