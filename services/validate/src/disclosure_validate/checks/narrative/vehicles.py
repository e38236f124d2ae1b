"""vehicle-count-sum: "共有车辆 66 辆，其中，一般公务用车 13 辆、执法执勤用车 38 辆、特种专业技术用车
15 辆" (省高院 2019 p25), "预算安排购置车辆1辆，其中：…其他用车1辆" (万里街道 2024 p32): the kinds of
vehicle listed after 其中 add up to the stated total. Both sides
are printed in one statement, so a difference is the publisher's error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.readers.running_text import running_text
from disclosure_validate.registry import check

_TOTAL = re.compile(
    r"(?P<what>共有车辆|安排购置车辆)\s*(\d+)\s*辆\s*[。,;]?\s*其中\s*[,:]?\s*(?P<parts>[^。;]*)"
)
_PART = re.compile(r"([^\s,、:;]+?用车)\s*(\d+)\s*辆")


@check("vehicle-count-sum")
def vehicle_kinds_add_up(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    for match in _TOTAL.finditer(joined.text):
        parts = _PART.findall(match.group("parts"))
        if not parts:
            continue
        total = int(match.group(2))
        summed = sum(int(count) for _, count in parts)
        if summed == total:
            continue
        page = joined.page_at(match.start())
        listing = "、".join(f"{name} {count} 辆" for name, count in parts)
        yield Finding(
            rule="vehicle-count-sum",
            severity="error",
            probable_cause="source",
            message=f"{match.group('what')} {total} 辆，其中所列各类车辆合计 {summed} 辆（{listing}）。",
            expected=summed,
            actual=total,
            location=Location(page=page, row="车辆"),
            evidence=[Evidence(page=page, text=match.group(0)[:240])],
        )
