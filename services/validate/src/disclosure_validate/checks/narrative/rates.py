"""N-02, N-06: percentages the narrative states, recomputed from the amounts beside them.

Percentages are compared at their stated precision (SPEC §3.0): a cut instead of a rounding is
info, anything else an error. N-03 (shares) is in shares.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Claim, Evidence, Finding
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import narrative_finding
from disclosure_validate.judging.tolerance import (
    Outcome,
    compare_percent,
    compare_stated,
    precision_allowance,
)
from disclosure_validate.readers.narrative import (
    COMPLETION,
    MONEY_UNITS,
    Figure,
    decimals_of,
    in_wan,
    is_final,
    percent,
    sentences,
)
from disclosure_validate.readers.narrative_figures import THREE_PUBLIC, function_figures, three_public_figure
from disclosure_validate.registry import check

_LOOKBACK = 3  # sentences back where the current amount of a change may have been stated


def _fmt(value: Decimal, like: Decimal) -> Decimal:
    exponent = like.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return value.quantize(Decimal(1).scaleb(-places))


# ---- N-02 year over year ---------------------------------------------------------------------


def _current(groups: list[list[Claim]], index: int, subject: str, before: Claim) -> Claim | None:
    """The amount the change is about: same subject, in this sentence or shortly before."""
    for back in range(index, max(-1, index - _LOOKBACK), -1):
        group = groups[back]
        cut = group.index(before) if back == index else len(group)
        for claim in reversed(group[:cut]):
            if claim.kind == "amount" and claim.subject == subject and claim.unit in ("wan_yuan", "yuan"):
                return claim
    return None


# "A 万元，与上年相比（收、支预算总计各）增加 Δ 万元，增长 R%" (also "万 元", "降幅 R%"): read from the
# sentence itself when the claims hold only the rate (a subject the claim reader names once, "各增加").
# a rate printed without its sign ("减少100 万元，减少 9.52，", 省法院2018 p20) ends at the clause
_PERCENT = r"(?:[%％]|(?=[，,。；;]))"
_PRINTED_CHANGE = re.compile(
    r"([\d,]+(?:\.\d+)?)\s*万\s*元\s*[，,]\s*(?:与上\s*年(?:\s*相\s*比)?|比上年(?:预算)?)[^，,。；;\d]{0,12}?"
    r"(增加|减少)\s*([\d,]+(?:\.\d+)?)\s*万\s*元\s*[，,]\s*(?:增长|下降|减少|降低|降幅|增幅)\s*([\d.]+)\s*"
    + _PERCENT
)


def _half(printed: str) -> Decimal:
    return Decimal(1).scaleb(-decimals_of(Decimal(printed))) / 2


# "（与上年相比）减少 Δ 万元，降幅 R%" after a sentence stating the amount: the claim reader knows no
# 降幅/增幅 rate, so the change claim stands alone; the amount is the subject's, shortly before.
_PRINTED_RATE = re.compile(
    r"(增加|减少)\s*([\d,]+(?:\.\d+)?)\s*万\s*元\s*[，,]\s*(?:增长|下降|减少|降低|降幅|增幅)\s*([\d.]+)\s*"
    + _PERCENT
)


def _printed_change(
    groups: list[list[Claim]], index: int, delta: Claim | None
) -> tuple[str, str, str, str] | None:
    """(amount, 增加/减少, change, rate) as printed: from the sentence, or its change and rate with
    the amount of the change's subject stated shortly before."""
    text = groups[index][0].text
    match = _PRINTED_CHANGE.search(text)
    if match is not None:
        return match.group(1), match.group(2), match.group(3), match.group(4)
    short = _PRINTED_RATE.search(text)
    if short is None or delta is None or Decimal(short.group(2).replace(",", "")) != delta.value:
        return None
    current = _current(groups, index, delta.subject, delta)
    if current is None or current.unit != "wan_yuan":
        return None
    return str(current.value), short.group(1), short.group(2), short.group(3)


