"""Column layouts when the printed header cannot be used as is: 栏次 realignment and template defaults."""

from __future__ import annotations

from collections.abc import Sequence

from disclosure_parse.structure.columns import Column, is_lanci_row, role_of, value_key
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key

# Column order of the national budget templates (SPEC §2), for exports whose header is unreadable
# (S2 explodes header words over dozens of lines, 002:L166-265).
TEMPLATES: dict[str, tuple[str, ...]] = {
    TableKind.REVENUE: (
        "total",
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
        "carryover_total",
        "carryover_gpb",
        "carryover_gov_fund",
        "carryover_state_capital",
        "carryover_fiscal_special",
        "carryover_unit_funds",
    ),
    TableKind.EXPENDITURE: (
        "total",
        "basic",
        "project",
        "business_operating",
        "remit_superior",
        "subsidy_subordinate",
    ),
    TableKind.GENERAL_BUDGET_EXPENDITURE: ("total", "basic", "personnel", "public_funds", "project"),
    TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT: ("total", "basic", "personnel", "public_funds", "project"),
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE: ("total", "personnel", "public_funds"),
    TableKind.THREE_PUBLIC_EXPENSES: (
        "total",
        "overseas",
        "vehicle_total",
        "vehicle_purchase",
        "vehicle_operation",
        "reception",
    ),
    TableKind.GOVERNMENT_FUND: ("total", "basic", "project"),
    TableKind.STATE_CAPITAL: ("total", "basic", "project"),
    TableKind.PROJECT_EXPENDITURE: (
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
}


def template_columns(kind: TableKind, lead: int = 0) -> list[Column]:
    keys = TEMPLATES.get(kind, ())
    return [Column(lead + i, (), "value", key) for i, key in enumerate(keys)]


def lanci_positions(header: Sequence[Sequence[str]]) -> list[int]:
    for row in header:
        if is_lanci_row(row):
            positions = [i for i, c in enumerate(row) if text_key(c).isdigit()]
            if positions:
                return positions
    return []


def realign_by_lanci(columns: list[Column], header: Sequence[Sequence[str]], kind: TableKind) -> list[Column]:
    """TSV headers whose merged label cells collapsed (001:L149 vs L151): trust the 栏次 numbering.

    The value labels are re-read in printed order from the header row that has exactly as many of
    them as the 栏次 row has numbers, and placed on the numbered positions.
    """
    positions = lanci_positions(header)
    current = [c.index for c in columns if c.role == "value"]
    if not positions or current == positions:
        return columns
    for row in header:
        if is_lanci_row(row):
            continue
        labels = [text_key(c) for c in row if text_key(c) and role_of(text_key(c)) == "value"]
        if len(labels) != len(positions):
            continue
        by_position = dict(zip(positions, labels, strict=True))
        out: list[Column] = []
        for col in columns:
            if col.index in by_position:
                label = by_position[col.index]
                key = value_key((label,), kind) or f"col_{col.index}"
                out.append(Column(col.index, (label,), "value", key, col.side))
            elif col.index < positions[0]:
                out.append(Column(col.index, col.path, "name", col.key, col.side))
            else:
                out.append(Column(col.index, col.path, "text", col.key, col.side))
        return out
    return columns
