import pytest

from disclosure_shared.delivery import Outgoing, StageOutput, StageRunner
from disclosure_shared.errors import CorruptPdf
from disclosure_shared.events import Envelope, Stage, SubmitRequest
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
