"""Cross-table identities of projects, units, item tables and empty tables (SPEC §3.2 X-08, X-09,
X-12, X-15)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from disclosure_shared.records import Evidence, Finding, Location, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import arithmetic_finding
from disclosure_validate.judging.severity import extraction_tail
from disclosure_validate.judging.suspicion import suspect
from disclosure_validate.judging.table_compare import Reading, cell, compare, missing, summed
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.readers.table_lookup import (
    FUNDS,
    ZERO,
    amount,
    code_rows,
    current_row,
    grand_row,
    nonzero,
    side_rows,
    total_row,
)
from disclosure_validate.registry import check
from disclosure_validate.wording import money, row_label, rows_evidence, table_label, unit_text

_GPB = ("current_gpb", "carryover_gpb")


def _gpb(table: Table, row: Row, subject: str) -> Reading | None:
    """本年 + 上年结转 一般公共预算 of a unit row (T02, T10)."""
    cells = [(row, k) for k in _GPB if row.values.get(k) is not None]
    return summed(
        table, f"{table_label(table)}「{row_label(row)}」一般公共预算（本年+上年结转）", cells, subject
    )


@check("X-08")
def projects_agree(ctx: Context) -> Iterator[Finding]:
    """T10 项目支出表 合计 = T03 项目支出合计; each unit's T10 一般公共预算 = its T05 分单位 项目支出."""
    t10, t03 = ctx.table(TableKind.PROJECT_EXPENDITURE), ctx.table(TableKind.EXPENDITURE)
    found = compare(ctx, "X-08", cell(t03, total_row(t03), "project"), cell(t10, total_row(t10), "total"))
    if found:
        yield found
    by_unit = ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT)
    if t10 is None or by_unit is None:
        return
    units = code_rows(by_unit, 6)
    for code, row in code_rows(t10, 6).items():
        mine = _gpb(t10, row, code)
        theirs = cell(by_unit, units.get(code), "project") or missing(by_unit, code, row.name)
        found = compare(ctx, "X-08", mine, theirs)
        if found:
            yield found


@check("X-09")
def unit_income_agrees(ctx: Context) -> Iterator[Finding]:
    """Budget: T02 收入总表 部门/单位 rows (一般公共预算) = T05 分单位 部门/单位 合计."""
    t02, by_unit = ctx.table(TableKind.REVENUE), ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT)
    if t02 is None or by_unit is None:
        return
    theirs_rows = {**code_rows(by_unit, 3), **code_rows(by_unit, 6)}
    for code, row in {**code_rows(t02, 3), **code_rows(t02, 6)}.items():
        if not any(row.values.get(k) is not None for k in _GPB):
            continue
        theirs = cell(by_unit, theirs_rows.get(code), "total") or missing(by_unit, code, row.name)
        found = compare(ctx, "X-09", _gpb(t02, row, code), theirs)
        if found:
            yield found


_EMPTY_FUNDS = (
    (TableKind.GOVERNMENT_FUND, "gov_fund", "政府性基金预算"),
    (TableKind.STATE_CAPITAL, "state_capital", "国有资本经营预算"),
)
_THREE_ITEMS = ("30212", "30217", "30231", "31013")


def _declared_empty(ctx: Context, kind: TableKind) -> Table | None:
    tables = ctx.tables_of(kind)
    return tables[0] if tables and all(t.empty for t in tables) else None


def _nonzero_cells(ctx: Context, fund: str) -> list[tuple[Table, Row, str]]:
    """Where the summary tables print money of one fund: T01/T04 income lines, T04 spending column."""
    cells: list[tuple[Table, Row, str]] = []
    for kind in (TableKind.REVENUE_EXPENDITURE_SUMMARY, TableKind.FISCAL_APPROPRIATION_SUMMARY):
        table = ctx.table(kind)
        if table is None:
            continue
        for row in side_rows(table, "income"):
            if fund in FUNDS and _matches(row, FUNDS[fund]) and nonzero(amount(row, "amount")):
                cells.append((table, row, "amount"))
        spent = current_row(table, "expenditure") or grand_row(table, "expenditure")
        if spent is not None and nonzero(spent.values.get(fund)):
            cells.append((table, spent, fund))
    return cells


