"""The printed cells of a sheet the parser keeps line by line, as `Row.attributes` "c1", "c2", … in
printed order (the performance tables: 申报表, 自评表, 绩效目标表), and the amounts such a sheet
prints with a unit of their own ("34万" in a sheet in 元). The parser reads these cells into typed
records and the validator quotes them: both read them here."""

from __future__ import annotations

import re
from decimal import Decimal

from disclosure_shared.records import Row, Unit

CELL_KEY = re.compile(r"c(\d+)$")
UNIT_SUFFIX = re.compile(r"^(?P<number>.+?)\s*(?P<unit>万元|万|元)$")
"""An amount followed by its own unit word."""
WAN = Decimal(10000)


def keyed_cells(row: Row) -> list[tuple[int, str]]:
    """The row's printed cells with their column positions (c3 -> 3), in printed order, blanks
    included."""
    return sorted(
        (int(m.group(1)), text) for key, text in row.attributes.items() if (m := CELL_KEY.match(key))
    )


def in_sheet_unit(value: Decimal, unit_word: str, unit: Unit | str | None) -> Decimal:
    """`value`, printed followed by `unit_word` (元, 万, 万元), in the sheet's `unit` ("yuan" or
    "wan_yuan"; None: the sheet's unit is unknown, the value is left as printed)."""
    printed = "yuan" if unit_word == "元" else "wan_yuan"
    if unit is None or printed == unit:
        return value
    return value * WAN if printed == "wan_yuan" else value / WAN
