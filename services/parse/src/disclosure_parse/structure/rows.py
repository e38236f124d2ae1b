"""Data rows of one-sided tables (code | name | values…) -> contract Rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_parse.structure.codes import level_of, repair_economic
from disclosure_parse.structure.columns import Column
from disclosure_parse.structure.model import Align
from disclosure_parse.structure.text_norm import (
    is_amount,
    is_blank_value,
    is_cjk_text,
    join_wrapped,
    parse_amount,
    subject_code,
)
from disclosure_shared.labels import is_total_label
from disclosure_shared.records import Row
from disclosure_shared.text_keys import text_key

PagedRow = tuple[list[str], int]


@dataclass
class RowIssues:
    """What the builder had to guess; turned into extraction findings by the caller."""

    bad_cells: list[str] = field(default_factory=list)
    repaired_codes: list[str] = field(default_factory=list)


def trim(cells: Sequence[str], width: int) -> list[str]:
    """Drop surplus trailing blank cells (markdown page restarts print extra empty columns)."""
    out = list(cells)
    while len(out) > width and not out[-1].strip():
        out.pop()
    return out


def split_lead(cells: Sequence[str], repairs: list[str] | None = None) -> tuple[str | None, str]:
    """Code and name from the label cells: split codes ("201","05","07") join, wraps are removed.
    A code the parser had to fix adds "code" to `repairs`."""
    digits: list[str] = []
    other_code: str | None = None
    name = ""
    for cell in cells:
        text = join_wrapped(cell)
        if not text:
            continue
        if digits and not name and re.fullmatch(r"\d", text):
            digits.append("0" + text)  # 款 printed "2" for "02" (万里 24年 p29 "301 | 2 | 津贴补贴")
            if repairs is not None:
                repairs.append("code")
            continue
        code = subject_code(text)
        if code is not None and not name:
            if code.isdigit() and (not digits or len(code) == 2):
                digits.append(code)
            elif not code.isdigit():
                other_code = code
            continue
        if not name and (is_cjk_text(text) or not is_amount(text)):
            name = text
    code = "".join(digits) if digits else other_code
    return code, name


def _values(
    cells: Sequence[str], columns: Sequence[Column], issues: RowIssues, attributes: dict[str, str]
) -> dict[str, Decimal | None]:
    """Amounts by column key; text in a column no money key was found for is kept as an attribute
    (政府采购品目, 资金来源… of the item tables), text in a money column is a bad cell."""
    values: dict[str, Decimal | None] = {}
    for col, cell in zip(columns, cells, strict=False):
        try:
            value = parse_amount(join_wrapped(cell))
        except ValueError:
            value = None
            if col.key.startswith("col_"):
                attributes[attribute_key(col)] = join_wrapped(cell)
                continue
            issues.bad_cells.append(cell)
        if values.get(col.key) is None:  # spill columns share a key: keep the printed one
            values[col.key] = value
    for col in columns[len(cells) :]:
        values.setdefault(col.key, None)
    return values


def attribute_key(col: Column) -> str:
    """A text column's key: its printed header label, else its position ("c3")."""
    label = text_key(col.path[-1]) if col.path else ""
    return label or f"c{col.index + 1}"


def cut(cells: list[str], columns: Sequence[Column], align: Align, width: int) -> tuple[list[str], list[str]]:
    """(label cells, value cells aligned to `value_columns`)."""
    values = [c for c in columns if c.role == "value"]
    first_value = values[0].index if values else width
    if align == "grid" or (align == "right" and len(cells) == width):
        # label cells by content: codes drift between the 类/款/项 columns (001:L291)
        return cells[:first_value], [cells[c.index] if c.index < len(cells) else "" for c in values]
    if align == "right":
        k = len(values)
        return cells[: max(len(cells) - k, 0)], cells[max(len(cells) - k, 0) :]
    # left: label cells until the first number, then the numbers in column order
    index = next((i for i, c in enumerate(cells) if is_amount(c) and subject_code(c) is None), len(cells))
    return cells[:index], cells[index:]


def build_rows(
    data: Sequence[PagedRow],
    columns: Sequence[Column],
    align: Align,
    width: int,
    system: str,
    default_name: str = "",
    keep_cells: bool = False,
) -> tuple[list[Row], RowIssues]:
    """Rows with code, name, level and values; wrapped-name fragments merge into the row above.

    With `keep_cells` (non-money and unknown tables) every printed cell is kept in attributes as
    "c1", "c2", … so nothing the parser could not interpret is lost."""
    issues = RowIssues()
    value_columns = [c for c in columns if c.role == "value"]
    text_columns = [c for c in columns if c.role == "text" and c.path]
    rows: list[Row] = []
    for raw, page in data:
        cells = trim(raw, width)
        lead, value_cells = cut(cells, columns, align, width)
        repairs: list[str] = []
        code, name = split_lead(lead, repairs)
        attributes: dict[str, str] = {}
        values = _values(value_cells, value_columns, issues, attributes)
        for col in text_columns:
            text = join_wrapped(cells[col.index]) if col.index < len(cells) else ""
            if text:
                attributes[attribute_key(col)] = text
        if keep_cells:
            attributes = {f"c{i + 1}": join_wrapped(c) for i, c in enumerate(cells) if join_wrapped(c)}
        has_value = any(not is_blank_value(c) for c in value_cells)
        if keep_cells and attributes:
            # every printed line of a kept-cells table stays a row of its own: the performance
            # rules count and read them line by line
            rows.append(_row(code, name or default_name, system, values, page, attributes, repairs))
            continue
        if code is None and not name and has_value and rows and rows[-1].code is not None:
            if all(v is None for v in rows[-1].values.values()):
                rows[-1] = rows[-1].model_copy(update={"values": values})  # amount on the next line
                continue
        if code is None and not has_value:
            if not name:
                continue
            if rows and not is_total_label(name) and len(name) <= 12 and _continues(rows[-1].name):
                rows[-1] = rows[-1].model_copy(update={"name": rows[-1].name + name})
                continue
        if code is not None and system == "economic" and len(code) == 2 and name:
            fixed = repair_economic(code, name)  # S3 06表 prints "30"/"31" (SPEC §4.3)
            if fixed:
                issues.repaired_codes.append(f"{code}→{fixed}")
                code = fixed
                repairs.append("code")
        name = name or (default_name if code is None else "")
        rows.append(_row(code, name, system, values, page, attributes, repairs))
    return rows, issues


def _row(
    code: str | None,
    name: str,
    system: str,
    values: dict[str, Decimal | None],
    page: int | None,
    attributes: dict[str, str],
    repairs: list[str],
) -> Row:
    return Row(
        code=code,
        name=name,
        level=level_of(code, system),
        values=values,
        page=page,
        attributes=attributes,
        repairs=sorted(set(repairs)),
    )


def _continues(previous_name: str) -> bool:
    """A label cut mid-word ends without the usual closing words of a subject name."""
    return not re.search(r"(支出|费|金|助|入|计|资金|事务|[)）])$", previous_name) or len(previous_name) < 4
