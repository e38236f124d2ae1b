"""Cross-table identities of the economic classification (SPEC §3.2 X-04, X-05, X-06, X-17).

T06 (基本支出, by 经济分类) against T05 (一般公共预算支出, by 功能分类) and T07 (“三公”经费).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Finding, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key
from disclosure_validate.context import Context
from disclosure_validate.judging.table_compare import Reading, cell, compare, summed
from disclosure_validate.judging.tolerance import in_one_unit
from disclosure_validate.readers.table_lookup import (
    ZERO,
    amount,
    code_rows,
    nonzero,
    total_of,
    total_row,
)
from disclosure_validate.registry import check
from disclosure_validate.wording import row_label, table_label


def _group_total(table: Table, pattern: str) -> Row | None:
    return next((r for r in table.rows if r.code is None and text_key(r.name).startswith(pattern)), None)


@check("X-04")
def basic_totals_by_column(ctx: Context) -> Iterator[Finding]:
    """Budget: T05 合计 {基本支出, 人员经费, 公用经费} = T06 合计 {合计, 人员经费, 公用经费}."""
    t05, t06 = (
        ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE),
        ctx.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE),
    )
    mine, theirs = total_row(t05), total_row(t06)
    if mine is None or theirs is None or theirs.values.get("total") is None:
        return
    for key05, key06 in (("basic", "total"), ("personnel", "personnel"), ("public_funds", "public_funds")):
        if mine.values.get(key05) is None and theirs.values.get(key06) is None:
            continue
        found = compare(ctx, "X-04", cell(t05, mine, key05), cell(t06, theirs, key06))
        if found:
            yield found


@check("X-05")
def basic_equals_personnel_plus_public(ctx: Context) -> Iterator[Finding]:
    """决算: 05表 基本支出合计 = 06表 人员经费合计 + 公用经费合计 (the 类 rows when no group total)."""
    t05, t06 = (
        ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE),
        ctx.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE),
    )
    basic = cell(t05, total_row(t05), "basic")
    if t06 is None or basic is None or any(r.values.get("total") is not None for r in t06.rows):
        return  # the budget's T06 prints a 合计 column: X-04
    personnel, public = _group_total(t06, "人员经费合"), _group_total(t06, "公用经费合")
    if personnel is not None and public is not None:
        cells = [(personnel, "personnel"), (public, "public_funds")]
    else:
        cells = [
            (r, k) for r in code_rows(t06, 3).values() for k in ("personnel", "public_funds") if k in r.values
        ]
    found = compare(ctx, "X-05", basic, summed(t06, f"{table_label(t06)}人员经费与公用经费合计之和", cells))
    if found:
        yield found


_THREE_PUBLIC = (("30217", "reception"), ("30231", "vehicle_operation"), ("31013", "vehicle_purchase"))


def _three_table(ctx: Context) -> tuple[Table | None, str]:
    """The 三公 table and the prefix of its 决算数 columns ("" for a budget table)."""
    table = next(iter(ctx.tables_of(TableKind.THREE_PUBLIC_EXPENSES)), None)
    if table is None:
        return None, ""
    actual = any(k.startswith("actual_") for r in table.rows for k in r.values)
    return table, "actual_" if actual else ""


@check("X-06")
def economic_items_within_three_public(ctx: Context) -> Iterator[Finding]:
    """T06 30217 公务接待费 / 30231 公务用车运行维护费 / 31013 公务用车购置 against the 三公 table.

    The 三公 table counts basic and project spending, T06 basic spending only: T06 greater than the
    三公 amount is an error; T06 smaller is reported as info (the rest may be project money)."""
    t06 = ctx.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
    three, prefix = _three_table(ctx)
    if t06 is None or three is None or three.empty:
        return  # an empty 三公 table is X-15's
    line = total_row(three) or next(iter(three.rows), None)
    rows = code_rows(t06)
    for code, key in _THREE_PUBLIC:
        item = rows.get(code)
        value = amount(item, "total", "public_funds", "personnel")
        if item is None or not nonzero(value):
            continue
        mine = cell(t06, item, "total", "public_funds", "personnel")
        theirs = cell(three, line, prefix + key)
        if theirs is None:
            continue
        basic, listed, _ = in_one_unit(value or ZERO, t06.unit, theirs.value or ZERO, three.unit)
        if listed > basic:
            note = "；三公经费含项目支出安排的部分时属正常"
            found = compare(ctx, "X-06", mine, theirs, note=note)
            if found is not None and found.probable_cause != "rounding":  # not an error either way
                found = found.model_copy(update={"severity": "info", "probable_cause": "source"})
        else:
            found = compare(ctx, "X-06", mine, theirs, note="；基本支出中的该项不应超过三公经费表的数")
        if found:
            yield found


# SPEC X-17: economic items that usually equal a function 项 of the basic spending (heuristic, info).
_PAIRS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("30108",), ("2080505",)),
    (("30109",), ("2080506",)),
    (("30110",), ("2101101", "2101102")),
    (("30111", "30307"), ("2101103",)),
    (("30113",), ("2210201",)),
    (("30112",), ("2101199", "2089999")),
    (("30301", "30302"), ("2080501", "2080502")),
)


def _sum(
    rows: dict[str, Row], codes: tuple[str, ...], *keys: str
) -> tuple[Decimal | None, list[tuple[Row, str]]]:
    cells: list[tuple[Row, str]] = []
    for code in codes:
        row = rows.get(code)
        key = next((k for k in keys if row is not None and row.values.get(k) is not None), None)
        if row is not None and key is not None:
            cells.append((row, key))
    return total_of(r.values[k] for r, k in cells), cells


@check("X-17")
def economic_matches_function(ctx: Context) -> Iterator[Finding]:
    """Info only: pension, medical and housing-fund contributions by 经济分类 (T06) against the
    function 项 that usually carries them (T05 基本支出)."""
    t05, t06 = (
        ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE),
        ctx.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE),
    )
    if t05 is None or t06 is None or not any("basic" in r.values for r in t05.rows):
        return
    econ, func = code_rows(t06), code_rows(t05, 7)
    for econ_codes, func_codes in _PAIRS:
        left, left_cells = _sum(econ, econ_codes, "total", "personnel", "public_funds")
        right, right_cells = _sum(func, func_codes, "basic")
        if not (nonzero(left) or nonzero(right)):
            continue
        what_left = "、".join(row_label(r) for r, _ in left_cells) or "、".join(econ_codes)
        what_right = "、".join(row_label(r) for r, _ in right_cells) or "、".join(func_codes)
        mine = summed(t06, f"{table_label(t06)}「{what_left}」", left_cells, econ_codes[0]) or Reading(
            t06, f"{table_label(t06)}（未列示 {what_left}）", None, subject=econ_codes[0]
        )
        theirs = summed(
            t05, f"{table_label(t05)}「{what_right}」基本支出", right_cells, func_codes[0]
        ) or Reading(t05, f"{table_label(t05)}（未列示 {what_right}）", None, subject=func_codes[0])
        found = compare(ctx, "X-17", mine, theirs, note="；两者通常相等，差额请结合单位实际核对")
        if found is None or found.probable_cause == "rounding":
            continue  # a heuristic: a cent of rounding says nothing
        if any(left is not None and abs(left - v) <= Decimal("0.0101") for v in _singles(right_cells)):
            continue
        yield found.model_copy(update={"severity": "info", "probable_cause": "source"})


def _singles(cells: list[tuple[Row, str]]) -> list[Decimal]:
    """ "2101199 或 2089999": one of the alternatives alone may be the match."""
    return [v for r, k in cells if (v := r.values[k]) is not None] if len(cells) > 1 else []
