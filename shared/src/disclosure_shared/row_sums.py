"""Row sums of the within-table identities (SPEC §3.1): for each table kind, which column of a row is
the sum of which others ("-col" subtracts), and the I-xx rule each sum checks. identities.py applies
them to every row."""

from __future__ import annotations

from disclosure_shared.table_kinds import TableKind

ROW_SUMS: dict[TableKind, tuple[tuple[str, tuple[str, ...]], ...]] = {
    # (rule, (total key, part keys…)) checked on every row that prints the total
    TableKind.EXPENDITURE: (
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
    TableKind.GENERAL_BUDGET_EXPENDITURE: (
        ("I-07", ("total", "basic", "project")),
        ("I-08", ("basic", "personnel", "public_funds")),
    ),
    TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT: (
        ("I-07", ("total", "basic", "project")),
        ("I-08", ("basic", "personnel", "public_funds")),
    ),
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE: (("I-10", ("total", "personnel", "public_funds")),),
    TableKind.GOVERNMENT_FUND: (
        ("I-07", ("total", "basic", "project")),
        # 决算 07表: 6 栏 = 1 + 2 - 3 (S1 L379)
        ("I-15", ("carry_out", "carry_in", "income", "-total")),
    ),
    TableKind.STATE_CAPITAL: (("I-07", ("total", "basic", "project")),),
    TableKind.REVENUE: (
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
    TableKind.THREE_PUBLIC_EXPENSES: (
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
    TableKind.PROJECT_EXPENDITURE: (
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
    TableKind.FISCAL_APPROPRIATION_SUMMARY: (("I-14", ("total", "gpb", "gov_fund", "state_capital")),),
}
