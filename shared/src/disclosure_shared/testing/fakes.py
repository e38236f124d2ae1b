"""Fakes for unit tests of stage delivery: a recording publisher and a consumed message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiokafka import ConsumerRecord


@dataclass
class Published:
    message: Any
    topic: str
    key: bytes | None
    headers: dict[str, str]


@dataclass
class FakePublisher:
    """Records what would have gone to Kafka; can be told to fail."""

    sent: list[Published] = field(default_factory=list)
    fail_with: Exception | None = None
    fail_times: int = -1
    """How many publishes fail with `fail_with` before the broker "returns" (-1: all of them)."""
    attempts: int = 0

    async def publish(
        self,
        message: Any,
        topic: str,
        *,
        key: bytes | None = None,
        headers: dict[str, str] | None = None,
        no_confirm: bool = False,  # nothing to confirm: kept at once
    ) -> None:
        self.attempts += 1
        if self.fail_with is not None and (self.fail_times < 0 or self.attempts <= self.fail_times):
            raise self.fail_with
        self.sent.append(Published(message, topic, key, headers or {}))

    def on(self, topic: str) -> list[Published]:
        return [p for p in self.sent if p.topic == topic]


@dataclass
class FakeMessage:
    raw_message: ConsumerRecord[bytes, bytes]


def consumed(
    value: bytes, topic: str = "disclosure.fetched", offset: int = 7, key: bytes = b"k"
) -> FakeMessage:
    record: ConsumerRecord[bytes, bytes] = ConsumerRecord(
        topic=topic,
        partition=2,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=key,
        value=value,
        checksum=None,
        serialized_key_size=len(key),
        serialized_value_size=len(value),
        headers=(),
    )
    return FakeMessage(record)
