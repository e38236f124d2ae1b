import asyncio
from pathlib import Path

import pytest
from aiokafka.errors import KafkaConnectionError
from pymongo.errors import ServerSelectionTimeoutError

from disclosure_shared.blobs import FileBlobStore
from disclosure_shared.delivery import Outgoing, StageOutput, StageRunner
from disclosure_shared.errors import CorruptPdf
from disclosure_shared.events import BlobRef, Envelope, Stage, SubmitRequest
from disclosure_shared.settings import RetrySettings
from disclosure_shared.testing.fakes import FakePublisher, consumed

FAST = RetrySettings(attempts=3, backoff_s=0.001, max_backoff_s=0.002)
SHA = "ab" * 32


def incoming() -> Envelope[SubmitRequest]:
    return Envelope[SubmitRequest](
        sha256=SHA, stage=Stage.FETCHED, payload=SubmitRequest(uri="https://a/b.pdf")
    )


def message():
    return consumed(incoming().model_dump_json().encode())


class Flaky:
    """Fails `failures` times with `error`, then succeeds with one outgoing message."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures, self.error, self.calls = failures, error, 0
        self.published_after: list[int] = []

    async def __call__(self, event: Envelope[SubmitRequest]) -> StageOutput:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error

        async def after() -> None:
            self.published_after.append(self.calls)

        return StageOutput(
            [Outgoing("disclosure.extracted", event.follow(Stage.EXTRACTED, event.payload))], after
        )


async def test_success_publishes_keyed_by_sha256_then_runs_after_publish() -> None:
    publisher, work = FakePublisher(), Flaky(0, RuntimeError())
    await StageRunner(publisher, "extract", FAST, topic_prefix="p.").run(
        message(), Envelope[SubmitRequest], work
    )
    [sent] = publisher.sent
    assert sent.topic == "p.disclosure.extracted" and sent.key == SHA.encode()
    assert sent.headers["x-stage"] == "extracted"
    assert Envelope[SubmitRequest].model_validate_json(sent.message).stage == Stage.EXTRACTED
    assert work.published_after == [1]


async def test_transient_failures_are_retried_until_success() -> None:
    publisher, work = FakePublisher(), Flaky(2, ConnectionError("store down"))
    await StageRunner(publisher, "extract", FAST).run(message(), Envelope[SubmitRequest], work)
    assert work.calls == 3
    assert [p.topic for p in publisher.sent] == ["disclosure.extracted"]


async def test_exhausted_retries_dead_letter_with_reason_and_origin() -> None:
    publisher, work, original = FakePublisher(), Flaky(99, ConnectionError("store down")), message()
    await StageRunner(publisher, "extract", FAST).run(original, Envelope[SubmitRequest], work)
    assert work.calls == 3
    [dead] = publisher.sent
    assert dead.topic == "disclosure.fetched.dlq"
    assert dead.message == original.raw_message.value  # the original bytes, untouched
    assert dead.headers["x-attempts"] == "3"
    assert dead.headers["x-error-type"] == "ConnectionError"
    assert "store down" in dead.headers["x-error"]
    assert (
        dead.headers["x-original-topic"],
        dead.headers["x-original-partition"],
        dead.headers["x-original-offset"],
    ) == ("disclosure.fetched", "2", "7")
    assert dead.headers["x-sha256"] == SHA


async def test_rejected_input_is_dead_lettered_at_once() -> None:
    publisher, work = FakePublisher(), Flaky(99, CorruptPdf("no /Root object", sha256="cd" * 32))
    await StageRunner(publisher, "extract", FAST).run(message(), Envelope[SubmitRequest], work)
    assert work.calls == 1
    [dead] = publisher.sent
    assert dead.headers["x-error-type"] == "corrupt-pdf"
    assert dead.headers["x-sha256"] == "cd" * 32
    assert dead.headers["x-error"] == "corrupt-pdf: no /Root object"


async def test_undecodable_message_is_dead_lettered_without_running_the_stage() -> None:
    publisher, work = FakePublisher(), Flaky(0, RuntimeError())
    await StageRunner(publisher, "extract", FAST).run(consumed(b"{not json"), Envelope[SubmitRequest], work)
    assert work.calls == 0
    assert publisher.sent[0].headers["x-error-type"] == "undecodable-message"


async def test_sink_redelivers_instead_of_dead_lettering() -> None:
    publisher, work = FakePublisher(), Flaky(99, ConnectionError("mongo down"))
    runner = StageRunner(publisher, "store", FAST, redeliver_when_exhausted=True)
    with pytest.raises(ConnectionError):
        await runner.run(message(), Envelope[SubmitRequest], work)
    assert publisher.sent == []


async def test_failed_publish_propagates_so_the_offset_is_not_committed() -> None:
    publisher, work = FakePublisher(fail_with=TimeoutError("broker gone")), Flaky(0, RuntimeError())
    with pytest.raises(TimeoutError):
        await StageRunner(publisher, "extract", FAST).run(message(), Envelope[SubmitRequest], work)
    assert work.published_after == []  # never recorded as published


# ---- every message ends somewhere (issue 15) -----------------------------------------------------

OUTAGE = ServerSelectionTimeoutError("127.0.0.1:37017: [Errno 111] Connection refused")


async def test_a_backend_outage_is_waited_out_and_never_dead_letters() -> None:
    publisher, work = FakePublisher(), Flaky(7, OUTAGE)  # more failures than retry.attempts
    runner = StageRunner(publisher, "ingest", FAST)
    await runner.run(message(), Envelope[SubmitRequest], work)
    assert work.calls == 8
    assert [p.topic for p in publisher.sent] == ["disclosure.extracted"]
    assert not runner.outages.ongoing  # the outage ended with the success


async def test_an_outage_behind_another_error_counts_as_an_outage() -> None:
    wrapped = RuntimeError("could not read the blob")
    wrapped.__cause__ = KafkaConnectionError("broker gone")
    publisher, work = FakePublisher(), Flaky(5, wrapped)
    await StageRunner(publisher, "parse", FAST).run(message(), Envelope[SubmitRequest], work)
    assert [p.topic for p in publisher.sent] == ["disclosure.extracted"]


async def test_a_broker_outage_while_publishing_is_waited_out() -> None:
    publisher = FakePublisher(fail_with=KafkaConnectionError("no broker"), fail_times=6)
    work = Flaky(0, RuntimeError())
    await StageRunner(publisher, "parse", FAST).run(message(), Envelope[SubmitRequest], work)
    assert work.calls == 1  # the work is not redone for a publish failure
    assert [p.topic for p in publisher.sent] == ["disclosure.extracted"] and work.published_after == [1]


async def test_an_unknown_schema_version_is_dead_lettered_with_the_reason() -> None:
    future = incoming().model_copy(update={"schema_version": "999"})
    publisher, work = FakePublisher(), Flaky(0, RuntimeError())
    await StageRunner(publisher, "parse", FAST).run(
        consumed(future.model_dump_json().encode()), Envelope[SubmitRequest], work
    )
    assert work.calls == 0
    [dead] = publisher.sent
    assert dead.headers["x-error-type"] == "unsupported-schema" and "'999'" in dead.headers["x-error"]


async def test_an_undecodable_message_is_described_without_its_content() -> None:
    poison = b'{"sha256": 5, "stage": "fetched", "payload": {"uri": "' + b"SECRET" * 50_000 + b'", "x": 1}}'
    publisher = FakePublisher()
    await StageRunner(publisher, "parse", FAST).run(
        consumed(poison), Envelope[SubmitRequest], Flaky(0, RuntimeError())
    )
    [dead] = publisher.sent
    assert dead.headers["x-error-type"] == "undecodable-message"
    assert "SECRET" not in dead.headers["x-error"] and len(dead.headers["x-error"]) < 600
    assert dead.message == poison  # the body itself is kept for the operator


class Huge:
    """A stage whose output is larger than the topic takes."""

    async def __call__(self, event: Envelope[SubmitRequest]) -> StageOutput:
        payload = SubmitRequest(uri="https://a/" + "x" * 300_000)
        return StageOutput([Outgoing("disclosure.extracted", event.follow(Stage.EXTRACTED, payload))])


async def test_an_output_over_the_topic_limit_rejects_the_input_as_too_large() -> None:
    publisher = FakePublisher()
    runner = StageRunner(publisher, "extract", FAST, max_message_bytes=200_000)
    await runner.run(message(), Envelope[SubmitRequest], Huge())
    [dead] = publisher.sent
    assert dead.topic == "disclosure.fetched.dlq" and dead.headers["x-error-type"] == "too-large"


async def test_a_dead_letter_too_large_for_its_topic_keeps_its_body_in_the_blob_store(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path)
    big = consumed(b"{" + b"x" * 300_000)  # undecodable and larger than the topic takes
    publisher = FakePublisher()
    runner = StageRunner(publisher, "extract", FAST, max_message_bytes=200_000, spill=lambda: store)
    await runner.run(big, Envelope[SubmitRequest], Flaky(0, RuntimeError()))
    [dead] = publisher.sent
    assert dead.message == b"" and dead.headers["x-body-bytes"] == str(len(big.raw_message.value))
    ref = dead.headers["x-body-ref"]
    assert await store.get(BlobRef(store="file", sha256=ref, size=0)) == big.raw_message.value


class Acknowledging(FakePublisher):
    """A publisher that queues without confirming: each acknowledgement is a future the broker
    settles later; the first `failing` of them fail."""

    def __init__(self, failing: int = 0) -> None:
        super().__init__()
        self.failing = failing
        self.acks: list[asyncio.Future[None]] = []
        self.queued_before_ack: list[int] = []

    async def publish(self, message, topic, *, key=None, headers=None, no_confirm=False):  # type: ignore[no-untyped-def]
        await super().publish(message, topic, key=key, headers=headers)
        ack: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.acks.append(ack)
        asyncio.get_running_loop().call_soon(self._settle, ack)
        return ack if no_confirm else await ack

    def _settle(self, ack: asyncio.Future[None]) -> None:
        self.queued_before_ack.append(len(self.sent))
        if len(self.queued_before_ack) <= self.failing:
            ack.set_exception(KafkaConnectionError("broker went away"))
        else:
            ack.set_result(None)


def many(count: int):
    async def work(event: Envelope[SubmitRequest]) -> StageOutput:
        return StageOutput([Outgoing("t", event.follow(Stage.STORED, event.payload)) for _ in range(count)])

    return work


async def test_several_outputs_are_queued_together_and_every_acknowledgement_awaited() -> None:
    publisher = Acknowledging()
    await StageRunner(publisher, "store", FAST).run(message(), Envelope[SubmitRequest], many(5))
    assert len(publisher.sent) == 5
    assert publisher.queued_before_ack[0] == 5  # no message waited for the one before it
    assert all(ack.done() and ack.exception() is None for ack in publisher.acks)


async def test_a_failed_acknowledgement_publishes_every_output_again() -> None:
    publisher = Acknowledging(failing=1)
    await StageRunner(publisher, "store", FAST).run(message(), Envelope[SubmitRequest], many(3))
    assert len(publisher.sent) == 6  # the three again, after the failure
    assert all(ack.done() for ack in publisher.acks)
