"""Table identity from the text around it: title, printed number, money unit, kind, emptiness."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from disclosure_shared.records import Unit
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key

_NUMBER_PATTERNS = (
    (re.compile(r"公开\s*(\d{1,2})\s*表"), "公开{}表"),
    (re.compile(r"附\s*表\s*(\d{1,2})"), "附表{}"),
    (re.compile(r"公开\s*表\s*([一二三四五六七八九十]+)"), "公开表{}"),
    (re.compile(r"(?:^|[^附\w])表\s*(\d{1,2}(?:\s*-\s*\d{1,2})?)(?=$|[^\d表])"), "表{}"),
)
_UNIT = re.compile(r"单位\s*[:：]?\s*(万元|元)")
_EMPTY = re.compile(
    r"(本(部门|单位)|当年|本年度?|\d{4}\s*年度?)[^。]{0,12}(无|没有)|无相关收支|无此项|没有使用|[此本]表为空|(无|没有)[^。]{0,20}"
    r"(政府性基金|国有资本经营|三公|购买服务|政府采购)"
)
_NOTE = re.compile(r"^(注|说明|备注)\s*[:：\d]")

# (kind, all of these substrings) checked in order: the most specific wording first.
_TITLE_RULES: tuple[tuple[TableKind, tuple[str, ...]], ...] = (
    (TableKind.PERFORMANCE_SELF_EVALUATION, ("自评",)),
    (TableKind.PERFORMANCE_PROJECT, ("项目申报表",)),
    (TableKind.PERFORMANCE_PROJECT, ("项目支出绩效目标",)),
    (TableKind.PERFORMANCE_OVERALL, ("整体支出绩效目标",)),
    (TableKind.PERFORMANCE_OVERALL, ("整体绩效目标",)),
    (TableKind.PERFORMANCE_PROJECT, ("绩效目标表",)),
    (TableKind.THREE_PUBLIC_EXPENSES, ("三公",)),
    (TableKind.GOVERNMENT_FUND, ("政府性基金",)),
    (TableKind.STATE_CAPITAL, ("国有资本经营",)),
    (TableKind.FISCAL_APPROPRIATION_SUMMARY, ("财政拨款收支",)),
    (TableKind.FISCAL_APPROPRIATION_SUMMARY, ("财政拨款收入支出",)),
    (TableKind.OPERATING_EXPENSES, ("机关运行经费",)),
    (TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT, ("一般公共预算支出", "分单位")),
    (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, ("一般公共预算", "基本支出")),
    (TableKind.FISCAL_APPROPRIATION_BASIC_EXPENDITURE, ("财政拨款基本支出",)),
    (TableKind.GENERAL_BUDGET_EXPENDITURE, ("一般公共预算", "支出")),
    (TableKind.FISCAL_APPROPRIATION_EXPENDITURE, ("财政拨款支出",)),
    (TableKind.GOVERNMENT_PROCUREMENT, ("政府采购",)),
    (TableKind.PURCHASED_SERVICES, ("购买服务",)),
    (TableKind.ASSET_ALLOCATION, ("资产配置",)),
    (TableKind.PROJECT_EXPENDITURE, ("项目支出表",)),
    (TableKind.PROJECT_EXPENDITURE, ("项目支出预算表",)),
    (TableKind.REVENUE_EXPENDITURE_SUMMARY, ("收支", "总表")),
    (TableKind.REVENUE_EXPENDITURE_SUMMARY, ("收入支出", "总表")),
    (TableKind.REVENUE, ("收入", "表")),
    (TableKind.EXPENDITURE, ("支出", "表")),
    (TableKind.KEY_WORK, ("重点工作",)),
    (TableKind.CONTACTS, ("通讯录",)),
)
# Printed 决算 numbers (公开01表…公开09表) follow the national 决算 template (SPEC §1.6).
_FINAL_NUMBERS = {
    1: TableKind.REVENUE_EXPENDITURE_SUMMARY,
    2: TableKind.REVENUE,
    3: TableKind.EXPENDITURE,
    4: TableKind.FISCAL_APPROPRIATION_SUMMARY,
    5: TableKind.GENERAL_BUDGET_EXPENDITURE,
    6: TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
    7: TableKind.GOVERNMENT_FUND,
    8: TableKind.STATE_CAPITAL,
    9: TableKind.THREE_PUBLIC_EXPENSES,
}


@dataclass(frozen=True)
class Identity:
    kind: TableKind
    title: str
    number: str | None
    unit: str | None
    reason: str


def kind_of_title(title: str) -> TableKind | None:
    key = text_key(title)
    for kind, needles in _TITLE_RULES:
        if all(n in key for n in needles):
            return kind
    return None


def _is_title(line: str) -> bool:
    key = text_key(line)
    return len(key) <= 60 and not _NOTE.match(key) and ("表" in key or kind_of_title(key) is not None)


def _wrapped_title(first: str, second: str) -> bool:
    """A title printed over two lines: a numbered or titled first line, a short tail ending in 表."""
    head, tail = text_key(first), text_key(second)
    return (
        _is_title(first)
        and not head.endswith(("表", "。"))
        and len(tail) <= 12
        and tail.endswith("表")
        and (printed_number([first]) is not None or kind_of_title(head) is not None)
    )


def printed_number(lines: Sequence[str]) -> str | None:
    for line in reversed(lines):
        for pattern, fmt in _NUMBER_PATTERNS:
            match = pattern.search(line)
            if match:
                return fmt.format(re.sub(r"\s", "", match.group(1)))
    return None


def title_index(context: Sequence[str]) -> int | None:
    """Index of the nearest title-like line above the table, preferring ones with a known kind."""
    ranked: list[tuple[int, int]] = []
    for index in range(len(context) - 1, -1, -1):
        line = context[index]
        if not _is_title(line):
            continue
        known = kind_of_title(line) is not None
        ends = text_key(line).rstrip(":：)）").endswith("表")
        ranked.append((0 if known and ends else 1 if known else 2, -index))
    return -min(ranked)[1] if ranked else None


def money_unit(lines: Sequence[str]) -> str | None:
    for line in reversed(lines):
        key = line.replace(" ", "")
        match = _UNIT.search(key)
        if match:
            return "wan_yuan" if match.group(1) == "万元" else "yuan"
        if re.search(r"单位[:：]万$", key):
            return "wan_yuan"  # "单位：万" / "…元" wrapped over two lines (Jiangsu court 2019 p14)
    return None


_CAPTION = re.compile(r"单位[:：]?(万元|元)|[（(](万元|元)[)）]")


def unit_in_cells(cells: Iterable[str]) -> Unit | None:
    """The first unit caption among a table's cells ("项目资金情况（万元）", "单位：元")."""
    for cell in cells:
        match = _CAPTION.search(text_key(cell))
        if match:
            return "wan_yuan" if "万元" in match.group(0) else "yuan"
    return None


