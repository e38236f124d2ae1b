"""Logical tables (merge.Logical) -> contract Tables: classification, header -> columns, rows, findings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from disclosure_parse.structure.classify import (
    Identity,
    empty_statement,
    identify,
    money_unit,
    title_index,
    unit_in_cells,
)
from disclosure_parse.structure.columns import Column, header_size, layout
from disclosure_parse.structure.econ_groups import build_econ_groups, is_grouped
from disclosure_parse.structure.items import ITEM_TEMPLATES, build_item_rows
from disclosure_parse.structure.layouts import realign_by_lanci, template_columns
from disclosure_parse.structure.merge import Logical
from disclosure_parse.structure.rows import PagedRow, RowIssues, build_rows
from disclosure_parse.structure.two_sided import build_two_sided
from disclosure_parse.structure.vertical import realign_rows, segments_of
from disclosure_shared.labels import is_total_label
from disclosure_shared.records import Evidence, Finding, Location, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key

TWO_SIDED = {TableKind.REVENUE_EXPENDITURE_SUMMARY, TableKind.FISCAL_APPROPRIATION_SUMMARY}
ECONOMIC = {
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
    TableKind.FISCAL_APPROPRIATION_BASIC_EXPENDITURE,
    TableKind.OPERATING_EXPENSES,
}
FUNCTION = {
    TableKind.REVENUE,
    TableKind.EXPENDITURE,
    TableKind.GENERAL_BUDGET_EXPENDITURE,
    TableKind.GOVERNMENT_FUND,
    TableKind.STATE_CAPITAL,
    TableKind.FISCAL_APPROPRIATION_EXPENDITURE,
}
NON_MONEY = {
    TableKind.PERFORMANCE_OVERALL,
    TableKind.PERFORMANCE_PROJECT,
    TableKind.PERFORMANCE_SELF_EVALUATION,
    TableKind.KEY_WORK,
    TableKind.CONTACTS,
    TableKind.UNKNOWN,
}


def _system(kind: TableKind, columns: Sequence[object]) -> str:
    if kind in ECONOMIC:
        return "economic"
    if kind in FUNCTION:
        labels = " ".join(
            " ".join(getattr(c, "path", ())) for c in columns if getattr(c, "role", "") == "code"
        )
        return "unit" if re.search(r"单位|部门", labels) else "function"
    return "other"


def _rows(
    lg: Logical, kind: TableKind, header: list[list[str]], data: list[PagedRow]
) -> tuple[list[Row], RowIssues]:
    two = kind in TWO_SIDED
    width = max((len(r) for r in header), default=0) if lg.align != "grid" else lg.width
    width = width or max((len(r) for r, _ in data), default=0)
    spill = lg.align == "grid"
    columns = realign_by_lanci(layout(header, width, kind, two, spill), header, kind) if header else []
    if lg.align != "grid" or kind in NON_MONEY:
        return _dispatch(lg, kind, columns, data, width)
    data, moved = realign_rows(data, segments_of(columns, two))
    rows, issues = _dispatch(lg, kind, columns, data, width)
    if moved:
        rows = [_mark(r, "realigned") if text_key(r.name) in moved else r for r in rows]
    if lg.joined:
        rows = [_mark(r, "joined-number") if _holds_joined(r, lg.joined) else r for r in rows]
    return rows, issues


def _holds_joined(row: Row, joined: Sequence[tuple[int, Decimal]]) -> bool:
    return any(page == row.page and value in row.values.values() for page, value in joined)


def _mark(row: Row, repair: str) -> Row:
    if repair in row.repairs:
        return row
    return row.model_copy(update={"repairs": [*row.repairs, repair]})


def _dispatch(
    lg: Logical, kind: TableKind, columns: list[Column], data: list[PagedRow], width: int
) -> tuple[list[Row], RowIssues]:
    two = kind in TWO_SIDED
    if two:
        return build_two_sided(data, columns, lg.align, width, kind)
    if kind in ECONOMIC and is_grouped(columns):
        return build_econ_groups(data, columns, width)
    if lg.align == "left" and kind in ITEM_TEMPLATES and not any(c.role == "value" for c in columns):
        return build_item_rows(data, kind, lg.context, lg.tail)
    default_name = "" if kind in NON_MONEY else "合计"
    if not any(c.role == "value" for c in columns) and kind not in NON_MONEY:
        columns = template_columns(kind)
        return build_rows(data, columns, "left", width, _system(kind, columns), default_name)
    keep = kind in NON_MONEY
    return build_rows(data, columns, lg.align, width, _system(kind, columns), default_name, keep)


def _finding(
    rule: str, severity: str, message: str, ident: Identity, lg: Logical, row: str | None = None
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        probable_cause="extraction",
        message=message,
        location=Location(table=ident.kind, page=lg.pages[0] if lg.pages else None, row=row),
        evidence=[Evidence(page=lg.pages[0] if lg.pages else None, text=ident.title or "")],
    )


def _drop_text(row: Row, text: str) -> Row:
    if text not in row.name:
        return row
    return row.model_copy(update={"name": row.name.replace(text, "") or "合计"})


def _unknown_reason(ident: Identity, header: Sequence[Sequence[str]]) -> str:
    """Why a table stayed `unknown`, in the reviewer's words."""
    if not ident.title:
        why = "表格上方没有标题，表头也无法识别"
    elif ident.reason == "none" and not any(c.strip() for r in header for c in r):
        why = f"标题“{ident.title[:30]}”不是已知的表名，且没有表头"
    else:
        why = f"标题“{ident.title[:30]}”不是已知的表名"
    return f"{why}，已按原样保留单元格（类型记为 unknown）。"


