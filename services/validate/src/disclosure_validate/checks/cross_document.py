"""Across documents of one organization (`ctx.related`).

final-budget-three-public  the 决算's 三公 预算数 (09表) against the same year's 预算 T07
final-initial-budget       the 决算's stated 年初预算 against the same year's 预算 (T05 合计, 项 rows)
prior-year-figure          "比上年增加 Δ" implies last year's figure; the previous year's document
                           of the same kind prints it
unit-restates-department   a 单位预算 whose totals are its 部门预算's (the department is that one
                           unit) states the same figures in the sentences both print

Budgets get adjusted during the year and figures are restated, so a disagreement is a warning,
except the 年初预算 of a document of the same scope, which is the published budget by definition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Claim, Evidence, Finding, Location
from disclosure_validate.context import Context, DisclosureView
from disclosure_validate.readers.narrative import COMPLETION, Figure, in_wan, money_claims, quote, sentences
from disclosure_validate.readers.narrative_figures import (
    PART_SUBJECTS,
    THREE_PUBLIC,
    TOTAL_SUBJECTS,
    function_figures,
    part_figures,
    summary_figures,
    three_public_figure,
)
from disclosure_validate.registry import check


def _budget_of_final(ctx: Context) -> DisclosureView | None:
    """For a 决算: the same organization's 预算 of the same year, when the store or run has it."""
    doc = ctx.disclosure.document
    return ctx.related_document("budget", doc.year) if doc.kind == "final_accounts" else None


def _label(view: DisclosureView) -> str:
    doc = view.document
    kind = "决算" if doc.kind == "final_accounts" else "预算"
    return f"{doc.year} 年{doc.organization or ''}{kind}"


def _finding(
    rule: str,
    message: str,
    *,
    expected: Decimal,
    actual: Decimal,
    page: int | None,
    here: str,
    there: Figure | None,
    other: DisclosureView,
    severity: str = "warning",
    row: str | None = None,
) -> Finding:
    evidence = [Evidence(page=page, text=here[:200])]
    if there is not None:
        evidence.append(
            Evidence(
                page=there.row.page,
                text=f"{_label(other)} {there.table.number or there.table.title} {there.row.code or ''} "
                f"{there.row.name} {there.column}={there.value.normalize():f}",
            )
        )
    return Finding(
        rule=rule,
        severity="error" if severity == "error" else "warning",
        probable_cause="source",
        message=message,
        expected=expected,
        actual=actual,
        difference=actual - expected,
        location=Location(page=page, table=there.table.kind if there else None, row=row),
        evidence=evidence,
    )


