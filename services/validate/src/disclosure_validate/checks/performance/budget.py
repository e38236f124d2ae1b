"""I-22…I-25: the money blocks of each project sheet (项目申报表, T15) add up against its budget line:
资金来源, 明细测算, 测算数 = 单价 × 计量数, and 项目采购 (SPEC §2.15, §3.1). All four read the
parser's typed declarations (readers.declared_sheets): the parser reads these blocks once and marks
what it could not read. I-21 (the T14 fund block) is in fund_block.py."""

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
from disclosure_validate.registry import check
from disclosure_validate.wording import money

ZERO = Decimal(0)
EXACT = Decimal("0.005")


# ---- I-22 … I-25 -----------------------------------------------------------------------------------


def _sheet_finding(
    rule: str,
    sheet: Declared,
    outcome: Outcome,
    message: str,
    *,
    expected: Decimal,
    actual: Decimal,
    rows: Sequence[Row | None],
    subject: str,
    column: str,
    suspect: bool = False,
) -> Finding:
    """A finding on one project sheet, quoting the printed lines it read (`rows`) and located at
    the last of them."""
    printed = [r for r in rows if r is not None]
    return arithmetic_finding(
        rule,
        outcome,
        message,
        expected=expected,
        actual=actual,
        table=sheet.table,
        column=column,
        page=printed[-1].page if printed else sheet.declaration.page,
        subject=f"{sheet.declaration.name or sheet.where}/{subject}",
        evidence=line_evidence(printed),
        extraction_suspect=suspect,
    )


def _budgets(sheet: Declared) -> list[tuple[str, Decimal]]:
    """(项目总预算, its value), (项目当年预算, its value), where printed."""
    declaration = sheet.declaration
    printed = (("total_budget", declaration.total_budget), ("current_budget", declaration.current_budget))
    return [(key, value) for key, value in printed if value is not None]


_BUDGET_NAMES = {"total_budget": "项目总预算", "current_budget": "项目当年预算"}


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
    for sheet in declared_sheets(ctx):
        lines = sheet.declaration.costs
        terms = [(c, c.amount) for c in lines if c.amount is not None]
        budgets = _budgets(sheet)
        if not terms or not budgets:
            continue
        computed = sum((v for _, v in terms), ZERO)
        tolerance = value_tolerance(sheet.unit, [computed, *(v for _, v in budgets)], len(terms))
        outcomes = [compare_money(v, computed, tolerance) for _, v in budgets]
        if any(o is Outcome.HOLDS for o in outcomes):
            continue
        best = min(range(len(budgets)), key=lambda i: abs(budgets[i][1] - computed))
        (key, budget), outcome = budgets[best], outcomes[best]
        suspect = any(c.unread for c in lines)
        words, which = unit_words(sheet.unit), _BUDGET_NAMES[key]
        message = (
            f"{sheet.where}项目支出明细测算各项之和 {money(computed)} {words} ≠ {which} "
            f"{money(budget)} {words}" + ("，在四舍五入误差内。" if outcome is not Outcome.FAILS else "。")
        )
        if suspect and outcome is Outcome.FAILS:
            message = message[:-1] + extraction_tail("有测算金额未能读入")
        yield _sheet_finding(
            "I-23",
            sheet,
            outcome,
            message,
            expected=budget,
            actual=computed,
            rows=[sheet.field_row(key), *(sheet.row(c.line) for c, _ in terms)],
            subject="项目支出明细测算",
            column="测算数" if any(c.price is not None for c in lines) else "金额",
            suspect=suspect,
        )


@check("I-24")
def project_cost_products(ctx: Context) -> Iterator[Finding]:
    """A 明细测算 line of the S4 form: 测算数 = 单价 × 计量数, exact in 元."""
    for sheet in declared_sheets(ctx):
        for cost in sheet.declaration.costs:
            if cost.amount is None or cost.price is None or cost.quantity is None:
                continue
            product = cost.price * cost.quantity
            outcome = compare_money(product, cost.amount, EXACT)
            if outcome is Outcome.HOLDS:
                continue
            words = unit_words(sheet.unit)
            message = (
                f"{sheet.where}明细测算「{cost.name[:40]}」测算数 {money(cost.amount)} {words} ≠ "
                f"单价 {money(cost.price)} × 计量数 {money(cost.quantity)} = {money(product)}。"
            )
            yield _sheet_finding(
                "I-24",
                sheet,
                outcome,
                message,
                expected=product,
                actual=cost.amount,
                rows=[sheet.row(cost.line)],
                subject=cost.name[:40],
                column="测算数",
            )


@check("I-25")
def project_purchases(ctx: Context) -> Iterator[Finding]:
    """项目采购: Σ 金额 ≤ 项目总预算 (项目当年预算 when no 总预算 is printed)."""
    for sheet in declared_sheets(ctx):
        lines = sheet.declaration.purchases
        terms = [(c, c.amount) for c in lines if c.amount is not None]
        budgets = _budgets(sheet)
        if not terms or not budgets:
            continue
        key, budget = budgets[0]
        bought = sum((v for _, v in terms), ZERO)
        tolerance = value_tolerance(sheet.unit, [bought, budget], len(terms))
        if bought <= budget + tolerance:
            continue
        words, which = unit_words(sheet.unit), _BUDGET_NAMES[key]
        message = (
            f"{sheet.where}项目采购金额合计 {money(bought)} {words} 超过{which} "
            f"{money(budget)} {words}（超出 {money(bought - budget)} {words}）。"
        )
        yield _sheet_finding(
            "I-25",
            sheet,
            Outcome.FAILS,
            message,
            expected=budget,
            actual=bought,
            rows=[sheet.field_row(key), *(sheet.row(c.line) for c, _ in terms)],
            subject="项目采购",
            column="金额",
            suspect=any(c.unread for c in lines),
        )
