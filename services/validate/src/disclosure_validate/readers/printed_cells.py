"""Reading the performance tables (整体/项目绩效目标表, 申报表, 自评表), which the parser keeps as
printed cells: `Row.attributes` "c1", "c2", … in printed order, one row per printed line. Also how
the performance rules quote those lines and units in their findings."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from disclosure_shared.records import Row
from disclosure_shared.text_keys import spaceless_key

_CELL_KEY = re.compile(r"c(\d+)$")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_SPACED_SEPARATOR = re.compile(r"(?<=\d),\s+(?=\d{3}\b)")
_UNIT_SUFFIX = re.compile(r"^(?P<number>.+?)\s*(?P<unit>万元|万|元)$")
WAN = Decimal(10000)


def keyed_cells(row: Row) -> list[tuple[int, str]]:
    """The row's printed cells with their column positions (c1 -> 1), in printed order."""
    keyed = [(int(m.group(1)), text) for key, text in row.attributes.items() if (m := _CELL_KEY.match(key))]
    return sorted(keyed)


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
    suffix = _UNIT_SUFFIX.match(stripped)
    value = number(suffix.group("number") if suffix else stripped)
    if value is None or suffix is None or unit is None:
        return value
    printed = "yuan" if suffix.group("unit") == "元" else "wan_yuan"
    if printed == unit:
        return value
    return value * WAN if printed == "wan_yuan" else value / WAN


# ---- quoting in findings ------------------------------------------------------------------------
