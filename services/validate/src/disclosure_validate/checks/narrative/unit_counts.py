"""unit-counts-consistent: the numbers of budget units the text states agree with each other.

"部门预算是包括万里街道本部以及下属 5 家预算单位的综合收支计划。本部门中，行政单位 1 家，参公单位1家，
事业单位 4 家" and later "（部门）下属1家机关和1家参公事业单位财政拨款的机关运行经费" (万里街道 2024
p4, p32): the kinds of unit add up to the 本部 and its 下属 units; 机关运行经费 is the running cost of
every 行政单位 (and 参公 unit), so the 机关 it names are the 行政单位, and its 参公 units no more than
the 参公单位 stated; no sentence counts more units than the department has. A 单位预算 that states
no composition (普陀区政府办公室 2025: "下属1家机关和1家事业单位…机关运行经费") is read against the
composition its organization's other disclosure of the year states ("本部门中，行政单位1家，事业单位1家").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.readers.running_text import RunningText, running_text
from disclosure_validate.registry import check

_SUBORDINATE = re.compile(r"本部以及下属\s*(\d+)\s*家[^。]{0,12}?的综合收支计划")
_KINDS = re.compile(r"本部门中\s*,\s*((?:(?:行政单位|参公单位|事业单位|其他单位)\s*\d+\s*家\s*,?\s*)+)")
_KIND = re.compile(r"(行政单位|参公单位|事业单位|其他单位)\s*(\d+)\s*家")
_PERFORMANCE = re.compile(r"本部门\s*(\d+)\s*个预算单位开展")
_RUNNING = re.compile(r"下属\s*(\d+)\s*家机关和\s*(\d+)\s*家(参公)?事业单位[^。]{0,12}机关运行经费")


def _finding(joined: RunningText, at: int, end: int, message: str) -> Finding:
    severity, cause = judge(Outcome.FAILS, suspect=False)
    page = joined.page_at(at)
    return Finding(
        rule="unit-counts-consistent",
        severity=severity,
        probable_cause=cause,
        message=message,
        location=Location(page=page, row="预算单位"),
        evidence=[Evidence(page=page, text=joined.text[max(0, at - 20) : end + 20])],
    )


def _kinds(text: str) -> dict[str, int]:
    found = _KINDS.search(text)
    return {k: int(n) for k, n in _KIND.findall(found.group(1))} if found else {}


def _related_kinds(ctx: Context) -> tuple[dict[str, int], str]:
    """The composition the organization's other disclosure of the same year states, and its name."""
    year = ctx.disclosure.document.year
    for other in ctx.related:
        if other is ctx.disclosure or year is None or other.document.year != year:
            continue
        kinds = _kinds(running_text(Context(other)).text)
        if kinds:
            source = getattr(other, "source", None)
            name = getattr(source, "filename", None) or other.document.title or "同年的另一份公开文件"
            return kinds, f"（据同一单位同年的《{name}》）"
    return {}, ""


@check("unit-counts-consistent")
def unit_counts_agree(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    text = joined.text
    kinds_match = _KINDS.search(text)
    kinds, elsewhere = _kinds(text), ""
    subordinate = _SUBORDINATE.search(text)
    if subordinate and kinds_match and sum(kinds.values()) != int(subordinate.group(1)) + 1:
        listing = "、".join(f"{k} {n} 家" for k, n in kinds.items())
        yield _finding(
            joined,
            subordinate.start(),
            kinds_match.end(),
            f"说明称部门包括本部及下属 {subordinate.group(1)} 家单位"
            f"（共 {int(subordinate.group(1)) + 1} 家），"
            f"而各类单位合计 {sum(kinds.values())} 家（{listing}）。",
        )
    if not kinds:
        kinds, elsewhere = _related_kinds(ctx)
    if not kinds:
        return
    for running in _RUNNING.finditer(text):
        offices, others = int(running.group(1)), int(running.group(2))
        administrative = kinds.get("行政单位")
        if administrative is not None and offices != administrative:
            yield _finding(
                joined,
                running.start(),
                running.end(),
                f"机关运行经费说明下属 {offices} 家机关，而部门中行政单位为 {administrative} 家{elsewhere}。",
            )
        limit = kinds.get("参公单位") if running.group(3) else None
        limit = limit if limit is not None else sum(n for k, n in kinds.items() if k != "行政单位")
        if others > limit:
            yield _finding(
                joined,
                running.start(),
                running.end(),
                f"机关运行经费说明下属 {others} 家{running.group(3) or ''}事业单位，"
                f"多于部门中此类单位的 {limit} 家{elsewhere}。",
            )
    for performance in _PERFORMANCE.finditer(text):
        if int(performance.group(1)) > sum(kinds.values()):
            yield _finding(
                joined,
                performance.start(),
                performance.end(),
                f"说明称 {performance.group(1)} 个预算单位开展绩效目标编报，"
                f"多于部门的 {sum(kinds.values())} 家单位{elsewhere}。",
            )
