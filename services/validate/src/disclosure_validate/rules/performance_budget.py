"""I-21…I-25: the money blocks of the 预算-side performance tables add up (SPEC §2.14, §2.15, §3.1).
I-21 checks the fund block of the 部门整体支出绩效目标表 (T14); I-22…I-25 check the 资金来源, 明细测算
and 采购 blocks of each project sheet (T15) against its budget line. The blocks are read by
project_sheets.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from disclosure_shared.records import Finding, Row, Table
from disclosure_validate.context import Context
from disclosure_validate.findings import arithmetic_finding, money, table_label
from disclosure_validate.rulebook import check
from disclosure_validate.rules.performance_support import keyed_cells, line_evidence, unit_words
from disclosure_validate.rules.project_sheets import (
    T14,
    FundBlock,
    Printed,
    Sheet,
    budget_line,
    cost_lines,
    fund_block,
    fund_lines,
    project_sheets,
    purchase_lines,
)
from disclosure_validate.tolerance import Outcome, compare_money, compare_percent, value_tolerance

ZERO = Decimal(0)
EXACT = Decimal("0.005")


# ---- I-21 ----------------------------------------------------------------------------------------


def _sum_finding(
    rule: str,
    what: str,
    terms: Sequence[Printed],
    total: Printed,
    unit: str | None,
    *,
    table: Table,
    subject: str,
    column: str | None,
    suspect: bool = False,
    total_words: str = "合计",
) -> Finding | None:
    """Σ terms against a printed total in one sheet (None when they agree exactly)."""
    computed = sum((t.value for t in terms), ZERO)
    tolerance = value_tolerance(unit, [computed, total.value], len(terms))
    outcome = compare_money(computed, total.value, tolerance)
    if outcome is Outcome.HOLDS:
        return None
    gap = f"差 {money(abs(total.value - computed))} {unit_words(unit)}".rstrip()
    tail = "，在四舍五入误差内。" if outcome is not Outcome.FAILS else f"（{gap}）。"
    if suspect and outcome is Outcome.FAILS:
        tail = f"（{gap}）；有数字未能读入，可能是本系统提取有误，请对照原表核实。"
    words = unit_words(unit)
    shown = f"{total_words} {money(total.value)} {words}"
    message = f"{what}：各项之和 {money(computed)} {words} ≠ {shown}{tail}"
    return arithmetic_finding(
        rule,
        outcome,
        message,
        expected=computed,
        actual=total.value,
        table=table,
        column=column,
        page=total.row.page,
        subject=subject,
        evidence=line_evidence([*(t.row for t in terms), total.row]),
        extraction_suspect=suspect,
    )


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
            found = _sum_finding(
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
    for table in ctx.tables_of(T14):
        block = fund_block(table)
        if block is None:
            continue
        for column in range(3):
            yield from _fund_sums(block, column)
        yield from _fund_shares(block)


# ---- I-22 … I-25 -----------------------------------------------------------------------------------


def _is_sub_item(name: str) -> bool:
    return name.startswith("其中")


def _sheet_finding(
    rule: str,
    sheet: Sheet,
    outcome: Outcome,
    message: str,
    *,
    expected: Decimal,
    actual: Decimal,
    rows: Sequence[Row],
    subject: str,
    column: str,
    suspect: bool = False,
) -> Finding:
    """A finding on one project sheet, quoting the printed lines it read (`rows`) and located at
    the last of them."""
    return arithmetic_finding(
        rule,
        outcome,
        message,
        expected=expected,
        actual=actual,
        table=sheet.table,
        column=column,
        page=rows[-1].page,
        subject=f"{sheet.name or sheet.label}/{subject}",
        evidence=line_evidence(rows),
        extraction_suspect=suspect,
    )


def _budget_finding(
    rule: str,
    sheet: Sheet,
    outcome: Outcome,
    message: str,
    *,
    budget: Printed,
    read: Sequence[Printed],
    actual: Decimal,
    subject: str,
    column: str,
    suspect: bool = False,
) -> Finding:
    """Amounts a sheet prints (`read`, together `actual`) against its budget line: the budget is
    expected and quoted first."""
    rows = [budget.row, *(p.row for p in read)]
    return _sheet_finding(
        rule,
        sheet,
        outcome,
        message,
        expected=budget.value,
        actual=actual,
        rows=rows,
        subject=subject,
        column=column,
        suspect=suspect,
    )


def _budget_name(budget: Printed, total: Printed | None) -> str:
    """Which budget line a sheet's lines were compared with."""
    return "项目总预算" if budget is total else "项目当年预算"


@check("I-22")
def project_funding(ctx: Context) -> Iterator[Finding]:
    """项目资金来源: 合计 = Σ source lines ("其中" lines are parts, not added) = 项目当年预算; the S2
    form's 资金构成 Σ = 项目总投入."""
    for sheet in project_sheets(ctx):
        lines = fund_lines(sheet)
        total = next((ln for ln in lines if ln.name == "合计"), None)
        sources = [ln for ln in lines if ln.name != "合计" and not _is_sub_item(ln.name)]
        terms = [ln.amount for ln in sources if ln.amount is not None]
        stated = total.amount if total is not None else None
        _, current = budget_line(sheet)
        s2 = total is None and bool(terms)  # the S2 form: 资金构成 adds up to 项目总投入
        if s2:
            stated = current
        if stated is not None and terms:
            found = _sum_finding(
                "I-22",
                f"{sheet.label}{'资金构成' if s2 else '项目资金来源'}",
                terms,
                stated,
                sheet.unit,
                table=sheet.table,
                subject=f"{sheet.name or sheet.label}/项目资金来源/合计",
                column="金额",
                total_words="项目总投入" if s2 else "合计",
            )
            if found:
                yield found
        if total is not None and total.amount is not None and current is not None:
            yield from _funding_against_current(sheet, total.amount, current)


