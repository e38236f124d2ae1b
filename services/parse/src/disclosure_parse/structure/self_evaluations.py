"""绩效自评表 (SPEC §5.3) as typed records: `Table.self_evaluations` of the self-evaluation tables.

A 自评表 is kept as printed cells, one row per printed line, and merged cells leave the 一级/二级
labels on the first line of their group only. Each printed 自评表 starts at its 预算执行情况 line
(预算数(A) | 执行数(B) | 执行率 | 得分; the parser may merge several sheets into one table,
003:L704–868). Labels carry the printed weights: "产出指标 (40分)" / "数量指标 (10分)" (S1,
001:L909) or a separate 分值 column (S3, 003:L718). An indicator line is read from the right (…,
三级指标, 年初目标值, 实际完成值, [分值], 得分), so label cells the extraction split or dropped on the
left do not shift the scores, and the labels are carried down from the lines above.

A line the extraction damaged (a value cell lost, labels cut mid-word) is kept for counting, with
what it lost in `unread`: its scores or its labels are unknown, and a rule needing them stays quiet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from itertools import pairwise

from disclosure_parse.structure.self_evaluation_cells import (
    OVERALL_GOAL,
    WEIGHT,
    Level,
    classify,
    execution_weight,
    garbled_number,
    is_goal,
    is_header,
    plain,
    rate,
    trailing,
    weight,
)
from disclosure_parse.structure.sheet_cells import printed_cells
from disclosure_shared.records import (
    Row,
    SelfEvaluation,
    SelfEvaluationIndicator,
    SelfEvaluationLabel,
    Table,
)
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import spaceless_key

_NAMED = re.compile(r"^项目名称[:：]?(.*)$")


@dataclass
class _Label:
    text: str
    level: Level  # 0 年度目标, 1 一级指标, 2 二级指标
    name: str
    line: int
    members: list[int] = field(default_factory=list)

    def record(self) -> SelfEvaluationLabel:
        return SelfEvaluationLabel(
            level=self.level,
            name=self.name,
            text=self.text,
            weight=weight(self.text),
            line=self.line,
            indicators=self.members,
        )


@dataclass(frozen=True)
class _Execution:
    """The 预算执行情况 line: 预算数(A) | 执行数(B) | 执行率 | 得分 as its last four cells."""

    line: int
    planned: Decimal
    spent: Decimal
    rate_text: str
    rate: Decimal
    score: Decimal


@dataclass
class _Sheet:
    """One printed 自评表, as read so far."""

    page: int | None
    name: str | None = None
    execution: _Execution | None = None
    execution_text: str = ""
    indicators: list[SelfEvaluationIndicator] = field(default_factory=list)
    labels: list[_Label] = field(default_factory=list)
    total: Decimal | None = None
    total_line: int | None = None
    project_total: tuple[Decimal, int] | None = None
    separate_points: bool = False
    goal_blocks: bool = False
    indicator_weight: Decimal | None = None
    execution_weight: Decimal | None = None
    unread: list[str] = field(default_factory=list)

    def record(self, title: str) -> SelfEvaluation:
        execution = self.execution
        lines = {"execution": execution.line} if execution else {}
        if self.total_line is not None:
            lines["total"] = self.total_line
        if self.project_total is not None:
            lines["project_total"] = self.project_total[1]
        return SelfEvaluation(
            name=self.name,
            budget=execution.planned if execution else None,
            executed=execution.spent if execution else None,
            rate=execution.rate if execution else None,
            rate_text=execution.rate_text if execution else None,
            execution_points=execution.score if execution else None,
            total_points=self.total,
            indicators=self.indicators,
            page=self.page,
            execution_weight=self.execution_weight,
            indicator_weight=self.indicator_weight,
            overall="整体" in title or "整体" in self.execution_text or self.goal_blocks,
            project_total=self.project_total[0] if self.project_total else None,
            labels=[label.record() for label in self.labels],
            lines=lines,
            unread=self.unread,
        )


class _State(Enum):
    BEFORE = "before"  # above the 预算执行情况 line
    EXECUTION = "execution"
    INDICATORS = "indicators"
    AFTER = "after"  # below 总分


def _opens_indicators(rows: Sequence[Row]) -> bool:
    """A header or 年度目标 line follows: the line above was an execution line, not an indicator."""
    for row in rows:
        texts = printed_cells(row)
        if is_header(texts) or any(is_goal(t) for t in texts):
            return True
    return False


def _execution(rows: Sequence[Row], index: int, strict: bool) -> _Execution | None:
    """The last four cells of a line that names the fund ("年度财政资金总额", 001:L907) or, outside
    the indicators (not `strict`), is followed by the indicator header (003:L717 prints the numbers
    alone)."""
    texts = [t.strip() for t in printed_cells(rows[index])]
    if len(texts) < 4:
        return None
    named = any("总额" in t for t in texts)
    if not named and (strict or not _opens_indicators(rows[index + 1 : index + 3])):
        return None
    planned, spent = plain(texts[-4]), plain(texts[-3])
    printed_rate, score = rate(texts[-2]), trailing(texts[-1])
    if planned is None or spent is None or printed_rate is None or score is None:
        return None
    return _Execution(index, planned, spent, texts[-2], printed_rate, score)


def _garbled_execution(rows: Sequence[Row], index: int, strict: bool) -> bool:
    """An execution line (as `_execution` finds one) whose numbers the extraction damaged: a value
    cell prints digits that do not read ("1,75O.53"). It still starts a sheet of its own."""
    texts = [t.strip() for t in printed_cells(rows[index])]
    if len(texts) < 4 or not any(garbled_number(t) for t in texts[-4:]):
        return False
    if any(plain(t) is None and rate(t) is None and not garbled_number(t) for t in texts[-4:-1]):
        return False
    return any("总额" in t for t in texts) or (not strict and _opens_indicators(rows[index + 1 : index + 3]))


@dataclass
class _Reader:
    """Reads the printed lines of one self-evaluation table, in order."""

    rows: Sequence[Row]
    sheets: list[_Sheet] = field(default_factory=list)
    state: _State = _State.BEFORE
    groups: list[_Label | None] = field(default_factory=lambda: [None, None, None])

    @property
    def current(self) -> _Sheet:
        return self.sheets[-1]

    def start(self, page: int | None) -> None:
        self.sheets.append(_Sheet(page))
        self.state = _State.BEFORE
        self.groups = [None, None, None]

    def read(self) -> None:
        index = 0
        while index < len(self.rows):
            index += self.line(index)

    def line(self, index: int) -> int:
        """Read one printed line; the number of lines consumed (a wrapped label takes two)."""
        row = self.rows[index]
        texts = [t.strip() for t in printed_cells(row)]
        if not self.sheets:
            self.start(row.page)
        if not texts:
            return 1
        first = spaceless_key(texts[0])
        if first.startswith("总分"):
            self.total(index, texts)
            return 1
        strict = self.state is _State.INDICATORS
        execution = _execution(self.rows, index, strict)
        if execution is not None or _garbled_execution(self.rows, index, strict):
            if self.state is not _State.BEFORE or self.current.execution is not None:
                self.start(row.page)
            self.current.execution = execution
            self.current.unread += ["execution"] if execution is None else []
            self.current.execution_text = " ".join(texts)
            self.current.execution_weight = execution_weight(texts) or self.current.execution_weight
            self.state = _State.EXECUTION
            return 1
        if (named := _NAMED.match(first)) is not None:
            if self.state is _State.AFTER:
                self.start(row.page)
            self.current.name = self.current.name or named.group(1) or (texts[1] if len(texts) > 1 else None)
            return 1
        if self.state is _State.AFTER:
            return 1
        if is_header(texts):
            self.header(texts)
            return 1
        if self.state is _State.BEFORE and not any(is_goal(t) for t in texts):
            self.before(index, texts)
            return 1
        return self.body(index, texts)

    def total(self, index: int, texts: Sequence[str]) -> None:
        """总分, the number the line ends with; unread when its cell prints digits that do not read."""
        self.current.total_line = index
        self.state = _State.AFTER
        if garbled_number(texts[-1]):
            self.current.unread.append("total")
        else:
            self.current.total = trailing(" ".join(texts))

    def header(self, texts: Sequence[str]) -> None:
        self.current.separate_points = self.current.separate_points or any("分值" in t for t in texts)
        goal = next((t for t in texts if is_goal(t)), None)
        if goal is not None and weight(goal) is not None:
            self.current.indicator_weight = weight(goal)
        self.state = _State.INDICATORS

    def before(self, index: int, texts: Sequence[str]) -> None:
        """Above the execution line the 整体 table prints 基本/项目支出总额 (001:L778)."""
        for label, value in pairwise(texts):
            amount = plain(value)
            name = spaceless_key(label)
            if amount is not None and "总额" in name and "项目支出" in name:
                self.current.project_total = (amount, index)
        if any("预算执行" in t or "执行率" in t for t in texts):
            self.current.execution_weight = execution_weight(texts) or self.current.execution_weight

    def body(self, index: int, texts: list[str]) -> int:
        self.state = _State.INDICATORS
        goal = next((t for t in texts if is_goal(t)), None)
        if goal is not None:
            label = _Label(goal, 0, WEIGHT.sub("", spaceless_key(goal)).rstrip(":："), index)
            self.current.labels.append(label)
            self.current.goal_blocks = self.current.goal_blocks or bool(
                OVERALL_GOAL.match(spaceless_key(goal))
            )
            self.groups = [label, None, None]
            return 1
        if (plain(texts[-1]) is None and not garbled_number(texts[-1])) or len(texts) < 3:
            self.apply(self.labels(texts, index)[0])
            return 1
        return self.indicator(index, texts)

    def labels(self, texts: Sequence[str], index: int) -> tuple[list[_Label], bool]:
        """The labels among `texts` and whether some cell is a cut fragment of one."""
        found: list[_Label] = []
        cut = False
        level1 = self.groups[1]
        for text in texts:
            seen = any(label.level >= 1 for label in found)
            label = classify(text, seen, level1.name if level1 else None)
            if isinstance(label, tuple):
                found.append(_Label(text, label[0], label[1], index))
                level1 = found[-1] if label[0] == 1 else level1
            elif isinstance(label, str):
                cut = True
        return found, cut

    def apply(self, labels: Sequence[_Label]) -> None:
        """A label opens its group and closes the groups below it."""
        for label in labels:
            self.current.labels.append(label)
            self.groups[label.level] = label
            for lower in range(label.level + 1, 3):
                self.groups[lower] = None

    def indicator(self, index: int, texts: list[str]) -> int:
        separate = self.current.separate_points
        width = 5 if separate else 4
        score = plain(texts[-1])
        points = plain(texts[-2]) if separate else None
        garbled = [at for at in (-1, -2) if len(texts) >= -at and garbled_number(texts[at])]
        lone = separate and points is None and -2 not in garbled
        if lone:
            width = 4  # one number where 分值 and 得分 should be (003:L862)
        damaged = -1 in garbled
        name_at = len(texts) - width
        if name_at >= 0 and weight(texts[name_at]) is not None:
            # the name cell is a weighted label: a value cell was lost (001:L791)
            damaged, name_at = True, name_at + 1
        if name_at < 0:
            damaged, name_at = True, 0
        labels, cut = self.labels(texts[:name_at], index)
        if not damaged and self.bare_label(texts[name_at], labels):
            damaged = True
        consumed = 1
        if cut and index + 1 < len(self.rows):
            joined = self.joined(texts[:name_at], self.rows[index + 1], index)
            if joined is not None:
                labels, cut, consumed = joined, False, 2
        self.apply(labels)
        unread_max = separate and (damaged or lone or -2 in garbled)
        unread = (["points_max"] if unread_max else []) + (["points"] if damaged else [])
        values = texts[name_at + 1 : name_at + 3] if not damaged else []
        found = SelfEvaluationIndicator(
            level1=self.groups[1].name if self.groups[1] else None,
            level2=self.groups[2].name if self.groups[2] else None,
            level3=texts[name_at],
            target=values[0] if len(values) == 2 else None,
            actual=values[1] if len(values) == 2 else None,
            points_max=None if damaged else points,
            points=None if damaged else score,
            page=self.rows[index].page,
            line=index,
            unread=unread + (["labels"] if cut else []),
        )
        at = len(self.current.indicators)
        for group in self.groups:
            if group is not None:
                group.members.append(at)
        self.current.indicators.append(found)
        return consumed

    def bare_label(self, name: str, labels: Sequence[_Label]) -> bool:
        """The name cell is a 二级 label with no 二级 before it: the 三级 name was lost and the
        values are shifted. (003:L862 names its indicator "服务对象满意度指标" after the same 二级.)"""
        level1 = self.groups[1]
        label = classify(name, True, level1.name if level1 else None)
        return isinstance(label, tuple) and not any(found.level == 2 for found in labels)

    def joined(self, left: Sequence[str], following: Row, index: int) -> list[_Label] | None:
        """Labels wrapped onto the next line, cell by cell: "满意" + "度指标 (10分)" (001:L1214–1216)."""
        below = [t.strip() for t in printed_cells(following)]
        if len(below) != len(left) or plain(below[-1]) is not None:
            return None
        labels, cut = self.labels([a + b for a, b in zip(left, below, strict=True)], index)
        return None if cut or not labels else labels


def table_self_evaluations(table: Table) -> list[SelfEvaluation]:
    """The 自评表 a self-evaluation table prints, in printed order."""
    if table.empty or not table.rows:
        return []
    reader = _Reader(table.rows)
    reader.read()
    return [
        s.record(table.title) for s in reader.sheets if s.execution is not None or s.indicators or s.unread
    ]


def with_self_evaluations(tables: list[Table]) -> list[Table]:
    """`tables` with each self-evaluation table's 自评表 filled in."""
    return [
        t.model_copy(update={"self_evaluations": table_self_evaluations(t)})
        if t.kind == TableKind.PERFORMANCE_SELF_EVALUATION
        else t
        for t in tables
    ]