def _matches(row: Row, pattern: str) -> bool:
    return re.search(pattern, text_key(row.name)) is not None


def _empty_finding(ctx: Context, empty: Table, what: str, table: Table, row: Row, key: str) -> Finding:
    value = row.values.get(key) or ZERO
    reason = suspect(ctx, [(table, row)])
    message = (
        f"{table_label(empty)}声明本年无{what}，但{table_label(table)}「{row_label(row)}」"
        f"为 {money(value)} {unit_text(table)}"
    )
    message += extraction_tail(reason) if reason else "，两处应一致。"
    return arithmetic_finding(
        "X-15",
        Outcome.FAILS,
        message,
        expected=ZERO,
        actual=value,
        table=table,
        row=row,
        column=key,
        evidence=[empty_evidence(empty), *rows_evidence([(row, (key,))])],
        extraction_suspect=reason is not None,
    )


def empty_evidence(table: Table) -> Evidence:
    """The empty table as printed: its statement ("本部门当年无…"), else its title."""
    return Evidence(page=table.pages[0] if table.pages else None, text=table.statement or table.title)


@check("X-15")
def empty_tables_agree(ctx: Context) -> Iterator[Finding]:
    """A table the publisher declares empty (政府性基金, 国有资本经营, “三公”) has no money elsewhere:
    its fund's lines in T01/T04 and its items in T06 are blank or zero."""
    for kind, fund, what in _EMPTY_FUNDS:
        empty = _declared_empty(ctx, kind)
        if empty is None:
            continue
        for table, row, key in _nonzero_cells(ctx, fund):
            yield _empty_finding(ctx, empty, f"{what}收支", table, row, key)
    three = _declared_empty(ctx, TableKind.THREE_PUBLIC_EXPENSES)
    t06 = ctx.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
    if three is not None and t06 is not None:
        items = code_rows(t06)
        for code in _THREE_ITEMS:
            item = items.get(code)
            spent = [k for k in ("total", "public_funds", "personnel") if nonzero(amount(item, k))]
            if item is not None and spent:
                yield _empty_finding(ctx, three, "“三公”经费支出", t06, item, spent[0])


_CITED_CODE = re.compile(r"\[\s*(\d[\d\s]*)\]")


def _cited_function(row: Row) -> str | None:
    """The 功能分类 项 an item row cites ("[2013799] 其他网信事务支出"; digits split by a wrap are
    joined); None when the cell is absent or does not hold a whole 7-digit code."""
    text = next((v for k, v in row.attributes.items() if "功能" in k), "")
    found = _CITED_CODE.search(text)
    code = re.sub(r"\s", "", found.group(1)) if found else ""
    return code if len(code) == 7 else None


@check("X-12")
def purchased_services_cite_budgeted_subjects(ctx: Context) -> Iterator[Finding]:
    """Every 支出功能分类科目 a 政府购买服务 row cites is a 项 of the 支出表: money cannot be bought
    under a subject the department does not spend on (000:L395 cites 2013799, absent from 附表3)."""
    services, t03 = ctx.table(TableKind.PURCHASED_SERVICES), ctx.table(TableKind.EXPENDITURE)
    subjects = code_rows(t03, 7)
    if services is None or t03 is None or not subjects:
        return
    for row in services.rows:
        code = _cited_function(row)
        if code is None or code in subjects:
            continue
        cited = " ".join(next(v for k, v in row.attributes.items() if "功能" in k).split())
        content = next((v for k, v in row.attributes.items() if "内容" in k), "")
        what = f"（{content}）" if content else ""
        yield Finding(
            rule="X-12",
            severity="error",
            probable_cause="source",
            message=(
                f"{table_label(services)}「{row_label(row)}」{what}的支出功能分类科目 {cited} "
                f"未列入{table_label(t03)}，请核对科目编码或支出表。"
            ),
            location=Location(
                table=services.kind, page=row.page, row=row.code or row.name, column="功能科目"
            ),
            evidence=[
                Evidence(
                    page=row.page, text=" ".join(p for p in (row.code or "", row.name, content, cited) if p)
                ),
                Evidence(
                    page=t03.pages[0] if t03.pages else None,
                    text=f"{table_label(t03)} 项级科目：{'、'.join(sorted(subjects))}",
                ),
            ],
        )