def _funding_against_current(sheet: Sheet, funded: Printed, current: Printed) -> Iterator[Finding]:
    tolerance = value_tolerance(sheet.unit, [funded.value, current.value])
    outcome = compare_money(current.value, funded.value, tolerance)
    if outcome is Outcome.HOLDS:
        return
    total, _ = budget_line(sheet)
    words = unit_words(sheet.unit)
    note = ""
    if total is not None and total.value == funded.value:
        note = f"，与项目总预算 {money(total.value)} {words}相同，疑似按总预算填列"
    message = (
        f"{sheet.label}项目资金来源合计 {money(funded.value)} {words} ≠ 项目当年预算 "
        f"{money(current.value)} {words}{note}。"
    )
    yield _budget_finding(
        "I-22",
        sheet,
        outcome,
        message,
        budget=current,
        read=[funded],
        actual=funded.value,
        subject="项目资金来源/合计",
        column="金额",
    )


@check("I-23")
def project_cost_lines(ctx: Context) -> Iterator[Finding]:
    """Σ 明细测算 金额/测算数 = 项目总预算 (a multi-year project) or 项目当年预算."""
    for sheet in project_sheets(ctx):
        lines = cost_lines(sheet)
        terms = [c.amount for c in lines if c.amount is not None]
        total, current = budget_line(sheet)
        budgets = [b for b in (total, current) if b is not None]
        if not terms or not budgets:
            continue
        computed = sum((t.value for t in terms), ZERO)
        tolerance = value_tolerance(sheet.unit, [computed, *(b.value for b in budgets)], len(terms))
        outcomes = [compare_money(b.value, computed, tolerance) for b in budgets]
        if any(o is Outcome.HOLDS for o in outcomes):
            continue
        best = min(range(len(budgets)), key=lambda i: abs(budgets[i].value - computed))
        budget, outcome = budgets[best], outcomes[best]
        suspect = any(c.unread for c in lines)
        words, which = unit_words(sheet.unit), _budget_name(budget, total)
        message = (
            f"{sheet.label}项目支出明细测算各项之和 {money(computed)} {words} ≠ {which} "
            f"{money(budget.value)} {words}"
            + ("，在四舍五入误差内。" if outcome is not Outcome.FAILS else "。")
        )
        if suspect and outcome is Outcome.FAILS:
            message = message[:-1] + "；有测算金额未能读入，可能是本系统提取有误，请对照原表核实。"
        yield _budget_finding(
            "I-23",
            sheet,
            outcome,
            message,
            budget=budget,
            read=terms,
            actual=computed,
            subject="项目支出明细测算",
            column="测算数" if any(c.price for c in lines) else "金额",
            suspect=suspect,
        )


@check("I-24")
def project_cost_products(ctx: Context) -> Iterator[Finding]:
    """A 明细测算 line of the S4 form: 测算数 = 单价 × 计量数, exact in 元."""
    for sheet in project_sheets(ctx):
        for cost in cost_lines(sheet):
            if cost.amount is None or cost.price is None or cost.quantity is None:
                continue
            product = cost.price.value * cost.quantity.value
            outcome = compare_money(product, cost.amount.value, EXACT)
            if outcome is Outcome.HOLDS:
                continue
            words = unit_words(sheet.unit)
            task = keyed_cells(cost.row)[0][1].strip()
            message = (
                f"{sheet.label}明细测算「{task[:40]}」测算数 {money(cost.amount.value)} {words} ≠ "
                f"单价 {money(cost.price.value)} × 计量数 {money(cost.quantity.value)} = {money(product)}。"
            )
            yield _sheet_finding(
                "I-24",
                sheet,
                outcome,
                message,
                expected=product,
                actual=cost.amount.value,
                rows=[cost.row],
                subject=task[:40],
                column="测算数",
            )


@check("I-25")
def project_purchases(ctx: Context) -> Iterator[Finding]:
    """项目采购: Σ 金额 ≤ 项目总预算 (项目当年预算 when no 总预算 is printed)."""
    for sheet in project_sheets(ctx):
        lines = purchase_lines(sheet)
        terms = [c.amount for c in lines if c.amount is not None]
        total, current = budget_line(sheet)
        budget = total or current
        if not terms or budget is None:
            continue
        bought = sum((t.value for t in terms), ZERO)
        tolerance = value_tolerance(sheet.unit, [bought, budget.value], len(terms))
        if bought <= budget.value + tolerance:
            continue
        words, which = unit_words(sheet.unit), _budget_name(budget, total)
        message = (
            f"{sheet.label}项目采购金额合计 {money(bought)} {words} 超过{which} "
            f"{money(budget.value)} {words}（超出 {money(bought - budget.value)} {words}）。"
        )
        yield _budget_finding(
            "I-25",
            sheet,
            Outcome.FAILS,
            message,
            budget=budget,
            read=terms,
            actual=bought,
            subject="项目采购",
            column="金额",
            suspect=any(c.unread for c in lines),
        )
