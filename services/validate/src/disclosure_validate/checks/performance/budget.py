"""I-22…I-25: the money blocks of each project sheet (项目申报表, T15) add up against its budget line:
资金来源, 明细测算, 测算数 = 单价 × 计量数, and 项目采购 (SPEC §2.15, §3.1). I-22 reads the parser's
typed declarations (readers.declared_sheets); the 明细测算 and 采购 blocks, which the typed records do
not carry, are read by readers.project_sheets; I-21 (the T14 fund block) is in fund_block.py."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from disclosure_shared.records import Finding, Row
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import (
    arithmetic_finding,
    line_evidence,
    sum_finding,
    unit_words,
)
from disclosure_validate.judging.severity import extraction_tail
from disclosure_validate.judging.tolerance import Outcome, compare_money, value_tolerance
from disclosure_validate.readers.declared_sheets import Declared, declared_sheets
from disclosure_validate.readers.printed_cells import keyed_cells
from disclosure_validate.readers.project_sheets import (
    Printed,
    Sheet,
    budget_line,
    cost_lines,
    project_sheets,
    purchase_lines,
)
from disclosure_validate.registry import check
from disclosure_validate.wording import money

ZERO = Decimal(0)
EXACT = Decimal("0.005")


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


# 资金来源 lines added into the 合计 ("其中" lines are parts of these, not added), by typed field
_ADDED_SOURCES = (
    ("general_budget", "一般公共预算财政拨款"),
    ("government_fund", "政府性基金预算财政拨款"),
    ("fiscal_special", "财政专户管理资金"),
    ("unit_funds", "单位资金"),
)


@check("I-22")
def project_funding(ctx: Context) -> Iterator[Finding]:
    """项目资金来源: 合计 = Σ source lines = 项目当年预算; the S2 form's 资金构成 Σ = 项目总投入. Read
    from the parser's typed declarations; a block with a source the parser could not read is not
    added up."""
    for item in declared_sheets(ctx):
        declaration, funding = item.declaration, item.declaration.funding
        terms = [
            (f"funding:{field}", label, v)
            for field, label in _ADDED_SOURCES
            if (v := getattr(funding, field)) is not None
        ]
        terms += [(f"funding:other:{name}", name, v) for name, v in funding.other.items() if v is not None]
        s2 = funding.total is None and bool(terms)  # the S2 form: 资金构成 adds up to 项目总投入
        stated = declaration.current_budget if s2 else funding.total
        if stated is not None and terms and not item.unread("funding:"):
            block = "资金构成" if s2 else "项目资金来源"
            total_words = "项目总投入" if s2 else "合计"
            found = sum_finding(
                "I-22",
                f"{item.where}{block}",
                [v for _, _, v in terms],
                stated,
                item.unit,
                table=item.table,
                page=declaration.page,
                subject=f"{declaration.name or item.where}/项目资金来源/合计",
                column="金额",
                evidence=[
                    *(item.evidence(key, name, v, block) for key, name, v in terms),
                    item.evidence("current_budget" if s2 else "funding:total", total_words, stated, block),
                ],
                total_words=total_words,
            )
            if found:
                yield found
        if funding.total is not None and declaration.current_budget is not None:
            yield from _funding_against_current(item, funding.total, declaration.current_budget)


def _funding_against_current(item: Declared, funded: Decimal, current: Decimal) -> Iterator[Finding]:
    unit = item.unit
    outcome = compare_money(current, funded, value_tolerance(unit, [funded, current]))
    if outcome is Outcome.HOLDS:
        return
    total = item.declaration.total_budget
    words = unit_words(unit)
    note = ""
    if total is not None and total == funded:
        note = f"，与项目总预算 {money(total)} {words}相同，疑似按总预算填列"
    message = (
        f"{item.where}项目资金来源合计 {money(funded)} {words} ≠ 项目当年预算 "
        f"{money(current)} {words}{note}。"
    )
    yield arithmetic_finding(
        "I-22",
        outcome,
        message,
        expected=current,
        actual=funded,
        table=item.table,
        column="金额",
        page=item.declaration.page,
        subject=f"{item.declaration.name or item.where}/项目资金来源/合计",
        evidence=[
            item.evidence("current_budget", "项目当年预算", current, "预算"),
            item.evidence("funding:total", "合计", funded),
        ],
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
            message = message[:-1] + extraction_tail("有测算金额未能读入")
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
