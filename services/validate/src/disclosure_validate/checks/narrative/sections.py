"""N-07 … N-12: the sections of 其他重要事项 against their tables (三公, 机关运行经费, 政府采购,
政府购买服务, 车辆)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal

from disclosure_shared.records import Claim, Evidence, Finding, Location, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import narrative_finding
from disclosure_validate.judging.tolerance import Outcome, compare_stated, precision_allowance
from disclosure_validate.readers.narrative import (
    Figure,
    figure,
    in_wan,
    is_final,
    money_claims,
    sentences,
    total_row,
)
from disclosure_validate.readers.narrative_figures import THREE_PUBLIC, part_figures, three_public_figure
from disclosure_validate.readers.narrative_prose import narrative_lines
from disclosure_validate.registry import check

_BUDGET_FIRST = re.compile(r"(全年|年初)?预算(数)?为")


def _mismatch(rule: str, claim: Claim, source: Figure, what: str) -> Finding | None:
    stated, places = in_wan(claim)
    outcome = compare_stated(stated, places, source)
    if outcome is Outcome.HOLDS:
        return None
    return narrative_finding(
        rule,
        outcome,
        f"说明中{what}“{claim.subject}”为 {claim.value} 万元，与{source.table.number or source.table.title}"
        f"所列 {source.value.normalize():f} 万元不一致。",
        claim=claim,
        expected=source.value,
        actual=stated,
        source=source,
    )


@check("N-07")
def three_public_narrative_matches_table(ctx: Context) -> Iterator[Finding]:
    """In a 决算 the first amount of "全年预算为 X，支出决算为 Y" is the 预算数 block."""
    for group in sentences(ctx.disclosure.claims):
        seen: dict[str, int] = {}
        for claim in money_claims(group):
            if claim.subject not in THREE_PUBLIC:
                continue
            order = seen.get(claim.subject, 0)
            seen[claim.subject] = order + 1
            basis = None
            if is_final(ctx) and _BUDGET_FIRST.search(claim.text):
                basis = "budget" if order == 0 else "actual"
            source = three_public_figure(ctx, claim.subject, basis)
            if source is None:
                continue
            finding = _mismatch("N-07", claim, source, "“三公”经费")
            if finding:
                yield finding


@check("N-08")
def office_running_costs_are_public_funds(ctx: Context) -> Iterator[Finding]:
    """机关运行经费 equals 公用经费 when the narrative says so ("97 万元（即公用经费）")."""
    for claim in money_claims(ctx.disclosure.claims):
        if claim.subject != "机关运行经费" or "公用经费" not in claim.text:
            continue
        figures = part_figures(ctx, "公用经费")
        if figures:
            finding = _mismatch("N-08", claim, figures[0], "")
            if finding:
                yield finding


def _procurement_sentences(ctx: Context) -> Iterator[tuple[Claim, list[Claim]]]:
    for group in sentences(ctx.disclosure.claims):
        total = next((c for c in money_claims(group) if c.subject == "政府采购"), None)
        parts = [c for c in money_claims(group) if c.subject.startswith("政府采购") and c is not total]
        if total is not None:
            yield total, parts


@check("N-09")
def procurement_parts_add_up(ctx: Context) -> Iterator[Finding]:
    for total, parts in _procurement_sentences(ctx):
        if len(parts) < 2:
            continue
        stated, places = in_wan(total)
        summed = sum((in_wan(p)[0] for p in parts), Decimal(0))
        rounded = summed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if rounded == stated:
            continue
        tolerance = max(
            Decimal("0.01") * len(parts),
            precision_allowance(total.value, (p.value for p in parts))
            if all(c.unit == "wan_yuan" for c in (total, *parts))
            else Decimal(0),
        )
        outcome = Outcome.ROUNDING if abs(summed - stated) <= tolerance else Outcome.FAILS
        yield narrative_finding(
            "N-09",
            outcome,
            f"政府采购总额说明为 {total.value} 万元，货物、工程、服务合计为 {summed.normalize():f} 万元。",
            claim=total,
            expected=summed,
            actual=stated,
        )


def _amount_column(table: Table) -> Figure | None:
    """The 合计 row's amount: the named column, else the largest money cell (S0 prints it unlabelled)."""
    row = total_row(table)
    if row is None:
        return None
    if row.values.get("amount") is not None:
        return figure(table, row, "amount")
    skip = {"quantity", "unit_price", "amount_sme", "amount_micro"}
    money = [(v, k) for k, v in row.values.items() if v is not None and k not in skip]
    return figure(table, row, max(money)[1]) if money else None


def _table_total(ctx: Context, rule: str, kind: TableKind, subject: str) -> Iterator[Finding]:
    table = ctx.table(kind)
    if table is None:
        return
    source = _amount_column(table)
    if source is None:
        return
    for claim in money_claims(ctx.disclosure.claims):
        if claim.subject == subject and "预算" in claim.text:
            finding = _mismatch(rule, claim, source, "")
            if finding:
                yield finding
            return  # the first statement is the section's total


@check("N-10")
def procurement_narrative_matches_table(ctx: Context) -> Iterator[Finding]:
    yield from _table_total(ctx, "N-10", TableKind.GOVERNMENT_PROCUREMENT, "政府采购")


@check("N-11")
def purchased_services_narrative_matches_table(ctx: Context) -> Iterator[Finding]:
    yield from _table_total(ctx, "N-11", TableKind.PURCHASED_SERVICES, "政府购买服务")


@check("N-12")
def vehicles_add_up(ctx: Context) -> Iterator[Finding]:
    """共有车辆 N 辆，其中 A 用车 a 辆、B 用车 b 辆… : N = Σ by type."""
    for group in sentences(ctx.disclosure.claims):
        counts: Sequence[Claim] = [c for c in group if c.kind == "count"]
        total = next((c for c in counts if c.subject == "车辆"), None)
        if total is None or "其中" not in total.text:
            continue
        parts = [c for c in counts[counts.index(total) + 1 :] if c.subject.endswith("用车")]
        if not parts:
            continue
        summed = sum((c.value for c in parts), Decimal(0))
        if summed != total.value:
            yield narrative_finding(
                "N-12",
                Outcome.FAILS,
                f"说明的车辆总数为 {total.value} 辆，分类合计为 {summed} 辆。",
                claim=total,
                expected=summed,
                actual=total.value,
            )


_SCORES = re.compile(r"总分\s*([\d.]+)\s*分[，,]\s*其中([^。；]*)")
_PART_SCORE = re.compile(r"得分\s*([\d.]+)\s*分")


@check("N-15")
def self_evaluation_scores_add_up(ctx: Context) -> Iterator[Finding]:
    """总分 X 分，其中预算执行率得分 a 分、产出指标得分 b 分… : X = a + b + …"""
    lines = narrative_lines(ctx)
    text = "".join(line for _, line in lines)
    for match in _SCORES.finditer(text):
        parts = [Decimal(p) for p in _PART_SCORE.findall(match.group(2))]
        stated = Decimal(match.group(1))
        if len(parts) < 2 or sum(parts) == stated:
            continue
        summed = sum(parts, Decimal(0))
        page = next((p for p, line in lines if "总分" in line), None)
        yield Finding(
            rule="N-15",
            severity="error",
            probable_cause="source",
            message=f"绩效自评总分说明为 {stated} 分，各部分得分合计为 {summed} 分。",
            expected=summed,
            actual=stated,
            difference=stated - summed,
            location=Location(page=page, row="总分"),
            evidence=[Evidence(page=page, text=match.group(0)[:200])],
        )
