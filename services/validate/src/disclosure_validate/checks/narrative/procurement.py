"""reserved-procurement-within: the procurement reserved for smaller firms is part of the procurement.

"2024年本部门政府采购预算1662.44万元…面向中小企业预留政府采购项目预算金额664.98万元，其中，预留给小型
和微型企业的政府采购项目预算为465.49万元" (万里街道 2024 p32): the 小微 reservation is part of the
中小企业 one, which is part of the 政府采购预算. A 决算 states the reservations (budgets) beside the
procurement actually spent, so there only the 小微 part is held to the 中小企业 reservation; and of
what was awarded ("由中小企业供应商中标或成交的，采购金额 225.10 万元；…由小微企业供应商中标或成交的，
采购金额164.87 万元", 规划和自然资源局 2024 p28), the 小微 awards to the 中小企业 ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.readers.narrative import is_final
from disclosure_validate.readers.running_text import RunningText, running_text
from disclosure_validate.registry import check

_AMOUNT = r"\s*(\d[\d,]*(?:\.\d+)?)\s*万元"
# running text is NFKC: "，" reads ","
_PROCUREMENT = re.compile(r"政府采购预算(?:总额|金额)?(?:为)?" + _AMOUNT)
_SMALL_AND_MEDIUM = re.compile(r"面向中小企业预留政府采购项目预算(?:金额)?(?:为)?" + _AMOUNT)
_SMALL = re.compile(
    r"(?:预留给小型和微型企业的政府采购项目预算|面向小微企业预留政府采购项目预算金额)(?:为)?" + _AMOUNT
)

_AWARDED_MEDIUM = re.compile(r"由中小企业供应商中标或成交的,\s*采购金额" + _AMOUNT)
_AWARDED_SMALL = re.compile(r"由小微企业供应商中标或成交的,\s*采购金额" + _AMOUNT)


def _stated(
    pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> tuple[Decimal, re.Match[str]] | None:
    found = pattern.search(text, start, len(text) if end is None else end)
    return (Decimal(found.group(1).replace(",", "")), found) if found else None


def _finding(joined: RunningText, part: re.Match[str], whole: re.Match[str], message: str) -> Finding:
    severity, cause = judge(Outcome.FAILS, suspect=False)
    page = joined.page_at(part.start())
    return Finding(
        rule="reserved-procurement-within",
        severity=severity,
        probable_cause=cause,
        message=message,
        expected=Decimal(whole.group(1).replace(",", "")),
        actual=Decimal(part.group(1).replace(",", "")),
        location=Location(page=page, row="政府采购"),
        evidence=[
            Evidence(page=joined.page_at(whole.start()), text=whole.group(0)),
            Evidence(page=page, text=part.group(0)),
        ],
    )


@check("reserved-procurement-within")
def reserved_procurement_is_within(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    awarded = _stated(_AWARDED_MEDIUM, joined.text)
    awarded_small = _stated(_AWARDED_SMALL, joined.text, awarded[1].end()) if awarded else None
    if awarded is not None and awarded_small is not None and awarded_small[0] > awarded[0]:
        yield _finding(
            joined,
            awarded_small[1],
            awarded[1],
            f"由小微企业供应商中标或成交的采购金额 {awarded_small[0]} 万元，"
            f"多于由中小企业供应商中标或成交的 {awarded[0]} 万元。",
        )
    medium = _stated(_SMALL_AND_MEDIUM, joined.text)
    if medium is None:
        return
    small = _stated(_SMALL, joined.text, medium[1].end())
    if small is not None and small[0] > medium[0]:
        yield _finding(
            joined,
            small[1],
            medium[1],
            f"预留给小微企业的政府采购项目预算 {small[0]} 万元，多于面向中小企业预留的 {medium[0]} 万元。",
        )
    total = _stated(_PROCUREMENT, joined.text, 0, medium[1].start())
    if total is not None and not is_final(ctx) and medium[0] > total[0]:
        yield _finding(
            joined,
            medium[1],
            total[1],
            f"面向中小企业预留的政府采购项目预算 {medium[0]} 万元，多于政府采购预算 {total[0]} 万元。",
        )
