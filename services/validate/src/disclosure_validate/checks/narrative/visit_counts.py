"""visit-counts-consistent: the groups and person-times the 三公 sections count agree with each other.

"全年安排因公出国（境）团组 0 个、累计 0 人次", "列明公务接待 2 批次、26 人次，其中：接待外宾 0 批次、
0 人次" (规划和自然资源局2024 p26): no group without people nor people without a group, never more
groups than person-times, and the 其中 part within the whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.readers.running_text import RunningText, running_text
from disclosure_validate.registry import check

# running text is NFKC: "、" stays, "，" reads ","
_PAIR = re.compile(r"(\d+)\s*(?:个团组|批次|个)\s*[、,]\s*(?:累计|共)?\s*(\d+)\s*人次")
_PART = re.compile(r"^\s*[,;]?\s*其中\s*:?[^\d。;]{0,12}$")


@dataclass(frozen=True)
class _Pair:
    groups: int
    people: int
    start: int
    end: int


def _pairs(text: str) -> list[_Pair]:
    return [_Pair(int(m.group(1)), int(m.group(2)), m.start(), m.end()) for m in _PAIR.finditer(text)]


def _finding(joined: RunningText, pair: _Pair, message: str) -> Finding:
    page = joined.page_at(pair.start)
    shown = joined.text[max(0, pair.start - 30) : pair.end + 30]
    return Finding(
        rule="visit-counts-consistent",
        severity="error",
        probable_cause="source",
        message=message,
        location=Location(page=page),
        evidence=[Evidence(page=page, text=shown)],
    )


@check("visit-counts-consistent")
def visit_counts_agree(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    pairs = _pairs(joined.text)
    for pair in pairs:
        if (pair.groups == 0) != (pair.people == 0):
            yield _finding(
                joined,
                pair,
                f"说明所列 {pair.groups} 个（批次）、{pair.people} 人次，一方为零而另一方不为零。",
            )
        elif pair.groups > pair.people:
            yield _finding(joined, pair, f"说明所列 {pair.groups} 个（批次）多于 {pair.people} 人次。")
    for whole, part in pairwise(pairs):
        if not _PART.match(joined.text[whole.end : part.start]):
            continue
        if part.groups > whole.groups or part.people > whole.people:
            yield _finding(
                joined,
                part,
                f"说明“其中”所列 {part.groups} 个（批次）、{part.people} 人次，"
                f"超过总数 {whole.groups} 个（批次）、{whole.people} 人次。",
            )
