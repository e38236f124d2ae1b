"""outturn-comparison-word: "决算数大于/小于/等于（年初/全年）预算数", "决算数与预算数持平" against
the two amounts printed before it in the same item ("全年预算为 52.00 万元，支出决算为 51.32 万元。
决算数小于全年预算数…", 社会工作部 2024 p18; "年初预算为 292.27 万元，支出决算为 261.74 万元，…支出
决算数小于年初预算数", 001:L493). Both amounts are printed beside the word: a contradiction is the
publisher's error. A phrase without both amounts before it is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.readers.running_text import running_text
from disclosure_validate.registry import check

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_PHRASE = re.compile(r"决算数?(大于|小于|等于)(年初|全年)?预算数?|决算数?与(年初|全年)?预算数?持平")
_BUDGET = re.compile(rf"(年初|全年)?预算数?为\s*{_NUM}\s*万元")
_OUTTURN = re.compile(rf"决算数?为\s*{_NUM}\s*万元")
# Where an item starts: "1、", "(2)", "三、", "3." not followed by a digit.
_ITEM_START = re.compile(r"\d+、|\(\d+\)|[一二三四五六七八九十]+、|\d+\.(?!\d)")
_WINDOW = 240


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _relation(outturn: Decimal, budget: Decimal) -> str:
    return "大于" if outturn > budget else "小于" if outturn < budget else "等于"


@check("outturn-comparison-word")
def outturn_comparison_words(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    text = joined.text
    previous_end = 0
    for phrase in _PHRASE.finditer(text):
        start = max(previous_end, phrase.start() - _WINDOW)
        previous_end = phrase.end()
        window = text[start : phrase.start()]
        items = list(_ITEM_START.finditer(window))
        if items:
            window = window[items[-1].start() :]
        outturns = list(_OUTTURN.finditer(window))
        budgets = [b for b in _BUDGET.finditer(window) if not outturns or b.start() < outturns[-1].start()]
        if not outturns or not budgets:
            continue
        outturn = _number(outturns[-1].group(1))
        said = phrase.group(1) or "等于"
        basis = phrase.group(2) or phrase.group(3)
        named = [b for b in budgets if basis and b.group(1) == basis] or budgets
        relations = {_relation(outturn, _number(b.group(2))) for b in named}
        if said in relations:
            continue
        budget = _number(named[-1].group(2))
        page = joined.page_at(phrase.start())
        yield Finding(
            rule="outturn-comparison-word",
            severity="error",
            probable_cause="source",
            message=f"决算数 {outturn} 万元{_relation(outturn, budget)}{basis or ''}预算数 {budget} 万元，"
            f"说明却称“{phrase.group(0)}”。",
            expected=budget,
            actual=outturn,
            location=Location(page=page),
            evidence=[Evidence(page=page, text=(window + phrase.group(0))[-240:])],
        )
