"""The printed cells of the performance sheets (申报表), which the parser keeps as `Row.attributes`
"c1", "c2", … in printed order: read as labels and as amounts in the sheet's unit."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from disclosure_parse.structure.text_norm import parse_amount
from disclosure_shared.printed_cells import UNIT_SUFFIX, in_sheet_unit, keyed_cells
from disclosure_shared.records import Row
from disclosure_shared.text_keys import spaceless_key


def printed_cells(row: Row) -> list[str]:
    """The row's non-blank cells in printed order."""
    return [text for _, text in keyed_cells(row) if text.strip()]


def cell_label(text: str) -> str:
    """A cell as a label: NFKC, no whitespace, no "其中:" lead-in."""
    return re.sub(r"^其中[:：]", "", spaceless_key(text))


def sheet_money(text: str, unit: str | None) -> Decimal | None:
    """A money cell in the sheet's unit ("270,000"; "34万" converted to a sheet in 元)."""
    stripped = unicodedata.normalize("NFKC", text).strip()
    suffix = UNIT_SUFFIX.match(stripped)
    try:
        value = parse_amount(suffix.group("number") if suffix else stripped)
    except ValueError:
        return None
    if value is None or suffix is None:
        return value
    return in_sheet_unit(value, suffix.group("unit"), unit)


def garbled(texts: Sequence[str]) -> bool:
    """Digits printed where an amount belongs that do not read as one ("1,2 34.5", "27.OO"): the
    extraction damaged the cell. A label ("项目当年预算") or a blank prints no digits."""
    return any(re.search(r"\d", t) and not re.search(r"[\u4e00-\u9fff]{2}", t) for t in texts)
