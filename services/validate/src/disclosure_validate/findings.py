"""Building findings with their evidence (CONTRACT.md "Finding")."""

from __future__ import annotations

from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location, ProbableCause, Row, Severity, Table
from disclosure_validate.tolerance import Outcome


def row_evidence(row: Row, columns: tuple[str, ...] = ()) -> Evidence:
    """The row as printed: code, name and the values the rule read."""
    shown = columns or tuple(row.values)
    values = " ".join(f"{k}={row.values[k]}" for k in shown if row.values.get(k) is not None)
    text = " ".join(part for part in (row.code or "", row.name, values) if part)
    return Evidence(page=row.page, text=text)


def arithmetic_finding(
    rule: str,
    outcome: Outcome,
    message: str,
    *,
    expected: Decimal,
    actual: Decimal,
    table: Table | None = None,
    row: Row | None = None,
    column: str | None = None,
    page: int | None = None,
    evidence: list[Evidence] | None = None,
    extraction_suspect: bool = False,
) -> Finding:
    """A failed or drifting identity. Rounding drift is info; a failure that may come from our own
    repair or join is blamed on extraction, never on the publisher (SPEC §3.0)."""
    severity: Severity
    cause: ProbableCause
    if outcome in (Outcome.ROUNDING, Outcome.TRUNCATED):
        severity, cause = "info", "rounding"
    elif extraction_suspect:
        severity, cause = "warning", "extraction"
    else:
        severity, cause = "error", "source"
    return Finding(
        rule=rule,
        severity=severity,
        probable_cause=cause,
        message=message,
        expected=expected,
        actual=actual,
        difference=actual - expected,
        location=Location(
            table=table.kind if table else None,
            page=page
            if page is not None
            else (row.page if row else (table.pages[0] if table and table.pages else None)),
            row=(row.code or row.name) if row else None,
            column=column,
        ),
        evidence=evidence if evidence is not None else ([row_evidence(row)] if row else []),
    )
