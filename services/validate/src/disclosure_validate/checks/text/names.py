"""Beyond arithmetic: names and repeated statements a reviewer checks by reading.

subject-name-mismatch   a 类/款/项 named in the narrative differently from the table's name for the
                        same code (an old category name, a word dropped)
restated-amount-differs the same total stated twice in the narrative with different values
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Claim, Evidence, Finding, Location, Row
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.readers.narrative import BUDGET_AND_OUTTURN, in_wan, key, money_claims, quote
from disclosure_validate.readers.narrative_figures import class_code
from disclosure_validate.registry import check

_LABEL = re.compile(r"（(类|款|项)）")


def _levels(subject: str) -> list[tuple[str, str]]:
    """ "A（类）B（款）C（项）" -> [(A, 类), (B, 款), (C, 项)]; names may hold "（室）"."""
    parts = _LABEL.split(subject)
    return [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2) if parts[i]]


_LENGTH = {"类": 3, "款": 5, "项": 7}


def _level_of(code: str | None) -> str:
    return next((level for level, length in _LENGTH.items() if length == len(code or "")), "")


def _name_key(name: str) -> str:
    return re.sub(r"(支出)+$", "", key(name).replace("(", "（").replace(")", "）"))


def _same(stated: str, printed: str) -> bool:
    a, b = _name_key(stated), _name_key(printed)
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 4 and longer.startswith(shorter)  # table cells truncate long names


def _rows(ctx: Context) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for kind in (TableKind.GENERAL_BUDGET_EXPENDITURE, TableKind.EXPENDITURE):
        table = ctx.table(kind)
        for row in table.rows if table else []:
            if row.code and row.code.isdigit() and row.code.startswith("2"):
                rows.setdefault(row.code, row)
    return rows


def _only_child(rows: dict[str, Row], parent: str, length: int) -> str | None:
    children = [c for c in rows if len(c) == length and c.startswith(parent)]
    return children[0] if len(children) == 1 else None


def _code_of(ctx: Context, claim: Claim, levels: list[tuple[str, str]], rows: dict[str, Row]) -> str | None:
    """The claim's code, or — when the parser could not resolve a renamed 款/项 — the only 款/项
    under the named 类 whose amount is the one stated (S3 L458: one 206 款, one 项, 324.73)."""
    if claim.code:
        return claim.code
    if levels[0][1] != "类":
        return None
    klass = class_code(ctx, levels[0][0])
    if klass is None:
        return None
    code: str | None = klass
    for _, level in levels[1:]:
        code = _only_child(rows, code, _LENGTH[level]) if code else None
    if code is None or len(code) != _LENGTH[levels[-1][1]]:
        return None
    printed = rows[code].values.get("total")
    stated = {in_wan(c)[0] for c in money_claims([claim]) if c.unit == "wan_yuan"}
    return code if printed is not None and printed in stated else None


@check("subject-name-mismatch")
def narrative_names_match_tables(ctx: Context) -> Iterator[Finding]:
    rows = _rows(ctx)
    reported: set[tuple[str, str]] = set()
    for claim in money_claims(ctx.disclosure.claims):
        levels = _levels(claim.subject)
        if not levels:
            unlabelled = _unlabelled_item(claim, rows)
            if unlabelled is not None and (claim.subject, unlabelled.name) not in reported:
                reported.add((claim.subject, unlabelled.name))
                yield _mismatch(claim, claim.subject, unlabelled)
            continue
        code = _code_of(ctx, claim, levels, rows)
        if code is None or len(code) != _LENGTH[levels[-1][1]]:
            continue
        for name, level in levels:
            row = rows.get(code[: _LENGTH[level]])
            if row is None or _same(name, row.name) or (name, row.name) in reported:
                continue
            reported.add((name, row.name))
            yield _mismatch(claim, name, row, _other_level(rows, code, name, level))


def _other_level(rows: dict[str, Row], code: str, name: str, level: str) -> Row | None:
    """The row of another level on the same code path that carries the printed name: "行政事业单位
    离退休（类）" names the 款 20805, "住房保障支出（款）" the 类 221."""
    for length in _LENGTH.values():
        row = rows.get(code[:length])
        if length != _LENGTH[level] and row is not None and _same(name, row.name):
            return row
    return None


def _mismatch(claim: Claim, name: str, row: Row, named: Row | None = None) -> Finding:
    message = f"说明中的科目名称“{name}”与表中同一科目（{row.code}）的名称“{key(row.name)}”不一致。"
    if named is not None:
        printed_as = _level_of(row.code)
        message = (
            f"说明把{_level_of(named.code)}级科目“{name}”（{named.code}）标成了{printed_as}；"
            f"表中该{printed_as}（{row.code}）的名称为“{key(row.name)}”。"
        )
    return Finding(
        rule="subject-name-mismatch",
        severity="warning",
        probable_cause="source",
        message=message,
        location=Location(page=claim.page, row=row.code, table=TableKind.GENERAL_BUDGET_EXPENDITURE),
        evidence=[
            Evidence(page=claim.page, text=quote(claim)),
            Evidence(page=row.page, text=f"{row.code} {row.name}", bbox=row.bbox),
        ],
    )


def _unlabelled_item(claim: Claim, rows: dict[str, Row]) -> Row | None:
    """ "其他抚恤支出 3.25 万元" (S4 L1687) printed without （项）: the one 项 row with that amount,
    when both names have the shape 其他…支出 of a catch-all 项 but differ."""
    name = key(claim.subject)
    if claim.unit != "wan_yuan" or not (name.startswith("其他") and name.endswith("支出")):
        return None
    if any(_same(name, r.name) for r in rows.values()):
        return None
    same_amount = [r for c, r in rows.items() if len(c) == 7 and r.values.get("total") == claim.value]
    if len(same_amount) != 1:
        return None
    printed = key(same_amount[0].name)
    return same_amount[0] if printed.startswith("其他") and printed.endswith("支出") else None


# Totals that name one figure of the document wherever they are stated.
_RESTATED = ("收入总计", "支出总计", "收入合计", "支出合计", "基本支出", "项目支出", "人员经费", "公用经费")
_CONTEXT = re.compile(r"项目|绩效|（类）|（款）|（项）|\((类|款|项)\)|类支出")


@check("restated-amount-differs")
def totals_are_stated_consistently(ctx: Context) -> Iterator[Finding]:
    first: dict[str, tuple[Decimal, Claim]] = {}
    for claim in money_claims(ctx.disclosure.claims):
        if claim.subject not in _RESTATED or BUDGET_AND_OUTTURN.search(claim.text):
            continue
        if claim.subject not in ("项目支出",) and _CONTEXT.search(claim.text):
            continue
        value, _ = in_wan(claim)
        if claim.subject not in first:
            first[claim.subject] = (value, claim)
            continue
        earlier, earlier_claim = first[claim.subject]
        if value != earlier:
            yield Finding(
                rule="restated-amount-differs",
                severity="warning",
                probable_cause="source",
                message=f"说明中“{claim.subject}”前后两处金额不一致：{earlier} 万元与 {value} 万元。",
                expected=earlier,
                actual=value,
                difference=value - earlier,
                location=Location(page=claim.page, row=claim.subject),
                evidence=[
                    Evidence(page=earlier_claim.page, text=quote(earlier_claim)),
                    Evidence(page=claim.page, text=quote(claim)),
                ],
            )
