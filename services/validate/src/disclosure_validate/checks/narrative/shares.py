"""N-03: a share the narrative states ("占 42.53%") recomputed from its amount and its whole.

The whole is the base the sentence names ("占本年支出合计的"), else one of the plausible totals. In a
list "支出 9746.50 万元，主要用于：A 754.75 万元，占 7.74%；B 236.63 万元，占 2.43%；…" every share is of
one whole: the base nearly all of the list's shares hold against is the list's, and a share that
happens to fit another total is judged against it all the same.

Publishers adjust one share of a list by a unit of its last digit so the list adds up to 100%
(31.14 + 51.93 + 16.93): a share off by up to 1.5 such units is rounding (info) when the printed
shares of its list add up to 100%. When they do not, while the shares its amounts give would, the
adjustment made the list wrong: a warning. So is a share stated alone off by more than its rounding
(no list to add up), or a share of a list that does not add up either way, a warning neither (info).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from disclosure_shared.records import Claim, Finding
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import narrative_finding
from disclosure_validate.judging.tolerance import Outcome, compare_percent, value_tolerance
from disclosure_validate.readers.narrative import (
    MONEY_UNITS,
    decimals_of,
    in_wan,
    money_claims,
    percent,
    sentences,
)
from disclosure_validate.readers.narrative_figures import (
    part_figures,
    summary_figures,
    three_public_figure,
)
from disclosure_validate.registry import check

THREE_PUBLIC_PARTS = ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")
_SHARE_BASE = re.compile(r"占([^，,。；;%0-9]*)$")
_HUNDRED = Decimal(100)
_HELD = (Outcome.HOLDS, Outcome.TRUNCATED)


def _fmt(value: Decimal, like: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals_of(like)))


def _base_words(claim: Claim) -> str | None:
    """The words between 占 and the stated percentage ("本年支出合计的"), None when not found."""
    for match in re.finditer(re.escape(str(claim.value)) + r"\s*[%％]", claim.text):
        words = _SHARE_BASE.search(claim.text[: match.start()])
        if words:
            return re.sub(r"(的|比)$", "", words.group(1).strip())
    return None


def _summary_or_stated(ctx: Context, subject: str) -> Decimal | None:
    """A summary total from the tables; without tables (published in a separate file), the amount
    the narrative states for it."""
    found = summary_figures(ctx, subject)
    if found:
        return found[0].value
    stated = next(money_claims(c for c in ctx.disclosure.claims if c.subject == subject), None)
    return in_wan(stated)[0] if stated is not None else None


def _explicit_base(
    ctx: Context, words: str, group: Sequence[Claim], part: Claim, nearby: Sequence[Claim]
) -> Decimal | None:
    """The base a sentence names: a summary total or an amount stated earlier in the sentence."""
    if words.startswith("本年收入"):
        return _summary_or_stated(ctx, "收入合计")
    if words in ("本年支出", "本年支出合计", "支出合计"):
        return _summary_or_stated(ctx, "支出合计")
    if "三公" in words:  # "占“三公”经费的 31.14%": the 三公 total (T07), else the stated parts' sum
        table = three_public_figure(ctx, "三公经费", None)
        if table is not None and table.value > 0:
            return table.value
        stated = {
            c.subject: in_wan(c)[0] for c in nearby if c.kind == "amount" and c.subject in THREE_PUBLIC_PARTS
        }
        # the parts are listed sentence by sentence; with fewer than all three the whole is unknown
        return sum(stated.values(), Decimal(0)) if len(stated) == len(THREE_PUBLIC_PARTS) else None
    if words.startswith("一般公共预算项目支出"):
        found = part_figures(ctx, "项目支出")
        return found[0].value if found else None
    for claim in group[: group.index(part)]:
        if claim.kind == "amount" and claim.unit in ("wan_yuan", "yuan") and claim.subject in words:
            return in_wan(claim)[0]
    return None


def _list_head(groups: Sequence[Sequence[Claim]], index: int) -> list[Claim]:
    """The claims before a share's sentence that may hold its whole: the previous sentence, and in a
    list "合计 X 万元，其中：A 占 a%；B 占 b%；C 占 c%" every item back to the list's head."""
    before: list[Claim] = []
    for back in range(index - 1, max(-1, index - 8), -1):
        before = [*groups[back], *before]
        if not any(c.kind == "share" for c in groups[back]):
            break
    return before


