"""Reading the performance tables (整体/项目绩效目标表, 申报表, 自评表), which the parser keeps as
printed cells: `Row.attributes` "c1", "c2", … in printed order, one row per printed line. Also how
the performance rules quote those lines and units in their findings."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from disclosure_shared.printed_cells import UNIT_SUFFIX, in_sheet_unit, keyed_cells
from disclosure_shared.records import Row
from disclosure_shared.text_keys import spaceless_key

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_SPACED_SEPARATOR = re.compile(r"(?<=\d),\s+(?=\d{3}\b)")


def cells(row: Row) -> list[str]:
    """The row's printed cells in order (blank cells left out)."""
    return [text for _, text in keyed_cells(row)]


def line(row: Row) -> str:
    """The row as one line of text, cells separated by " | " (for evidence and label search)."""
    return " | ".join(cells(row))


def label(text: str) -> str:
    """A cell as a label is compared: NFKC, no whitespace, quotes or markup."""
    text = re.sub(r"<[^>]+>", "", spaceless_key(text))
    return re.sub(r"[\"'“”‘’*]", "", text)


def number(text: str) -> Decimal | None:
    """The cell's number when the cell is just a number ("1,234.50", "20", "100%" -> 100)."""
    stripped = text.strip().rstrip("%％").strip()
    if not _NUMBER.fullmatch(stripped):
        return None
    try:
        return Decimal(stripped.replace(",", ""))
    except InvalidOperation:
        return None


def money_text(text: str, unit: str | None) -> Decimal | None:
    """A money cell in the unit of its sheet: a bare number, one spaced around its thousands
    separators ("1, 105, 000", 004:L1495), or one followed by its own unit ("34 万", 000:L978), which
    is converted to `unit` ("yuan" | "wan_yuan"; None reads a suffix as the sheet's own unit)."""
    stripped = _SPACED_SEPARATOR.sub(",", unicodedata.normalize("NFKC", text).strip())
    if stripped.endswith("%"):
        return None  # a share, not an amount
    suffix = UNIT_SUFFIX.match(stripped)
    value = number(suffix.group("number") if suffix else stripped)
    if value is None or suffix is None:
        return value
    return in_sheet_unit(value, suffix.group("unit"), unit)


# ---- quoting in findings ------------------------------------------------------------------------
