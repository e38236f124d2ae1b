"""The printed cells of a 绩效自评表 (SPEC §5.3) read as numbers, weights and labels, for
`self_evaluations`: "1,750.53", "100%", "(20 分*执行率) 20.00", "产出指标 (40分)"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Literal

from disclosure_shared.text_keys import spaceless_key

WEIGHT = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
GOAL = re.compile(r"^年度(?:绩效)?目标\s*\d*")
OVERALL_GOAL = re.compile(r"^年度目标\s*\d*")  # the 整体 table's one block per project (001:L781)
_FORMULA = re.compile(r"(\d+(?:\.\d+)?)\s*分\s*[*×xX]\s*执行率")
_BLOCK = re.compile(r"^年度绩效指标")  # "年度绩效指标 1:" only marks a block (003:L659)
_PLAIN = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_TRAILING = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_LEVEL2_STEMS = ("数量", "质量", "时效", "成本", "效益", "满意度", "可持续", "影响")
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标")


def plain(text: str) -> Decimal | None:
    """A cell that is just a number ("1,750.53", "20.00"), not a share or a value with a unit."""
    stripped = spaceless_key(text)
    if not _PLAIN.fullmatch(stripped):
        return None
    try:
        return Decimal(stripped.replace(",", ""))
    except InvalidOperation:
        return None


def trailing(text: str) -> Decimal | None:
    """The number a cell ends with ("(20 分*执行率) 20.00" -> 20.00, 003:L741)."""
    match = _TRAILING.search(unicodedata.normalize("NFKC", text))
    try:
        return Decimal(match.group(1).replace(",", "")) if match else None
    except InvalidOperation:
        return None


def garbled_number(text: str) -> bool:
    """Digits printed where a number belongs that do not read as one ("1O.00", "8.5.0"): the
    extraction damaged the cell. A share ("95%") or a value with a unit ("12个") is no score."""
    stripped = spaceless_key(text)
    return (
        bool(re.search(r"\d", stripped))
        and not _CJK.search(stripped)
        and "%" not in stripped
        and (plain(stripped) is None)
    )


def rate(text: str) -> Decimal | None:
    """执行率 as printed: "100%", "100.00%" or a bare "100" (001:L780)."""
    stripped = spaceless_key(text).rstrip("%％")
    return plain(stripped) if "," not in stripped else None


def weight(text: str) -> Decimal | None:
    """The weight printed on a label: "产出指标 (40分)" -> 40."""
    match = WEIGHT.search(unicodedata.normalize("NFKC", text))
    return Decimal(match.group(1)) if match else None


def execution_weight(texts: Sequence[str]) -> Decimal | None:
    """The weight of budget execution: "(20 分*执行率)" (003:L656) or "(20分)" (001:L780)."""
    joined = unicodedata.normalize("NFKC", " ".join(texts))
    match = _FORMULA.search(joined)
    return Decimal(match.group(1)) if match else weight(joined)


def is_header(texts: Sequence[str]) -> bool:
    """The indicator header: 一级指标 | 二级指标 | 三级指标 | …."""
    normalized = {WEIGHT.sub("", spaceless_key(t)) for t in texts}
    return "一级指标" in normalized and bool({"二级指标", "三级指标"} & normalized)


def is_goal(text: str) -> bool:
    return bool(GOAL.match(spaceless_key(text)))


Level = Literal[0, 1, 2]


def classify(text: str, seen_taxonomy: bool, level1: str | None) -> tuple[Level, str] | str | None:
    """A label cell as (level, name): 0 年度目标, 1 一级, 2 二级; None for a cell that marks nothing
    ("年度绩效指标 1:", "分)"), or the text itself when it is a fragment of a label the extraction
    cut ("满意", 001:L1214). `level1` is the 一级 label the cell sits under (成本指标 is a 二级
    label under 产出指标)."""
    normalized = spaceless_key(text)
    name = WEIGHT.sub("", normalized).rstrip(":：")
    if _BLOCK.match(name) or name in _HEADER_WORDS:
        return None
    if GOAL.match(name):
        return 0, name
    level2_cost = name == "成本指标" and level1 == "产出指标"
    if name in _LEVEL1 and not seen_taxonomy and not level2_cost:
        return 1, name
    if name.endswith("指标") and len(name) <= 14 and any(s in name for s in _LEVEL2_STEMS):
        return 2, name
    # a weight cut from the label above ("分)", 001:L1085) marks nothing either
    return normalized if _CJK.search(re.sub(r"分?[)）]$", "", name)) else None
