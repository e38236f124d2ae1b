"""Every table gets one of the contract's units ("yuan" | "wan_yuan"), printed or not.

In order:
1. the unit printed above or in the header ("单位：万元", build.identify / build_table);
2. a unit caption inside the table's own cells ("项目资金情况（万元）", "单位：元": 绩效 sheets,
   classify.unit_in_cells);
3. a money table that prints none takes the unit of the nearest money table before it (else after
   it) that printed one: a document prints its numbered tables in one unit (SPEC §1: 000 万元 for
   附表1–9, 002 元 throughout);
4. otherwise 万元, the unit of most tables in every disclosure the SPEC describes and the one the
   绩效目标表 print ("部门总体资金情况（万元）", 002:L1186).
Non-money tables (绩效, 重要事项, 通讯录) skip step 3: a 绩效 sheet captions its own
figures, and it is often in another unit than the numbered tables (002: 元 tables, 万元 绩效 sheets).
"""

from __future__ import annotations

from collections.abc import Sequence

from disclosure_parse.structure.build import NON_MONEY
from disclosure_shared.records import Table, Unit
from disclosure_shared.table_kinds import TableKind

DEFAULT_UNIT: Unit = "wan_yuan"
_CAPTIONED = NON_MONEY - {TableKind.UNKNOWN}
"""Kinds whose figures carry their own captions; an unknown table may well be money (a 金额 column)."""


def settle_units(tables: Sequence[Table]) -> list[Table]:
    """The tables with every missing unit settled by the rules above (printed units untouched)."""
    printed = [t.unit if t.kind not in _CAPTIONED else None for t in tables]
    settled: list[Table] = []
    for index, table in enumerate(tables):
        if table.unit is not None:
            settled.append(table)
            continue
        unit = None
        if table.kind not in _CAPTIONED:
            before = [u for u in printed[:index] if u is not None]
            after = [u for u in printed[index + 1 :] if u is not None]
            unit = before[-1] if before else after[0] if after else None
        settled.append(table.model_copy(update={"unit": unit or DEFAULT_UNIT}))
    return settled
