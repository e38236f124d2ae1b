"""Where the tables print the figure a narrative subject names.

The parser names subjects canonically ("收入总计", "人员经费", "三公经费", a 类/款/项 phrase with its
code); this module maps each to the table cell(s) that print it. Several cells can be right for one
subject (商品和服务支出 has a 人员经费 and a 公用经费 part in S4 表6), so a lookup returns candidates,
the first being the one reported when none agrees.
"""

from __future__ import annotations

from disclosure_shared.records import Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.readers.narrative import Figure, code_row, figure, find_row, is_final, key, total_row
from disclosure_validate.readers.table_lookup import current_row, grand_row

# Totals of the summary tables (N-01): subject -> (table kind, side, printed row names).
_SUMMARY: dict[str, tuple[TableKind, str, tuple[str, ...]]] = {
    "收入总计": (TableKind.REVENUE_EXPENDITURE_SUMMARY, "income", ("总计", "收入总计")),
    "支出总计": (TableKind.REVENUE_EXPENDITURE_SUMMARY, "expenditure", ("总计", "支出总计")),
    "收入合计": (TableKind.REVENUE_EXPENDITURE_SUMMARY, "income", ("本年收入合计", "收入合计", "本年收入")),
    "支出合计": (
        TableKind.REVENUE_EXPENDITURE_SUMMARY,
        "expenditure",
        ("本年支出合计", "支出合计", "本年支出"),
    ),
    "财政拨款收入总计": (TableKind.FISCAL_APPROPRIATION_SUMMARY, "income", ("总计", "收入总计")),
    "财政拨款支出总计": (TableKind.FISCAL_APPROPRIATION_SUMMARY, "expenditure", ("总计", "支出总计")),
}
TOTAL_SUBJECTS = (*_SUMMARY, "一般公共预算财政拨款收入", "一般公共预算财政拨款支出")

# Parts of the basic expenditure (N-04): subject -> (table kind, column) of its 合计 row.
PART_SUBJECTS = (
    "基本支出",
    "项目支出",
    "一般公共预算财政拨款基本支出",
    "人员经费",
    "公用经费",
    "工资福利支出",
    "商品和服务支出",
    "对个人和家庭的补助",
)
_ECONOMIC = {"工资福利支出": "301", "商品和服务支出": "302", "对个人和家庭的补助": "303"}

# 三公 subjects (N-07) -> T07 column stem.
THREE_PUBLIC = {
    "三公经费": "total",
    "因公出国（境）费": "overseas",
    "公务用车购置及运行维护费": "vehicle_total",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "公务接待费": "reception",
}


def _first(figures: list[Figure | None]) -> list[Figure]:
    return [f for f in figures if f is not None]


def summary_figures(ctx: Context, subject: str) -> list[Figure]:
    if subject in _SUMMARY:
        kind, side, names = _SUMMARY[subject]
        table = ctx.table(kind)
        row = _summary_row(table, subject, side, names)
        return _first([figure(table, row, "amount") or figure(table, row, "total")])
    if subject == "一般公共预算财政拨款收入":
        table = ctx.table(TableKind.REVENUE_EXPENDITURE_SUMMARY)
        row = (
            next((r for r in table.rows if r.side == "income" and "一般公共预算" in key(r.name)), None)
            if table
            else None
        )
        return _first([figure(table, row, "amount")])
    if subject == "一般公共预算财政拨款支出":
        table = ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE)
        return _first([figure(table, total_row(table), "total")])
    return []


def _summary_row(table: Table | None, subject: str, side: str, names: tuple[str, ...]) -> Row | None:
    """The row a summary subject names. The year's total is the table's 本年…合计 (Jiangsu: 当年…小计)
    line; a 总计 not printed as such is the grand total below a separate year's total (Jiangsu prints
    "收入合计" there)."""
    current = current_row(table, side)
    if subject in ("收入合计", "支出合计") and current is not None:
        return current
    row = find_row(table, names, side)
    if row is None and subject.endswith("总计") and current is not None:
        return grand_row(table, side)
    if row is None and subject in _NO_CARRY_OVER_TOTALS and not _carries_over(table):
        # A 财政拨款收支总表 without 结转 prints its 总计 as "收入合计"/"支出合计" (Jiangsu 2019).
        return find_row(table, _NO_CARRY_OVER_TOTALS[subject], side)
    return row


