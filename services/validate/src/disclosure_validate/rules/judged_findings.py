"""How a rule that compares two printed amounts reports a disagreement: the severity and probable
cause follow from the outcome and from whether our extraction is suspect, and the message ends with
a clause saying which. Shared by the item-table rules (I-19, X-11, X-13, item_tables) and the
project-amount rule (X-10, performance_projects), which locate a finding at a printed line and may
leave `expected` unknown; rules that fit `findings.arithmetic_finding` use that instead.
"""

from __future__ import annotations

from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location, ProbableCause, Row, Severity, Table
from disclosure_validate.tolerance import Outcome


def judged_finding(
    rule: str,
    outcome: Outcome,
    message: str,
    *,
    reason: str | None = None,
    rounded: str = "",
    failed: str = "。",
    sure: bool = True,
    expected: Decimal | None,
    actual: Decimal | None,
    table: Table,
    name: str,
    at: Row,
    column: str,
    evidence: list[Evidence],
) -> Finding:
    """A comparison that does not hold, located at the printed line `at` (its row named `name`),
    with `message` finished by how it is judged. Rounding is info (ending with `rounded`); a failure
    where our extraction is suspect (`reason`) is ours, a warning that says so; otherwise the
    publisher's (ending with `failed`): an error, or a warning when the pairing behind it is not
    `sure`."""
    severity: Severity
    cause: ProbableCause
    if outcome is not Outcome.FAILS:
        severity, cause, tail = "info", "rounding", rounded
    elif reason:
        severity, cause, tail = "warning", "extraction", f"；{reason}，可能是本系统提取有误，请对照原表核实。"
    else:
        severity, cause, tail = "error" if sure else "warning", "source", failed
    return Finding(
        rule=rule,
        severity=severity,
        probable_cause=cause,
        message=message + tail,
        expected=expected,
        actual=actual,
        difference=(actual - expected) if expected is not None and actual is not None else None,
        location=Location(table=table.kind, page=at.page, row=name, column=column),
        evidence=evidence,
    )
