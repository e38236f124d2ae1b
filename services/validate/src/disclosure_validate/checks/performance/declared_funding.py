"""The funding sources a 项目申报表 declares (the parser's typed `Table.declarations`, SPEC §2.15)
against the money tables.

* `declared-funding-project-table`: each source of a named declaration (合计, 申请当年预算拨款 = 本年
  拨款 一般公共预算, 政府性基金预算财政拨款, 使用上年度财政拨款结转, 财政专户管理资金, 单位资金) against
  the 项目支出表 line of the same project (project_names.match; 元 → 万元). A declaration whose name
  matches several T10 lines, or only loosely, is compared only when its 合计 agrees with the line's
  (otherwise the pairing, not the amounts, may be wrong).
* `declared-carryover-summary`: the 上年结转 the declarations use, together, cannot exceed the 上年结转
  (结余) the 收支总表 receives.

A blank line of the 资金来源 block and a blank 项目支出表 cell both read as zero, but only when the
block's 合计 was read: a block the parser could not read makes no claim.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.records import Finding, ProjectDeclaration, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import judged_finding, unit_words
from disclosure_validate.judging.tolerance import Outcome, compare_money, in_one_unit, value_tolerance
from disclosure_validate.readers.declared_sheets import Declared, declared_sheets
from disclosure_validate.readers.project_names import match, projects
from disclosure_validate.readers.table_lookup import side_rows
from disclosure_validate.registry import check
from disclosure_validate.wording import money, row_evidence, table_label

ZERO = Decimal(0)

# declaration field -> (printed label, 项目支出表 columns that hold the same money)
SOURCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("total", "合计", ("total",)),
    ("current_appropriation", "其中：申请当年预算拨款", ("current_gpb",)),
    ("government_fund", "政府性基金预算财政拨款", ("current_gov_fund",)),
    (
        "prior_carryover",
        "其中：使用上年度财政拨款结转",
        ("carryover_gpb", "carryover_gov_fund", "carryover_state_capital"),
    ),
    ("fiscal_special", "财政专户管理资金", ("fiscal_special",)),
    ("unit_funds", "单位资金", ("unit_funds",)),
)


def declarations(ctx: Context) -> list[Declared]:
    """Every typed declaration of the document whose 资金来源 合计 was read."""
    return [d for d in declared_sheets(ctx) if d.declaration.funding.total is not None and d.unit is not None]


def _t10_sum(row: Row, columns: Sequence[str]) -> Decimal:
    return sum((row.values.get(c) or ZERO for c in columns), ZERO)


def _agrees(a: Decimal, a_unit: str | None, b: Decimal, b_unit: str | None) -> bool:
    e, x, unit = in_one_unit(a, a_unit, b, b_unit)
    return compare_money(e, x, value_tolerance(unit, [e, x])) is not Outcome.FAILS


def _paired_row(item: Declared, t10: Table) -> tuple[Row, bool] | None:
    """The 项目支出表 line of the declaration's project, and whether the pairing is sure (one exact
    or contained name); a loose or several-line pairing stands only when the 合计 agree."""
    name = item.declaration.name
    if not name:
        return None
    found, how = match(name, projects(t10))
    total = item.declaration.funding.total
    if not found or total is None:
        return None
    rows = [p.row for p in found]
    agreeing = [r for r in rows if _agrees(_t10_sum(r, ("total",)), t10.unit, total, item.declaration.unit)]
    if len(rows) == 1 and how in ("exact", "contains"):
        return rows[0], True
    if len(agreeing) == 1:
        return agreeing[0], False
    return None


def _this_year(declaration: ProjectDeclaration) -> bool:
    """The block funds this year's budget (its 合计 is the 项目当年预算): a multi-year project's block
    may give the whole project's funding (000:L1016, 合计 620 for 当年 217.64), which the 项目支出表
    does not print."""
    total, current = declaration.funding.total, declaration.current_budget
    return (
        total is not None
        and current is not None
        and _agrees(total, declaration.unit, current, declaration.unit)
    )


def _complete(item: Declared) -> bool:
    """The printed sources add up to the 合计: a blank line then states a zero. A block printing only
    its 合计 (000:L979), or one with a source the parser could not read, says nothing about the
    sources."""
    declaration = item.declaration
    if item.unread("funding:"):
        return False
    funding = declaration.funding
    parts = (funding.general_budget, funding.government_fund, funding.fiscal_special, funding.unit_funds)
    total = funding.total
    printed = sum((p or ZERO for p in parts), ZERO)
    return total is not None and _agrees(printed, declaration.unit, total, declaration.unit)


@dataclass(frozen=True)
class _Gap:
    field: str
    label: str
    declared: Decimal | None
    printed: Decimal
    expected: Decimal
    actual: Decimal
    outcome: Outcome
    columns: tuple[str, ...]


def _gaps(item: Declared, t10: Table, row: Row) -> list[_Gap]:
    declaration = item.declaration
    complete = _complete(item)
    gaps = []
    for field, label, columns in SOURCES:
        if columns[0] not in row.values:
            continue  # the table prints no such column (S4: no 财政专户管理资金)
        declared = getattr(declaration.funding, field)
        if declared is None and (not complete or item.unread(f"funding:{field}")):
            continue
        printed = _t10_sum(row, columns)
        expected, actual, shared = in_one_unit(printed, t10.unit, declared or ZERO, declaration.unit)
        outcome = compare_money(expected, actual, value_tolerance(shared, [expected, actual]))
        if outcome is not Outcome.HOLDS:
            gaps.append(_Gap(field, label, declared, printed, expected, actual, outcome, columns))
    return gaps


@check("declared-funding-project-table")
def declared_funding_against_project_table(ctx: Context) -> Iterator[Finding]:
    """申报表 项目资金来源 = the 项目支出表 line of the same project, source by source: one finding per
    declaration, naming every source that differs."""
    t10 = ctx.table(TableKind.PROJECT_EXPENDITURE)
    if t10 is None:
        return
    for item in declarations(ctx):
        paired = _paired_row(item, t10) if _this_year(item.declaration) else None
        if paired is None:
            continue
        row, sure = paired
        gaps = _gaps(item, t10, row)
        if gaps:
            yield _finding(item, t10, row, gaps, sure)


def _finding(item: Declared, t10: Table, row: Row, gaps: Sequence[_Gap], sure: bool) -> Finding:
    unit = item.declaration.unit
    _, _, shared = in_one_unit(ZERO, t10.unit, ZERO, unit)
    failing = [g for g in gaps if g.outcome is Outcome.FAILS]
    worst = failing[0] if failing else gaps[0]
    pieces = [
        f"“{g.label}”{money(g.declared) + ' ' + unit_words(unit) if g.declared is not None else '空'}"
        f" ≠ {money(g.printed)} {unit_words(t10.unit)}"
        for g in gaps
    ]
    where_t10 = f"{table_label(t10)}「{(row.code or '').strip()} {row.name.strip()}」"
    columns = tuple(c for g in gaps for c in g.columns)
    return judged_finding(
        "declared-funding-project-table",
        worst.outcome,
        f"{item.where}项目资金来源与{where_t10}不一致：{'；'.join(pieces)}",
        rounded="，在四舍五入误差内。",
        failed=f"（差 {money(abs(worst.actual - worst.expected))} {unit_words(shared)}），"
        "请核对该项目的资金来源。",
        sure=sure,
        expected=worst.expected,
        actual=worst.actual,
        table=item.table,
        name=item.declaration.name or item.where,
        at=item.located,
        column=worst.label,
        evidence=[
            *(item.evidence(f"funding:{g.field}", g.label, g.declared) for g in gaps),
            row_evidence(row, columns),
        ],
    )


def _summary_carryover(ctx: Context) -> tuple[Table, Row] | None:
    """The 收支总表's 上年结转 (结余) income line."""
    table = ctx.table(TableKind.REVENUE_EXPENDITURE_SUMMARY)
    for row in side_rows(table, "income"):
        if table is not None and text_key(row.name).lstrip("一二三四五六七八九十、").startswith(
            ("上年结转", "年初结转")
        ):
            return table, row
    return None