@check("final-budget-three-public")
def final_three_public_budget_matches_budget(ctx: Context) -> Iterator[Finding]:
    budget = _budget_of_final(ctx)
    if budget is None:
        return
    other = Context(budget)
    for subject in ("三公经费", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"):
        here, there = three_public_figure(ctx, subject, "budget"), three_public_figure(other, subject, None)
        if here is None or there is None or here.value == there.value:
            continue
        yield _finding(
            "final-budget-three-public",
            f"决算“三公”经费表中“{subject}”预算数为 {here.value.normalize():f} 万元，"
            f"与{_label(budget)}公开的 {there.value.normalize():f} 万元不一致。",
            expected=there.value,
            actual=here.value,
            page=here.row.page,
            here=f"{here.table.number or here.table.title} {here.column}={here.value}",
            there=there,
            other=budget,
        )


@check("final-initial-budget")
def initial_budget_matches_budget(ctx: Context) -> Iterator[Finding]:
    budget = _budget_of_final(ctx)
    if budget is None:
        return
    other = Context(budget)
    severity = "error" if budget.document.scope == ctx.disclosure.document.scope else "warning"
    for group in sentences(ctx.disclosure.claims):
        head = group[0]
        match = COMPLETION.search(head.text)
        if match is None:
            continue
        stated = Decimal(match.group(1).replace(",", ""))
        if head.code and len(head.code) == 7:
            figures = function_figures(other, head.code)
        elif head.subject == "一般公共预算财政拨款支出" and head.code is None:
            figures = summary_figures(other, head.subject)
        else:
            continue
        if not figures or figures[0].value == stated:
            continue
        yield _finding(
            "final-initial-budget",
            f"决算说明“{head.subject}”年初预算为 {stated} 万元，与{_label(budget)}公开的 "
            f"{figures[0].value.normalize():f} 万元不一致。",
            expected=figures[0].value,
            actual=stated,
            page=head.page,
            here=quote(head),
            there=figures[0],
            other=budget,
            severity=severity,
        )


def _figures(view: Context, claim: Claim) -> list[Figure]:
    if claim.code:
        return function_figures(view, claim.code)
    if claim.subject in TOTAL_SUBJECTS:
        return summary_figures(view, claim.subject)
    if claim.subject in PART_SUBJECTS:
        return part_figures(view, claim.subject)
    if claim.subject in THREE_PUBLIC:  # a 决算's "较上年" compares 决算 with 决算
        found = three_public_figure(view, claim.subject, None)
        return [found] if found is not None else []
    return []


def _stated_amount(groups: list[list[Claim]], index: int, position: int) -> Claim | None:
    """The amount a change refers to: in its own sentence, else in one of the three sentences before
    ("2023 年…“三公”经费支出预算 2 万元…。2023 年…“三公”经费预算与 2022 年持平。")."""
    delta = groups[index][position]
    candidates = [*reversed(groups[index][:position])]
    for back in range(index - 1, max(-1, index - 4), -1):
        candidates.extend(reversed(groups[back]))
    return next((c for c in candidates if c.kind == "amount" and c.subject == delta.subject), None)


_NOT_COMPARABLE = re.compile(r"不一致|无可比")


def _implied_prior(current: Claim, delta: Claim) -> Decimal | None:
    now, change = in_wan(current)[0], in_wan(delta)[0]
    if delta.direction is None:
        if _NOT_COMPARABLE.search(delta.text):
            return None  # "与上年不一致…无可比性": no change stated at all
        return now if change == 0 else None  # "持平", "无增减"
    return now - change if delta.direction == "increase" else now + change


@check("prior-year-figure")
def stated_changes_match_previous_year(ctx: Context) -> Iterator[Finding]:
    doc = ctx.disclosure.document
    previous = ctx.related_document(doc.kind, doc.year - 1 if doc.year else None)
    if previous is None:
        return
    other = Context(previous)
    groups = sentences(ctx.disclosure.claims)
    for index, group in enumerate(groups):
        for position, delta in enumerate(group):
            if delta.kind != "change" or delta.unit == "percent":
                continue
            current = _stated_amount(groups, index, position)
            figures = _figures(other, delta)
            implied = _implied_prior(current, delta) if current is not None else None
            if implied is None or current is None:
                continue
            if not figures:
                yield from _against_previous_text(delta, current, implied, previous)
                continue
            if any(abs(implied - f.value) <= Decimal("0.01") for f in figures):
                continue  # a 类 is printed all-funds (T01/T03) and 一般公共预算 (T05): either may be meant
            yield _finding(
                "prior-year-figure",
                f"按说明推算“{delta.subject}”上年数为 {implied} 万元，{_label(previous)}公开的为 "
                f"{figures[0].value.normalize():f} 万元。",
                expected=figures[0].value,
                actual=implied,
                page=delta.page,
                here=_sentences_of(delta, current),
                there=figures[0],
                other=previous,
                row=delta.code or delta.subject,
            )


def _previous_statements(previous: DisclosureView, delta: Claim) -> list[Claim]:
    """What last year's narrative states for the subject of `delta` (its own year's amount)."""
    return [
        c
        for c in money_claims(previous.claims)
        if c.subject == delta.subject and c.code == delta.code and c.value != 0
    ]


def _sentences_of(delta: Claim, current: Claim) -> str:
    """The change's sentence, and the amount's when it was stated before (evidence of both)."""
    if current.text == delta.text:
        return quote(delta)
    return f"{quote(current, 90)} … {quote(delta, 100)}"


def _against_previous_text(
    delta: Claim, current: Claim, implied: Decimal, previous: DisclosureView
) -> Iterator[Finding]:
    """A subject no table of last year's document prints (机关运行经费 of a Jiangsu budget, a 项 of
    the narrative): last year's narrative states its amount. Different sentences of last year's
    document may state it for different scopes, so only a figure none of them states is reported."""
    stated = _previous_statements(previous, delta)
    if not stated or any(abs(implied - in_wan(c)[0]) <= Decimal("0.01") for c in stated):
        return
    there = stated[0]
    yield Finding(
        rule="prior-year-figure",
        severity="warning",
        probable_cause="source",
        message=f"按说明推算“{delta.subject}”上年数为 {implied} 万元，{_label(previous)}说明所述为 "
        f"{in_wan(there)[0].normalize():f} 万元。",
        expected=in_wan(there)[0],
        actual=implied,
        difference=implied - in_wan(there)[0],
        location=Location(page=delta.page, row=delta.code or delta.subject),
        evidence=[
            Evidence(page=delta.page, text=_sentences_of(delta, current)[:200]),
            Evidence(page=there.page, text=f"{_label(previous)}：{quote(there)}"[:200]),
        ],
    )


# ---- a unit budget that is its department's ------------------------------------------------------

_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SCOPE_WORDS = (("本单位", "本部门"), ("单位预算", "部门预算"))


def _template(text: str) -> str:
    """The sentence with its figures blanked and 单位 read as 部门 ("本单位编报绩效目标的项目共#个")."""
    text = _FIGURE.sub("#", text)
    for unit, department in _SCOPE_WORDS:
        text = text.replace(unit, department)
    return text


def _same_budget_other_scope(ctx: Context) -> DisclosureView | None:
    """The organization's disclosure of the same kind and year at the other scope (部门 / 单位) whose
    收入总计 is this one's: the department is that one unit, so both print one set of figures."""
    doc = ctx.disclosure.document
    if doc.scope is None:
        return None
    mine = summary_figures(ctx, "收入总计")
    for other in ctx.related:
        there = other.document
        if other is ctx.disclosure or (there.kind, there.year) != (doc.kind, doc.year):
            continue
        if there.scope in (None, doc.scope):
            continue
        theirs = summary_figures(Context(other), "收入总计")
        if mine and theirs and mine[0].value == theirs[0].value:
            return other
    return None


def _statements(view: DisclosureView) -> dict[str, list[Claim]]:
    """The claims' sentences by template, one claim for each distinct sentence."""
    found: dict[str, dict[str, Claim]] = {}
    for claim in view.claims:
        found.setdefault(_template(claim.text), {}).setdefault(claim.text, claim)
    return {t: list(by_text.values()) for t, by_text in found.items()}


@check("unit-restates-department")
def unit_budget_restates_department(ctx: Context) -> Iterator[Finding]:
    other = _same_budget_other_scope(ctx)
    if other is None:
        return
    theirs = _statements(other)
    name = getattr(getattr(other, "source", None), "filename", None) or _label(other)
    for template, mine in _statements(ctx.disclosure).items():
        there = theirs.get(template, [])
        if len(mine) != 1 or len(there) != 1:
            continue  # a sentence printed more than once: which one pairs with which is unknown
        here, printed = mine[0], there[0]
        for a, b in zip(_FIGURE.findall(here.text), _FIGURE.findall(printed.text), strict=True):
            if a != b:
                yield Finding(
                    rule="unit-restates-department",
                    severity="warning",
                    probable_cause="source",
                    message=f"说明中“{quote(here, 60)}”的 {a}，在收支总额相同的《{name}》同一句中为 {b}。",
                    location=Location(page=here.page, row=here.subject),
                    evidence=[
                        Evidence(page=here.page, text=quote(here)),
                        Evidence(page=printed.page, text=f"《{name}》：{quote(printed)}"),
                    ],
                )
                break
