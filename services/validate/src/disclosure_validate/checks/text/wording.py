"""Beyond arithmetic: wording a careful reader would stop at.

direction-word-contradiction  增加 … 下降; 增加 …，主要是减少… (决算数小于预算数: outturn_words.py)
wrong-year                    a comparison with a year other than the previous one, or the year's
                              figures introduced with another year
scope-word-mismatch           部门 wording in a 单位 document (or 单位决算/预算 in a 部门 document)
truncated-sentence            a sentence of the explanation that stops mid-way
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Claim, Evidence, Finding, Location, Severity
from disclosure_validate.context import Context
from disclosure_validate.readers.narrative import sentences
from disclosure_validate.readers.narrative_prose import narrative_lines
from disclosure_validate.registry import check


def _text_finding(
    rule: str, message: str, page: int | None, text: str, severity: Severity = "warning"
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        probable_cause="source",
        message=message,
        location=Location(page=page),
        evidence=[Evidence(page=page, text=text[:200])],
    )


def _distinct_sentences(ctx: Context) -> list[Claim]:
    return [group[0] for group in sentences(ctx.disclosure.claims)]


# ---- direction words --------------------------------------------------------------------------

_REASON_AGAINST = {
    "increase": re.compile(r"(增加|增长)[^。；]*?主要(原因)?(是|为)?(由于)?[:：]?\s*(减少|下降|压减)"),
    "decrease": re.compile(r"(减少|下降)[^。；]*?主要(原因)?(是|为)?(由于)?[:：]?\s*(增加|增长)"),
}


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@check("direction-word-contradiction")
def direction_words_agree(ctx: Context) -> Iterator[Finding]:
    for group in sentences(ctx.disclosure.claims):
        head = group[0]
        changes = [c for c in group if c.kind == "change" and c.direction]
        for amount in (c for c in changes if c.unit != "percent"):
            rate = next((c for c in changes if c.unit == "percent" and c.subject == amount.subject), None)
            if rate is not None and rate.direction != amount.direction:
                yield _text_finding(
                    "direction-word-contradiction",
                    f"“{amount.subject}”的增减额与增减率方向相反（{amount.value} 万元、{rate.value}%）。",
                    head.page,
                    head.text,
                )
                break
        directions = {c.direction for c in changes if c.unit != "percent"}
        if len(directions) == 1:
            (direction,) = directions
            if direction and _REASON_AGAINST[direction].search(head.text):
                yield _text_finding(
                    "direction-word-contradiction",
                    "说明的增减原因与增减方向相反。",
                    head.page,
                    head.text,
                )


# ---- years -------------------------------------------------------------------------------------

_COMPARISON_YEAR = re.compile(r"(?:比|较|与|同)\s*(\d{4})\s*年")
_STATEMENT_YEAR = re.compile(
    r"^[（(]?[一二三四五六七八九十\d]*[)）、.．]?\s*(?:本部门|本单位)?\s*(\d{4})\s*年度?\s*(?:部门|单位)?"
    r"(?:收支总预算|收入预算|支出预算|收、支总计|收支总计|收入合计|支出合计|一般公共预算|财政拨款|项目支出"
    r"|政府采购|机关运行经费|“三公”|三公)"
)


@check("wrong-year")
def years_match_the_document(ctx: Context) -> Iterator[Finding]:
    year = ctx.disclosure.document.year
    if year is None:
        return
    for head in _distinct_sentences(ctx):
        for match in _COMPARISON_YEAR.finditer(head.text):
            if int(match.group(1)) != year - 1:
                yield _text_finding(
                    "wrong-year",
                    f"{year} 年的说明与 {match.group(1)} 年比较，应为与上年（{year - 1} 年）比较。",
                    head.page,
                    head.text,
                )
        stated = _STATEMENT_YEAR.match(head.text)
        if stated and int(stated.group(1)) != year:
            yield _text_finding(
                "wrong-year",
                f"{year} 年的说明中以“{stated.group(1)} 年”表述本年数据。",
                head.page,
                head.text,
            )


# ---- 部门 / 单位 ---------------------------------------------------------------------------------

_DEPARTMENT_WORDS = re.compile(r"本部门|我部门|\d{4}\s*年度?\s*部门(决算|预算)")
_UNIT_WORDS = re.compile(r"\d{4}\s*年度?\s*单位(决算|预算)")


@check("scope-word-mismatch")
def scope_words_match_the_document(ctx: Context) -> Iterator[Finding]:
    scope = ctx.disclosure.document.scope
    if scope is None:
        return
    wrong = _DEPARTMENT_WORDS if scope == "unit" else _UNIT_WORDS
    expected = "单位" if scope == "unit" else "部门"
    kind = "决算" if ctx.disclosure.document.kind == "final_accounts" else "预算"
    for page, line in narrative_lines(ctx):
        match = wrong.search(line)
        if match:
            yield _text_finding(
                "scope-word-mismatch",
                f"本文件为{expected}{kind}，说明中却写作“{match.group(0)}”。",
                page,
                line,
            )


# ---- sentences cut off -------------------------------------------------------------------------

_NEW_ITEM = re.compile(
    r"^#*\s*\**\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}\s*[.、．](?!\d)|第[一二三四五六七八九十]+部分)"
)
# A line ending in a number or unit lacks only its full stop; a cut sentence ends mid-word.
_ENDS = re.compile(r"[。；;！？!?：:…）)」”\"*%％\d元个辆人]$")


@check("truncated-sentence")
def sentences_are_complete(ctx: Context) -> Iterator[Finding]:
    lines = narrative_lines(ctx)
    for index, (page, line) in enumerate(lines):
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if len(line) < 30 or "\t" in line or "|" in line or not re.search("[，,、]", line):
            continue
        if _ENDS.search(line) or (following and not _NEW_ITEM.match(following)):
            continue
        yield _text_finding(
            "truncated-sentence",
            f"说明中的句子在“{line[-12:]}”处中断，内容不完整。",
            page,
            line[-200:],
        )
