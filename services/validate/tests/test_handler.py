"""The validate service's handler wiring, in memory (FastStream's TestKafkaBroker)."""

from datetime import UTC, datetime
from decimal import Decimal

from faststream.kafka import TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage

from disclosure_shared import topics
from disclosure_shared.events import BlobRef, Envelope, ParsedPayload, Stage, ValidatedEvent
from disclosure_shared.records import DocumentInfo, Finding, PageInfo, Row, Source, Table
from disclosure_shared.settings import PipelineSettings
from disclosure_validate.app import create_app


def parsed_event() -> Envelope[ParsedPayload]:
    payload = ParsedPayload(
        source=Source(fetched_at=datetime.now(UTC), bytes=10, filename="a.pdf"),
        blob=BlobRef(store="gridfs", sha256="ab" * 32, size=10),
        document=DocumentInfo(kind="final_accounts", year=2023, organization="武汉市硚口区大数据中心"),
        pages=[PageInfo(number=1, chars=5, text="部门决算表")],
        tables=[
            Table(
                kind="expenditure",
                title="支出决算表",
                unit="wan_yuan",
                rows=[Row(code="2010350", name="事业运行", level=3, values={"total": Decimal("261.74")})],
            )
        ],
        findings=[
            Finding(
                rule="unparsed-table", severity="warning", probable_cause="extraction", message="表格无法识别"
            )
        ],
    )
    return Envelope[ParsedPayload](
        sha256="ab" * 32, stage=Stage.PARSED, parser_version="0.1.0", payload=payload
    )


async def test_parsed_event_becomes_a_validated_record() -> None:
    app = create_app(PipelineSettings(kafka={"topic_prefix": "x."}))  # type: ignore[arg-type]
    received: list[ValidatedEvent] = []

    @app.broker.subscriber("x." + topics.VALIDATED)  # type: ignore[union-attr]
    async def capture(body: dict) -> None:  # type: ignore[type-arg]
        received.append(ValidatedEvent.model_validate(body))

    async with TestKafkaBroker(app.broker) as broker:  # type: ignore[arg-type]
        event = parsed_event()
        await broker.publish(event.model_dump_json().encode(), "x." + topics.PARSED, key=b"k")
        [validated] = received
    record = validated.payload
    assert validated.trace_id == event.trace_id and validated.stage == Stage.VALIDATED
    assert record.sha256 == "ab" * 32 and record.parser_version == "0.1.0"
    assert record.verdict == "warn"  # the parse warning is carried into the verdict
    assert record.tables[0].rows[0].values["total"] == Decimal("261.74")
    assert record.findings[0].rule_set_version == record.rule_set_version


async def test_the_stage_validates_with_the_related_disclosures() -> None:
    from disclosure_validate.stage import validate_stage_with

    asked: list[tuple[str | None, str]] = []
    budget = parsed_event().payload.model_copy(
        update={"document": DocumentInfo(kind="budget", year=2023, organization="武汉市硚口区大数据中心")}
    )

    async def lookup(document: DocumentInfo, sha256: str) -> list[ParsedPayload]:
        asked.append((document.organization, sha256))
        return [budget]

    output = await validate_stage_with(lookup)(parsed_event())
    [outgoing] = output.messages
    assert asked == [("武汉市硚口区大数据中心", "ab" * 32)]
    assert outgoing.envelope.payload.sha256 == "ab" * 32


async def test_bytes_that_are_not_json_reach_the_dead_letter_topic_not_a_decode_crash() -> None:
    """The handler's parameter is typed for the AsyncAPI document only: the body still reaches
    StageRunner as bytes, so a broken message is dead-lettered with its reason and its bytes."""
    app = create_app(PipelineSettings(kafka={"topic_prefix": "x."}))  # type: ignore[arg-type]
    dead: list[tuple[bytes, dict[str, str]]] = []

    @app.broker.subscriber("x." + topics.dlq(topics.PARSED))  # type: ignore[union-attr]
    async def capture(body: bytes, message: KafkaMessage) -> None:
        dead.append((message.body, dict(message.headers)))

    broken = b'\xff{"schema_version": "1", "payload": '
    async with TestKafkaBroker(app.broker) as broker:  # type: ignore[arg-type]
        await broker.publish(
            broken, "x." + topics.PARSED, key=b"k", headers={"content-type": "application/json"}
        )
    [(body, headers)] = dead
    assert body == broken
    assert headers["x-error-type"] == "undecodable-message"
    assert headers["x-original-topic"] == "x." + topics.PARSED
