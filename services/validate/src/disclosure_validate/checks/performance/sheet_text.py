"""N-18: a project sheet's own text against its numbers (SPEC §3.3). The S0 form's "项目前两年预算
及当年预算变动情况" and the S4 form's 项目实施方案 (资金投向) state amounts that must agree with the
sheet's 项目当年预算. The sheets are read by project_sheets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal

from disclosure_shared.printed_cells import WAN, keyed_cells
from disclosure_shared.records import Finding, Location, Row, Severity
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import line_evidence, unit_words
from disclosure_validate.readers.narrative import decimals_of
from disclosure_validate.readers.printed_cells import label
from disclosure_validate.readers.project_sheets import Printed, Sheet, budget_line, project_sheets
from disclosure_validate.registry import check
from disclosure_validate.wording import money

_YEAR_AMOUNT = re.compile(
    r"(?<![\d.])(?P<year>\d{4}|\d{2})\s*年度?(?P<gap>[^\d。；;]{0,12}?)(?P<value>\d+(?:\.\d+)?)\s*万"
)
_PLAN_CLAUSE = re.compile(r"资金(?:的)?(?:主要)?投向[于:：]?(?P<clause>[^。\n]*)")
_LISTED = re.compile(r"\s*([(（]?[1-9一二三四五六七八九十][)）.、．])")
_CHANGE_WORDS = re.compile(r"增|减|比|较|追加|调整|差|多|少|结转")
_NOT_A_SUM = re.compile(r"共计|合计|小计|含|其中|每|/|\*|×|至|不含")
_PLAN_AMOUNT = re.compile(r"(?<![\d.])(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>万元|万|元)")


def _stated_holds(stated: Decimal, budget: Printed | None, unit: str | None) -> bool:
    """A 万元 figure of the text against a sheet amount, at the precision the text states."""
    if budget is None:
        return False
    wan = budget.value / WAN if unit == "yuan" else budget.value
    places = decimals_of(stated)
    if places < decimals_of(wan):
        wan = wan.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return wan == stated


def _text_after(sheet: Sheet, caption: str, stop: tuple[str, ...]) -> tuple[str, list[Row]]:
    """The text printed after a caption cell, with the wrapped lines that follow it."""
    rows: list[Row] = []
    for row in sheet.rows:
        cells = keyed_cells(row)
        first = label(cells[0][1]) if cells else ""
        if not rows and first.startswith(caption):
            rows.append(row)
        elif rows and (first.startswith(stop) or any(label(t).startswith(stop) for _, t in cells)):
            break
        elif rows:
            rows.append(row)
    texts = [t for i, r in enumerate(rows) for j, (_, t) in enumerate(keyed_cells(r)) if i or j]
    return "\n".join(re.sub(r"<[^>]+>", "\n", t) for t in texts), rows


def _change_findings(sheet: Sheet, year: int) -> Iterator[Finding]:
    """S0 "项目前两年预算及当年预算变动情况": what it says of the current year = 项目当年预算."""
    text, rows = _text_after(sheet, "项目前两年预算", ("项目资金来源", "项目前两年预算情况"))
    if not rows:
        return
    total, current = budget_line(sheet)
    stated = [
        Decimal(m.group("value"))
        for m in _YEAR_AMOUNT.finditer(text)
        if _full_year(m.group("year")) == year and not _CHANGE_WORDS.search(m.group("gap"))
    ]
    if not stated or any(_stated_holds(s, b, sheet.unit) for s in stated for b in (current, total)):
        return
    if current is None:
        return
    words = unit_words(sheet.unit)
    message = (
        f"{sheet.label}“项目前两年预算及当年预算变动情况”称 {year} 年预算 {money(stated[0])} 万元，"
        f"而本表项目当年预算为 {money(current.value)} {words}，请核对。"
    )
    yield _text_finding(sheet, "error", message, stated[0], current, rows, "项目前两年预算及当年预算变动情况")


def _full_year(printed: str) -> int:
    """ "23 年" in a 2023 sheet is 2023 (000:L914)."""
    return int(printed) if len(printed) == 4 else 2000 + int(printed)


def _plan_findings(sheet: Sheet) -> Iterator[Finding]:
    """项目实施方案 "资金（主要）投向：…X 万元，…Y 万元": Σ = 项目当年预算. Only the clause after 资金投向
    is read (elsewhere the plan quotes parts, arrears and subtotals, 004:L979); it may list only the
    main uses, so a difference is a warning."""
    text, rows = _text_after(sheet, "项目实施方案", ("项目总预算", "项目当年预算"))
    _, current = budget_line(sheet)
    if not rows or current is None:
        return
    for clause in _PLAN_CLAUSE.finditer(text):
        if _LISTED.match(clause.group("clause")) or _NOT_A_SUM.search(clause.group("clause")):
            continue  # a list with subtotals and arrears inside (004:L979), or rates: not a sum
        amounts = [
            Decimal(m.group("value")) / (WAN if m.group("unit") == "元" else 1)
            for m in _PLAN_AMOUNT.finditer(clause.group("clause"))
        ]
        if not amounts:
            continue
        stated = sum(amounts, Decimal(0))
        if _stated_holds(stated, current, sheet.unit):
            continue
        words = unit_words(sheet.unit)
        message = (
            f"{sheet.label}项目实施方案所列资金投向合计 {money(stated)} 万元，"
            f"而本表项目当年预算为 {money(current.value)} {words}，请核对。"
        )
        yield _text_finding(sheet, "warning", message, stated, current, rows, "项目实施方案")


def _text_finding(
    sheet: Sheet,
    severity: Severity,
    message: str,
    stated: Decimal,
    current: Printed,
    rows: Sequence[Row],
    subject: str,
) -> Finding:
    expected = current.value / WAN if sheet.unit == "yuan" else current.value
    return Finding(
        rule="N-18",
        severity=severity,
        probable_cause="source",
        message=message,
        expected=expected,
        actual=stated,
        difference=stated - expected,
        location=Location(
            table=sheet.table.kind, page=rows[0].page, row=f"{sheet.name or sheet.label}/{subject}"
        ),
        evidence=line_evidence([*rows[:3], current.row]),
    )


@check("N-18")
def project_sheet_text(ctx: Context) -> Iterator[Finding]:
    """A project sheet's text against its numbers: the current year of "项目前两年预算及当年预算变动
    情况" (S0) and the 资金投向 of 项目实施方案 (S4) against 项目当年预算."""
    year = ctx.disclosure.document.year
    for sheet in project_sheets(ctx):
        if year is not None:
            yield from _change_findings(sheet, year)
        yield from _plan_findings(sheet)
