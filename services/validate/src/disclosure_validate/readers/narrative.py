"""Shared reading for the narrative rules: sentences of claims, table figures by subject, stated
amounts compared at their printed precision, and findings quoting the sentence.

Claims keep the sentence they were read from (`Claim.text`); consecutive claims with the same text
come from one sentence, which is the unit the N-rules reason about ("X 万元，增加 Y 万元，增长 Z%").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from disclosure_shared.records import Claim, Row, Table
from disclosure_shared.text_keys import spaceless_key
from disclosure_validate.context import Context

WAN = Decimal(10000)
MONEY_UNITS = ("wan_yuan", "yuan")


@dataclass(frozen=True)
class Figure:
    """A value printed in a table, in 万元, with where it was read."""

    value: Decimal
    table: Table
    row: Row
    column: str
    decimals: int  # decimals of the printed value in 万元 (2 for 万元 tables, 6 for 元 tables)


@lru_cache(maxsize=4096)  # the same table and narrative names are compared thousands of times
def key(text: str) -> str:
    """Name as compared: NFKC, no spaces/quotes/markup, no leading ordinal."""
    text = re.sub(r"[\"'“”‘’*]", "", spaceless_key(text))
    return re.sub(r"^([一二三四五六七八九十廿]+、|\d+[.、]|[(（][一二三四五六七八九十\d]+[)）])", "", text)


def sentences(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Claims grouped by the sentence they came from, in reading order."""
    groups: list[list[Claim]] = []
    for claim in claims:
        if groups and groups[-1][0].text == claim.text and groups[-1][0].page == claim.page:
            groups[-1].append(claim)
        else:
            groups.append([claim])
    return groups


def decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def in_wan(claim: Claim) -> tuple[Decimal, int]:
    """A stated money value in 万元 and its precision in 万元 decimals."""
    if claim.unit == "yuan":
        return claim.value / WAN, decimals_of(claim.value) + 4
    return claim.value, decimals_of(claim.value)


def figure(table: Table | None, row: Row | None, column: str) -> Figure | None:
    """The row's value in 万元 (a blank cell of a printed row reads as 0, SPEC §2.0)."""
    if table is None or row is None:
        return None
    if column not in row.values:
        return None  # a column the row does not have is unknown, not zero
    value = row.values[column]
    if value is None:
        value = Decimal(0)
    if table.unit == "yuan":
        return Figure(value / WAN, table, row, column, decimals_of(value) + 4)
    return Figure(value, table, row, column, max(2, decimals_of(value)))


def find_row(table: Table | None, names: Iterable[str], side: str | None = None) -> Row | None:
    if table is None:
        return None
    wanted = {key(n) for n in names}
    return next(
        (r for r in table.rows if key(r.name) in wanted and (side is None or r.side in (side, None))),
        None,
    )


def total_row(table: Table | None) -> Row | None:
    """The 合计 row of a coded table (a blank-coded first row counts)."""
    if table is None:
        return None
    named = find_row(table, ["合计", "总计"])
    return named or next((r for r in table.rows if not r.code and r.values), None)


def code_row(table: Table | None, code: str) -> Row | None:
    if table is None:
        return None
    return next((r for r in table.rows if r.code == code), None)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole * 100


def quote(claim: Claim, limit: int = 160) -> str:
    """The sentence as printed, cut around the stated number when it is long."""
    text = claim.text
    if len(text) <= limit:
        return text
    printed = f"{claim.value:,}" if claim.value >= 1000 else str(claim.value)
    at = max(text.find(printed), text.find(str(claim.value)))
    start = max(0, min(at - limit // 2, len(text) - limit)) if at >= 0 else 0
    return text[start : start + limit]


def money_claims(claims: Iterable[Claim], kind: str = "amount") -> Iterator[Claim]:
    return (c for c in claims if c.kind == kind and c.unit in MONEY_UNITS)


def is_final(ctx: Context) -> bool:
    return ctx.disclosure.document.kind == "final_accounts"


# Sentences that state a budget next to an outturn ("年初预算为 X，支出决算为 Y"): their amounts
# are read by the completion rule (N-06), not as plain statements of the table's figure. A budget
# document's "项目支出预算数为 10688.66 万元" (省委办公厅2017 p7) states no outturn: a plain statement.
BUDGET_AND_OUTTURN = re.compile(r"((年初|全年)预算(数)?为|预算数为|调整预算).*(决算|执行)")


_NUM = r"([\d,]+(?:\.\d+)?)"
# "年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%" (N-06, and the checks that skip such sentences).
COMPLETION = re.compile(
    rf"(?:年初|全年)?预算(?:数)?为\s*{_NUM}\s*万元[，,]\s*(?:支出决算|执行数|决算数)(?:数)?为\s*{_NUM}\s*万元"
    rf"(?:[，,]\s*完成(?:年初|全年)?预算(?:的)?\s*{_NUM}\s*[%％])?"
)
