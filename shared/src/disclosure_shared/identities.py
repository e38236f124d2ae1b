"""Within-table sum identities (SPEC §3.1 I-xx) over contract Tables.

One implementation for two users: the validate service turns failing checks into findings, and the
parser's tests and bench use the share that hold as a parse-quality yardstick.

Every Check keeps what it read (`source`, the row printing the total, and `terms`, the printed parts
with their rows and signs) so a finding can quote the rows and the arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_shared.labels import CURRENT_TOTAL, GRAND_TOTAL, is_total_label
from disclosure_shared.records import Row, Table
from disclosure_shared.row_sums import ROW_SUMS
from disclosure_shared.table_kinds import TableKind

ZERO = Decimal(0)
_HIERARCHY_KINDS = {
    TableKind.REVENUE,
    TableKind.EXPENDITURE,
    TableKind.GENERAL_BUDGET_EXPENDITURE,
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
    TableKind.GOVERNMENT_FUND,
    TableKind.STATE_CAPITAL,
    TableKind.FISCAL_APPROPRIATION_EXPENDITURE,
    TableKind.FISCAL_APPROPRIATION_BASIC_EXPENDITURE,
    TableKind.OPERATING_EXPENSES,
}
_TOP_ORDINAL = re.compile(r"^[一二三四五六七八九十廿]+、")
_SUB_ORDINAL = re.compile(r"^[(（][一二三四五六七八九十]+[)）]|^\d+[.．]")


@dataclass(frozen=True)
class Term:
    """One printed part of an identity: its value, the row and column it was read from, its sign."""

    row: Row = field(repr=False)
    column: str
    value: Decimal | None
    sign: int = 1


@dataclass(frozen=True)
class Check:
    rule: str
    table: str
    row: str
    column: str
    expected: Decimal
    actual: Decimal
    holds: bool
    page: int | None
    source: Row | None = field(default=None, compare=False, repr=False)
    """The row that prints the total (`actual`)."""
    terms: tuple[Term, ...] = field(default=(), compare=False, repr=False)
    """The printed parts summed into `expected`."""
    tolerance: Decimal = field(default=ZERO, compare=False, repr=False)

    @property
    def stated_blank(self) -> bool:
        return self.source is not None and self.source.values.get(self.column) is None

    @property
    def parts_blank(self) -> bool:
        return bool(self.terms) and all(t.value is None for t in self.terms)


def money_tolerance(table: Table, terms: int) -> Decimal:
    """SPEC §3.0: how far a printed total may drift from the sum of `terms` printed parts."""
    if table.unit == "yuan":
        # whole-元 tables are rounded from 分 and drift by 1 元 like 万元 tables by 0.01 (万里 24年 p12)
        whole = all(v is None or v == v.to_integral_value() for r in table.rows for v in r.values.values())
        return min(Decimal(5), max(Decimal(1), Decimal("0.5") * terms)) if whole else Decimal("0.005")
    return min(Decimal("0.05"), max(Decimal("0.01"), Decimal("0.005") * terms)) + Decimal("0.0001")


def printed_unit(value: Decimal) -> Decimal:
    """One unit of the value's printed precision: 1 for "123", 0.01 for "123.40"."""
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(exponent) if isinstance(exponent, int) else ZERO


def precision_allowance(stated: Decimal | None, parts: Iterable[Decimal | None]) -> Decimal:
    """SPEC §3.0, printed precision decides rounding: a figure printed as a whole number beside
    figures printed with decimals was rounded to its own precision. A whole total may differ from
    finer parts by less than one of its units; each whole part drifts by half a unit. Zero is exact
    however it is printed, and figures all printed alike get nothing (money_tolerance covers them)."""
    printed = [v for v in (stated, *parts) if v]
    if not printed:
        return ZERO
    finest = min(printed_unit(v) for v in printed)
    if finest >= 1:
        return ZERO
    allowance = ZERO
    if stated and printed_unit(stated) >= 1:
        allowance += printed_unit(stated) - finest
    for part in printed[1 if stated else 0 :]:
        if printed_unit(part) >= 1:
            allowance += printed_unit(part) / 2
    return allowance


def _check(table: Table, rule: str, row: Row, key: str, terms: Sequence[Term]) -> Check | None:
    stated = row.values.get(key)
    if stated is None and not any(t.value for t in terms):
        return None  # blank total and blank parts: nothing was printed to check
    expected = sum(((t.value or ZERO) * t.sign for t in terms), ZERO)
    actual = stated or ZERO
    tolerance = max(money_tolerance(table, len(terms)), precision_allowance(stated, (t.value for t in terms)))
    holds = abs(expected - actual) <= tolerance
    return Check(
        rule,
        table.kind,
        row.code or row.name,
        key,
        expected,
        actual,
        holds,
        row.page,
        row,
        tuple(terms),
        tolerance,
    )


def _down(rows: Sequence[Row], key: str) -> list[Term]:
    """The same column read on several rows (children of a parent row)."""
    return [Term(r, key, r.values.get(key)) for r in rows]


