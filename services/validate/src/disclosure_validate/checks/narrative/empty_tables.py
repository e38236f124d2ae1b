"""stated-against-empty-table: a table printed empty (or all zero, or "无") while the narrative states
a non-zero amount for what it shows — 政府性基金, 国有资本经营, "三公" and its parts — and a zero
stated for a fund whose table prints amounts. (A non-empty "三公" table against its amounts is N-07.)
"""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_shared.records import Claim, Evidence, Finding, Location, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.readers.narrative import money_claims, quote
from disclosure_validate.readers.narrative_figures import THREE_PUBLIC
from disclosure_validate.registry import check

_FUNDS = {"政府性基金": TableKind.GOVERNMENT_FUND, "国有资本经营": TableKind.STATE_CAPITAL}
_NAMES = {
    TableKind.GOVERNMENT_FUND: "政府性基金预算财政拨款支出表",
    TableKind.STATE_CAPITAL: "国有资本经营预算财政拨款支出表",
    TableKind.THREE_PUBLIC_EXPENSES: "“三公”经费支出表",
}


def _printed(table: Table) -> bool:
    """The table prints some non-zero amount."""
    return not table.empty and any(v for row in table.rows for v in row.values.values())


def _kind(claim: Claim) -> TableKind | None:
    if claim.subject in THREE_PUBLIC:
        return TableKind.THREE_PUBLIC_EXPENSES
    return next((kind for word, kind in _FUNDS.items() if claim.subject.startswith(word)), None)


def _finding(claim: Claim, table: Table, message: str) -> Finding:
    name = table.number or _NAMES[table.kind]
    return Finding(
        rule="stated-against-empty-table",
        severity="error",
        probable_cause="source",
        message=message.format(table=name),
        actual=claim.value,
        location=Location(table=table.kind, page=claim.page, row=claim.subject),
        evidence=[
            Evidence(page=claim.page, text=quote(claim)),
            Evidence(page=table.pages[0] if table.pages else None, text=table.statement or table.title),
        ],
    )


@check("stated-against-empty-table")
def stated_amounts_against_empty_tables(ctx: Context) -> Iterator[Finding]:
    for claim in money_claims(ctx.disclosure.claims):
        kind = _kind(claim)
        tables = ctx.tables_of(kind) if kind else []
        if not tables:
            continue  # the document does not print that table: nothing to hold the sentence against
        printed = any(_printed(t) for t in tables)
        unit = "元" if claim.unit == "yuan" else "万元"
        if claim.value != 0 and not printed:
            yield _finding(
                claim,
                tables[0],
                f"说明中“{claim.subject}”为 {claim.value} {unit}，{{table}}却为空（或全为零）。",
            )
        elif claim.value == 0 and printed and kind in _FUNDS.values() and _whole_fund(claim):
            yield _finding(claim, tables[0], f"说明中“{claim.subject}”为 0，{{table}}却列有金额。")


def _whole_fund(claim: Claim) -> bool:
    """A statement of the fund's own 收入 or 支出 (not of a 类 of it, not a change from last year)."""
    changes = ("比上年", "与上年", "较上年")
    return claim.subject.endswith(("收入", "支出")) and not any(w in claim.text for w in changes)
