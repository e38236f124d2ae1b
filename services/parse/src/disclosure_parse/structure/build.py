"""RawTable blocks -> contract Tables: continuation merging, classification, row building, findings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_parse.structure.classify import (
    Identity,
    empty_statement,
    identify,
    money_unit,
    printed_number,
    title_index,
)
from disclosure_parse.structure.columns import (
    Column,
    header_size,
    is_data_row,
    layout,
    role_of,
    value_key,
)
from disclosure_parse.structure.econ_groups import build_econ_groups, is_grouped
from disclosure_parse.structure.items import ITEM_TEMPLATES, build_item_rows
from disclosure_parse.structure.layouts import realign_by_lanci, template_columns
from disclosure_parse.structure.model import Align, RawTable
from disclosure_parse.structure.rows import PagedRow, RowIssues, build_rows
from disclosure_parse.structure.text_norm import compact, is_amount, parse_amount
from disclosure_parse.structure.text_source import tokens_to_cells
from disclosure_parse.structure.two_sided import build_two_sided
from disclosure_parse.structure.vertical import realign_rows, segments_of
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
    columns: list[list[int]] = field(default_factory=list)
    """Physical columns grouped into printed ones (see `_column_groups`), reused for continuations."""
    joined: list[tuple[int, Decimal]] = field(default_factory=list)
    """(page, amount) of amounts rebuilt from pieces split over two cells."""
    tail: list[str] = field(default_factory=list)
    """Label lines left after the last data row of a space-separated export (RawTable.tail)."""


def _lift_embedded_title(raw: RawTable) -> RawTable:
    """Jiangsu frames the title and "部门：… 单位：万元" inside the table: move them to the context."""
    lifted: list[str] = []
    while raw.rows:
        values = {c.strip() for c in raw.rows[0] if c.strip()}
        text = "\n".join(values)
        if len(values) > 2 or not text or is_data_row(raw.rows[0]):
            break
        if not re.search(r"表|单位\s*[:：]|部门(名称)?\s*[:：]", text):
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


def _column_groups(raw: RawTable) -> list[list[int]]:
    """Physical columns grouped into printed ones.

    pdfplumber cuts a cell at every ruling line, so Jiangsu 2017-2019 grids come out 18 columns wide
    with labels and amounts in neighbouring cells ("金额" above column 7, the amounts in column 6).
    Blank columns are dropped; a column with no header text joins its left neighbour when no row
    prints text in both, else it starts a group the next header column may join. Two header columns
    merge only when the left one heads no data and one of them is a parent label. Only blocks that
    print their own header are grouped (a continuation's blank columns are real, still-empty value
    columns, and its groups come from the block it continues)."""
    width = raw.width
    if raw.align != "grid" or not raw.rows or is_data_row(raw.rows[0]):
        return [[c] for c in range(width)]
    h = header_size(raw.rows)
    cell = [[c < len(r) and bool(r[c].strip()) for c in range(width)] for r in raw.rows]
    headed = [any(cell[r][c] for r in range(h)) for c in range(width)]
    filled = [any(cell[r][c] for r in range(h, len(cell))) for c in range(width)]
    groups: list[list[int]] = []
    for c in range(width):
        if not any(row[c] for row in cell):
            continue
        if groups:
            group = groups[-1]
            # a parent label whose merged cell starts one ruling off its child's ("功能分类" over
            # "功能科目名称", 检察院 2018 p13; "小计" under "三公经费", p19): the header-only one
            # joins unless both name a column ("公务用车购置费" beside "…运行维护费" stay apart)
            labels = [raw.rows[r][g] for g in group for r in range(h) if cell[r][g]]
            own = [raw.rows[r][c] for r in range(h) if cell[r][c]]
            parent = not any(filled[g] for g in group) and not (_is_leaf(labels) and _is_leaf(own))
            both_headed = headed[c] and any(headed[g] for g in group) and not parent
            clash = any(row[c] and any(row[g] for g in group) for row in cell)
            if not both_headed and not clash:
                group.append(c)
                continue
        groups.append([c])
    return groups


def _clash_groups(rows: Sequence[Sequence[str]]) -> list[list[int]]:
    """A headerless continuation's columns: blank ones dropped, neighbours that never both hold text
    in one row joined (Jiangsu court 2018 p12 prints 类 amounts one cell right of 款 amounts)."""
    width = max((len(r) for r in rows), default=0)
    cell = [[c < len(r) and bool(r[c].strip()) for c in range(width)] for r in rows]
    groups: list[list[int]] = []
    for c in range(width):
        if not any(row[c] for row in cell):
            continue
        if groups and not any(row[c] and any(row[g] for g in groups[-1]) for row in cell):
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def _is_leaf(labels: Sequence[str]) -> bool:
    """Header cells that name a column (a known value key, a code or name column), not a parent."""
    path = [compact(label) for label in labels if compact(label)]
    if not path or path == ["小计"]:  # a 小计 is its parent's column
        return False
    return role_of(path[-1]) != "value" or value_key(path, "") is not None


def _select(rows: list[list[str]], groups: Sequence[Sequence[int]]) -> list[list[str]]:
    return [
        [" ".join(row[c] for c in group if c < len(row) and row[c].strip()) for group in groups]
        for row in rows
    ]


def _unruled_rows(context: Sequence[str], width: int) -> list[list[str]]:
    """Data rows printed above a continuation's top ruling line (Jiangsu court 2018 p12 "30108 机关事业
    单位基本养老保险缴费 1,326.81" sits outside the grid pdfplumber finds): kept when their code, name
    and amounts fill exactly the table's printed columns, so no amount can land in the wrong one."""
    out: list[list[str]] = []
    for line in context:
        cells = tokens_to_cells(line)
        if len(cells) == width and is_data_row(cells) and any(is_amount(c) for c in cells[1:]):
            out.append(cells)
    return out


