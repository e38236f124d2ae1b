"""stated-parts-sum: a whole the text states and the 其中 parts it lists with it add up.

Both sides are printed in one statement (readers.stated_parts), so no table is needed. Parts above
the whole cannot be (error); parts below it are a warning, as a 其中 may name only some parts,
unless the list is enumerated and so names every part it has. The tolerance is SPEC §3.0's for a
sum of printed 万元 values, widened by printed precision (a whole "28 万元" beside parts with
decimals).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import Outcome, compare_money, precision_allowance, value_tolerance
from disclosure_validate.readers.running_text import RunningText, running_text
from disclosure_validate.readers.stated_parts import StatedParts, stated_parts
from disclosure_validate.registry import check


def _tolerance(whole: Decimal, parts: list[Decimal]) -> Decimal:
    return max(
        value_tolerance("wan_yuan", [abs(whole), *map(abs, parts)], terms=len(parts)),
        precision_allowance(abs(whole), map(abs, parts)),
    )


def _quoted(joined: RunningText, stated: StatedParts) -> Evidence:
    """The stated whole and its parts as printed (their first 240 characters), on their page."""
    return Evidence(page=joined.page_at(stated.start), text=joined.text[stated.start : stated.end][:240])


def _outcome(whole: Decimal, parts: list[Decimal]) -> Outcome:
    return compare_money(sum(parts, Decimal(0)), whole, _tolerance(whole, parts))


@check("stated-parts-sum")
def stated_parts_add_up(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    for stated in stated_parts(joined):
        summed = sum((v for _, v in stated.parts), Decimal(0))
        outcome = _outcome(stated.whole, [v for _, v in stated.parts])
        if outcome is not Outcome.FAILS:
            yield from _changes_add_up(joined, stated)
        if outcome is Outcome.HOLDS:
            continue
        above = summed > stated.whole
        if not above and len(stated.parts) < 2:
            continue  # one part below its whole: the 其中 names only that part
        severity, cause = judge(outcome, suspect=False, failed="error" if above else "warning")
        listing = "、".join(f"{v:f}" for _, v in stated.parts)
        relation = "超过" if above else "不等于"
        shown = _quoted(joined, stated)
        yield Finding(
            rule="stated-parts-sum",
            severity=severity,
            probable_cause=cause,
            message=(
                f"说明所列总额 {stated.whole:f} 万元，其中各部分（{listing}）合计 "
                f"{summed:f} 万元，{relation}总额。"
            ),
            expected=summed,
            actual=stated.whole,
            difference=stated.whole - summed,
            location=Location(page=shown.page, row=stated.parts[0][0][:40]),
            evidence=[shown],
        )


def _changes_add_up(joined: RunningText, stated: StatedParts) -> Iterator[Finding]:
    """The parts make the whole, so their changes on last year make the whole's change: "“三公”经费
    47.91万元，比2023年预算增加25万元。其中：（一）…持平（二）…增加25万元…（三）…持平" (万里街道 2024 p32)."""
    changes = stated.part_changes
    if stated.whole_change is None or not changes or any(c is None for c in changes):
        return
    parts = [c for c in changes if c is not None]
    summed = sum(parts, Decimal(0))
    outcome = compare_money(summed, stated.whole_change, _tolerance(stated.whole_change, parts))
    if outcome is Outcome.HOLDS:
        return
    severity, cause = judge(outcome, suspect=False)
    shown = _quoted(joined, stated)
    listing = "、".join(f"{c:f}" for c in parts)
    yield Finding(
        rule="stated-parts-sum",
        severity=severity,
        probable_cause=cause,
        message=(
            f"说明所列总额比上年变动 {stated.whole_change:f} 万元，其中各部分变动（{listing}）合计 "
            f"{summed:f} 万元，两者不一致。"
        ),
        expected=summed,
        actual=stated.whole_change,
        difference=stated.whole_change - summed,
        location=Location(page=shown.page, row=stated.parts[0][0][:40]),
        evidence=[shown],
    )
