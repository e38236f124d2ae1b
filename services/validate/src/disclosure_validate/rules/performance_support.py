"""Reading the performance tables (整体/项目绩效目标表, 申报表, 自评表), which the parser keeps as
printed cells: `Row.attributes` "c1", "c2", … in printed order, one row per printed line."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from disclosure_shared.records import Row

_CELL_KEY = re.compile(r"c(\d+)$")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def cells(row: Row) -> list[str]:
    """The row's printed cells in order (blank cells left out)."""
    keyed = [(int(m.group(1)), text) for key, text in row.attributes.items() if (m := _CELL_KEY.match(key))]
    return [text for _, text in sorted(keyed)]


def line(row: Row) -> str:
    """The row as one line of text, cells separated by " | " (for evidence and label search)."""
    return " | ".join(cells(row))


def number(text: str) -> Decimal | None:
    """The cell's number when the cell is just a number ("1,234.50", "20", "100%" -> 100)."""
    stripped = text.strip().rstrip("%％").strip()
    if not _NUMBER.fullmatch(stripped):
        return None
    try:
        return Decimal(stripped.replace(",", ""))
    except InvalidOperation:
        return None
