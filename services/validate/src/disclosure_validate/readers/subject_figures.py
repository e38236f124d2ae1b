"""The table figures a narrative amount's subject names, whatever rule reads them.

`narrative_figures` maps the subjects the SPEC rules check (totals, parts, 三公, a 类/款/项 by code);
a reviewer also reads the amounts no SPEC rule names against the tables that print them: 会议费 and
培训费 (columns of the Jiangsu 三公 table), 机关运行经费 (its own table), the 货物/工程/服务 of
政府采购 (the procurement table's 大类 lines), and a 项 the sentence names without its code
("机关事业单位基本养老保险缴费（项）支出 743.39 万元", "社会保障和就业（类）支出 858.51 万元").
Every candidate is returned: the sentence
may mean any of them, so a statement is off only when it matches none.
"""

from __future__ import annotations

import re

from disclosure_shared.records import Claim, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.readers.narrative import Figure, figure, is_final, key, total_row
from disclosure_validate.readers.narrative_figures import (
    PART_SUBJECTS,
    THREE_PUBLIC,
    TOTAL_SUBJECTS,
    function_figures,
    part_figures,
    summary_figures,
    three_public_figure,
)

# Columns of the Jiangsu 公开09表 beside the 三公 (预算 documents only: a 决算 prints them elsewhere).
_MEETING_TRAINING = {"会议费": "meeting", "培训费": "training"}
# 政府采购 parts -> the printed 大类 line of the procurement table.
_PROCUREMENT = {"政府采购货物": "货物", "政府采购工程": "工程", "政府采购服务": "服务"}
_CATEGORY = re.compile(r"^[一二三四五六七八九十]+、")
# the last level a subject names: "…（款）提租补贴（项）", "社会保障和就业（类）"
_ITEM = re.compile(r"([^（）()]+)[（(](类|款|项)[）)]$")
_CODE_LENGTH = {"类": 3, "款": 5, "项": 7}
# "其他资金收入预算", "财政专户管理资金收入": a source of income the revenue tables print as a row
_SOURCE = re.compile(r"(.{2,12}?资金)(?:收入)?(?:预算)?")
_FUNCTION_TABLES = (
    TableKind.GENERAL_BUDGET_EXPENDITURE,
    TableKind.FISCAL_APPROPRIATION_EXPENDITURE,
    TableKind.EXPENDITURE,
    TableKind.REVENUE_EXPENDITURE_SUMMARY,  # its 类 lines are all-funds ("一般公共服务（类）支出")
)


def _label(row_name: str, attributes: dict[str, str]) -> str:
    first = next(iter(attributes.values()), "")
    return first if row_name == "合计" and first else row_name


def _procurement_part(ctx: Context, word: str) -> list[Figure]:
    table = ctx.table(TableKind.GOVERNMENT_PROCUREMENT)
    if table is None:
        return []
    for row in table.rows:
        label = _label(row.name, row.attributes)
        if _CATEGORY.match(label) and word in label:
            values = [(k, v) for k, v in row.values.items() if v is not None]
            if len(values) == 1:
                found = figure(table, row, values[0][0])
                return [found] if found is not None else []
    return []


def _operating_expenses(ctx: Context) -> list[Figure]:
    out: list[Figure] = []
    table = ctx.table(TableKind.OPERATING_EXPENSES)
    row = total_row(table)
    if table is not None and row is not None:
        out.extend(f for c in row.values if (f := figure(table, row, c)) is not None and f.value)
    three = ctx.table(TableKind.THREE_PUBLIC_EXPENSES)
    row = total_row(three) or (three.rows[0] if three is not None and three.rows else None)
    for column in ("operating_expenses", "actual_operating_expenses"):
        found = figure(three, row, column)
        if found is not None:
            out.append(found)
    return out


def _revenue_rows(ctx: Context, source: str) -> list[Figure]:
    """A source of income ("其他资金收入预算总计 80 万元") in the summary and the revenue table."""
    wanted = key(source)
    out: list[Figure] = []
    for kind, column in ((TableKind.REVENUE_EXPENDITURE_SUMMARY, "amount"), (TableKind.REVENUE, "total")):
        table = ctx.table(kind)
        for row in table.rows if table is not None else []:
            if (
                key(row.name) == wanted
                and row.side in ("income", None)
                and (found := figure(table, row, column))
            ):
                out.append(found)
    return out


def _stem(name: str) -> str:
    return re.sub(r"(支出)+$", "", key(name))


def _item_rows(ctx: Context, item: str, level: str) -> list[Figure]:
    """The 类/款/项 lines printed under the subject's name in the function tables."""
    wanted, length = _stem(item), _CODE_LENGTH[level]
    out: list[Figure] = []
    for kind in _FUNCTION_TABLES:
        table: Table | None = ctx.table(kind)
        if table is None:
            continue
        for row in table.rows:
            if row.code and len(row.code) == length and _stem(row.name) == wanted:
                found = figure(table, row, "total") or figure(table, row, "amount")
                if found is not None:
                    out.append(found)
    return out


def spec_subject_figures(ctx: Context, claim: Claim) -> list[Figure]:
    """The figures of the subjects the SPEC rules name (N-01, N-04, N-05, N-07)."""
    subject = claim.subject
    if claim.code:
        return function_figures(ctx, claim.code)
    if subject in TOTAL_SUBJECTS:
        return summary_figures(ctx, subject)
    if subject == "一般公共预算财政拨款基本支出":  # T05's 基本支出, else the 合计 of Jiangsu 公开08表
        basic = ctx.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
        found = figure(basic, total_row(basic), "total")
        return part_figures(ctx, subject) or ([found] if found is not None else [])
    if subject in PART_SUBJECTS:
        return part_figures(ctx, subject)
    if subject in THREE_PUBLIC:
        bases = ("budget", "actual") if is_final(ctx) else (None,)
        return [f for b in bases if (f := three_public_figure(ctx, subject, b)) is not None]
    return []


def other_subject_figures(ctx: Context, claim: Claim) -> list[Figure]:
    """The figures of the subjects a reviewer reads beyond the SPEC rules (module docstring)."""
    subject = claim.subject
    if claim.code:
        return []
    if subject in _MEETING_TRAINING and not is_final(ctx):
        table = ctx.table(TableKind.THREE_PUBLIC_EXPENSES)
        found = figure(table, total_row(table), _MEETING_TRAINING[subject])
        return [found] if found is not None else []
    if subject in _PROCUREMENT:
        return _procurement_part(ctx, _PROCUREMENT[subject])
    if subject == "机关运行经费":
        return _operating_expenses(ctx)
    item = _ITEM.search(subject)
    if item is not None:
        return _item_rows(ctx, item.group(1), item.group(2))
    source = _SOURCE.fullmatch(subject)
    if source is not None:
        return _revenue_rows(ctx, source.group(1))
    return []


def stated_subject_figures(ctx: Context, claim: Claim) -> list[Figure]:
    """Every table figure the claim's subject may state (empty: the tables print no such subject)."""
    return spec_subject_figures(ctx, claim) or other_subject_figures(ctx, claim)
