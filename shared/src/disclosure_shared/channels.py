"""Typed channels: what each service declares so that the AsyncAPI document FastStream generates
names every topic it reads and writes, with the envelope and payload models as schemas.

A handler takes `Declared[<event type>]` as its first parameter. The annotation is what FastStream
writes into the document; at run time the value is the message's bytes, untouched, because the
subscriber's decoder (`as_received`) does not parse them and the validator lets them through.
Decoding stays with StageRunner (delivery.py), so a message that does not decode is dead-lettered
with its reason instead of failing inside FastStream before the handler runs.

Outgoing topics are declared with `broker.publisher(topic, schema=...)` (Runtime.declare_output);
the stages still publish through StageRunner, which sizes, keys and retries every message.

`docs/contract/` holds the generated document (disclosure_cli.contract writes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from pydantic import Field, PlainValidator

T = TypeVar("T")


def _unchanged(value: Any) -> Any:
    return value


Declared = Annotated[T, PlainValidator(_unchanged)]
"""A handler parameter documented as T but received as the raw bytes (the runner decodes them)."""

DeadLetterBody = Annotated[
    bytes,
    Field(
        title="DeadLetter",
        description="The failed message's bytes exactly as received (empty when too large to carry: "
        "then x-body-ref names the blob that keeps them). Headers: x-error-type (the error code, e.g. "
        "undecodable, not-a-disclosure, too-large), x-error, x-stage, x-attempts, x-original-topic, "
        "x-original-partition, x-original-offset, x-original-headers, x-failed-at, x-sha256, x-trace-id.",
    ),
]
"""The schema of a dead letter: whatever arrived, with the reason in the headers."""


async def as_received(message: Any) -> bytes:
    """A FastStream decoder that leaves the body as bytes (no JSON parsing, so no decode crash)."""
    body: bytes = message.body
    return body


def subscriber_title(topics: Sequence[str], group: str) -> str:
    """The channel name of a consumer in the document: topic and consumer group (FastStream adds
    each topic to the group's name when one consumer reads several)."""
    return f"{topics[0]}:{group}" if len(topics) == 1 else group


def publisher_title(topic: str, service: str) -> str:
    """The channel name of a producer in the document: topic and the service writing it."""
    return f"{topic}:from-{service}"