@check("declared-carryover-summary")
def declared_carryover_within_summary(ctx: Context) -> Iterator[Finding]:
    """Σ 申报表 使用上年度财政拨款结转 ≤ 收支总表 上年结转."""
    using = [i for i in declarations(ctx) if i.declaration.funding.prior_carryover]
    summary = _summary_carryover(ctx)
    if not using or summary is None:
        return
    table, row = summary
    in_wan = [
        in_one_unit(ZERO, "wan_yuan", i.declaration.funding.prior_carryover or ZERO, i.declaration.unit)[1]
        for i in using
    ]
    declared = sum(in_wan, ZERO)
    printed = next((v for v in row.values.values() if v is not None), ZERO)
    _, received, unit = in_one_unit(ZERO, "wan_yuan", printed, table.unit)
    if declared <= received + value_tolerance(unit, [declared, received], len(using)):
        return
    parts = "、".join(f"{i.where} {money(v)}" for i, v in zip(using, in_wan, strict=True))
    yield judged_finding(
        "declared-carryover-summary",
        Outcome.FAILS,
        f"项目申报表使用上年度财政拨款结转合计 {money(declared)} 万元（{parts}）超过"
        f"{table_label(table)}“{row.name.strip()}” {money(received)} 万元",
        failed="，项目不能使用多于部门收到的上年结转，请核对。",
        expected=received,
        actual=declared,
        table=using[0].table,
        name=using[0].declaration.name or using[0].where,
        at=using[0].located,
        column="其中：使用上年度财政拨款结转",
        evidence=[
            row_evidence(row),
            *(
                i.evidence(
                    "funding:prior_carryover",
                    "其中：使用上年度财政拨款结转",
                    i.declaration.funding.prior_carryover,
                )
                for i in using[:5]
            ),
        ],
    )
