"""Within-table sum identities (SPEC §3.1 I-xx) over contract Tables.

One implementation for two users: the validate service turns failing checks into findings, and the
parser's tests and bench use the share that hold as a parse-quality yardstick.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.records import Row, Table

ZERO = Decimal(0)
_TOTAL_LABELS = {"合计", "总计", "小计"}


def is_total_label(text: str) -> bool:
    """ "合计", "总 计", "支出合计"…: a row that prints a total rather than a subject."""
    key = re.sub(r"[\s\"'“”‘’「」]", "", unicodedata.normalize("NFKC", text))
    return key in _TOTAL_LABELS or (key.endswith(("合计", "总计")) and len(key) <= 8)


_ROW_SUMS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    # (rule, (total key, part keys…)) checked on every row that prints the total
    "expenditure": (
        (
            "I-07",
            (
                "total",
                "basic",
                "project",
                "business_operating",
                "remit_superior",
                "subsidy_subordinate",
                "reserve_funds",
                "carry_forward",
            ),
        ),
    ),
    "general_budget_expenditure": (
        ("I-07", ("total", "basic", "project")),
        ("I-08", ("basic", "personnel", "public_funds")),
    ),
    "general_budget_expenditure_by_unit": (
        ("I-07", ("total", "basic", "project")),
        ("I-08", ("basic", "personnel", "public_funds")),
    ),
    "general_budget_basic_expenditure": (("I-10", ("total", "personnel", "public_funds")),),
    "government_fund": (("I-07", ("total", "basic", "project")),),
    "state_capital": (("I-07", ("total", "basic", "project")),),
    "revenue": (
        (
            "I-09",
            (
                "total",
                "fiscal_allocation",
                "superior_subsidy",
                "business",
                "operating",
                "subordinate_remit",
                "other",
            ),
        ),
        ("I-09", ("total", "current_total", "carryover_total")),
        (
            "I-09",
            (
                "current_total",
                "current_gpb",
                "current_gov_fund",
                "current_state_capital",
                "current_fiscal_special",
                "current_business",
                "current_operating",
                "current_superior_subsidy",
                "current_subordinate_remit",
                "current_other",
            ),
        ),
        (
            "I-09",
            (
                "carryover_total",
                "carryover_gpb",
                "carryover_gov_fund",
                "carryover_state_capital",
                "carryover_fiscal_special",
                "carryover_unit_funds",
            ),
        ),
    ),
    "three_public_expenses": (
        *(
            (rule, tuple(prefix + k for k in keys))
            for prefix in ("", "budget_", "actual_")
            for rule, keys in (
                ("I-13", ("total", "overseas", "vehicle_total", "reception")),
                ("I-13", ("vehicle_total", "vehicle_purchase", "vehicle_operation")),
            )
        ),
        ("I-13", ("grand_total", "total", "meeting", "training")),
    ),
    "project_expenditure": (
        (
            "I-16",
            (
                "total",
                "current_gpb",
                "current_gov_fund",
                "current_state_capital",
                "carryover_gpb",
                "carryover_gov_fund",
                "carryover_state_capital",
                "fiscal_special",
                "unit_funds",
            ),
        ),
    ),
    "fiscal_appropriation_summary": (("I-14", ("total", "gpb", "gov_fund", "state_capital")),),
}
_HIERARCHY_KINDS = {
    "revenue",
    "expenditure",
    "general_budget_expenditure",
    "general_budget_basic_expenditure",
    "government_fund",
    "state_capital",
    "fiscal_appropriation_expenditure",
    "fiscal_appropriation_basic_expenditure",
    "operating_expenses",
}
_CURRENT = {
    "income": re.compile(r"^(一、)?(本年收入(合计)?|当年收入小计)$"),
    "expenditure": re.compile(r"^(一、)?(本年支出(合计)?|当年支出小计)$"),
}
_GRAND = re.compile(r"^(收入|支出)?(总计|合计)$")
_TOP_ORDINAL = re.compile(r"^[一二三四五六七八九十廿]+、")
_SUB_ORDINAL = re.compile(r"^[(（][一二三四五六七八九十]+[)）]|^\d+[.．]")


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


def money_tolerance(table: Table, terms: int) -> Decimal:
    """SPEC §3.0: how far a printed total may drift from the sum of `terms` printed parts."""
    if table.unit == "yuan":
        # whole-元 tables are rounded from 分 and drift by 1 元 like 万元 tables by 0.01 (万里 24年 p12)
        whole = all(v is None or v == v.to_integral_value() for r in table.rows for v in r.values.values())
        return min(Decimal(5), max(Decimal(1), Decimal("0.5") * terms)) if whole else Decimal("0.005")
    return min(Decimal("0.05"), max(Decimal("0.01"), Decimal("0.005") * terms)) + Decimal("0.0001")


def _check(table: Table, rule: str, row: Row, key: str, parts: Sequence[Decimal | None]) -> Check | None:
    stated = row.values.get(key)
    if stated is None and not any(parts):
        return None  # blank total and blank parts: nothing was printed to check
    expected = sum((p or ZERO for p in parts), ZERO)
    actual = stated or ZERO
    holds = abs(expected - actual) <= money_tolerance(table, len(parts))
    return Check(rule, table.kind, row.code or row.name, key, expected, actual, holds, row.page)


def _name(row: Row) -> str:
    return re.sub(r"\s", "", row.name)


def _hierarchy(table: Table) -> Iterator[Check]:
    rows = table.rows
    keys = sorted({k for r in rows for k in r.values})
    for key in keys:
        with_key = [r for r in rows if key in r.values]
        top = [r for r in with_key if r.level == 1]
        for total in (r for r in with_key if r.code is None and is_total_label(r.name)):
            if top:
                found = _check(table, "I-05", total, key, [r.values.get(key) for r in top])
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
                found = _check(table, "I-06", parent, key, [c.values.get(key) for c in children])
                if found:
                    yield found


def _row_sums(table: Table) -> Iterator[Check]:
    present = {k for r in table.rows for k, v in r.values.items() if v is not None}
    for rule, (total_key, *parts) in _ROW_SUMS.get(table.kind, ()):
        if total_key not in present or not present.intersection(parts):
            continue
        for row in table.rows:
            if total_key in row.values and (
                table.kind != "fiscal_appropriation_summary" or row.side == "expenditure"
            ):
                found = _check(table, rule, row, total_key, [row.values.get(p) for p in parts])
                if found:
                    yield found


def _side_checks(table: Table, side: str) -> Iterator[Check]:
    rows = [r for r in table.rows if r.side == side]
    names = [_name(r) for r in rows]
    current = next((i for i, n in enumerate(names) if _CURRENT[side].match(n)), None)
    grand = next((i for i in range(len(names) - 1, -1, -1) if _GRAND.match(names[i])), None)
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
            found = _check(
                table,
                "I-01" if side == "income" else "I-02",
                rows[target],
                key,
                [r.values.get(key) for r in items],
            )
            if found:
                yield found
        if current is not None and grand is not None and grand > current and key in rows[grand].values:
            carry = [
                r
                for r, n in zip(rows[current + 1 : grand], names[current + 1 : grand], strict=False)
                if re.search(r"结转|结余", n)
            ]
            found = _check(
                table,
                "I-03",
                rows[grand],
                key,
                [rows[current].values.get(key)] + [r.values.get(key) for r in carry],
            )
            if found:
                yield found


def _two_sided(table: Table) -> Iterator[Check]:
    yield from _side_checks(table, "income")
    yield from _side_checks(table, "expenditure")
    income = [r for r in table.rows if r.side == "income" and _GRAND.match(_name(r))]
    expense = [r for r in table.rows if r.side == "expenditure" and _GRAND.match(_name(r))]
    if income and expense:
        left = income[-1].values.get("amount")
        right = expense[-1].values.get("amount", expense[-1].values.get("total"))
        if left is not None or right is not None:
            found = _check(table, "I-04", income[-1], "amount", [right])
            if found:
                yield found


def check_table(table: Table) -> list[Check]:
    """Every within-table sum identity that applies to this table's kind and printed columns."""
    if table.empty:
        return []
    checks: list[Check] = []
    if table.kind in _HIERARCHY_KINDS:
        checks.extend(_hierarchy(table))
    if table.kind in ("revenue_expenditure_summary", "fiscal_appropriation_summary"):
        checks.extend(_two_sided(table))
    checks.extend(_row_sums(table))
    return checks


def check_tables(tables: Sequence[Table]) -> list[Check]:
    return [c for t in tables for c in check_table(t)]
