"""Multi-level headers -> positional columns with a role and a canonical snake_case key."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from disclosure_parse.structure.text_norm import is_amount, subject_code
from disclosure_shared.labels import is_total_label
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key

Role = Literal["code", "name", "line_no", "value", "text"]
Side = Literal["income", "expenditure"]

_STRUCTURAL_CODE = {"类", "款", "项"}
_META = re.compile(r"^(编制)?(部门|单位|部门名称)[:：]|单位[:：]?(万元|元)$")
# Leaf vocabulary, most specific first: (substring of the label's text_key, key).
_LEAF_KEYS: tuple[tuple[str, str], ...] = (
    ("因公出国", "overseas"),
    ("公务用车购置及运行", "vehicle_total"),
    ("公务用车购置", "vehicle_purchase"),
    ("购置费", "vehicle_purchase"),
    ("公务用车运行", "vehicle_operation"),
    ("运行费", "vehicle_operation"),
    ("公务接待", "reception"),
    ("会议费", "meeting"),
    ("培训费", "training"),
    ("机关运行经费", "operating_expenses"),
    ("面向中小企业", "amount_sme"),
    ("小微企业", "amount_micro"),
    ("微小企业", "amount_micro"),
    ("单价", "unit_price"),
    ("数量", "quantity"),
    ("人员经费", "personnel"),
    ("公用经费", "public_funds"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("经营支出", "business_operating"),
    ("上缴上级", "remit_superior"),
    ("对附属单位补助", "subsidy_subordinate"),
    ("预留机动", "reserve_funds"),
    ("结转下年", "carry_forward"),
    ("财政拨款收入", "fiscal_allocation"),
    ("上级补助", "superior_subsidy"),
    ("事业单位经营收入", "operating"),
    ("事业收入", "business"),
    ("经营收入", "operating"),
    ("附属单位上缴", "subordinate_remit"),
    ("其他收入", "other"),
    ("一般公共预算", "gpb"),
    ("政府性基金", "gov_fund"),
    ("国有资本经营", "state_capital"),
    ("财政专户", "fiscal_special"),
    ("单位资金", "unit_funds"),
    ("年初结转", "carry_in"),
    ("年末结转", "carry_out"),
    ("本年收入", "income"),
)
_TOTAL_LEAVES = ("合计", "总计", "小计", "金额", "决算数", "预算数", "本年支出", "数")
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("本年拨款", "current_"),
    ("本年收入", "current_"),
    ("上年结转", "carryover_"),
    ("财政拨款结转结余", "carryover_"),
)


@dataclass(frozen=True)
class Column:
    index: int
    path: tuple[str, ...]
    role: Role
    key: str
    side: Side | None = None


def is_lanci_row(cells: Sequence[str]) -> bool:
    """The 栏次 row numbering the columns ("栏次 | | 1 | …", "1 2 … 14") is header, not data."""
    values = [text_key(c) for c in cells if text_key(c)]
    if any("栏次" in v for v in values):
        return True
    numbers = [v for v in values if v not in _STRUCTURAL_CODE]
    return len(numbers) >= 2 and all(re.fullmatch(r"\d{1,2}", v) for v in numbers) and numbers[0] == "1"


def is_data_row(cells: Sequence[str]) -> bool:
    if is_lanci_row(cells):
        return False
    for position, cell in enumerate(cells):
        text = cell.strip()
        if not text:
            continue
        if position <= 2 and subject_code(text) and len(re.sub(r"\D", "", text)) >= 3:
            return True
        if is_amount(text):
            return True
    # A bare 合计 row is data (empty tables print only that); "合计 | 基本支出 | …" is a header, and
    # so is a lone 小计 over the value columns (Jiangsu court 2018 p14 三公 header, 4th of 6 rows).
    labels = [(i, c.strip()) for i, c in enumerate(cells) if c.strip() and not is_amount(c)]
    return len(labels) == 1 and is_total_label(labels[0][1]) and labels[0][0] <= 2


def header_size(rows: Sequence[Sequence[str]]) -> int:
    """Number of leading header rows: data starts at the first data-looking row (Jiangsu 三公 headers
    run to 9 grid rows, 检察院 2018 p19); at most 6 when no row looks like data."""
    for index, row in enumerate(rows[:12]):
        if is_data_row(row):
            return index
    return min(len(rows), 6) if rows and not any(is_data_row(r) for r in rows) else 0


def role_of(label: str) -> Role:
    if label in _STRUCTURAL_CODE or "编码" in label or "代码" in label or label == "经济分类":
        return "code"
    if label in ("行次", "行"):
        return "line_no"
    if "名称" in label or label in ("项目", "科目", "项目名称") or label.endswith("项目"):
        return "name"
    if label in ("项目单位", "单位", "备注", "用途"):
        return "text"
    return "value"


_AMOUNT_KINDS = {TableKind.GOVERNMENT_PROCUREMENT, TableKind.PURCHASED_SERVICES, TableKind.ASSET_ALLOCATION}


def value_key(path: Sequence[str], kind: str) -> str | None:
    key = _value_key(path, kind)
    if key == "total" and kind in _AMOUNT_KINDS:
        return "amount"  # CONTRACT: item tables carry `amount`
    return key


def _value_key(path: Sequence[str], kind: str) -> str | None:
    labels = [text_key(p) for p in path if text_key(p)]
    key = _labels_key(labels, kind)
    # a label wrapped over header rows ("因公出" / "国（境）" / "费", Jiangsu court 2017 p17): rejoin
    # the shortest tail of fragments that names a column
    for k in range(2, len(labels) + 1):
        if key is not None:
            break
        key = _labels_key([*labels[:-k], "".join(labels[-k:])], kind)
    return key


def _labels_key(labels: list[str], kind: str) -> str | None:
    if not labels:
        return None
    prefix = next((p for needle, p in _PREFIXES if any(needle in x for x in labels[:-1])), "")
    if kind == TableKind.THREE_PUBLIC_EXPENSES:
        if labels[-1] in ("预算数", "决算数") and len(labels) > 1:
            # Shanghai prints 预算数/决算数 as the lowest header level, Wuhan as the top one.
            prefix = "budget_" if labels[-1] == "预算数" else "actual_"
            labels = labels[:-1]
        elif "决算数" in labels:
            prefix = "actual_"
        elif "预算数" in labels and len(labels) > 1:
            prefix = "budget_"
    leaf, parents = labels[-1], labels[:-1]
    if leaf == "小计":
        parent = parents[-1] if parents else ""
        if "基本支出" in parent:
            return prefix + "basic"
        if "公务用车" in parent:
            return prefix + "vehicle_total"
        return prefix + "total"
    if leaf.endswith(("合计", "总计")):
        return prefix + "total"
    for needle, key in _LEAF_KEYS:
        if needle in leaf:
            return prefix + key
    if leaf.endswith(_TOTAL_LEAVES):
        return prefix + "total"
    return None


def _fill(rows: Sequence[Sequence[str]], width: int) -> list[list[str]]:
    """Spread a merged parent label rightwards over the blank cells its children occupy."""
    grid = [[text_key(r[c]) if c < len(r) else "" for c in range(width)] for r in rows]
    for r in range(len(grid) - 1):
        for c in range(1, width):
            below = any(grid[k][c] for k in range(r + 1, len(grid)))
            same_parent = all(grid[k][c] == grid[k][c - 1] for k in range(r))
            if not grid[r][c] and below and grid[r][c - 1] and same_parent:
                grid[r][c] = grid[r][c - 1]
    return grid


def _drop_title_rows(rows: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    kept = []
    for row in rows:
        values = [text_key(c) for c in row if text_key(c)]
        title = "表" in values[0] or re.search(r"单位[:：]", values[0]) if values else False
        if len(set(values)) == 1 and title and len(row) > 2:
            continue  # a title cell spanning the grid (Jiangsu tables draw the title inside the frame)
        if any(_META.match(v) for v in values):
            continue  # "部门：… 单位：万元" line drawn inside the frame
        kept.append(row)
    return kept


def layout(
    header: Sequence[Sequence[str]], width: int, kind: TableKind, two_sided: bool, spill: bool = False
) -> list[Column]:
    """Positional columns of a header block (lanci rows excluded from the label paths).

    With `spill`, an unlabelled column right of a value column is that column's second half: a merged
    header cell whose amounts pdfplumber places on either side of an inner ruling (Jiangsu 2019)."""
    label_rows = [r for r in _drop_title_rows(header) if not is_lanci_row(r)]
    grid = _fill(label_rows, width)
    columns: list[Column] = []
    for c in range(width):
        path: list[str] = []
        for row in grid:
            if row[c] and (not path or path[-1] != row[c]):
                path.append(row[c])
        leaf = path[-1] if path else ""
        role: Role = role_of(leaf) if leaf else "text"
        side: Side | None = None
        if two_sided and path:
            side = "income" if "收入" in path[0] else "expenditure" if "支出" in path[0] else None
        key = (value_key(path, kind) if role == "value" else None) or f"col_{c}"
        if spill and not path and columns and columns[-1].role == "value":
            left = columns[-1]
            columns.append(Column(c, left.path, "value", left.key, left.side))
            continue
        columns.append(Column(c, tuple(path), role, key, side))
    return _dedupe(columns, kind)


def _dedupe(columns: list[Column], kind: TableKind) -> list[Column]:
    """Jiangsu 三公 tables print 合计 (incl. 会议费/培训费) beside the 三公 小计: keep both distinct."""
    seen: dict[tuple[str | None, str], int] = {}
    out: list[Column] = []
    for col in columns:
        slot = (col.side, col.key)
        if col.role == "value" and slot in seen and out[seen[slot]].path == col.path:
            out.append(col)  # a spill column shares its neighbour's key
            continue
        if col.role == "value" and slot in seen:
            key = col.key
            if kind == TableKind.THREE_PUBLIC_EXPENSES and key == "total" and len(col.path) > 1:
                first = out[seen[slot]]
                out[seen[slot]] = Column(first.index, first.path, first.role, "grand_total", first.side)
            else:
                key = f"{key}_{col.index}"
            col = Column(col.index, col.path, col.role, key, col.side)
        seen[(col.side, col.key)] = len(out)
        out.append(col)
    return out
