"""asset-threshold-standard: the 单价 threshold of the equipment count is the one the templates fix.

The disclosure templates count assets above fixed unit prices: "单价 100 万元（含）以上设备（不含车辆）"
(the Shanghai template, TEMPLATE_附件2 p21) and 专用设备, "单价 50 万元（含）以上通用设备", and Jiangsu's
"单价 20 万元（含）以上的设备" (省高院 2019 p25). A reviewer reads any other threshold as a misprint: the
count beside it would not be the one the template asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.readers.running_text import running_text
from disclosure_validate.registry import check

_THRESHOLD = re.compile(
    r"单价\s*(\d+(?:\.\d+)?)\s*万\s*元\s*\(含\)\s*以上\s*(?:的)?\s*(通用|专用)?\s*设\s*备"
)
_STANDARD = {None: {20, 50, 100}, "通用": {50}, "专用": {100}}


@check("asset-threshold-standard")
def asset_thresholds_are_the_template_s(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    for match in _THRESHOLD.finditer(joined.text):
        printed = match.group(1)
        allowed = _STANDARD[match.group(2)]
        if float(printed) in allowed:
            continue
        severity, cause = judge(Outcome.FAILS, suspect=False, failed="warning")
        page = joined.page_at(match.start())
        expected = "、".join(str(v) for v in sorted(allowed))
        yield Finding(
            rule="asset-threshold-standard",
            severity=severity,
            probable_cause=cause,
            message=f"说明所列资产统计口径为单价 {printed} 万元（含）以上{match.group(2) or ''}设备，"
            f"公开模板的口径为单价 {expected} 万元（含）以上。",
            location=Location(page=page, row="资产占用情况"),
            evidence=[Evidence(page=page, text=joined.text[max(0, match.start() - 30) : match.end() + 30])],
        )
