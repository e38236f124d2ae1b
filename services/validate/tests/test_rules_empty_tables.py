"""stated-against-empty-table on the seeds: 002 prints an empty "三公" table and states 0 for each
item; 001 prints an empty 政府性基金 table and states 政府性基金预算财政拨款收入 0."""

from __future__ import annotations

from decimal import Decimal as D

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Row
from disclosure_shared.table_kinds import TableKind
from services.validate.tests.rule_testing import Seed, edit_claims, run

RULE = "stated-against-empty-table"


def _printing(payload: ParsedPayload, kind: TableKind, total: str) -> ParsedPayload:
    """As if the (empty) table of `kind` printed a 合计 row."""
    tables = [
        t.model_copy(update={"empty": False, "rows": [Row(name="合计", values={"total": D(total)})]})
        if t.kind == kind
        else t
        for t in payload.tables
    ]
    return payload.model_copy(update={"tables": tables})


def test_the_seeds_as_published_hold(seed: Seed) -> None:
    assert run(RULE, seed("001")) == [] and run(RULE, seed("002")) == []


def test_an_amount_stated_for_an_empty_three_public_table(seed: Seed) -> None:
    edited = edit_claims(seed("002"), lambda c: c.subject == "公务接待费", value=D("3.50"))
    [found] = run(RULE, edited)
    assert (found.severity, found.probable_cause, found.actual) == ("error", "source", D("3.50"))
    assert found.location.table == TableKind.THREE_PUBLIC_EXPENSES and "为空" in found.message


def test_an_amount_stated_for_an_empty_fund_table(seed: Seed) -> None:
    edited = edit_claims(seed("001"), lambda c: c.subject == "政府性基金预算财政拨款收入", value=D("12.5"))
    [found] = run(RULE, edited)
    assert (found.severity, found.location.table) == ("error", TableKind.GOVERNMENT_FUND)


def test_a_zero_stated_for_a_fund_the_table_prints(seed: Seed) -> None:
    [found] = run(RULE, _printing(seed("001"), TableKind.GOVERNMENT_FUND, "40.00"))
    assert (found.severity, found.actual) == ("error", D("0"))
    assert "列有金额" in found.message