def _rates_read_from_the_sentence(groups: list[list[Claim]]) -> Iterator[Finding]:
    for index, group in enumerate(groups):
        rate = next((c for c in group if c.kind == "change" and c.unit == "percent"), None)
        delta = next((c for c in group if c.kind == "change" and c.unit in MONEY_UNITS), None)
        if rate is not None and delta is not None:
            continue  # the claims carry both: the claim-based check reads them
        printed = _printed_change(groups, index, delta)
        if printed is None or (rate is not None and Decimal(printed[3]) != rate.value):
            continue
        stated = Decimal(printed[3])
        claim = rate or delta or group[0]
        now, change = (Decimal(printed[i].replace(",", "")) for i in (0, 2))
        increase = printed[1] == "增加"
        prior = now - change if increase else now + change
        dn, dc = _half(printed[0].replace(",", "")), _half(printed[2].replace(",", ""))
        if prior <= dn + dc:
            continue
        computed = percent(change, prior)
        outcome = compare_percent(computed, stated)
        if outcome is Outcome.HOLDS or _reachable(stated, change, now, increase, dc, dn):
            continue
        yield narrative_finding(
            "N-02",
            outcome,
            f"“{claim.subject}”比上年变动 {printed[2]} 万元，按本年 {printed[0]} 万元推算"
            f"变动率应为 {_fmt(computed, stated)}%，说明为 {stated}%。",
            claim=claim,
            expected=_fmt(computed, stated),
            actual=stated,
        )


_CHANGE_WORD = re.compile(r"(增加|减少|下降|降低)\s*([\d,]+(?:\.\d+)?)\s*万")


def _direction(delta: Claim) -> str | None:
    """The change's direction; when the claim reader left it out ("与上年相比增加964.35万元，增长
    48.86%", 省委办公厅2019 p8), the word printed before its amount."""
    if delta.direction is not None:
        return delta.direction
    for match in _CHANGE_WORD.finditer(delta.text):
        if Decimal(match.group(2).replace(",", "")) == delta.value:
            return "increase" if match.group(1) == "增加" else "decrease"
    return None


@check("N-02")
def year_over_year_changes_are_consistent(ctx: Context) -> Iterator[Finding]:
    groups = sentences(ctx.disclosure.claims)
    pages = {p.number: p.text or "" for p in ctx.disclosure.pages}
    yield from _changes_above_the_amount(groups, pages)
    yield from _rates_read_from_the_sentence(groups)
    for index, group in enumerate(groups):
        for position, rate in enumerate(group):
            if rate.kind != "change" or rate.unit != "percent":
                continue
            delta = next(
                (
                    c
                    for c in reversed(group[:position])
                    if c.kind == "change" and c.subject == rate.subject and c.unit in ("wan_yuan", "yuan")
                ),
                None,
            )
            if delta is None or _direction(delta) is None:
                continue
            delta = delta.model_copy(update={"direction": _direction(delta)})
            current = _current(groups, index, rate.subject, delta)
            if current is None:
                continue
            now, _ = in_wan(current)
            change, _ = in_wan(delta)
            prior = now - change if delta.direction == "increase" else now + change
            if abs(prior) <= _half_unit(delta) + _half_unit(current):
                yield from _new_this_year(rate, delta, current)
                continue
            if prior < 0:
                continue  # an increase above the amount itself: _changes_above_the_amount
            computed = percent(change, prior)
            outcome = compare_percent(computed, rate.value)
            if outcome is Outcome.HOLDS or _within_printed_precision(rate.value, change, now, delta, current):
                continue
            yield narrative_finding(
                "N-02",
                outcome,
                f"“{rate.subject}”比上年变动 {delta.value} 万元，按本年 {current.value} 万元推算"
                f"变动率应为 {_fmt(computed, rate.value)}%，说明为 {rate.value}%。",
                claim=rate,
                expected=_fmt(computed, rate.value),
                actual=rate.value,
            )


def _new_this_year(rate: Claim, delta: Claim, current: Claim) -> Iterator[Finding]:
    """Nothing last year ("增加 307.82 万元" of 307.82 万元): the rate is "100%" by convention, or
    one so large that a last-year amount hidden by the printed precision gives it; never anything
    else (SPEC §3.0 leaves a rate from zero undefined, it does not make any rate right)."""
    floor = _half_unit(delta) + _half_unit(current)
    if rate.value == 100 or (floor and rate.value >= in_wan(delta)[0] / floor * 100):
        return
    yield narrative_finding(
        "N-02",
        Outcome.FAILS,
        f"“{rate.subject}”比上年增加 {delta.value} 万元，与本年 {current.value} 万元相同，上年为零，"
        f"增长率应为 100%，说明为 {rate.value}%。",
        claim=rate,
        expected=Decimal(100),
        actual=rate.value,
    )


