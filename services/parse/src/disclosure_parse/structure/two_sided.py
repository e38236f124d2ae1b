"""Two-sided summaries (收支总表, 财政拨款收支总表): each physical row -> income and expenditure rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure_parse.structure.codes import function_class, strip_ordinal
from disclosure_parse.structure.columns import Column, Side
from disclosure_parse.structure.model import Align
from disclosure_parse.structure.rows import PagedRow, RowIssues, trim
from disclosure_parse.structure.text_norm import is_amount, join_wrapped, parse_amount
from disclosure_shared.records import Row
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key

_INCOME_WORDS = re.compile(r"收入|拨款$|预算$|资金$|基金$|^使用|年初|上年结转|财政拨款$")
_EXPENSE_WORDS = re.compile(r"支出|年终|年末|结余分配|结转下年|预备费")


@dataclass
class Segment:
    label: str
    cells: list[str]
    keys: list[str]
    side: Side | None


def _side_of(label: str) -> Side | None:
    key = text_key(label)
    if _EXPENSE_WORDS.search(key):
        return "expenditure"
    if _INCOME_WORDS.search(key):
        return "income"
    return None


def _segments_by_columns(cells: Sequence[str], columns: Sequence[Column]) -> list[Segment]:
    segments: list[Segment] = []
    for col in columns:
        text = cells[col.index] if col.index < len(cells) else ""
        if col.role == "name" or not segments:
            segments.append(Segment(join_wrapped(text) if col.role == "name" else "", [], [], col.side))
            if col.role == "name":
                continue
        if col.role == "value":
            segments[-1].cells.append(text)
            segments[-1].keys.append(col.key)
    return segments


def _segments_by_content(cells: Sequence[str]) -> list[Segment]:
    """Space-separated rows: each label starts a segment, the numbers after it are its values."""
    segments: list[Segment] = []
    for cell in cells:
        text = join_wrapped(cell)
        if not text:
            continue
        if is_amount(text) and segments:
            segments[-1].cells.append(text)
        elif not is_amount(text):
            segments.append(Segment(text, [], [], None))
    for seg in segments:
        if len(seg.cells) > 1 and re.fullmatch(r"\d{1,2}", seg.cells[0]):
            seg.cells = seg.cells[1:]  # leading 行次
        seg.keys = ["amount"] + [f"col_{i}" for i in range(1, len(seg.cells))]
    return segments


def _merge_orphans(segments: list[Segment]) -> list[Segment]:
    """A merged value cell can land under the next label column (Jiangsu "当年支出小计 | | | 27,664.22")."""
    out: list[Segment] = []
    for seg in segments:
        orphan = not seg.label and any(c.strip() for c in seg.cells)
        if orphan and out and out[-1].label and not any(c.strip() for c in out[-1].cells):
            out[-1].cells, out[-1].keys = seg.cells, seg.keys
            continue
        out.append(seg)
    return out


def _wraps(previous: Row, label: str, values: dict[str, Decimal | None]) -> bool:
    """A label fragment with no ordinal and no amounts continues a numbered label cut mid-word."""
    if any(v is not None for v in values.values()) or strip_ordinal(label) != text_key(label):
        return False
    prev = text_key(previous.name)
    return strip_ordinal(prev) != prev and not prev.endswith(("支出", "收入", "拨款", "计", "余", "金"))


def _normalize_keys(keys: list[str], side: Side, kind: TableKind) -> list[str]:
    if len(set(keys)) == 1:
        key = (
            "total" if side == "expenditure" and kind == TableKind.FISCAL_APPROPRIATION_SUMMARY else "amount"
        )
        return [key] * len(keys)
    return keys


def build_two_sided(
    data: Sequence[PagedRow], columns: Sequence[Column], align: Align, width: int, kind: TableKind
) -> tuple[list[Row], RowIssues]:
    issues = RowIssues()
    income: list[Row] = []
    expense: list[Row] = []
    use_columns = align == "grid" and any(c.role == "name" for c in columns)
    for raw, page in data:
        cells = trim(raw, width)
        if use_columns or (
            align == "right" and len(cells) == width and any(c.role == "name" for c in columns)
        ):
            segments = _merge_orphans(_segments_by_columns(cells, columns))
        else:
            segments = _segments_by_content(cells)
        for position, seg in enumerate(segments):
            if not seg.label and not any(c.strip() for c in seg.cells):
                continue
            side = seg.side or _side_of(seg.label) or ("income" if position == 0 else "expenditure")
            if len(segments) == 2 and seg.side is None:
                side = "income" if position == 0 else "expenditure"
            values: dict[str, Decimal | None] = {}
            for key, cell in zip(_normalize_keys(seg.keys, side, kind), seg.cells, strict=False):
                try:
                    value = parse_amount(join_wrapped(cell))
                except ValueError:
                    value = None
                    issues.bad_cells.append(cell)
                if values.get(key) is None:  # spill columns repeat a key
                    values[key] = value
            if not seg.label:
                continue
            target = income if side == "income" else expense
            if target and _wraps(target[-1], seg.label, values):
                name = target[-1].name + seg.label  # "十八、自然资源海洋" + "气象等支出" (001:L251-253)
                code = function_class(name) if side == "expenditure" else None
                target[-1] = target[-1].model_copy(
                    update={"name": name, "code": code, "level": 1 if code else None}
                )
                continue
            code = function_class(seg.label) if side == "expenditure" else None
            target.append(
                Row(code=code, name=seg.label, level=1 if code else None, values=values, page=page, side=side)
            )
    return income + expense, issues