def _across(row: Row, keys: Sequence[str]) -> list[Term]:
    """Several columns read on one row; a key written "-x" is subtracted."""
    return [
        Term(row, k.lstrip("-"), row.values.get(k.lstrip("-")), -1 if k.startswith("-") else 1) for k in keys
    ]


def _name(row: Row) -> str:
    return re.sub(r"\s", "", row.name)


_ECONOMIC_KINDS = {
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
    TableKind.FISCAL_APPROPRIATION_BASIC_EXPENDITURE,
    TableKind.OPERATING_EXPENSES,
}
_GROUP_TOTAL = re.compile(r"^(人员经费|公用经费)(合计|小计)$")


def _hierarchy_rules(table: Table, total: Row) -> tuple[str, str]:
    """(rule for a total row, rule for parent = Σ children): function tables I-05/I-06; economic
    tables I-10/I-11, with the 决算 06表 group totals 人员经费合计 / 公用经费合计 as I-12."""
    if table.kind not in _ECONOMIC_KINDS:
        return "I-05", "I-06"
    return ("I-12" if _GROUP_TOTAL.match(_name(total)) else "I-10"), "I-11"


def _hierarchy(table: Table) -> Iterator[Check]:
    rows = table.rows
    keys = sorted({k for r in rows for k in r.values})
    for key in keys:
        with_key = [r for r in rows if key in r.values]
        top = [r for r in with_key if r.level == 1]
        for total in (r for r in with_key if r.code is None and is_total_label(r.name)):
            if top:
                found = _check(table, _hierarchy_rules(table, total)[0], total, key, _down(top, key))
                if found:
                    yield found
        for index, parent in enumerate(with_key):
            if parent.level not in (1, 2) or parent.code is None:
                continue
            children: list[Row] = []
            for child in with_key[index + 1 :]:
                if child.level is None or child.level <= parent.level:
                    break
                if child.level == parent.level + 1 and (child.code or "").startswith(parent.code):
                    children.append(child)
            if children:
                found = _check(table, _hierarchy_rules(table, parent)[1], parent, key, _down(children, key))
                if found:
                    yield found


def _row_sums(table: Table) -> Iterator[Check]:
    present = {k for r in table.rows for k, v in r.values.items() if v is not None}
    for rule, (total_key, *parts) in ROW_SUMS.get(table.kind, ()):
        if total_key not in present or not present.intersection(p.lstrip("-") for p in parts):
            continue
        for row in table.rows:
            if total_key in row.values and (
                table.kind != TableKind.FISCAL_APPROPRIATION_SUMMARY or row.side == "expenditure"
            ):
                found = _check(table, rule, row, total_key, _across(row, parts))
                if found:
                    yield found


def _side_checks(table: Table, side: str) -> Iterator[Check]:
    rows = [r for r in table.rows if r.side == side]
    names = [_name(r) for r in rows]
    current = next((i for i, n in enumerate(names) if CURRENT_TOTAL[side].match(n)), None)
    grand = next((i for i in range(len(names) - 1, -1, -1) if GRAND_TOTAL.match(names[i])), None)
    keys = sorted({k for r in rows for k in r.values})
    for key in keys:
        if side == "expenditure":
            items = [r for r in rows[: current if current is not None else grand] if r.level == 1]
        elif current is not None and _TOP_ORDINAL.match(names[current]):
            items = []
            for r, n in zip(rows[current + 1 :], names[current + 1 :], strict=False):
                if _TOP_ORDINAL.match(n) or not _SUB_ORDINAL.match(n):
                    break
                items.append(r)
        else:
            end = current if current is not None else grand
            items = [
                r
                for r, n in zip(rows[:end], names[:end], strict=False)
                if _TOP_ORDINAL.match(n) and not re.search(r"结转|结余", n)
            ]
        target = current if current is not None else grand
        if target is not None and items and key in rows[target].values:
            rule = "I-01" if side == "income" else "I-02"
            found = _check(table, rule, rows[target], key, _down(items, key))
            if found:
                yield found
        if side == "expenditure" and target is not None and key in rows[target].values:
            found = _by_nature(table, rows[:target], names[:target], rows[target], key)
            if found:
                yield found
        if current is not None and grand is not None and grand > current and key in rows[grand].values:
            carry = [
                r
                for r, n in zip(rows[current + 1 : grand], names[current + 1 : grand], strict=False)
                if re.search(r"结转|结余", n)
            ]
            found = _check(table, "I-03", rows[grand], key, _down([rows[current], *carry], key))
            if found:
                yield found


def _by_nature(table: Table, rows: list[Row], names: list[str], total: Row, key: str) -> Check | None:
    """Jiangsu prints a second breakdown of the year's spending beside the 类 list, uncoded and by
    ordinal: 一、基本支出 二、项目支出 三、单位预留机动经费 (省委办公厅 2019 表1, 表3). It sums to the
    same total; a table with no such rows has nothing more to check."""
    items = [
        r
        for r, n in zip(rows, names, strict=False)
        if not r.code and r.level != 1 and _TOP_ORDINAL.match(n) and not re.search(r"结转|结余", n)
    ]
    if len(items) < 2 or not any(r.values.get(key) is not None for r in items):
        return None
    return _check(table, "I-02", total, key, _down(items, key))