_CUT_NUMBER = re.compile(r"\d[\d,]*\.\d")


def _join_cut_numbers(raw: RawTable) -> list[tuple[int, Decimal]]:
    """An amount whose last decimal digit fell into the next grid cell ("267.8" | "0", 检察院 2018
    p19): rejoined; returns (page, amount) of each so its row can be marked "joined-number"."""
    joined: list[tuple[int, Decimal]] = []
    for r, row in enumerate(raw.rows):
        for c in range(len(row) - 1):
            if _CUT_NUMBER.fullmatch(row[c].strip()) and re.fullmatch(r"\d", row[c + 1].strip()):
                row[c], row[c + 1] = row[c].strip() + row[c + 1].strip(), ""
                value = parse_amount(row[c])
                if value is not None:
                    page = raw.row_pages[r] if raw.row_pages else raw.pages[0]
                    joined.append((page, value))
    return joined


def merge_blocks(raws: Sequence[RawTable]) -> list[Logical]:
    out: list[Logical] = []
    for raw in raws:
        raw_width = raw.width
        raw = _lift_embedded_title(_drop_blank_rows(raw))
        joined = _join_cut_numbers(raw) if raw.align == "grid" else []
        pages = raw.row_pages or [raw.pages[0]] * len(raw.rows)
        if out and _is_continuation(raw, out[-1], raw_width):
            prev = out[-1]
            rows = raw.rows
            packed = _clash_groups(rows)
            if raw_width == prev.raw_width:
                rows = _select(rows, prev.columns)
            elif len(packed) == len(prev.columns):  # its own ruling, same printed columns
                rows = _select(rows, packed)
            elif len(prev.columns) > raw.width:  # a narrower tail (merged label cells): align right
                rows = [[""] * (len(prev.columns) - len(r)) + r for r in rows]
            paged = list(zip(rows, pages, strict=False))
            while paged and not is_data_row(paged[0][0]) and any(is_data_row(r) for r, _ in paged):
                paged.pop(0)  # the header repeated on the next page
            paged = [(r, raw.pages[0]) for r in _unruled_rows(raw.context, len(prev.columns))] + paged
            prev.rows.extend(paged)
            prev.pages.extend(p for p in raw.pages if p not in prev.pages)
            prev.trailer = raw.trailer
            prev.joined.extend(joined)
            continue
        columns = _column_groups(raw)
        rows = _select(raw.rows, columns) if raw.align == "grid" else raw.rows  # text rows keep their length
        paged = list(zip(rows, pages, strict=False))
        logical = Logical(
            paged, list(raw.pages), raw.context, raw.trailer, raw.align, len(columns), raw_width, columns
        )
        logical.joined = joined
        logical.tail = list(raw.tail)
        out.append(logical)
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
    if lg.align != "grid" or kind in NON_MONEY:
        return _dispatch(lg, kind, columns, data, width)
    data, moved = realign_rows(data, segments_of(columns, two))
    rows, issues = _dispatch(lg, kind, columns, data, width)
    if moved:
        rows = [_mark(r, "realigned") if compact(r.name) in moved else r for r in rows]
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
    lg: Logical, kind: str, columns: list[Column], data: list[PagedRow], width: int
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
    if statement is None and ident.kind not in NON_MONEY:
        # "此表为空" drawn inside the grid (检察院 2019 p20): a cell, not a row label
        statement = empty_statement([c.strip() for r, _ in data for c in r if c.strip()])
        if statement is not None:
            cut_text = compact(statement)
            rows = [_drop_text(r, cut_text) for r in rows]
    has_nonzero = any(v for r in rows for v in r.values.values())
    named = any(r.name and not is_total_label(r.name) for r in rows)
    empty = ident.kind not in NON_MONEY and not has_nonzero and (statement is not None or not named)
    unit = ident.unit or money_unit(header_text.split())
    if ident.kind == "unknown":
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