def empty_statement(lines: Sequence[str]) -> str | None:
    for line in lines:
        if _EMPTY.search(text_key(line)):
            return line
    return None


def identify(
    context: Sequence[str], header_text: str, doc_kind: str | None, number_hint: str | None = None
) -> Identity:
    """Kind by title first, then printed 决算 number, then header vocabulary."""
    index = title_index(context)
    title = context[index] if index is not None else ""
    if index is not None and index > 0 and _wrapped_title(context[index - 1], title):
        # "公开 09 表：…“三公”经费、会议费、培训费" / "支出预算表" (检察院 2018 p19)
        title = f"{context[index - 1]}{text_key(title)}"
        index -= 1
    scope = context[index:] if index is not None else context
    # the number sits on the title line, just below it ("公开 01 表") or just above it ("附表 1:")
    above = context[max(0, index - 2) : index] if index is not None else []
    number = printed_number(scope) or printed_number(above) or number_hint
    unit = money_unit(scope) or money_unit(context)
    kind = kind_of_title(title) if title else None
    if kind is not None:
        return Identity(kind, title, number, unit, "title")
    if number and number.startswith("公开") and doc_kind == "final_accounts":
        value = int(re.sub(r"\D", "", number))
        if value in _FINAL_NUMBERS:
            return Identity(_FINAL_NUMBERS[value], title or number, number, unit, "number")
    kind = kind_of_header(header_text)
    if kind is not None:
        return Identity(kind, title or header_text[:40], number, unit, "header")
    return Identity(TableKind.UNKNOWN, title or header_text[:40], number, unit, "none")


def kind_of_header(text: str) -> TableKind | None:
    """Fallback when no title was printed: the column vocabulary of the first rows."""
    key = text_key(text)
    amount_words = ("预算数", "决算数", "金额")
    if "收入" in key and "支出" in key and "项目" in key and any(w in key for w in amount_words):
        return TableKind.REVENUE_EXPENDITURE_SUMMARY
    if "因公出国" in key and "公务接待" in key:
        return TableKind.THREE_PUBLIC_EXPENSES
    if "人员经费" in key and "公用经费" in key and "经济分类" in key:
        return TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE
    if "重要事项" in key and "完成情况" in key:
        return TableKind.KEY_WORK
    if "科目编码" in key and "基本支出" in key and "项目支出" in key:
        return TableKind.EXPENDITURE
    return None
