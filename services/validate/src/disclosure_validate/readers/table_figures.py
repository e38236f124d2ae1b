"""Every amount the tables print or plainly imply, in 万元: where a narrative amount may come from.

A narrative amount is accounted for when it is a printed cell (any money table, any row and column,
performance sheets included), or a figure one step away from printed cells: the difference or sum
of two cells of one row (上年 vs 本年, 基本 + 项目). The sums of the amounts a sentence names
are the narrative rule's business (it has the sentence).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from disclosure_shared.records import Row, Table
from disclosure_validate.readers.narrative import key
from disclosure_validate.readers.printed_cells import cells, money_text

WAN = Decimal(10000)
# Two readings differ by one printed cent of 万元 when one of them was rounded from 元 (SPEC §3.0).
DRIFT = Decimal("0.01")


def _in_wan(value: Decimal, unit: str | None) -> Decimal:
    return value / WAN if unit == "yuan" else value


def _row_values(table: Table) -> Iterator[list[Decimal]]:
    for row in table.rows:
        values = [v for v in row.values.values() if v is not None]
        if not values and row.attributes:  # performance sheets keep printed cells
            values = [v for text in cells(row) if (v := money_text(text, table.unit)) is not None]
        if values:
            yield [_in_wan(v, table.unit) for v in values]


@dataclass
class TableFigures:
    """Sorted printed and one-step figures of a document's tables (万元), for window look-ups."""

    printed: list[Decimal] = field(default_factory=list)
    derived: list[Decimal] = field(default_factory=list)

    @classmethod
    def of(cls, tables: Iterable[Table]) -> TableFigures:
        printed: set[Decimal] = set()
        derived: set[Decimal] = set()
        for table in tables:
            rows = list(_row_values(table))
            for values in rows:
                printed.update(abs(v) for v in values)
                for a, b in combinations(values[:12], 2):
                    derived.update((abs(a - b), abs(a + b)))
            # two rows of one column: 人员经费 = 工资福利支出 + 对个人和家庭的补助
            for column in {k for r in table.rows for k in r.values}:
                cells = [
                    _in_wan(v, table.unit)
                    for r in table.rows[:80]
                    if (v := r.values.get(column)) is not None and v
                ]
                derived.update(abs(a + b) for a, b in combinations(cells, 2))
        return cls(sorted(printed), sorted(derived))

    def printed_match(self, stated: Decimal, places: int) -> bool:
        return _matches(self.printed, stated, places)

    def derived_match(self, stated: Decimal, places: int) -> bool:
        return _matches(self.derived, stated, places)


def _matches(values: list[Decimal], stated: Decimal, places: int) -> bool:
    """A value that, rounded half up to the stated precision, is the stated amount; or within one
    cent of 万元 of it (rounded from 元)."""
    unit = Decimal(1).scaleb(-places)
    low = stated - max(unit / 2, DRIFT)
    high = stated + max(unit / 2, DRIFT)
    start = bisect.bisect_left(values, low)
    for value in values[start : bisect.bisect_right(values, high)]:
        rounded = value.quantize(unit, rounding=ROUND_HALF_UP) if places < 12 else value
        if rounded == stated or abs(value - stated) <= DRIFT:
            return True
    return False


def _stem(name: str) -> str:
    """A subject or row name without its ordinal, quotes and trailing 预算/支出/经费 ("培训费预算支出"
    and "30216 培训费" both read 培训费)."""
    return re.sub(r"(预算|支出|经费)+$", "", key(name))


def rows_named(tables: Iterable[Table], subject: str) -> list[tuple[Table, Row]]:
    """The money rows whose printed name is the subject's (by stem, at least two characters)."""
    stem = _stem(subject)
    if len(stem) < 2:
        return []
    return [
        (table, row)
        for table in tables
        for row in table.rows
        if any(v is not None for v in row.values.values()) and _stem(row.name) == stem
    ]
