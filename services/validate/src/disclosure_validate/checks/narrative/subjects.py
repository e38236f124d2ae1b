"""stated-subject-figure: an amount whose subject the tables print, beyond the SPEC rules' subjects,
is one of the figures the tables print for it.

A reviewer reads "培训费预算支出 700 万元" against the 培训费 column of 公开09表, "拟采购货物支出
268 万元" against the procurement table's 一、货物 line, "机关运行经费预算支出 2722.57 万元" against
its table, "机关事业单位基本养老保险缴费（项）支出 743.39 万元" against the 项 of that name and
"其他资金收入预算总计 80 万元" against the revenue rows (readers.subject_figures). A statement
none of the candidates agrees with is a warning: the sentence may mean another basis.
"""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_shared.records import Finding
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import narrative_finding
from disclosure_validate.judging.tolerance import Outcome, compare_stated
from disclosure_validate.readers.narrative import BUDGET_AND_OUTTURN, in_wan, money_claims
from disclosure_validate.readers.subject_figures import other_subject_figures
from disclosure_validate.registry import check


@check("stated-subject-figure")
def stated_subjects_match_tables(ctx: Context) -> Iterator[Finding]:
    for claim in money_claims(ctx.disclosure.claims):
        if BUDGET_AND_OUTTURN.search(claim.text):
            continue  # a budget beside its outturn: N-06 reads the pair
        figures = other_subject_figures(ctx, claim)
        if not figures:
            continue
        stated, places = in_wan(claim)
        outcomes = [compare_stated(stated, places, f) for f in figures]
        if any(o in (Outcome.HOLDS, Outcome.ROUNDING, Outcome.TRUNCATED) for o in outcomes):
            continue
        there = figures[0]
        yield narrative_finding(
            "stated-subject-figure",
            Outcome.FAILS,
            f"说明中“{claim.subject}”为 {claim.value} 万元，与{there.table.number or there.table.title}"
            f"所列 {there.value.normalize():f} 万元不一致。",
            claim=claim,
            expected=there.value,
            actual=stated,
            source=there,
            severity="warning",
        )
