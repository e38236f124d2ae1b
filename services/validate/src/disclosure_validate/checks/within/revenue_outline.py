"""revenue-outline-sums: a 收入预算总表 printed as one column of sources (Jiangsu 公开02表) adds up.

    收入总计            = 一般公共预算资金 + 政府性基金 + 财政专户管理资金 + 其他资金 + 上年结转和结余资金
    （本年收入）小计     = 一般公共预算资金 + 政府性基金 + 财政专户管理资金 + 其他资金
    一般公共预算资金     = 公共财政拨款（补助）资金 + 专项收入   (where the table splits it so, 2019)

The parser keeps such a table as rows of one 合计 column; I-09 reads the sources of a revenue table
printed as columns (Shanghai, Wuhan), not this outline. A line the table does not print counts as
absent, a printed blank as zero; an identity is checked only when its total and at least one part
are printed, and a part under its total only when printed below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Finding, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import arithmetic_finding
from disclosure_validate.judging.tolerance import compare_money
from disclosure_validate.readers.narrative import key
from disclosure_validate.registry import check
from disclosure_validate.wording import money, rows_evidence

_SOURCES = ("一般公共预算资金", "政府性基金", "财政专户管理资金", "其他资金")
_UNDER = {"一般公共预算资金": ("公共财政拨款(补助)资金", "专项收入")}
_CURRENT = ("小计",)
_CARRIED = "上年结转和结余资金"
_EXACT = Decimal("0.005")


def _name(row: Row) -> str:
    """ "小计财政专户管理资金" (a 小计 cell beside the source's name) reads as the source."""
    name = key(row.name).replace("（", "(").replace("）", ")")
    return name if name in _CURRENT else re.sub(r"^小计", "", name)


def _value(row: Row) -> Decimal | None:
    values = list(row.values.values())
    if len(values) != 1:
        return None
    return values[0] if values[0] is not None else Decimal(0)


def _identity(
    table: Table, lines: dict[str, tuple[int, Row, Decimal]], total: str, parts: tuple[str, ...], below: bool
) -> Iterator[Finding]:
    if total not in lines:
        return
    at, row, value = lines[total]
    present = [lines[p] for p in parts if p in lines and (not below or lines[p][0] > at)]
    if not present:
        return
    summed = sum((v for _, _, v in present), Decimal(0))
    if abs(summed - value) <= _EXACT:
        return
    listed = " + ".join(f"{r.name} {money(v)}" for _, r, v in present)
    finding = arithmetic_finding(
        "revenue-outline-sums",
        compare_money(summed, value, Decimal("0.01") * len(present)),
        f"{table.title}「{row.name}」{money(value)} ≠ {listed} = {money(summed)}。",
        expected=summed,
        actual=value,
        table=table,
        row=row,
        column=next(iter(row.values)),
        evidence=rows_evidence([(r, tuple(r.values)) for _, r, _ in [lines[total], *present]]),
    )
    # The levels are our reading of a one-column table whose 小计 cells the parser may misplace: a
    # warning, not the publisher's certain error (judging.severity: a pairing that is not certain).
    yield finding.model_copy(update={"severity": "warning"}) if finding.severity == "error" else finding


def _shifted(table: Table) -> bool:
    """A "小计X" line carrying an amount: the parser set a 小计 cell beside the wrong name, the
    outline's lines cannot be trusted (省检察院2018 公开02表: 其他资金's 14.39 on 小计事业收入)."""
    return any(
        key(row.name).startswith("小计") and key(row.name) != "小计" and (_value(row) or 0) != 0
        for row in table.rows
    )


@check("revenue-outline-sums")
def revenue_outline_adds_up(ctx: Context) -> Iterator[Finding]:
    for table in ctx.tables_of(TableKind.REVENUE):
        lines: dict[str, tuple[int, Row, Decimal]] = {}
        for at, row in enumerate(table.rows):
            value = _value(row)
            if value is not None:
                lines.setdefault(_name(row), (at, row, value))
        if "收入总计" not in lines or not any(s in lines for s in _SOURCES):
            continue  # not the one-column outline
        if "公共财政拨款(补助)资金" in lines:  # the full split (2019); before it, 专项收入 is a 其中 line
            yield from _identity(table, lines, "一般公共预算资金", _UNDER["一般公共预算资金"], below=True)
        if _shifted(table):
            continue
        yield from _identity(table, lines, "收入总计", (*_SOURCES, _CARRIED), below=True)
        current = lines.get("小计")
        if current is not None and current[0] == lines["收入总计"][0] + 1:  # 本年收入小计, under 收入总计
            yield from _identity(table, lines, "小计", _SOURCES, below=True)
