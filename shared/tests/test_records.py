from datetime import UTC, datetime
from decimal import Decimal

from disclosure_shared.records import Finding, ProcessedDisclosure, Row, Source, verdict_of


def finding(severity: str) -> Finding:
    return Finding(rule="I-01", severity=severity, probable_cause="source", message="合计不等于各项之和")  # type: ignore[arg-type]


def test_money_serializes_as_plain_decimal_strings() -> None:
    row = Row(name="合计", values={"total": Decimal("1E+3"), "basic": Decimal("1930.07"), "project": None})
    dumped = row.model_dump(mode="json")
    assert dumped["values"] == {"total": "1000", "basic": "1930.07", "project": None}
    assert '"1930.07"' in row.model_dump_json()


def test_money_round_trips_without_float_drift() -> None:
    row = Row(name="x", values={"total": Decimal("0.1") + Decimal("0.2")})
    again = Row.model_validate_json(row.model_dump_json())
    assert again.values["total"] == Decimal("0.3")


def test_verdict_is_fail_on_any_error_then_warn_then_pass() -> None:
    assert verdict_of([]) == "pass"
    assert verdict_of([finding("info")]) == "pass"
    assert verdict_of([finding("info"), finding("warning")]) == "warn"
    assert verdict_of([finding("warning"), finding("error")]) == "fail"


def test_contract_record_rejects_unknown_fields() -> None:
    source = Source(fetched_at=datetime.now(UTC), bytes=1)
    record = ProcessedDisclosure(
        sha256="ab",
        source=source,
        document={},
        pages=[],
        verdict="pass",
        parser_version="1",  # type: ignore[arg-type]
    )
    assert record.schema_version == "1"
    try:
        Source(fetched_at=datetime.now(UTC), bytes=1, colour="red")  # type: ignore[call-arg]
    except ValueError as exc:
        assert "colour" in str(exc)
    else:
        raise AssertionError("unknown field accepted")
