"""Table identity from the text around it: title, printed number, money unit, kind, emptiness."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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
_TITLE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("performance_self_evaluation", ("自评",)),
    ("performance_project", ("项目申报表",)),
    ("performance_project", ("项目支出绩效目标",)),
    ("performance_overall", ("整体支出绩效目标",)),
    ("performance_overall", ("整体绩效目标",)),
    ("performance_project", ("绩效目标表",)),
    ("three_public_expenses", ("三公",)),
    ("government_fund", ("政府性基金",)),
    ("state_capital", ("国有资本经营",)),
    ("fiscal_appropriation_summary", ("财政拨款收支",)),
    ("fiscal_appropriation_summary", ("财政拨款收入支出",)),
    ("operating_expenses", ("机关运行经费",)),
    ("general_budget_expenditure_by_unit", ("一般公共预算支出", "分单位")),
    ("general_budget_basic_expenditure", ("一般公共预算", "基本支出")),
    ("fiscal_appropriation_basic_expenditure", ("财政拨款基本支出",)),
    ("general_budget_expenditure", ("一般公共预算", "支出")),
    ("fiscal_appropriation_expenditure", ("财政拨款支出",)),
    ("government_procurement", ("政府采购",)),
    ("purchased_services", ("购买服务",)),
    ("asset_allocation", ("资产配置",)),
    ("project_expenditure", ("项目支出表",)),
    ("project_expenditure", ("项目支出预算表",)),
    ("revenue_expenditure_summary", ("收支", "总表")),
    ("revenue_expenditure_summary", ("收入支出", "总表")),
    ("revenue", ("收入", "表")),
    ("expenditure", ("支出", "表")),
    ("key_work", ("重点工作",)),
    ("contacts", ("通讯录",)),
)
# Printed 决算 numbers (公开01表…公开09表) follow the national 决算 template (SPEC §1.6).
_FINAL_NUMBERS = {
    1: "revenue_expenditure_summary",
    2: "revenue",
    3: "expenditure",
    4: "fiscal_appropriation_summary",
    5: "general_budget_expenditure",
    6: "general_budget_basic_expenditure",
    7: "government_fund",
    8: "state_capital",
    9: "three_public_expenses",
}


@dataclass(frozen=True)
class Identity:
    kind: str
    title: str
    number: str | None
    unit: str | None
    reason: str


def kind_of_title(title: str) -> str | None:
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
    return Identity("unknown", title or header_text[:40], number, unit, "none")


def kind_of_header(text: str) -> str | None:
    """Fallback when no title was printed: the column vocabulary of the first rows."""
    key = text_key(text)
    amount_words = ("预算数", "决算数", "金额")
    if "收入" in key and "支出" in key and "项目" in key and any(w in key for w in amount_words):
        return "revenue_expenditure_summary"
    if "因公出国" in key and "公务接待" in key:
        return "three_public_expenses"
    if "人员经费" in key and "公用经费" in key and "经济分类" in key:
        return "general_budget_basic_expenditure"
    if "重要事项" in key and "完成情况" in key:
        return "key_work"
    if "科目编码" in key and "基本支出" in key and "项目支出" in key:
        return "expenditure"
    return None
