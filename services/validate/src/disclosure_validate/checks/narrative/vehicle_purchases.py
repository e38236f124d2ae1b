"""vehicle-purchase-consistent: the cars a budget buys, said twice, are the same number.

A Shanghai 预算 explains the 公务用车购置 budget ("主要原因是2025年新增1辆公务用车购置", 万里街道 2025
p30) and lists the purchases in the asset section ("2025年部门预算安排购置车辆1辆，其中：…"): the two
counts are one. And a budget that buys no car has no 公务用车购置费 (the 三公 table's 购置 column, or
the amount the text states), nor a 购置费 without a car bought (warning: a payment may remain from a
car bought before).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.readers.narrative import in_wan, is_final, money_claims
from disclosure_validate.readers.narrative_figures import three_public_figure
from disclosure_validate.readers.running_text import RunningText, running_text
from disclosure_validate.registry import check

_PLANNED = re.compile(r"预算安排购置车辆\s*(\d+)\s*辆")
_EXPLAINED = re.compile(r"新增\s*(\d+)\s*辆公务用车")
_PURCHASE = "公务用车购置费"


def _finding(joined: RunningText, at: re.Match[str], message: str, severity: str, **values: int) -> Finding:
    level, cause = judge(Outcome.FAILS, suspect=False, failed="error" if severity == "error" else "warning")
    page = joined.page_at(at.start())
    return Finding(
        rule="vehicle-purchase-consistent",
        severity=level,
        probable_cause=cause,
        message=message,
        expected=values.get("expected"),
        actual=values.get("actual"),
        location=Location(page=page, row="车辆"),
        evidence=[Evidence(page=page, text=joined.text[max(0, at.start() - 20) : at.end() + 20])],
    )


def _purchase_budget(ctx: Context) -> Decimal | None:
    """The year's 公务用车购置费: the 三公 table's cell, else the amount the text states."""
    found = three_public_figure(ctx, _PURCHASE, None)
    if found is not None:
        return found.value
    stated = next(money_claims(c for c in ctx.disclosure.claims if c.subject == _PURCHASE), None)
    return in_wan(stated)[0] if stated is not None else None


@check("vehicle-purchase-consistent")
def vehicle_purchases_agree(ctx: Context) -> Iterator[Finding]:
    if is_final(ctx):
        return
    joined = running_text(ctx)
    planned = _PLANNED.search(joined.text)
    if planned is None:
        return
    count = int(planned.group(1))
    explained = _EXPLAINED.search(joined.text)
    if explained is not None and int(explained.group(1)) != count:
        yield _finding(
            joined,
            explained,
            f"说明称新增 {explained.group(1)} 辆公务用车购置，而预算安排购置车辆 {count} 辆。",
            "error",
            expected=count,
            actual=int(explained.group(1)),
        )
    budget = _purchase_budget(ctx)
    if budget is None:
        return
    if count and not budget:
        yield _finding(
            joined, planned, f"预算安排购置车辆 {count} 辆，而公务用车购置费预算为 0。", "error", actual=count
        )
    elif budget and not count:
        yield _finding(
            joined,
            planned,
            f"公务用车购置费预算 {budget} 万元，而预算安排购置车辆 0 辆。",
            "warning",
            actual=count,
        )
