"""zero-stated-together: two figures of one statement that are zero only together.

- "共 0 个项目实行绩效目标管理，涉及财政性资金合计 0 万元" (省人大办公厅2018 p29): no project
  without funds, no funds without a project;
- "与上年相比增加（减少）0 万元，增长（降低）0 %": no rate of change without a change. (The reverse,
  a change beside a rate of 0%, may be a change too small for the printed precision of the rate,
  unless the amount it follows is zero: "预算数为0万元。与上年相比增加（减少）2万元，增长（减少）0%"
  fell from 2 to nothing, by 100%.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.readers.running_text import RunningText, running_text
from disclosure_validate.registry import check

_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
# running text is NFKC: "（" reads "(", "，" reads ","
# "共 0 个项目实行绩效目标管理，涉及…资金合计 0 万元", "编报绩效目标的 2024 年度项目 1 个，涉及预算金额
# 175.52 万元" (社会工作部2024 p21)
_PROJECTS = re.compile(
    rf"(?:共\s*(\d+)\s*个项目|项目\s*(\d+)\s*个)[^。\d]{{0,20}}涉\s*及[^。\d]{{0,12}}{_NUMBER}\s*万元"
)
_WORD = r"(?:\((?:增加|减少|增长|下降|降低)\))?"
_CHANGE_AND_RATE = re.compile(
    rf"(?:增加|减少){_WORD}\s*{_NUMBER}\s*万元\s*,\s*(?:增长|下降|降低|减少){_WORD}\s*{_NUMBER}\s*%"
)


# the amount a change follows: "上年结转资金预算数为0万元。与上年相比增加（减少）…"
_AMOUNT_BEFORE = re.compile(rf"{_NUMBER}\s*万元\s*[。,]?\s*(?:与上年相比|比上年(?:预算)?)\s*$")


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _finding(joined: RunningText, match: re.Match[str], message: str) -> Finding:
    page = joined.page_at(match.start())
    return Finding(
        rule="zero-stated-together",
        severity="error",
        probable_cause="source",
        message=message,
        location=Location(page=page),
        evidence=[Evidence(page=page, text=match.group(0)[:240])],
    )


@check("zero-stated-together")
def zeros_stated_together(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    for match in _PROJECTS.finditer(joined.text):
        count, funds = int(match.group(1) or match.group(2)), _number(match.group(3))
        if (count == 0) != (funds == 0):
            yield _finding(
                joined,
                match,
                f"说明共 {count} 个项目实行绩效目标管理，涉及资金 {match.group(3)} 万元："
                "一方为零而另一方不为零。",
            )
    for match in _CHANGE_AND_RATE.finditer(joined.text):
        change, rate = _number(match.group(1)), _number(match.group(2))
        if change == 0 and rate != 0:
            yield _finding(joined, match, f"说明增减额为 0 万元，增减率却为 {match.group(2)}%。")
        amount = _AMOUNT_BEFORE.search(joined.text, max(0, match.start() - 40), match.start())
        if amount is not None and _number(amount.group(1)) == 0 and change != 0 and rate == 0:
            yield _finding(
                joined,
                match,
                f"说明本年为 0 万元、比上年增减 {match.group(1)} 万元，增减率却为 0%"
                "（本年为零而上年不为零，降幅应为 100%）。",
            )
