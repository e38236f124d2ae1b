"""The tolerance policy of SPEC §3.0: how a difference becomes pass, rounding (info) or error."""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import Enum

from disclosure_shared.identities import money_tolerance

__all__ = ["Outcome", "compare_money", "compare_percent", "money_tolerance", "wan_from_yuan"]


class Outcome(Enum):
    HOLDS = "holds"
    ROUNDING = "rounding"  # within tolerance but not equal: severity info, probable_cause rounding
    TRUNCATED = "truncated"  # a percentage cut rather than rounded: info
    FAILS = "fails"


def compare_money(expected: Decimal, actual: Decimal, tolerance: Decimal) -> Outcome:
    difference = abs(expected - actual)
    if difference == 0:
        return Outcome.HOLDS
    return Outcome.ROUNDING if difference <= tolerance else Outcome.FAILS


def compare_percent(computed: Decimal, stated: Decimal) -> Outcome:
    """Compare at the stated precision: 0.5 units of its last printed decimal, or truncation."""
    exponent = stated.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    unit = Decimal(1).scaleb(-decimals)
    if abs(computed - stated) <= unit / 2:
        return Outcome.HOLDS
    if computed.quantize(unit, rounding=ROUND_FLOOR) == stated:
        return Outcome.TRUNCATED
    return Outcome.FAILS


def wan_from_yuan(yuan: Decimal, places: int = 2) -> Decimal:
    """元 → 万元 as the documents round it (half up), at the precision the text states."""
    return (yuan / Decimal(10000)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