def _implicit_bases(
    ctx: Context, group: Sequence[Claim], part: Claim, previous: Sequence[Claim]
) -> list[Decimal]:
    bases: list[Decimal] = []
    for subject in ("支出合计", "收入合计", "一般公共预算财政拨款支出"):
        bases.extend(f.value for f in summary_figures(ctx, subject))
    if part.subject in THREE_PUBLIC_PARTS:  # "“三公”经费…中，公务接待费 0.39 万元，占 100.00%"
        three_public = three_public_figure(ctx, "三公经费", None)
        bases.extend([three_public.value] if three_public is not None else [])
    for claim in [*previous, *group[: group.index(part)]]:
        if claim.kind == "amount" and claim.unit in ("wan_yuan", "yuan") and claim.subject != part.subject:
            bases.append(in_wan(claim)[0])
    return [b for b in bases if b > 0]


def _share_outcome(computed: Decimal, stated: Decimal) -> Outcome:
    """At the stated precision; up to 1.5 units of the last digit off is a possible adjustment of a
    list to 100% (rounding, judged with the list in `_list_verdict`)."""
    outcome = compare_percent(computed, stated)
    if outcome is not Outcome.FAILS:
        return outcome
    unit = Decimal(1).scaleb(-decimals_of(stated))
    return Outcome.ROUNDING if abs(computed - stated) <= unit * Decimal("1.5") else outcome


@dataclass
class _Share:
    """One stated share with its amount, the bases it may be of, and the list it belongs to."""

    claim: Claim
    part: Claim
    amount: Decimal
    bases: list[Decimal]
    explicit: bool
    run: int  # the list: the shares after one amount stated without a share
    head: Decimal | None  # that amount, in 万元
    outcomes: list[Outcome] = field(default_factory=list)

    def judge(self) -> None:
        self.outcomes = [_share_outcome(percent(self.amount, b), self.claim.value) for b in self.bases]

    @property
    def pick(self) -> int:
        """The base the statement fits best: held, cut, adjusted, else the first."""
        for wanted in (Outcome.HOLDS, Outcome.TRUNCATED, Outcome.ROUNDING):
            if wanted in self.outcomes:
                return self.outcomes.index(wanted)
        return 0

    @property
    def base(self) -> Decimal:
        return self.bases[self.pick]

    @property
    def computed(self) -> Decimal:
        return percent(self.amount, self.base)


def _read_shares(ctx: Context) -> list[_Share]:
    groups = sentences(ctx.disclosure.claims)
    found: list[_Share] = []
    head = 0  # the list: shares after one amount stated without a share ("合计 X 万元，其中：")
    head_value: Decimal | None = None
    for index, group in enumerate(groups):
        with_share = {c.subject for c in group if c.kind == "share"}
        for position, claim in enumerate(group):
            if claim.kind == "amount" and claim.unit in MONEY_UNITS and claim.subject not in with_share:
                head, head_value = head + 1, in_wan(claim)[0]
            if claim.kind != "share":
                continue
            share = claim
            part = next(
                (
                    c
                    for c in reversed(group[:position])
                    if c.kind == "amount" and c.subject == share.subject and c.unit in ("wan_yuan", "yuan")
                ),
                None,
            )
            words = _base_words(share)
            if part is None or words is None:
                continue
            nearby = [c for g in groups[max(0, index - 3) : index + 3] for c in g]
            explicit = _explicit_base(ctx, words, group, share, nearby) if words else None
            if words and explicit is None:
                continue  # the sentence names its base ("占本年支出合计的") and we cannot read it
            if explicit is not None:
                bases = [explicit]
            else:
                bases = _implicit_bases(ctx, group, share, _list_head(groups, index))
            bases = [b for b in bases if b and b > 0]
            if bases:
                found.append(
                    _Share(share, part, in_wan(part)[0], bases, explicit is not None, head, head_value)
                )
    for reading in found:
        reading.judge()
    return found


