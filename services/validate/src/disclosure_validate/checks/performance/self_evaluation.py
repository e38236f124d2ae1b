"""I-26, I-27: the scores of each 决算 绩效自评表 (SPEC §5.3) against themselves. I-26 checks 执行率,
the execution score, Σ 分值, 总分 and 得分 ≤ 分值; I-27 checks the weight printed on each label
against the 分值 of the indicators under it. The sheets are the parser's typed records
(readers/self_evaluations.py);
`judging.findings.section_finding` is also how the count checks (counts.py) report.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from disclosure_shared.records import Finding
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import section_finding
from disclosure_validate.judging.tolerance import Outcome, compare_percent
from disclosure_validate.readers.narrative import decimals_of
from disclosure_validate.readers.self_evaluations import (
    OUTPUT_LEVEL2,
    Budget,
    Indicator,
    Label,
    Section,
    sections,
)
from disclosure_validate.registry import check
from disclosure_validate.wording import money

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---- building findings --------------------------------------------------------------------------


def _sum_outcome(computed: Decimal, printed: Decimal, terms: int) -> Outcome:
    """Scores are exact at 2 decimals (SPEC §3.0); a printed figure with fewer decimals, or a sum of
    many 2-decimal weights, may drift by its rounding."""
    difference = abs(computed - printed)
    if difference < Decimal("0.005"):
        return Outcome.HOLDS
    half_unit = Decimal(1).scaleb(-decimals_of(printed)) / 2 if decimals_of(printed) < 2 else Decimal(0)
    drift = min(Decimal("0.05"), Decimal("0.005") * terms)
    return Outcome.ROUNDING if difference <= max(half_unit, drift) else Outcome.FAILS


# ---- I-26: 执行率, 执行得分, Σ 分值, 总分, 得分 ≤ 分值 ---------------------------------------------


@check("I-26")
def self_evaluation_scores_add_up(ctx: Context) -> Iterator[Finding]:
    for section in sections(ctx):
        if section.budget is not None and section.budget.planned > 0:
            yield from _execution(section, section.budget)
        yield from _points_total(section)
        yield from _total_score(section)
        yield from _score_within_points(section)


def _rate_outcome(computed: Decimal, budget: Budget) -> Outcome:
    """执行率 at its printed precision; a bare number may be a fraction ("1.00") or a percentage."""
    if computed > HUNDRED and budget.rate == HUNDRED:
        return Outcome.HOLDS  # an over-spent budget printed at the template's cap of 100%
    outcome = compare_percent(computed, budget.rate)
    if outcome is not Outcome.HOLDS and "%" not in budget.rate_text and budget.rate <= Decimal("1.5"):
        fraction = compare_percent(computed / HUNDRED, budget.rate)
        outcome = fraction if fraction is not Outcome.FAILS else outcome
    return outcome


def _execution(section: Section, budget: Budget) -> Iterator[Finding]:
    ratio = budget.spent / budget.planned
    computed = ratio * HUNDRED
    outcome = _rate_outcome(computed, budget)
    if outcome is not Outcome.HOLDS:
        yield section_finding(
            "I-26",
            section,
            f"{section.label}执行率印为 {budget.rate_text}，执行数 {money(budget.spent)} ÷ 预算数 "
            f"{money(budget.planned)} 应为 {money(_cents(computed))}%。",
            row=budget.row,
            subject="执行率",
            column="执行率",
            expected=_cents(computed),
            actual=budget.rate,
            outcome=outcome,
        )
    weight = section.execution_weight
    expected = _cents(weight * min(ratio, Decimal(1)))
    by_printed_rate = _cents(weight * min(budget.rate / HUNDRED, Decimal(1)))
    outcomes = [_sum_outcome(e, budget.score, 1) for e in (expected, by_printed_rate)]
    if Outcome.HOLDS in outcomes:
        return
    yield section_finding(
        "I-26",
        section,
        f"{section.label}预算执行得分印为 {money(budget.score)}，按 {money(weight)} 分 × 执行率"
        f"（上限 100%）应为 {money(expected)}。",
        row=budget.row,
        subject="预算执行得分",
        column="得分",
        expected=expected,
        actual=budget.score,
        outcome=Outcome.ROUNDING if Outcome.ROUNDING in outcomes else Outcome.FAILS,
    )


def _points_total(section: Section) -> Iterator[Finding]:
    """Σ 分值 = 80 (or the weight printed on 年度绩效目标, 001:L908)."""
    points = [i.points for i in section.indicators]
    if not points or any(p is None for p in points):
        return
    summed = sum((p for p in points if p is not None), Decimal(0))
    expected = section.indicator_weight or HUNDRED - section.execution_weight
    outcome = _sum_outcome(summed, expected, len(points))
    if outcome is Outcome.HOLDS:
        return
    yield section_finding(
        "I-26",
        section,
        f"{section.label}各指标分值合计 {money(summed)} 分，应为 {money(expected)} 分"
        f"（另 {money(section.execution_weight)} 分为预算执行）。",
        row=section.indicators[0].row,
        subject="指标分值合计",
        column="分值",
        expected=expected,
        actual=summed,
        outcome=outcome,
        suspect=any(i.lone_number for i in section.indicators),
        evidence=[i.row for i in section.indicators[:6]],
    )


def _total_score(section: Section) -> Iterator[Finding]:
    """总分 = 预算执行得分 + Σ 指标得分."""
    if section.total is None or section.budget is None or not section.indicators:
        return
    scores = [i.score for i in section.indicators]
    if any(s is None for s in scores):
        return  # a row lost its 得分 (001:L791): the sum is unknown
    summed = section.budget.score + sum((s for s in scores if s is not None), Decimal(0))
    outcome = _sum_outcome(summed, section.total, len(scores))
    if outcome is Outcome.HOLDS:
        return
    yield section_finding(
        "I-26",
        section,
        f"{section.label}总分印为 {money(section.total)}，预算执行得分 {money(section.budget.score)} "
        f"加各指标得分合计为 {money(summed)}。",
        row=section.total_row,
        subject="总分",
        column="得分",
        expected=summed,
        actual=section.total,
        outcome=outcome,
        suspect=any(i.uncertain or i.lone_number for i in section.indicators),
        evidence=[r for r in (section.total_row,) if r is not None],
    )


def _score_within_points(section: Section) -> Iterator[Finding]:
    for indicator in section.indicators:
        if indicator.points is None or indicator.score is None or indicator.lone_number:
            continue
        if indicator.score <= indicator.points:
            continue
        yield section_finding(
            "I-26",
            section,
            f"{section.label}指标“{indicator.name[:40]}”得分 {money(indicator.score)} 超过其分值 "
            f"{money(indicator.points)}。",
            row=indicator.row,
            subject=indicator.name[:60],
            column="得分",
            expected=indicator.points,
            actual=indicator.score,
            suspect=indicator.uncertain,
            evidence=[indicator.row],
        )


# ---- I-27: the weight printed on a label = Σ 分值 under it ---------------------------------------


@dataclass(frozen=True)
class _Weighed:
    label: Label
    members: tuple[Indicator, ...]
    summed: Decimal
    outcome: Outcome


def _weighed(label: Label, members: Sequence[Indicator]) -> _Weighed | None:
    """A weighted label over indicators whose 分值 are all known and not read from it."""
    if label.weight is None or not members:
        return None
    if any(m.points is None or m.uncertain or m.points_from is label for m in members):
        return None
    summed = sum((m.points for m in members if m.points is not None), Decimal(0))
    return _Weighed(label, tuple(members), summed, _sum_outcome(summed, label.weight, len(members)))


def _by_taxonomy(section: Section) -> dict[int, list[Indicator]]:
    """一级 groups as the 二级 names say: 数量/质量/时效 belong under 产出指标 (SPEC §5.1), wherever
    the merged label cell was printed (003:L808 KPI 考核 under 效益指标)."""
    output_label: dict[int, Label] = {}
    for indicator in section.indicators:
        goal, level1 = indicator.groups[0], indicator.groups[1]
        if level1 is not None and level1.name == "产出指标":
            output_label.setdefault(id(goal), level1)
    groups: dict[int, list[Indicator]] = {}
    for indicator in section.indicators:
        goal, level1, level2 = indicator.groups
        home = level1
        if level2 is not None and level2.name in OUTPUT_LEVEL2 and level1 is not None:
            home = output_label.get(id(goal), level1)
        if home is not None:
            groups.setdefault(id(home), []).append(indicator)
    return groups


def _misfiled(section: Section) -> list[Indicator]:
    return [
        i
        for i in section.indicators
        if i.groups[1] is not None
        and i.groups[2] is not None
        and i.groups[2].name in OUTPUT_LEVEL2
        and i.groups[1].name != "产出指标"
    ]


@check("I-27")
def label_weights_match_indicators(ctx: Context) -> Iterator[Finding]:
    for section in sections(ctx):
        printed = [w for w in (_weighed(label, label.members) for label in section.labels) if w]
        failing = [w for w in printed if w.outcome is not Outcome.HOLDS]
        moved = _misfiled(section)
        regrouped = bool(moved) and any(w.label.level == 1 for w in failing) and _taxonomy_holds(section)
        if regrouped:
            yield from _misfiled_findings(section, moved)
        for weighed in failing:
            if not (regrouped and weighed.label.level == 1):
                yield _label_finding(section, weighed)


def _taxonomy_holds(section: Section) -> bool:
    groups = _by_taxonomy(section)
    level1 = [label for label in section.labels if label.level == 1]
    checked = [_weighed(label, groups.get(id(label), [])) for label in level1]
    return all(w is None or w.outcome is Outcome.HOLDS for w in checked) and any(checked)


def _label_finding(section: Section, weighed: _Weighed) -> Finding:
    label = weighed.label
    weight = label.weight if label.weight is not None else Decimal(0)
    return section_finding(
        "I-27",
        section,
        f"{section.label}“{' '.join(label.text.split())}”标注 {money(weight)} 分，其下 "
        f"{len(weighed.members)} 个指标的分值合计 {money(weighed.summed)} 分。",
        row=label.row,
        subject=label.name,
        column="分值",
        expected=weighed.summed,
        actual=weight,
        outcome=weighed.outcome,
        suspect=any(m.lone_number for m in weighed.members),
        evidence=[label.row, *(m.row for m in weighed.members)],
    )


def _misfiled_findings(section: Section, moved: Sequence[Indicator]) -> Iterator[Finding]:
    for indicator in moved:
        level1, level2 = indicator.groups[1], indicator.groups[2]
        assert level1 is not None and level2 is not None
        yield section_finding(
            "I-27",
            section,
            f"{section.label}指标“{indicator.name[:40]}”（{level2.name}）印在“{level1.name}”下，"
            f"计入产出指标后各一级指标标注的分值才相符，请核对该行的归类。",
            row=indicator.row,
            subject=indicator.name[:60],
            column="一级指标",
            expected=None,
            actual=None,
            severity="warning",
            evidence=[level1.row, indicator.row],
        )