_NO_CARRY_OVER_TOTALS = {"财政拨款收入总计": ("收入合计",), "财政拨款支出总计": ("支出合计",)}


def _carries_over(table: Table | None) -> bool:
    return table is not None and any("结转" in r.name or "结余" in r.name for r in table.rows)


def part_figures(ctx: Context, subject: str) -> list[Figure]:
    t03, t05, t06 = (
        ctx.table(TableKind.EXPENDITURE),
        ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE),
        ctx.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE),
    )
    if subject in ("基本支出", "项目支出"):
        column = "basic" if subject == "基本支出" else "project"
        return _first([figure(t03, total_row(t03), column), figure(t05, total_row(t05), column)])
    if subject == "一般公共预算财政拨款基本支出":
        return _first([figure(t05, total_row(t05), "basic")])
    if subject in ("人员经费", "公用经费"):
        column = "personnel" if subject == "人员经费" else "public_funds"
        if is_final(ctx):
            return _first([figure(t06, find_row(t06, [f"{subject}合计"]), column)])
        return _first([figure(t05, total_row(t05), column), figure(t06, total_row(t06), column)])
    if subject in _ECONOMIC:
        row = code_row(t06, _ECONOMIC[subject])
        columns = ("total", "personnel", "public_funds")
        return _first([figure(t06, row, c) for c in columns if row is not None and c in row.values])
    return []


def function_figures(ctx: Context, code: str) -> list[Figure]:
    """A 类/款/项 amount: 一般公共预算 table first, then the all-funds expenditure table, then the
    summary table's 类 rows (a "支出预算总计…公共安全（类）" sentence states the all-funds figure)."""
    out: list[Figure] = []
    for kind in (TableKind.GENERAL_BUDGET_EXPENDITURE, TableKind.EXPENDITURE):
        table = ctx.table(kind)
        found = figure(table, code_row(table, code), "total")
        if found is not None:
            out.append(found)
    summary = ctx.table(TableKind.REVENUE_EXPENDITURE_SUMMARY)
    row = code_row(summary, code)
    for column in ("amount", "total"):
        found = (
            figure(summary, row, column) if row is not None and row.values.get(column) is not None else None
        )
        if found is not None:
            out.append(found)
            break
    return out


def class_code(ctx: Context, name: str) -> str | None:
    """The 类 code of a bare 类 name ("一般公共服务支出") from the summary table's rows."""
    wanted = key(name)
    for kind in (
        TableKind.REVENUE_EXPENDITURE_SUMMARY,
        TableKind.FISCAL_APPROPRIATION_SUMMARY,
        TableKind.GENERAL_BUDGET_EXPENDITURE,
        TableKind.EXPENDITURE,
    ):
        table: Table | None = ctx.table(kind)
        if table is None:
            continue
        for row in table.rows:
            if row.code and len(row.code) == 3 and key(row.name) == wanted:
                return row.code
    return None


def three_public_figure(ctx: Context, subject: str, basis: str | None) -> Figure | None:
    """T07 cell of a 三公 subject; 决算 tables have a 预算数 block and a 决算数 block."""
    table = ctx.table(TableKind.THREE_PUBLIC_EXPENSES)
    if table is None or subject not in THREE_PUBLIC:
        return None
    row = total_row(table) or (table.rows[0] if table.rows else None)
    stem = THREE_PUBLIC[subject]
    if is_final(ctx):
        return figure(table, row, f"{'budget' if basis == 'budget' else 'actual'}_{stem}")
    return figure(table, row, stem)
