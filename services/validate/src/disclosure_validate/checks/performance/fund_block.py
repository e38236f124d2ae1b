"""I-21: the fund block of the 部门整体支出绩效目标表 (T14) adds up, per year column: Σ 收入构成 =
合计 = Σ 支出构成, and each 占比 = amount / 合计 (SPEC §2.14, §3.1). The block is read by
readers.fund_blocks."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Finding
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import (
    arithmetic_finding,
    line_evidence,
    sheet_sum_finding,
    unit_words,
)
from disclosure_validate.judging.tolerance import Outcome, compare_money, compare_percent, value_tolerance
from disclosure_validate.readers.fund_blocks import FundBlock, fund_block
from disclosure_validate.readers.project_sheets import Printed
from disclosure_validate.registry import check
from disclosure_validate.wording import money, table_label

ZERO = Decimal(0)


# ---- I-21 ----------------------------------------------------------------------------------------


def _fund_sums(block: FundBlock, column: int) -> Iterator[Finding]:
    side_words = {"income": "收入构成", "expenditure": "支出构成"}
    totals: dict[str, Printed] = {}
    for side, words in side_words.items():
        items = [r for r in block.side(side) if not r.total]
        total = block.total(side)
        value = total.amounts[column] if total else None
        if value is None:
            continue
        totals[side] = value
        if any(r.ambiguous for r in items):
            continue
        terms = [t for r in items if (t := r.amounts[column]) is not None]
        if terms:
            found = sheet_sum_finding(
                "I-21",
                f"{table_label(block.table)}{words}{block.columns[column]}",
                terms,
                value,
                block.unit,
                table=block.table,
                subject=f"{words}/合计",
                column=block.columns[column],
            )
            if found:
                yield found
    income, spent = totals.get("income"), totals.get("expenditure")
    if income is not None and spent is not None:
        yield from _totals_agree(block, column, income, spent)


def _totals_agree(block: FundBlock, column: int, income: Printed, spent: Printed) -> Iterator[Finding]:
    """收入构成 合计 = 支出构成 合计 (a budget spends what it receives)."""
    tolerance = value_tolerance(block.unit, [income.value, spent.value])
    outcome = compare_money(income.value, spent.value, tolerance)
    if outcome is Outcome.HOLDS:
        return
    name = block.columns[column]
    message = (
        f"{table_label(block.table)}{name}收入构成合计 {money(income.value)} ≠ 支出构成合计 "
        f"{money(spent.value)}（差 {money(abs(spent.value - income.value))} {unit_words(block.unit)}）"
        + ("，在四舍五入误差内。" if outcome is not Outcome.FAILS else "。")
    )
    yield arithmetic_finding(
        "I-21",
        outcome,
        message,
        expected=income.value,
        actual=spent.value,
        table=block.table,
        column=name,
        page=spent.row.page,
        subject="支出构成/合计",
        evidence=line_evidence([income.row, spent.row]),
    )


def _fund_shares(block: FundBlock) -> Iterator[Finding]:
    for row in block.rows:
        total = block.total(row.side)
        whole = total.amounts[0] if total else None
        part = row.amounts[0]
        if row.share is None or part is None or whole is None or whole.value == 0:
            continue
        computed = part.value / whole.value * 100
        outcome = compare_percent(computed, row.share.value)
        if outcome is Outcome.HOLDS:
            continue
        side = "收入构成" if row.side == "income" else "支出构成"
        message = (
            f"{table_label(block.table)}{side}「{row.name}」占比印为 {money(row.share.value)}%，"
            f"按 {money(part.value)} ÷ {money(whole.value)} 应为 {computed:.2f}%"
            + ("（截位而非四舍五入）。" if outcome is Outcome.TRUNCATED else "。")
        )
        yield arithmetic_finding(
            "I-21",
            outcome,
            message,
            expected=computed.quantize(Decimal("0.01")),
            actual=row.share.value,
            table=block.table,
            column="占比",
            page=row.row.page,
            subject=f"{side}/{row.name}",
            evidence=line_evidence([row.row, whole.row]),
        )


@check("I-21")
def overall_fund_block(ctx: Context) -> Iterator[Finding]:
    """整体绩效表 部门总体资金情况: Σ 收入构成 = 合计 = Σ 支出构成 in each year column; 占比 =
    amount ÷ 合计 of its side."""
    for table in ctx.tables_of(TableKind.PERFORMANCE_OVERALL):
        block = fund_block(table)
        if block is None:
            continue
        for column in range(3):
            yield from _fund_sums(block, column)
        yield from _fund_shares(block)
