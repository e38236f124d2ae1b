"""N-01, N-04, N-05: amounts the narrative states against the tables that print them.

A statement is checked only when its subject resolves to a table cell; a sentence that states a
budget beside an outturn (N-06), or a total "其中" of 项目 money, is left to the rules that read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from disclosure_shared.records import Claim, Finding
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import narrative_finding
from disclosure_validate.judging.tolerance import Outcome, compare_stated
from disclosure_validate.readers.narrative import BUDGET_AND_OUTTURN, Figure, in_wan, money_claims
from disclosure_validate.readers.narrative_figures import (
    PART_SUBJECTS,
    TOTAL_SUBJECTS,
    class_code,
    function_figures,
    part_figures,
    summary_figures,
)
from disclosure_validate.registry import check

# "涉及一般公共预算本年财政拨款 860.48 万元" (S2 L1951) is the 项目 share, not the total.
_PROJECT_CONTEXT = re.compile(r"项目|绩效")
_LABEL = re.compile(r"[（(](类|款|项)[)）]")


def _judge(rule: str, claim: Claim, figures: Sequence[Figure], what: str) -> Finding | None:
    """Pass when any candidate cell agrees; otherwise report against the first."""
    if not figures:
        return None
    stated, places = in_wan(claim)
    outcomes = [compare_stated(stated, places, f) for f in figures]
    if Outcome.HOLDS in outcomes:
        return None
    best = outcomes.index(Outcome.ROUNDING) if Outcome.ROUNDING in outcomes else 0
    source = figures[best]
    table = source.table.number or source.table.title
    return narrative_finding(
        rule,
        outcomes[best],
        f"说明中{what}“{claim.subject}”为 {claim.value} {'元' if claim.unit == 'yuan' else '万元'}，"
        f"与{table}所列 {source.value.normalize():f} 万元不一致。",
        claim=claim,
        expected=source.value,
        actual=stated,
        source=source,
    )


def _plain(claim: Claim) -> bool:
    """A statement of the current figure (not a budget beside an outturn)."""
    return not BUDGET_AND_OUTTURN.search(claim.text)


@check("N-01")
def stated_totals_match_summary(ctx: Context) -> Iterator[Finding]:
    for claim in money_claims(ctx.disclosure.claims):
        if claim.subject not in TOTAL_SUBJECTS or not _plain(claim):
            continue
        if claim.subject.startswith("一般公共预算") and _PROJECT_CONTEXT.search(claim.text):
            continue
        if _LABEL.search(claim.text):
            continue  # "检察（款）: 预算支出合计 16,444.36" is that 款's total, not the document's
        finding = _judge("N-01", claim, summary_figures(ctx, claim.subject), "总额")
        if finding:
            yield finding


@check("N-04")
def stated_parts_match_tables(ctx: Context) -> Iterator[Finding]:
    for claim in money_claims(ctx.disclosure.claims):
        if claim.subject not in PART_SUBJECTS or not _plain(claim):
            continue
        if _LABEL.search(claim.text):
            continue  # "一般公共服务（类）…基本支出" is a 类's part, not the document's
        finding = _judge("N-04", claim, part_figures(ctx, claim.subject), "金额")
        if finding:
            yield finding


@check("N-05")
def stated_function_amounts_match_tables(ctx: Context) -> Iterator[Finding]:
    for claim in money_claims(ctx.disclosure.claims):
        if not _plain(claim):
            continue
        code = claim.code
        if code is None and not _LABEL.search(claim.subject):
            code = class_code(ctx, claim.subject)  # "支出包括：一般公共服务支出 1809.72 万元"
        if code is None:
            continue  # the subject did not resolve to a code: nothing certain to compare
        finding = _judge("N-05", claim, function_figures(ctx, code), "科目金额")
        if finding:
            yield finding
