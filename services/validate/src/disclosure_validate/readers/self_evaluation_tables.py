"""Reading the 决算 绩效自评表 (SPEC §5.3) back into sections (self_evaluation_sections), for the
self-evaluation checks (I-26, I-27 in checks/performance/self_evaluation.py, X-16 and N-13 in
checks/performance/counts.py).

The parser keeps a self-evaluation table as printed lines (`printed_cells.cells`). A section
is one printed 自评表 (the parser may merge several into one table, 003:L704–868), with its 预算执行情况
row (A, B, 执行率, 得分), its indicator rows and the labels they sit under. Labels carry the printed
weights: "产出指标 (40分)" / "数量指标 (10分)" (S1, 001:L909) or a separate 分值 column (S3, 003:L718).
Indicators are read from the right (…, 三级指标, 目标值, 完成值, [分值], 得分), so label cells the
extraction split or dropped on the left do not shift the scores.

A row the extraction damaged (a value cell lost, labels cut mid-word) is kept for counting but never
yields an error: its scores are unknown, and the sums it belongs to are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from itertools import pairwise

from disclosure_shared.records import Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import spaceless_key
from disclosure_validate.context import Context
from disclosure_validate.readers.printed_cells import cells
from disclosure_validate.readers.self_evaluation_sections import Budget, Indicator, Label, Section

OUTPUT_LEVEL2 = ("数量指标", "质量指标", "时效指标")  # the 二级 labels that belong under 产出指标

_WEIGHT = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_GOAL = re.compile(r"^年度(?:绩效)?目标\s*\d*")
_OVERALL_GOAL = re.compile(r"^年度目标\s*\d*")  # the 整体 table's one block per project (001:L781)
_FORMULA = re.compile(r"(\d+(?:\.\d+)?)\s*分\s*[*×xX]\s*执行率")
_BLOCK = re.compile(r"^年度绩效指标")  # "年度绩效指标 1:" only marks a block (003:L659)
_PLAIN = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_TRAILING = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_LEVEL2_STEMS = ("数量", "质量", "时效", "成本", "效益", "满意度", "可持续", "影响")
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标")


def _plain(text: str) -> Decimal | None:
    """A cell that is just a number ("1,750.53", "20.00"), not a share or a value with a unit."""
    stripped = spaceless_key(text)
    return Decimal(stripped.replace(",", "")) if _PLAIN.fullmatch(stripped) else None


def _trailing(text: str) -> Decimal | None:
    """The number a cell ends with ("(20 分*执行率) 20.00" -> 20.00, 003:L741)."""
    match = _TRAILING.search(unicodedata.normalize("NFKC", text))
    return Decimal(match.group(1).replace(",", "")) if match else None


def _rate(text: str) -> Decimal | None:
    """执行率 as printed: "100%", "100.00%" or a bare "100" (001:L780)."""
    stripped = spaceless_key(text).rstrip("%")
    return Decimal(stripped) if _PLAIN.fullmatch(stripped) and "," not in stripped else None


def _weight(text: str) -> Decimal | None:
    match = _WEIGHT.search(unicodedata.normalize("NFKC", text))
    return Decimal(match.group(1)) if match else None


def _execution_weight(texts: Sequence[str]) -> Decimal | None:
    """The weight of budget execution: "(20 分*执行率)" (003:L656) or "(20分)" (001:L780)."""
    joined = unicodedata.normalize("NFKC", " ".join(texts))
    match = _FORMULA.search(joined)
    return Decimal(match.group(1)) if match else _weight(joined)


# ---- reading the printed lines back into sections ----------------------------------------------


class _State(Enum):
    BEFORE = "before"  # above the 预算执行情况 row
    BUDGET = "budget"
    INDICATORS = "indicators"
    AFTER = "after"  # below 总分


def _texts(row: Row) -> list[str]:
    return [c.strip() for c in cells(row) if c.strip()]


def _opens_indicators(rows: Sequence[Row]) -> bool:
    """A header or 年度目标 row follows: the row above was a budget row, not an indicator."""
    for row in rows:
        texts = _texts(row)
        if _is_header(texts) or any(_GOAL.match(spaceless_key(t)) for t in texts):
            return True
    return False


def _budget(rows: Sequence[Row], index: int, strict: bool) -> Budget | None:
    """预算数(A) | 执行数(B) | 执行率 | 得分 as the row's last four cells, on a row that names the
    fund ("年度财政资金总额", 001:L907) or, outside the indicators (not `strict`), is followed by
    the indicator header (003:L717 prints the numbers alone)."""
    row = rows[index]
    texts = _texts(row)
    if len(texts) < 4:
        return None
    named = any("总额" in t for t in texts)
    if not named and (strict or not _opens_indicators(rows[index + 1 : index + 3])):
        return None
    planned, spent = _plain(texts[-4]), _plain(texts[-3])
    rate, score = _rate(texts[-2]), _trailing(texts[-1])
    if planned is None or spent is None or rate is None or score is None:
        return None
    return Budget(row, planned, spent, texts[-2], rate, score)


def _is_header(texts: Sequence[str]) -> bool:
    normalized = {_WEIGHT.sub("", spaceless_key(t)) for t in texts}
    return "一级指标" in normalized and bool({"二级指标", "三级指标"} & normalized)


def _classify(text: str, row: Row, seen_taxonomy: bool, level1: Label | None) -> Label | str | None:
    """A label cell: a Label, None for a cell that marks nothing ("年度绩效指标 1:", "分)"), or the
    text itself when it is a fragment of a label the extraction cut ("满意", 001:L1214)."""
    normalized = spaceless_key(text)
    name = _WEIGHT.sub("", normalized).rstrip(":：")
    weight = _weight(text)
    if _BLOCK.match(name) or name in _HEADER_WORDS:
        return None
    if _GOAL.match(name):
        return Label(text, 0, name, weight, row)
    level2_cost = name == "成本指标" and level1 is not None and level1.name == "产出指标"
    if name in _LEVEL1 and not seen_taxonomy and not level2_cost:
        return Label(text, 1, name, weight, row)
    if name.endswith("指标") and len(name) <= 14 and any(s in name for s in _LEVEL2_STEMS):
        return Label(text, 2, name, weight, row)
    # a weight cut from the label above ("分)", 001:L1085) marks nothing either
    return normalized if _CJK.search(re.sub(r"分?[)）]$", "", name)) else None


@dataclass
class _Reader:
    """Reads the printed lines of every 自评表 of a document, in order."""

    sections: list[Section] = field(default_factory=list)
    state: _State = _State.BEFORE
    groups: list[Label | None] = field(default_factory=lambda: [None, None, None])

    @property
    def current(self) -> Section:
        return self.sections[-1]

    def start(self, table: Table) -> None:
        self.sections.append(Section(table))
        self.state = _State.BEFORE
        self.groups = [None, None, None]

    def read(self, table: Table) -> None:
        rows = table.rows
        starts_anew = any(_budget(rows, i, strict=False) for i in range(min(4, len(rows))))
        if not self.sections or starts_anew or self.state is _State.AFTER:
            self.start(table)
        index = 0
        while index < len(rows):
            index += self.row(table, rows, index)

    def row(self, table: Table, rows: Sequence[Row], index: int) -> int:
        """Read one printed line; the number of lines consumed (a wrapped label takes two)."""
        row = rows[index]
        texts = _texts(row)
        if not texts:
            return 1
        if spaceless_key(texts[0]).startswith("总分"):
            self.current.total = _trailing(" ".join(texts))
            self.current.total_row = row
            self.state = _State.AFTER
            return 1
        strict = self.state is _State.INDICATORS
        budget = _budget(rows, index, strict)
        if budget is not None:
            if self.state is not _State.BEFORE or self.current.budget is not None:
                self.start(table)
            self.current.budget = budget
            self.current.execution_weight = _execution_weight(texts) or self.current.execution_weight
            self.state = _State.BUDGET
            return 1
        if self.state is _State.AFTER:
            return 1
        if _is_header(texts):
            self.header(texts)
            return 1
        if self.state is _State.BEFORE and not any(_GOAL.match(spaceless_key(t)) for t in texts):
            self.before(row, texts)
            return 1
        return self.body(rows, index, texts)

    def header(self, texts: Sequence[str]) -> None:
        self.current.separate_points = self.current.separate_points or any("分值" in t for t in texts)
        goal = next((t for t in texts if _GOAL.match(spaceless_key(t))), None)
        if goal is not None and _weight(goal) is not None:
            self.current.indicator_weight = _weight(goal)
        self.state = _State.INDICATORS

    def before(self, row: Row, texts: Sequence[str]) -> None:
        """Above the budget row the 整体 table prints 基本/项目支出总额 (001:L778)."""
        for label, value in pairwise(texts):
            amount = _plain(value)
            if amount is not None and "总额" in label:
                self.current.stated[spaceless_key(label)] = (amount, row)
        if any("预算执行" in t or "执行率" in t for t in texts):
            self.current.execution_weight = _execution_weight(texts) or self.current.execution_weight

    def body(self, rows: Sequence[Row], index: int, texts: list[str]) -> int:
        row = rows[index]
        self.state = _State.INDICATORS
        goal = next((t for t in texts if _GOAL.match(spaceless_key(t))), None)
        if goal is not None:
            label = Label(goal, 0, spaceless_key(goal), _weight(goal), row)
            self.current.labels.append(label)
            self.current.goal_blocks = self.current.goal_blocks or bool(
                _OVERALL_GOAL.match(spaceless_key(goal))
            )
            self.groups = [label, None, None]
            return 1
        if _plain(texts[-1]) is None or len(texts) < 3:
            self.apply(self.labels(texts, row)[0])
            return 1
        return self.indicator(rows, index, texts)

    def labels(self, texts: Sequence[str], row: Row) -> tuple[list[Label], bool]:
        """The labels among `texts` and whether some cell is a cut fragment of one."""
        found: list[Label] = []
        cut = False
        level1 = self.groups[1]
        for text in texts:
            seen = any(label.level >= 1 for label in found)
            label = _classify(text, row, seen, level1)
            if isinstance(label, Label):
                found.append(label)
                level1 = label if label.level == 1 else level1
            elif isinstance(label, str):
                cut = True
        return found, cut

    def apply(self, labels: Sequence[Label]) -> None:
        """A label opens its group and closes the groups below it."""
        for label in labels:
            self.current.labels.append(label)
            self.groups[label.level] = label
            for lower in range(label.level + 1, 3):
                self.groups[lower] = None

    def indicator(self, rows: Sequence[Row], index: int, texts: list[str]) -> int:
        row = rows[index]
        width = 5 if self.current.separate_points else 4
        score = _plain(texts[-1])
        points = _plain(texts[-2]) if self.current.separate_points else None
        lone = self.current.separate_points and points is None
        if lone:
            width = 4  # one number where 分值 and 得分 should be (003:L862)
        damaged = False
        name_at = len(texts) - width
        if name_at >= 0 and _weight(texts[name_at]) is not None:
            # the name cell is a weighted label: a value cell was lost (001:L791)
            damaged, name_at, score, points = True, name_at + 1, None, None
        if name_at < 0:
            damaged, name_at, score, points = True, 0, None, None
        labels, cut = self.labels(texts[:name_at], row)
        if not damaged and self.bare_label(texts[name_at], labels, row):
            damaged, score, points = True, None, None
        consumed = 1
        if cut and index + 1 < len(rows):
            joined = self.joined(texts[:name_at], rows[index + 1], row)
            if joined is not None:
                labels, cut, consumed = joined, False, 2
        self.apply(labels)
        found = Indicator(
            row,
            texts[name_at],
            points,
            score,
            (self.groups[0], self.groups[1], self.groups[2]),
            damaged=damaged,
            uncertain=cut,
            lone_number=lone,
        )
        for group in found.groups:
            if group is not None:
                group.members.append(found)
        self.current.indicators.append(found)
        return consumed

    def bare_label(self, name: str, labels: Sequence[Label], row: Row) -> bool:
        """The name cell is a 二级 label with no 二级 before it: the 三级 name was lost and the
        values are shifted. (003:L862 names its indicator "服务对象满意度指标" after the same 二级.)"""
        label = _classify(name, row, seen_taxonomy=True, level1=self.groups[1])
        return isinstance(label, Label) and not any(found.level == 2 for found in labels)

    def joined(self, left: Sequence[str], following: Row, row: Row) -> list[Label] | None:
        """Labels wrapped onto the next line, cell by cell: "满意" + "度指标 (10分)" (001:L1214–1216)."""
        below = _texts(following)
        if len(below) != len(left) or _plain(below[-1]) is not None:
            return None
        labels, cut = self.labels([a + b for a, b in zip(left, below, strict=True)], row)
        return None if cut or not labels else labels


def sections(ctx: Context) -> list[Section]:
    """Every printed 自评表 of the document, in order, with its indicators' 分值 filled in where a
    label weighs one indicator alone (S1 prints every indicator's weight on its 二级 label)."""
    reader = _Reader()
    for table in ctx.tables_of(TableKind.PERFORMANCE_SELF_EVALUATION):
        if not table.empty and table.rows:
            reader.read(table)
    found = [s for s in reader.sections if s.budget is not None or s.indicators]
    for table in {id(s.table): s.table for s in found}.values():
        own = [s for s in found if s.table is table]
        for ordinal, section in enumerate(own, start=1):
            section.ordinal, section.of = ordinal, len(own)
    for section in found:
        for indicator in section.indicators:
            if indicator.points is None:
                _infer_points(indicator)
    return found


def _infer_points(indicator: Indicator) -> None:
    """The nearest weighted label above the indicator is its 分值 when it weighs nothing else."""
    for group in reversed(indicator.groups):
        if group is not None and group.weight is not None:
            if len(group.members) == 1:
                indicator.points, indicator.points_from = group.weight, group
            return