def _settle_list_bases(shares: list[_Share]) -> None:
    """The shares of a list without a named base are of one whole: the list's head when all but at
    most one of them hold against it, else (three shares or more) the base all but one hold
    against. Each is then judged against that base alone."""
    for run in {s.run for s in shares}:
        listed = [s for s in shares if s.run == run and not s.explicit]
        if len(listed) < 2:
            continue
        candidates = {b for s in listed for b in s.bases}
        score = {
            b: sum(1 for s in listed if b in s.bases and s.outcomes[s.bases.index(b)] in _HELD)
            for b in candidates
        }
        head = listed[0].head
        if head in score and all(head in s.bases for s in listed) and score[head] >= len(listed) - 1:
            best = head
        else:
            best = max(sorted(candidates), key=lambda b: score[b])
            if len(listed) < 3 or score[best] < len(listed) - 1:
                continue
        for s in listed:
            if best in s.bases:
                s.bases = [best]
                s.judge()


def _rounds(share: _Share) -> bool:
    """The share holds printed rounded up where a cut would print it lower (45.7771 → 45.78)."""
    value = share.claim.value
    held = share.outcomes[share.pick] is Outcome.HOLDS
    return held and value != share.computed.quantize(value, rounding=ROUND_FLOOR)


def _list_verdict(share: _Share, shares: list[_Share]) -> tuple[Outcome, str]:
    """A share off by up to 1.5 last-digit units, or cut where its list rounds: rounding when the
    list adds up to 100% as printed (an adjustment), or when it is not meant to (its parts are not
    the whole and their shares do not add up to 100% either); otherwise a failure. A share stated
    alone may be one unit off (its complement may be printed elsewhere, adjusted), unless it is the
    whole itself or above it."""
    siblings = [s for s in shares if s.run == share.run and s.base == share.base]
    outcome, value = share.outcomes[share.pick], share.claim.value
    if len(siblings) == 1:
        unit = Decimal(1).scaleb(-decimals_of(value))
        rounded = _fmt(share.computed, value)
        if outcome is Outcome.TRUNCATED or (
            abs(rounded - value) <= unit and value <= _HUNDRED and rounded < _HUNDRED
        ):
            return outcome, ""
        return Outcome.FAILS, "；该比例单独列出，不是为凑足 100% 所作的尾数调整"
    if outcome is Outcome.TRUNCATED and not any(_rounds(s) for s in siblings):
        return outcome, ""  # the list cuts its shares (SPEC §3.0: pass-truncated)
    printed = sum((s.claim.value for s in siblings), Decimal(0))
    computed = sum((_fmt(s.computed, s.claim.value) for s in siblings), Decimal(0))
    amounts = [s.amount for s in siblings]
    whole = abs(sum(amounts, Decimal(0)) - share.base) <= value_tolerance("wan_yuan", amounts, len(amounts))
    if printed == _HUNDRED or not (computed == _HUNDRED or whole):
        return outcome, ""
    return Outcome.FAILS, f"；所列比例合计 {printed.normalize():f}%，不等于 100%"


@check("N-03")
def shares_match_their_parts(ctx: Context) -> Iterator[Finding]:
    shares = _read_shares(ctx)
    _settle_list_bases(shares)
    for share in shares:
        outcome = share.outcomes[share.pick]
        if outcome is Outcome.HOLDS:
            continue
        why = ""
        if outcome in (Outcome.ROUNDING, Outcome.TRUNCATED):
            outcome, why = _list_verdict(share, shares)
        claim = share.claim
        computed = _fmt(share.computed, claim.value)
        yield narrative_finding(
            "N-03",
            outcome,
            f"“{claim.subject}”{share.part.value} 万元占 {share.base.normalize():f} 万元的比例应为 "
            f"{computed}%，说明为 {claim.value}%{why}。",
            claim=claim,
            expected=computed,
            actual=claim.value,
            # Without a named base the sentence may mean another total; an adjustment that breaks
            # the list is a last digit: not certain either.
            severity="error" if share.explicit and not why else "warning",
        )
