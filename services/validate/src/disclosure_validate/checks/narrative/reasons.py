"""reason-amounts-sum: the amounts of a reason list add up to the change they explain.

"与上年相比增加 4322.77 万元，增长 14.98%。主要原因是基本支出增加 1447.63 万元、项目支出安排减少
200 万元、单位预留机动经费增加 3075.14 万元" (省高院2018 p17): the reasons name the parts a total
is made of (基本支出, 项目支出, 单位预留机动经费), so their signed amounts are the change. A list
that does not start from 基本支出 and name the 项目 part may be only the main reasons among others;
yet where the text gives two reasons or more, each with its amount ("主要原因是新增…专项经费280万元，
内网等改造专项经费200万元", 省人大办公厅2018 p21: 480), the corpus's lists all add up to the change,
and one that does not is a warning (a reason may have been left out). A reason's direction carries to
the amounts after it until another is named. A list with a reason stated without an amount ("压减10%")
is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.readers.running_text import running_text
from disclosure_validate.registry import check

_NUMBER = r"(\d[\d,]*(?:\.\d{1,2})?)"  # 万元 to the fen: a longer tail is a page number run in
# running text is NFKC: "，" reads ",", "：" reads ":", "％" reads "%"
_EXPLAINED = re.compile(
    rf"(增加|减少)\s*{_NUMBER}\s*万元[^。]{{0,30}}。?\s*主要原因\s*(?:是|为)?\s*:?([^。]{{0,300}})"
)
_AMOUNT = re.compile(rf"{_NUMBER}\s*万元")
_DIRECTION = re.compile(r"增加|减少|压减|下降")
_ANY_DIRECTION = re.compile(r"新增|增加|减少|压减|下降|降低")
_INCREASE = ("新增", "增加")
_CENT = Decimal("0.01")


def _signed_reasons(reasons: str) -> list[tuple[Decimal, str]] | None:
    """Each reason's amount with its sign, or None when a reason cannot be read as such."""
    out: list[tuple[Decimal, str]] = []
    start = 0
    for match in _AMOUNT.finditer(reasons):
        clause = reasons[start : match.start()]
        words = _DIRECTION.findall(clause)
        if not words:
            return None
        sign = Decimal(1) if words[-1] == "增加" else Decimal(-1)
        out.append((sign * Decimal(match.group(1).replace(",", "")), reasons[start : match.end()]))
        start = match.end()
    if "%" in reasons[:start]:
        return None
    return out


def _carried_reasons(reasons: str) -> list[tuple[Decimal, str]] | None:
    """Each reason's amount, signed by the last direction named before it (the first must name one),
    or None when the list cannot be read so."""
    out: list[tuple[Decimal, str]] = []
    start, sign = 0, Decimal(0)
    for match in _AMOUNT.finditer(reasons):
        clause = reasons[start : match.start()]
        words = _ANY_DIRECTION.findall(clause)
        if words:
            sign = Decimal(1) if words[-1] in _INCREASE else Decimal(-1)
        if not sign:
            return None
        out.append((sign * Decimal(match.group(1).replace(",", "")), clause + match.group(0)))
        start = match.end()
    if "%" in reasons[:start]:
        return None
    return out


def _exhaustive(reasons: str) -> bool:
    head = reasons.lstrip(" ,").replace(" ", "")
    return head.startswith("基本支出") and "项目" in head


@check("reason-amounts-sum")
def reason_amounts_add_up(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    for match in _EXPLAINED.finditer(joined.text):
        reasons = match.group(3)
        cut = re.search(r"[;；]", reasons)
        reasons = reasons[: cut.start()] if cut else reasons
        exhaustive = _exhaustive(reasons)
        items = _signed_reasons(reasons) if exhaustive else _carried_reasons(reasons)
        if items is None or len(items) < 2:
            continue
        stated = Decimal(match.group(2).replace(",", ""))
        if match.group(1) == "减少":
            stated = -stated
        summed = sum((value for value, _ in items), Decimal(0))
        difference = summed - stated
        if abs(difference) < _CENT / 2:
            continue
        outcome = Outcome.ROUNDING if abs(difference) <= _CENT * len(items) else Outcome.FAILS
        # the main reasons, not named as the parts of the whole: one may have been left out
        severity, cause = judge(outcome, suspect=False, failed="error" if exhaustive else "warning")
        page = joined.page_at(match.start())
        listed = " ".join(f"{'+' if v >= 0 else '−'}{abs(v)}" for v, _ in items)
        yield Finding(
            rule="reason-amounts-sum",
            severity=severity,
            probable_cause=cause,
            message=f"说明的增减原因各项合计 {summed} 万元（{listed}），与所述变动 {stated} 万元不一致。",
            expected=stated,
            actual=summed,
            difference=difference,
            location=Location(page=page),
            evidence=[Evidence(page=page, text=match.group(0)[:240])],
        )
