"""narrative-amount-unreconciled: every amount the narrative states is accounted for.

An amount is accounted for when a table prints it, when it is one step from printed cells (the
difference or sum of two cells of a row or of a column, readers.table_figures), or when its sentence
ties it to the sentence's other amounts: a total and its 其中 parts, or an amount a printed rate ties
to another (a previous year's outturn beside this year's budget and the change in percent; a 年初预算
beside its 决算 and the completion rate). Whatever is left is reported as an info finding with its
sentence: a reader checking the narrative by hand starts there. An amount whose subject is a printed
row ("培训费预算支出 403.75 万元" and 30216 培训费) that matches none of that row's figures is a warning,
and so is one whose subject names a figure the SPEC rules read (readers.subject_figures: a total,
a part, a 三公 item, a 类/款/项 by code) that it matches none of.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from disclosure_shared.records import Claim, Finding
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import narrative_finding
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.readers.narrative import (
    BUDGET_AND_OUTTURN,
    decimals_of,
    in_wan,
    money_claims,
    sentences,
)
from disclosure_validate.readers.subject_figures import spec_subject_figures
from disclosure_validate.readers.table_figures import DRIFT, TableFigures, rows_named
from disclosure_validate.registry import check
from disclosure_validate.wording import money, row_evidence


def _of_sentence(claim: Claim, amounts: Sequence[Claim]) -> bool:
    """The claim is the sum of the sentence's other amounts, or the first amount less the others."""
    others = [in_wan(c)[0] for c in amounts if c is not claim]
    if len(others) < 2:
        return False
    stated = in_wan(claim)[0]
    tolerance = DRIFT * len(others)
    if abs(sum(others, Decimal(0)) - stated) <= tolerance:
        return True
    head, *rest = others
    return amounts[0] is not claim and abs(head - sum(rest, Decimal(0)) - stated) <= tolerance


def _rated(claim: Claim, amounts: Sequence[Claim], rates: Sequence[Claim]) -> bool:
    """The claim is tied to another amount of its sentence by a rate the sentence prints: "执行数
    A…预算安排 B…增加 C%", "年初预算为 A，支出决算为 B，完成年初预算的 C%"."""
    stated = in_wan(claim)[0]
    for other in (in_wan(c)[0] for c in amounts if c is not claim):
        if not stated or not other:
            continue
        ratios = (
            abs(other - stated) / stated,
            abs(other - stated) / other,
            other / stated,
            stated / other,
        )
        for rate in rates:
            unit = Decimal(1).scaleb(-decimals_of(rate.value))
            if any(abs(r * 100 - rate.value) <= unit for r in ratios):
                return True
    return False


def unreconciled(ctx: Context) -> Iterator[Claim]:
    """The narrative's amounts that no table figure nor their own sentence accounts for."""
    figures = TableFigures.of(ctx.disclosure.tables)
    for group in sentences(ctx.disclosure.claims):
        amounts = list(money_claims(group))
        rates = [c for c in group if c.unit == "percent"]
        for claim in amounts:
            stated, places = in_wan(claim)
            if figures.printed_match(stated, places) or figures.derived_match(stated, places):
                continue
            if not _of_sentence(claim, amounts) and not _rated(claim, amounts, rates):
                yield claim


_PRIOR_YEAR = re.compile(r"(上年|上一年|去年|\d{4}\s*年)[^，,。；;]{0,12}$")


def _prior_year(claim: Claim) -> bool:
    """The amount is last year's ("上年度列入此项的预留机动经费128.43万元"): no table prints it."""
    printed = f"{claim.value:,}" if claim.value >= 1000 else str(claim.value)
    at = max(claim.text.find(printed), claim.text.find(str(claim.value)))
    return at > 0 and bool(_PRIOR_YEAR.search(claim.text[:at]))


@check("narrative-amount-unreconciled")
def narrative_amounts_accounted_for(ctx: Context) -> Iterator[Finding]:
    if not any(t.rows for t in ctx.disclosure.tables):
        return  # no tables to account with (a narrative whose tables were not found or read)
    for claim in unreconciled(ctx):
        unit = "元" if claim.unit == "yuan" else "万元"
        named = [] if _prior_year(claim) else rows_named(ctx.disclosure.tables, claim.subject)
        if named:
            # The subject is a printed row, yet none of its cells nor one step from them is the amount:
            # a misprint on one side, unless the sentence means another basis (hence a warning).
            table, row = named[0]
            shown = "、".join(money(v) for v in row.values.values() if v is not None)
            yield narrative_finding(
                "narrative-amount-unreconciled",
                Outcome.FAILS,
                f"说明中“{claim.subject}”为 {claim.value} {unit}，表中“{row.name}”一行所列为 {shown}"
                f"（{table.number or table.title}），均不相符。",
                claim=claim,
                expected=None,
                actual=claim.value,
                severity="warning",
                extra=[row_evidence(row)],
            )
            continue
        skip = _prior_year(claim) or BUDGET_AND_OUTTURN.search(claim.text) is not None
        figures = [] if skip else spec_subject_figures(ctx, claim)
        if figures:
            # The tables print the subject's figure (a total, a 项, 会议费, a 采购 大类…) and the
            # amount is none of the figures it may mean.
            there = figures[0]
            yield narrative_finding(
                "narrative-amount-unreconciled",
                Outcome.FAILS,
                f"说明中“{claim.subject}”为 {claim.value} {unit}，与{there.table.number or there.table.title}"
                f"所列 {there.value.normalize():f} 万元不一致。",
                claim=claim,
                expected=there.value,
                actual=in_wan(claim)[0],
                source=there,
                severity="warning",
            )
            continue
        yield narrative_finding(
            "narrative-amount-unreconciled",
            Outcome.FAILS,
            f"说明中“{claim.subject}”的金额 {claim.value} {unit} 在表中找不到对应数字，"
            "也不是表中数字的差或和，请人工核对。",
            claim=claim,
            expected=None,
            actual=claim.value,
            severity="info",
        )
