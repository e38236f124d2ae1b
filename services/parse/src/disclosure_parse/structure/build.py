"""RawTable blocks -> contract Tables: continuation merging, classification, row building, findings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from disclosure_parse.structure.classify import (
    Identity,
    empty_statement,
    identify,
    money_unit,
    printed_number,
    title_index,
)
from disclosure_parse.structure.columns import header_size, is_data_row, layout
from disclosure_parse.structure.econ_groups import build_econ_groups, is_grouped
from disclosure_parse.structure.layouts import realign_by_lanci, template_columns
from disclosure_parse.structure.model import Align, RawTable
from disclosure_parse.structure.rows import PagedRow, RowIssues, build_rows
from disclosure_parse.structure.text_norm import compact
from disclosure_parse.structure.two_sided import build_two_sided
from disclosure_shared.identities import is_total_label
from disclosure_shared.records import Evidence, Finding, Location, Row, Table

TWO_SIDED = {"revenue_expenditure_summary", "fiscal_appropriation_summary"}
ECONOMIC = {
    "general_budget_basic_expenditure",
    "fiscal_appropriation_basic_expenditure",
    "operating_expenses",
}
FUNCTION = {
    "revenue",
    "expenditure",
    "general_budget_expenditure",
    "government_fund",
    "state_capital",
    "fiscal_appropriation_expenditure",
}
NON_MONEY = {
    "performance_overall",
    "performance_project",
    "performance_self_evaluation",
    "key_work",
    "contacts",
    "unknown",
}


@dataclass
class Logical:
    """A table as published: one or more physical blocks (page continuations) joined."""

    rows: list[PagedRow]
    pages: list[int]
    context: list[str]
    trailer: list[str]
    align: Align
    width: int
    raw_width: int = 0
    columns: list[int] = field(default_factory=list)
    """The physical columns kept (blank spacer columns dropped), reused for page continuations."""


def _lift_embedded_title(raw: RawTable) -> RawTable:
    """Jiangsu frames the title and "部门：… 单位：万元" inside the table: move them to the context."""
    lifted: list[str] = []
    while raw.rows:
        values = {c.strip() for c in raw.rows[0] if c.strip()}
        text = "\n".join(values)
        if len(values) > 2 or not text or is_data_row(raw.rows[0]):
            break
        if not re.search(r"表|单位\s*[:：]|部门\s*[:：]", text):
            break
        head = text.split("\n")
        cut = next(
            (i + 1 for i, line in enumerate(head) if re.search(r"单位\s*[:：]", line)), min(2, len(head))
        )
        lifted.extend(line.strip() for line in head[:cut] if line.strip())
        raw.rows = raw.rows[1:]
        if raw.row_pages:
            raw.row_pages = raw.row_pages[1:]
    if lifted:
        raw.context = [*raw.context, *lifted]
    return raw


def _is_continuation(raw: RawTable, prev: Logical, raw_width: int) -> bool:
    if raw.align != "grid" or not raw.rows:
        return False
    if title_index(raw.context) is not None or printed_number(raw.context) or money_unit(raw.context):
        return False
    if raw.pages[0] - prev.pages[-1] not in (0, 1):
        return False
    if any(len(compact(line)) > 40 for line in raw.context):
        return False
    return raw_width == prev.raw_width or is_data_row(raw.rows[0])


def _drop_blank_rows(raw: RawTable) -> RawTable:
    keep = [i for i, row in enumerate(raw.rows) if any(cell.strip() for cell in row)]
    raw.rows = [raw.rows[i] for i in keep]
    raw.row_pages = [raw.row_pages[i] for i in keep] if raw.row_pages else []
    return raw


def _used_columns(raw: RawTable) -> list[int]:
    """Columns with any text. pdfplumber cuts a cell at every ruling line, so Jiangsu 2018-2019 grids
    come out 18 columns wide; blank ones are dropped, but only where the block prints its own header
    (a continuation's blank columns are real, still-empty value columns)."""
    width = raw.width
    if raw.align != "grid" or not raw.rows or is_data_row(raw.rows[0]):
        return list(range(width))
    return [c for c in range(width) if any(c < len(r) and r[c].strip() for r in raw.rows)]


def _select(rows: list[list[str]], columns: Sequence[int]) -> list[list[str]]:
    return [[row[c] if c < len(row) else "" for c in columns] for row in rows]


def merge_blocks(raws: Sequence[RawTable]) -> list[Logical]:
    out: list[Logical] = []
    for raw in raws:
        raw_width = raw.width
        raw = _lift_embedded_title(_drop_blank_rows(raw))
        pages = raw.row_pages or [raw.pages[0]] * len(raw.rows)
        if out and _is_continuation(raw, out[-1], raw_width):
            prev = out[-1]
            rows = raw.rows
            if raw_width == prev.raw_width:
                rows = _select(rows, prev.columns)
            elif len(prev.columns) > raw.width:  # a narrower tail (merged label cells): align right
                rows = [[""] * (len(prev.columns) - len(r)) + r for r in rows]
            paged = list(zip(rows, pages, strict=False))
            while paged and not is_data_row(paged[0][0]) and any(is_data_row(r) for r, _ in paged):
                paged.pop(0)  # the header repeated on the next page
            prev.rows.extend(paged)
            prev.pages.extend(p for p in raw.pages if p not in prev.pages)
            prev.trailer = raw.trailer
            continue
        columns = _used_columns(raw)
        rows = _select(raw.rows, columns) if raw.align == "grid" else raw.rows  # text rows keep their length
        paged = list(zip(rows, pages, strict=False))
        out.append(
            Logical(
                paged, list(raw.pages), raw.context, raw.trailer, raw.align, len(columns), raw_width, columns
            )
        )
    return out


def _system(kind: str, columns: Sequence[object]) -> str:
    if kind in ECONOMIC:
        return "economic"
    if kind in FUNCTION:
        labels = " ".join(
            " ".join(getattr(c, "path", ())) for c in columns if getattr(c, "role", "") == "code"
        )
        return "unit" if re.search(r"单位|部门", labels) else "function"
    return "other"


def _rows(
    lg: Logical, kind: str, header: list[list[str]], data: list[PagedRow]
) -> tuple[list[Row], RowIssues]:
    two = kind in TWO_SIDED
    width = max((len(r) for r in header), default=0) if lg.align != "grid" else lg.width
    width = width or max((len(r) for r, _ in data), default=0)
    spill = lg.align == "grid"
    columns = realign_by_lanci(layout(header, width, kind, two, spill), header, kind) if header else []
    if two:
        return build_two_sided(data, columns, lg.align, width, kind)
    if kind in ECONOMIC and is_grouped(columns):
        return build_econ_groups(data, columns, width)
    default_name = "" if kind in NON_MONEY else "合计"
    if not any(c.role == "value" for c in columns) and kind not in NON_MONEY:
        columns = template_columns(kind)
        return build_rows(data, columns, "left", width, _system(kind, columns), default_name)
    return build_rows(data, columns, lg.align, width, _system(kind, columns), default_name)


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


PERFORMANCE = {"performance_overall", "performance_project", "performance_self_evaluation"}


def build_table(
    lg: Logical, doc_kind: str | None, previous_kind: str | None = None
) -> tuple[Table, list[Finding]]:
    """One logical table. An untitled block right after a performance sheet is that sheet's next part
    (申报表 are cut into several blocks by their section captions); its kind says so."""
    rows_only = [r for r, _ in lg.rows]
    h = header_size(rows_only)
    header = rows_only[:h]
    data = lg.rows[h:]
    header_text = " ".join(c for r in rows_only[: h + 2] for c in r)
    ident = identify(lg.context, header_text, doc_kind)
    if ident.kind == "unknown" and ident.reason == "none" and previous_kind in PERFORMANCE:
        ident = Identity(previous_kind, "", ident.number, ident.unit, "continuation")
    findings: list[Finding] = []
    rows, issues = _rows(lg, ident.kind, header, data)
    scope_start = title_index(lg.context) or 0
    statement = empty_statement(lg.context[scope_start:] + lg.trailer)
    has_nonzero = any(v for r in rows for v in r.values.values())
    named = any(r.name and not is_total_label(r.name) for r in rows)
    empty = ident.kind not in NON_MONEY and not has_nonzero and (statement is not None or not named)
    unit = ident.unit or money_unit(header_text.split())
    if ident.kind == "unknown":
        findings.append(
            _finding(
                "unparsed-table",
                "warning",
                f"未能识别表格类型（{ident.title[:30] or '无标题'}），按原样保留单元格。",
                ident,
                lg,
            )
        )
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
        rows=rows,
    )
    return table, findings