def _changes_above_the_amount(groups: list[list[Claim]], pages: dict[int, str]) -> Iterator[Finding]:
    """ "比上年增加 Δ" larger than this year's amount: last year's would be negative; smaller than it
    for a subject the text says is new this year: last year's would not be zero."""
    for index, group in enumerate(groups):
        for delta in group:
            if delta.kind != "change" or _direction(delta) != "increase" or delta.unit not in MONEY_UNITS:
                continue
            current = _current(groups, index, delta.subject, delta)
            if current is None:
                continue
            excess = in_wan(delta)[0] - in_wan(current)[0]
            if excess < 0 and delta.unit == current.unit and _said_new(delta, pages):
                yield narrative_finding(
                    "N-02",
                    Outcome.FAILS,
                    f"“{delta.subject}”为今年新增，上年为零，比上年增加额应等于本年的 {current.value} 万元，"
                    f"说明为 {delta.value} 万元。",
                    claim=delta,
                    expected=in_wan(current)[0],
                    actual=in_wan(delta)[0],
                )
                continue
            if excess <= _half_unit(delta) + _half_unit(current):
                continue
            yield narrative_finding(
                "N-02",
                Outcome.FAILS,
                f"“{delta.subject}”比上年增加 {delta.value} 万元，大于本年的 {current.value} 万元"
                "（上年数将为负），两数至少一处有误。",
                claim=delta,
                expected=in_wan(current)[0],
                actual=in_wan(delta)[0],
            )


_NEW = re.compile(r"为(今年)?新增|新增(的)?科目")


def _said_new(claim: Claim, pages: dict[int, str]) -> bool:
    """The sentence of the change, or the next, says the subject is new this year ("此项级科目为今年
    新增科目", 省委办公厅2018 p9): nothing last year, so the increase is the amount itself."""
    text = "".join(pages.get(claim.page or 0, "").split())
    sentence = "".join(claim.text.split())
    at = text.find(sentence)
    after = text[at + len(sentence) :].split("。")[0] if at >= 0 else ""
    return _NEW.search(sentence) is not None or _NEW.search(after) is not None


def _half_unit(claim: Claim) -> Decimal:
    """Half a unit of the claim's last printed digit, in 万元: "28.1" may be anything from 28.05 to 28.15."""
    exponent = claim.value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    half = Decimal(1).scaleb(-places) / 2
    return half / 10000 if claim.unit == "yuan" else half


def _within_printed_precision(
    stated: Decimal, change: Decimal, now: Decimal, delta: Claim, current: Claim
) -> bool:
    """The stated rate is reachable from amounts inside their printed precision (SPEC §3.0: compare at
    the stated precision): "增加 28.1 万元，增长 7.57%" holds if some Δ in [28.05, 28.15] gives 7.57%."""
    increase = delta.direction == "increase"
    return _reachable(stated, change, now, increase, _half_unit(delta), _half_unit(current))


def _reachable(
    stated: Decimal, change: Decimal, now: Decimal, increase: bool, dc: Decimal, dn: Decimal
) -> bool:
    rates = []
    for c in (change - dc, change + dc):
        for n in (now - dn, now + dn):
            prior = n - c if increase else n + c
            if prior > 0:
                rates.append(percent(c, prior))
    if not rates:
        return False
    exponent = stated.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    half = Decimal(1).scaleb(-places) / 2
    return min(rates) - half <= stated <= max(rates) + half


# ---- N-06 completion of the budget (决算) -------------------------------------------------------


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


_ITEM_LABEL = re.compile(r"[（(]项[)）]|[（(]款[)）]")
"""A 类/款/项 sentence: one whose subject did not resolve to a 项 code leaves the Σ incomplete."""


@check("N-06")
def completion_rates_match(ctx: Context) -> Iterator[Finding]:
    budgets: list[tuple[Decimal, Claim]] = []
    total: tuple[Decimal, Claim] | None = None
    unresolved = 0  # 项 sentences whose subject did not resolve to a code: the Σ would miss them
    for group in sentences(ctx.disclosure.claims):
        head = group[0]
        match = COMPLETION.search(head.text)
        if match is None:
            continue
        budget, outturn = _number(match.group(1)), _number(match.group(2))
        rate_claim = next((c for c in group if c.kind == "completion"), None)
        if head.code and len(head.code) == 7:
            budgets.append((budget, head))
        elif head.subject == "一般公共预算财政拨款支出" and total is None:
            total = (budget, head)
        elif total is not None and _ITEM_LABEL.search(head.subject + head.text):
            unresolved += 1
        if head.code:
            yield from _outturn_matches_table(ctx, head, outturn)
        budget = _named_base(head.text, budget)
        if match.group(3) is None or rate_claim is None or budget == 0:
            continue  # "完成全年预算的 0%" over a zero budget is not applicable (SPEC §3.0)
        stated = _number(match.group(3))
        computed = percent(outturn, budget)
        outcome = compare_percent(computed, stated)
        if outcome is not Outcome.HOLDS:
            yield narrative_finding(
                "N-06",
                outcome,
                f"“{head.subject}”年初预算 {budget} 万元、决算 {outturn} 万元，完成率应为 "
                f"{_fmt(computed, stated)}%，说明为 {stated}%。",
                claim=rate_claim,
                expected=_fmt(computed, stated),
                actual=stated,
            )
    if total is not None and len(budgets) > 1 and not unresolved:
        yield from _budgets_add_up(total, budgets)
    yield from _three_public_completion(ctx)