def _two_sided(table: Table) -> Iterator[Check]:
    yield from _side_checks(table, "income")
    yield from _side_checks(table, "expenditure")
    income = [r for r in table.rows if r.side == "income" and GRAND_TOTAL.match(_name(r))]
    expense = [r for r in table.rows if r.side == "expenditure" and GRAND_TOTAL.match(_name(r))]
    if income and expense:
        left = income[-1].values.get("amount")
        key = "amount" if "amount" in expense[-1].values else "total"
        right = expense[-1].values.get(key)
        if left is not None or right is not None:
            found = _check(table, "I-04", income[-1], "amount", [Term(expense[-1], key, right)])
            if found:
                yield found


# ---- tables of units, projects and items (I-16, I-17, I-18, I-20) ---------------------------------

_GROUP_RULES = {
    TableKind.PROJECT_EXPENDITURE: "I-16",
    TableKind.GOVERNMENT_PROCUREMENT: "I-17",
    TableKind.PURCHASED_SERVICES: "I-18",
    TableKind.REVENUE: "I-20",
    TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT: "I-20",
}
_ITEM_KINDS = {TableKind.GOVERNMENT_PROCUREMENT, TableKind.PURCHASED_SERVICES}
_ITEM_KEYS = ("amount", "amount_sme", "amount_micro")


def _depth(kind: TableKind, row: Row) -> int | None:
    """Nesting of a row in a table of units: 0 合计, then 部门 (3-digit code) → 单位 (6 digits);
    项目支出表 adds category (2 digits) → project (long code); item tables put the 科室 (2 digits)
    above the 部门 and list the items under a 6-digit unit code."""
    code = row.code or ""
    if not code:
        return 0 if is_total_label(row.name) or not _name(row) else None
    if not code.isdigit() and kind != TableKind.PROJECT_EXPENDITURE:
        return None
    if kind == TableKind.PROJECT_EXPENDITURE:
        return {3: 1, 6: 2, 2: 3}.get(len(code), 4 if len(code) >= 8 else None)
    if kind in _ITEM_KINDS:
        return {2: 1, 3: 2, 6: 3}.get(len(code))
    return {3: 1, 6: 2}.get(len(code))


def _unit_coded(table: Table) -> bool:
    """A 收入总表 listed by 部门/单位 (budget) rather than by function code (决算)."""
    lengths = {len(r.code) for r in table.rows if r.code}
    return 6 in lengths and not lengths & {5, 7}


def _groups(table: Table) -> Iterator[Check]:
    """Each group row (合计, 科室, 部门, 单位, category) = Σ its rows one level down, each column."""
    rule = _GROUP_RULES[table.kind]
    if table.kind == TableKind.REVENUE and not _unit_coded(table):
        return
    # a repeated header's 合计 without numbers (page restart, 000:L375) is not a row of the table
    rows = [r for r in table.rows if any(v is not None for v in r.values.values())]
    depths = [_depth(table.kind, r) for r in rows]
    if None in depths or depths.count(0) > 1:
        return  # rows this model does not know (Jiangsu item tables print 合计 on every line)
    keys = [k for k in _ITEM_KEYS if any(k in r.values for r in rows)] if table.kind in _ITEM_KINDS else None
    for index, parent in enumerate(rows):
        below: list[tuple[int, Row]] = []
        for depth, row in zip(depths[index + 1 :], rows[index + 1 :], strict=True):
            if depth is not None and depth <= depths[index]:  # type: ignore[operator]
                break
            below.append((depth, row))  # type: ignore[arg-type]
        if not below:
            continue
        level = min(d for d, _ in below)
        children = [r for d, r in below if d == level]
        for key in keys if keys is not None else [k for k in parent.values if not k.startswith("col_")]:
            found = _check(table, rule, parent, key, _down(children, key))
            if found:
                yield found


def _item_products(table: Table) -> Iterator[Check]:
    """I-17 item row: 采购金额 = 采购数量 × 单价 (exact 元)."""
    for row in table.rows:
        quantity, price = row.values.get("quantity"), row.values.get("unit_price")
        if quantity is None or price is None or "amount" not in row.values:
            continue
        product = Term(row, "quantity×unit_price", quantity * price)
        found = _check(table, "I-17", row, "amount", [product])
        if found:
            yield found


def check_table(table: Table) -> list[Check]:
    """Every within-table sum identity that applies to this table's kind and printed columns."""
    if table.empty:
        return []
    checks: list[Check] = []
    if table.kind in _HIERARCHY_KINDS:
        checks.extend(_hierarchy(table))
    if table.kind in (TableKind.REVENUE_EXPENDITURE_SUMMARY, TableKind.FISCAL_APPROPRIATION_SUMMARY):
        checks.extend(_two_sided(table))
    checks.extend(_row_sums(table))
    if table.kind in _GROUP_RULES:
        checks.extend(_groups(table))
    if table.kind == TableKind.GOVERNMENT_PROCUREMENT:
        checks.extend(_item_products(table))
    return checks


def check_tables(tables: Sequence[Table]) -> list[Check]:
    return [c for t in tables for c in check_table(t)]
