"""项目申报表 (SPEC §2.15) as typed records: `Table.declarations` of the performance_project tables.

A 申报表 is kept as printed cells (`Row.attributes` "c1", "c2", …, one row per printed line). Its
budget line ("项目总预算 | 360 | 项目当年预算 | 360") and its 项目资金来源 block (合计, 一般公共预算财政
拨款, 其中：申请当年预算拨款, 政府性基金预算财政拨款, 财政专户管理资金, 单位资金, 其中：使用上年度
财政拨款结转; the S2 form's 资金构成 中央/省级/市级/区级财政, 自筹) are read here once, so the rules
compare typed amounts instead of re-reading the cells. A line whose amount cannot be read gives None,
never a guess; a block that ends on a label it does not know stops there (the sheets run straight
into their 明细测算 lines, 000:L660).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_parse.structure.declared_lines import declared_lines
from disclosure_parse.structure.sheet_cells import cell_label, garbled, printed_cells, sheet_money
from disclosure_shared.records import FundingSources, ProjectDeclaration, Row, Table, Unit
from disclosure_shared.table_kinds import TableKind

_SOURCES = {
    "合计": "total",
    "一般公共预算财政拨款": "general_budget",
    "申请当年预算拨款": "current_appropriation",
    "政府性基金预算财政拨款": "government_fund",
    "财政专户管理资金": "fiscal_special",
    "单位资金": "unit_funds",
    "使用上年度财政拨款结转": "prior_carryover",
}
_FUND_HEADS = ("项目资金来源", "来源项目", "金额")
_S2_SOURCE = re.compile(r"^(?:资金构成)?((?:中央|省级|市级|区级|县级)财政|自筹.*)$")
_NAME_IN_CELL = re.compile(r"(?<!级)项目名称[:：]?(.+?)(?:填报人|项目编码|项目属性|$)")
_NAME_LINE = re.compile(r"^[|\s]*项目名称\s*[|:：\s]\s*([^|\t]+?)\s*(?:[|\t]|\s{2,}|$)")


def _after(cells: list[str], at: int, unit: str | None) -> Decimal | None:
    """The amount in the cell right after the label at `at` (None when that cell is a label)."""
    return sheet_money(cells[at + 1], unit) if at + 1 < len(cells) else None


def _read(
    draft: _Draft, field_name: str, value: Decimal | None, printed: Sequence[str], at: int
) -> Decimal | None:
    """`value`, read from row `at`; the field is noted unread when it is None while its cells print
    digits."""
    draft.lines.setdefault(field_name, at)
    if value is None and garbled(printed) and field_name not in draft.unread:
        draft.unread.append(field_name)
    return value


@dataclass
class _Draft:
    page: int | None
    start: int = 0
    """The index of its first row in the table."""
    budget_page: int | None = None
    name: str | None = None
    unit: Unit | None = None
    """The unit a caption of the sheet declares ("项目资金情况（万元）", the S2 form)."""
    total_budget: Decimal | None = None
    current_budget: Decimal | None = None
    sources: dict[str, Decimal | None] = field(default_factory=dict)
    other: dict[str, Decimal | None] = field(default_factory=dict)
    funds_page: int | None = None
    lines: dict[str, int] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.budget_page is not None or bool(self.sources) or bool(self.other)

    def record(self, unit: Unit | None) -> ProjectDeclaration:
        funding = FundingSources(**self.sources, other=self.other)
        return ProjectDeclaration(
            name=self.name,
            unit=unit or self.unit,
            total_budget=self.total_budget,
            current_budget=self.current_budget,
            funding=funding,
            page=self.funds_page or self.budget_page or self.page,
            lines=self.lines,
            unread=self.unread,
        )


def _budget_line(draft: _Draft, row: Row, at_row: int, cells: list[str], unit: str | None) -> None:
    labels = [cell_label(c) for c in cells]
    draft.budget_page = row.page
    for at, text in enumerate(labels):
        printed = cells[at + 1 : at + 2]
        if text == "项目总预算":
            draft.total_budget = _read(draft, "total_budget", _after(cells, at, unit), printed, at_row)
        elif text == "项目当年预算":
            value = _after(cells, at, unit)
            draft.current_budget = _read(draft, "current_budget", value, printed, at_row)
        elif text.endswith("项目总投入"):
            both = _read(draft, "total_budget", _after(cells, at, unit), printed, at_row)
            draft.total_budget = draft.current_budget = _read(draft, "current_budget", both, printed, at_row)


def _fund_line(draft: _Draft, row: Row, at_row: int, cells: list[str], unit: str | None) -> bool:
    """Reads one line of the 资金来源 block; False when the line is not one (the block ends)."""
    labels = [cell_label(c) for c in cells]
    at = next((i for i, text in enumerate(labels) if text not in _FUND_HEADS), None)
    if at is None:
        return True  # the block's own header line
    name = labels[at]
    amount = next((v for c in cells[at + 1 :] if (v := sheet_money(c, unit)) is not None), None)
    printed = cells[at + 1 :]
    if name in _SOURCES and _SOURCES[name] not in draft.sources:
        field_name = _SOURCES[name]
        draft.sources[field_name] = _read(draft, f"funding:{field_name}", amount, printed, at_row)
    elif (s2 := _S2_SOURCE.match(name)) is not None:
        source = s2.group(1)
        draft.other[source] = _read(draft, f"funding:other:{source}", amount, printed, at_row)
    else:
        return False
    draft.funds_page = draft.funds_page or row.page
    return True


def _declared_unit(text: str) -> Unit | None:
    """The unit a caption declares: "(万元)" / "单位:万元" or "(元)" / "单位:元" (NFKC, no spaces)."""
    if re.search(r"\(万元\)|单位:万元", text):
        return "wan_yuan"
    return "yuan" if re.search(r"\(元\)|单位:元", text) else None


def _is_budget_line(labels: Sequence[str]) -> bool:
    return any(t in ("项目总预算", "项目当年预算") or t.endswith("项目总投入") for t in labels)


def table_declarations(table: Table) -> list[ProjectDeclaration]:
    """The 申报表 a performance_project table prints, in printed order (a sheet starts at its
    budget line, its 资金来源 block or the S2 form's 部门名称 line, whichever comes first)."""
    unit = table.unit
    drafts: list[_Draft] = []
    current: _Draft | None = None
    in_funds = False
    for index, row in enumerate(table.rows):
        cells = printed_cells(row)
        if not cells:
            continue
        labels = [cell_label(c) for c in cells]
        first = labels[0]
        starts = _is_budget_line(labels) or first == "项目资金来源" or first.startswith("部门名称")
        if starts and (current is None or _sheet_done(current, labels)):
            current = _Draft(row.page, index)
            drafts.append(current)
        if current is None:
            continue
        if first.startswith("部门名称") and (named := _NAME_IN_CELL.search(first)) is not None:
            current.name = named.group(1)
        current.unit = current.unit or _declared_unit("".join(labels))
        if _is_budget_line(labels):
            _budget_line(current, row, index, cells, unit)
            in_funds = False
        elif first == "项目资金来源" or _S2_SOURCE.match(first):
            in_funds = True
            _fund_line(current, row, index, cells, unit)
        elif in_funds:
            in_funds = _fund_line(current, row, index, cells, unit)
    numbered = list(enumerate(table.rows))
    records = []
    for at, draft in enumerate(drafts):
        if not draft.started:
            continue
        own = numbered[draft.start : drafts[at + 1].start if at + 1 < len(drafts) else len(numbered)]
        costs, purchases = declared_lines(own, unit or draft.unit)
        records.append(draft.record(unit).model_copy(update={"costs": costs, "purchases": purchases}))
    return records


def _sheet_done(draft: _Draft, labels: Sequence[str]) -> bool:
    """Whether this sheet already has what the line starts (a second budget line or fund block
    is the next sheet's)."""
    if _is_budget_line(labels):
        return draft.budget_page is not None or bool(draft.sources) or bool(draft.other)
    if labels[0].startswith("部门名称"):
        return draft.started
    return bool(draft.sources)


def _page_names(text: str) -> list[str]:
    return [m.group(1).strip() for line in text.splitlines() if (m := _NAME_LINE.match(line))]


def with_declarations(tables: list[Table], texts: Sequence[str]) -> list[Table]:
    """`tables` with each performance_project table's declarations filled in, named from the page
    text where the page prints exactly one 项目名称 line per sheet starting on it (the parser keeps
    a sheet's first lines as its header, so the rows seldom carry the name)."""
    typed = [
        t.model_copy(update={"declarations": table_declarations(t)})
        if t.kind == TableKind.PERFORMANCE_PROJECT
        else t
        for t in tables
    ]
    by_page: dict[int | None, list[tuple[int, int]]] = {}
    for ti, table in enumerate(typed):
        for di, declaration in enumerate(table.declarations):
            first = table.pages[0] if table.pages and di == 0 else declaration.page
            by_page.setdefault(first, []).append((ti, di))
    for page, places in by_page.items():
        if page is None or not 1 <= page <= len(texts):
            continue
        names = _page_names(texts[page - 1])
        if len(names) != len(places):
            continue
        for (ti, di), name in zip(places, names, strict=True):
            if typed[ti].declarations[di].name:
                continue
            declarations = list(typed[ti].declarations)
            declarations[di] = declarations[di].model_copy(update={"name": name})
            typed[ti] = typed[ti].model_copy(update={"declarations": declarations})
    return typed
