"""The tolerance policy of SPEC §3.0: how a difference becomes pass, rounding (info) or error."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import Enum

from disclosure_shared.identities import money_tolerance, precision_allowance, printed_unit
from disclosure_validate.readers.narrative import Figure

__all__ = [
    "Outcome",
    "compare_money",
    "compare_percent",
    "in_one_unit",
    "money_tolerance",
    "precision_allowance",
    "printed_tolerance",
    "value_tolerance",
    "wan_from_yuan",
]


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


def value_tolerance(unit: str | None, values: Iterable[Decimal], terms: int = 1) -> Decimal:
    """SPEC §3.0 for a comparison of printed values outside one table (the table-free twin of
    `money_tolerance`): 万元 values drift by 0.01 per rounded term (capped at 0.05); whole 元 by 1
    元 per two terms; 元 printed with cents are exact."""
    values = list(values)
    if unit == "yuan":
        whole = all(v == v.to_integral_value() for v in values)
        if whole:
            return min(Decimal(5), max(Decimal(1), Decimal("0.5") * terms))
        return max(Decimal("0.005"), printed_tolerance(values))
    base = min(Decimal("0.05"), max(Decimal("0.01"), Decimal("0.005") * terms)) + Decimal("0.0001")
    return max(base, printed_tolerance(values))


def printed_tolerance(values: Iterable[Decimal]) -> Decimal:
    """Two readings of one quantity, one printed as a whole number and the other with decimals: the
    whole one was rounded to its precision, so they may differ by less than one of its units
    (`precision_allowance`, SPEC §3.0). Zero is exact; figures printed alike get nothing."""
    printed = [v for v in values if v]
    if not printed:
        return Decimal(0)
    finest = min(printed_unit(v) for v in printed)
    coarsest = max(printed_unit(v) for v in printed)
    return coarsest - finest if finest < 1 <= coarsest else Decimal(0)


def in_one_unit(
    expected: Decimal, expected_unit: str | None, actual: Decimal, actual_unit: str | None
) -> tuple[Decimal, Decimal, str | None]:
    """Two amounts from tables printed in different units, both in 万元 (元 → 万元 rounded half up,
    SPEC §3.0); amounts already in one unit are returned as they are."""
    if expected_unit == actual_unit or None in (expected_unit, actual_unit):
        return expected, actual, expected_unit or actual_unit
    if expected_unit == "yuan":
        expected = wan_from_yuan(expected)
    if actual_unit == "yuan":
        actual = wan_from_yuan(actual)
    return expected, actual, "wan_yuan"


def compare_stated(stated: Decimal, places: int, figure: Figure) -> Outcome:
    """SPEC §3.0 unit conversion: the table value rounded half-up to the stated precision."""
    if places >= figure.decimals:
        rounded = figure.value
    else:
        rounded = figure.value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == stated:
        return Outcome.HOLDS
    if places == figure.decimals:
        # Printed at the same precision ("1,499.25" against a 万元 cell 1499.26): the text copies the
        # cell, nothing was rounded between them, so any difference is the text's.
        return Outcome.FAILS
    if places < figure.decimals:
        # A finer cell (元 → 万元) printed cut instead of rounded is rounding; any other figure is not.
        cut = figure.value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)
        return Outcome.ROUNDING if cut == stated else Outcome.FAILS
    # One cent of 万元 is the drift a rounded printed figure may carry (SPEC §3.0).
    return Outcome.ROUNDING if abs(figure.value - stated) <= Decimal("0.01") else Outcome.FAILS