PERFORMANCE = {
    TableKind.PERFORMANCE_OVERALL,
    TableKind.PERFORMANCE_PROJECT,
    TableKind.PERFORMANCE_SELF_EVALUATION,
}


def build_table(
    lg: Logical, doc_kind: str | None, previous_kind: TableKind | None = None
) -> tuple[Table, list[Finding]]:
    """One logical table. An untitled block right after a performance sheet is that sheet's next part
    (申报表 are cut into several blocks by their section captions); its kind says so."""
    rows_only = [r for r, _ in lg.rows]
    h = header_size(rows_only)
    header = rows_only[:h]
    data = lg.rows[h:]
    header_text = " ".join(c for r in rows_only[: h + 2] for c in r)
    ident = identify(lg.context, header_text, doc_kind)
    if ident.kind == TableKind.UNKNOWN and ident.reason == "none" and previous_kind in PERFORMANCE:
        ident = Identity(previous_kind, "", ident.number, ident.unit, "continuation")
    findings: list[Finding] = []
    rows, issues = _rows(lg, ident.kind, header, data)
    scope_start = title_index(lg.context) or 0
    statement = empty_statement(lg.context[scope_start:] + lg.trailer)
    if statement is None and ident.kind not in NON_MONEY:
        # "此表为空" drawn inside the grid (检察院 2019 p20): a cell, not a row label
        statement = empty_statement([c.strip() for r, _ in data for c in r if c.strip()])
        if statement is not None:
            cut_text = text_key(statement)
            rows = [_drop_text(r, cut_text) for r in rows]
    has_nonzero = any(v for r in rows for v in r.values.values())
    named = any(r.name and not is_total_label(r.name) for r in rows)
    empty = ident.kind not in NON_MONEY and not has_nonzero and (statement is not None or not named)
    unit = ident.unit or money_unit(header_text.split()) or unit_in_cells(c for r in rows_only for c in r)
    if ident.kind == TableKind.UNKNOWN:
        findings.append(_finding("unparsed-table", "warning", _unknown_reason(ident, header), ident, lg))
    if issues.bad_cells and ident.kind not in NON_MONEY:
        findings.append(
            _finding(
                "unparsed-cell",
                "info",
                f"{len(issues.bad_cells)} 个数值单元格无法解析为数字，已记为空。",
                ident,
                lg,
                row=issues.bad_cells[0][:40],
            )
        )
    if issues.repaired_codes:
        findings.append(
            _finding(
                "code-repaired",
                "info",
                f"按科目名称补全了被截断的科目编码：{'、'.join(issues.repaired_codes[:5])}。",
                ident,
                lg,
            )
        )
    table = Table(
        kind=ident.kind,
        title=ident.title,
        number=ident.number,
        pages=sorted(set(lg.pages)),
        unit=unit,
        empty=empty,
        statement=statement.strip() if statement is not None and ident.kind not in NON_MONEY else None,
        rows=rows,
    )
    return table, findings