_INITIAL = re.compile(r"年初预算(?:数)?为\s*([\d,]+(?:\.\d+)?)\s*万元")
_OF_INITIAL = re.compile(r"完成年初预算")


def _named_base(text: str, budget: Decimal) -> Decimal:
    """ "年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，完成年初预算的 95.89%"
    (社会工作部2024 p18): a rate of the 年初预算 is of the 年初预算 the sentence states, whichever
    budget stands next to the outturn."""
    initial = _INITIAL.search(text)
    return _number(initial.group(1)) if initial and _OF_INITIAL.search(text) else budget


def _three_public_completion(ctx: Context) -> Iterator[Finding]:
    """ "公务接待费支出决算为 0.39 万元，完成预算的 13.68%": a 三公 part's rate stated without its
    budget is of the budget the 三公 table prints for it (a 决算 table has both blocks)."""
    if not is_final(ctx):
        return
    for group in sentences(ctx.disclosure.claims):
        match = COMPLETION.search(group[0].text)
        for position, rate in enumerate(group):
            if rate.kind != "completion" or rate.subject not in THREE_PUBLIC:
                continue
            if match is not None and rate.subject == group[0].subject:
                continue  # the sentence states the budget: read above
            outturn = next(
                (c for c in reversed(group[:position]) if c.kind == "amount" and c.subject == rate.subject),
                None,
            )
            budget = three_public_figure(ctx, rate.subject, "budget")
            if outturn is None or outturn.unit not in MONEY_UNITS or budget is None or not budget.value:
                continue  # "完成全年预算的 0%" over a zero budget is not applicable (SPEC §3.0)
            computed = percent(in_wan(outturn)[0], budget.value)
            outcome = compare_percent(computed, rate.value)
            if outcome is not Outcome.HOLDS:
                yield narrative_finding(
                    "N-06",
                    outcome,
                    f"“{rate.subject}”决算 {outturn.value} 万元、表列预算 {budget.value} 万元，完成率应为 "
                    f"{_fmt(computed, rate.value)}%，说明为 {rate.value}%。",
                    claim=rate,
                    expected=_fmt(computed, rate.value),
                    actual=rate.value,
                    source=budget,
                )


def _outturn_matches_table(ctx: Context, claim: Claim, outturn: Decimal) -> Iterator[Finding]:
    figures: list[Figure] = function_figures(ctx, claim.code or "")
    if not figures:
        return
    outcome = compare_stated(outturn, 2, figures[0])
    if outcome is not Outcome.HOLDS:
        yield narrative_finding(
            "N-06",
            outcome,
            f"“{claim.subject}”支出决算说明为 {outturn} 万元，与表列 {figures[0].value} 万元不一致。",
            claim=claim,
            expected=figures[0].value,
            actual=outturn,
            source=figures[0],
        )


# every item summed is evidence (a reviewer looks for the one that is off), within a bound
_ITEMS_SHOWN = 20


def _budgets_add_up(total: tuple[Decimal, Claim], items: list[tuple[Decimal, Claim]]) -> Iterator[Finding]:
    summed = sum((b for b, _ in items), Decimal(0))
    stated, claim = total
    difference = abs(summed - stated)
    if difference == 0:
        return
    tolerance = max(
        min(Decimal("0.05"), max(Decimal("0.01"), Decimal("0.005") * len(items))),
        precision_allowance(stated, (b for b, _ in items)),
    )
    outcome = Outcome.ROUNDING if difference <= tolerance else Outcome.FAILS
    yield narrative_finding(
        "N-06",
        outcome,
        f"各项目年初预算合计 {summed} 万元，与说明的年初预算总额 {stated} 万元不一致。",
        claim=claim,
        expected=summed,
        actual=stated,
        extra=[Evidence(page=c.page, text=c.text[:80]) for _, c in items[:_ITEMS_SHOWN]],
    )
