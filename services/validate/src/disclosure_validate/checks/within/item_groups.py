"""item-group-sums: an item table printed as an outline — 合计, then each 品目大类 (一、货物A), its
经济科目 or project lines, their items — where every line is the sum of the lines printed under it
(政府采购预算表 of the Jiangsu departments, 省检察院 2018 表9). The parser keeps such a table as rows in
printed order without their levels, so the outline is rebuilt from the amounts: a line is either an
item, or a heading whose following lines add up to it (nested up to three levels). A table that
cannot be read as such an outline is reported at the first 大类 that does not add up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Finding, Location, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import arithmetic_finding
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.registry import check
from disclosure_validate.wording import money, rows_evidence

_CATEGORY = re.compile(r"^[一二三四五六七八九十]+、")
_DEPTH = 3
_BUDGET = 8000
"""Search steps per table: the corpus outlines (up to 59 lines) are found within 2,300, a misprint
exhausts it."""
_EXACT = Decimal("0.005")


def _label(row: Row) -> str:
    """The printed label: the row name, or the first printed cell when the parser named it 合计."""
    first = next(iter(row.attributes.values()), "")
    return first if row.name == "合计" and first else row.name


def _column(row: Row) -> str:
    return next(k for k, v in row.values.items() if v is not None)


def _amount(row: Row) -> Decimal | None:
    values = [v for v in row.values.values() if v is not None]
    return values[0] if len(values) == 1 else None


class _Outline:
    """The ways amounts[start:] begin with lines summing to a target, each an item or a heading
    followed by lines summing to it (a search bounded by _BUDGET steps)."""

    def __init__(self, amounts: list[Decimal]) -> None:
        self.amounts = amounts
        self.steps = 0
        self.headings: dict[tuple[int, int], tuple[int, ...]] = {}

    def covers(self, target: Decimal) -> bool:
        """All the amounts, read as an outline, add up to `target`."""
        return self.finishes(0, target, {})

    def finishes(self, start: int, target: Decimal, known: dict[tuple[int, Decimal], bool]) -> bool:
        """The top-level lines from `start` to the last add up to `target` (each line's answer kept:
        the lines before it reach it with the same remainder in many ways)."""
        key = (start, target)
        if key not in known:
            self.steps += 1
            if self.steps > _BUDGET:
                return False
            if abs(target) <= _EXACT or start >= len(self.amounts) or target < -_EXACT:
                known[key] = abs(target) <= _EXACT and start == len(self.amounts)
            else:
                rest = target - self.amounts[start]
                known[key] = self.finishes(start + 1, rest, known) or any(
                    self.finishes(below, rest, known) for below in self.heading_ends(start, 1)
                )
        return known[key]

    def ends(self, start: int, target: Decimal, depth: int) -> Iterator[int]:
        """Every index after lines from `start` that add up to `target`."""
        self.steps += 1
        if self.steps > _BUDGET:
            return
        if abs(target) <= _EXACT:
            yield start
            return
        if start >= len(self.amounts) or target < -_EXACT:
            return
        value = self.amounts[start]
        yield from self.ends(start + 1, target - value, depth)  # an item
        if depth < _DEPTH:  # a heading with its own lines below it
            for below in self.heading_ends(start, depth):
                yield from self.ends(below, target - value, depth)

    def heading_ends(self, start: int, depth: int) -> tuple[int, ...]:
        """Where the lines under a heading at `start` may end: the same for every way of reading
        the lines before it, so found once."""
        key = (start, depth)
        if key not in self.headings:
            below = self.ends(start + 1, self.amounts[start], depth + 1)
            self.headings[key] = tuple(end for end in below if end > start + 1)
        return self.headings[key]


def _outline_rows(table: Table) -> list[tuple[Row, Decimal]] | None:
    lines = [(row, amount) for row in table.rows if (amount := _amount(row)) is not None]
    if len(lines) < 3 or _label(lines[0][0]) != "合计":
        return None
    if not any(_CATEGORY.match(_label(row)) for row, _ in lines):
        return None
    return lines


@check("item-group-sums")
def item_outline_adds_up(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables_of(TableKind.GOVERNMENT_PROCUREMENT):
        lines = _outline_rows(table)
        if lines is None:
            continue
        groups = list(_level_groups_off(table, lines))
        yield from groups
        if groups or _Outline([amount for _, amount in lines[1:]]).covers(lines[0][1]):
            continue
        yield from _first_category_off(table, lines)


# ---- the levels the printed columns still tell ----------------------------------------------------
# Where the parser kept the column a label was printed in, the level is known without a search: a
# 经济科目 line sits under its project, and the 采购组织形式 lines split the line above them. A
# heading's lines are checked when they are complete: every one of known level, ended by a line of
# its own level or above, and not carried to another page under another column layout (a page
# break there loses lines, as in 江苏高院 2019 p16–17).


def _level(row: Row, first: bool) -> int | None:
    label = _label(row)
    if first and label == "合计":
        return 0
    if _CATEGORY.match(label):
        return 1
    keys = set(row.attributes)
    if any(k.endswith("式") or "组织形" in k for k in keys):  # 式 / 形式 / 采购组织形式, cut or not
        return 4
    if "经济科目" in keys:
        return 3
    return 2 if label and label != "合计" else None


def _children(levels: list[int | None], lines: list[tuple[Row, Decimal]], at: int) -> list[int] | None:
    """Indexes of the lines directly under line `at`, or None when they cannot be told for sure."""
    level = levels[at]
    assert level is not None
    below: list[int] = []
    end = at + 1
    while end < len(lines):
        current = levels[end]
        if current is None:
            return None
        if current <= level:
            break
        below.append(end)
        end += 1
    if not below:
        return None
    if end == len(lines) and lines[end - 1][0].page != lines[at][0].page:
        return None  # the table goes on past this page's end: maybe more lines
    shallowest = min(levels[i] or 0 for i in below)
    previous = level
    for i in below:  # no level skipped below a heading, the outline is whole
        current = levels[i] or 0
        if current > previous + 1 and not (current == shallowest and previous == level):
            return None
        previous = current
    pages = {lines[i][0].page for i in [at, *below]}
    if len(pages) > 1 and len({_column(lines[i][0]) for i in [at, *below]}) > 1:
        return None
    return [i for i in below if levels[i] == shallowest]


def _level_groups_off(table: Table, lines: list[tuple[Row, Decimal]]) -> Iterator[Finding]:
    levels = [_level(row, i == 0) for i, (row, _) in enumerate(lines)]
    if not {3, 4} & set(levels):
        return  # no column told a level apart: the outline search reads the table
    for at, (row, amount) in enumerate(lines):
        if levels[at] is None or levels[at] == 0:
            continue  # the 合计 is the outline search's, below
        children = _children(levels, lines, at)
        if children is None:
            continue
        total = sum((lines[i][1] for i in children), Decimal(0))
        if abs(total - amount) <= _EXACT:
            continue
        severity, cause = judge(Outcome.FAILS, suspect=False, failed="warning")
        yield Finding(
            rule="item-group-sums",
            severity=severity,  # the levels are our reading of an unlevelled table: not certain
            probable_cause=cause,
            message=f"{table.title}「{_label(row)}」{money(amount)} ≠ 其下各行之和 {money(total)}。",
            expected=total,
            actual=amount,
            difference=amount - total,
            location=Location(table=table.kind, page=row.page, row=_label(row), column=_column(row)),
            evidence=rows_evidence(
                [(r, (_column(r),)) for r, _ in [lines[at], *(lines[i] for i in children)]]
            ),
        )


def _first_category_off(table: Table, lines: list[tuple[Row, Decimal]]) -> Iterator[Finding]:
    starts = [i for i, (row, _) in enumerate(lines) if _CATEGORY.match(_label(row))]
    bounds = [*starts[1:], len(lines)]
    for start, end in zip(starts, bounds, strict=True):
        row, amount = lines[start]
        outline = _Outline([a for _, a in lines[start + 1 : end]])
        if outline.covers(amount):
            continue
        if outline.steps > _BUDGET:
            return  # too tangled to judge
        page = row.page if row.page is not None else (table.pages[0] if table.pages else None)
        # The outline is our reading of an unlevelled table: the publisher's misprint is likely, not
        # certain, so a warning (judging.severity: a pairing that is not certain).
        yield Finding(
            rule="item-group-sums",
            severity="warning",
            probable_cause="source",
            message=f"{table.title}「{_label(row)}」{money(amount)}：其下所列各行无法按层级加总为该数，"
            "请核对该类明细。",
            actual=amount,
            location=Location(table=table.kind, page=page, row=row.code or row.name, column=_column(row)),
            evidence=rows_evidence([(r, (_column(r),)) for r, _ in lines[start:end]]),
        )
        return
    total_row, total = lines[0]
    categories = sum((lines[i][1] for i in starts), Decimal(0))
    if abs(categories - total) > _EXACT:
        yield arithmetic_finding(
            "item-group-sums",
            Outcome.FAILS,
            f"{table.title}「合计」{money(total)} ≠ 各品目大类之和 {money(categories)}。",
            expected=categories,
            actual=total,
            table=table,
            row=total_row,
            column=_column(total_row),
            evidence=rows_evidence([(lines[i][0], (_column(lines[i][0]),)) for i in [0, *starts]]),
            extraction_suspect=False,
        )
