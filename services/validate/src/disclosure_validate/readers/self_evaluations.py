"""The parser's typed 决算 绩效自评表 (`Table.self_evaluations`, SPEC §5.3) with the printed lines each
field was read from, for the self-evaluation checks (I-26, I-27 in checks/performance/self_evaluation.py,
X-16 and N-13 in checks/performance/counts.py).

A section is one printed 自评表: its 预算执行情况 line (A, B, 执行率, 得分), its indicators and the
labels they sit under, with the weights printed on them. What an indicator's line does not give is
named in its `unread`: a damaged line is kept for counting but never yields an error, and the sums
it belongs to are skipped. A record of a parser before 0.4.3 carries neither the lines nor the
labels nor the damage: its sheet is left unread, and the rules stay quiet on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_shared.records import Row, SelfEvaluation, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import spaceless_key
from disclosure_validate.context import Context
from disclosure_validate.wording import money

EXECUTION_POINTS = Decimal(20)  # "得分(20分*执行率)": the template's weight of budget execution
OUTPUT_LEVEL2 = ("数量指标", "质量指标", "时效指标")  # the 二级 labels that belong under 产出指标


@dataclass(eq=False)
class Label:
    """A printed 一级/二级 label or a 年度目标 block, with the weight printed on it."""

    text: str
    level: int  # 0 年度目标, 1 一级指标, 2 二级指标
    name: str
    weight: Decimal | None
    row: Row
    members: list[Indicator] = field(default_factory=list)


@dataclass(eq=False)
class Indicator:
    """A 三级指标 line: its 分值 and 得分 as read, and the labels it sits under."""

    row: Row
    name: str
    points: Decimal | None  # 分值: its own column, or the weight of a label over it alone
    score: Decimal | None  # 得分; None when the printed line lost it
    groups: tuple[Label | None, Label | None, Label | None]  # 年度目标, 一级, 二级
    damaged: bool = False  # a value cell is missing: the scores are unknown
    uncertain: bool = False  # the labels on the left are cut: its groups are unknown
    lone_number: bool = False  # a 分值/得分 layout printing one number: which one is unsure
    points_from: Label | None = None  # the label its 分值 was read from


@dataclass(frozen=True)
class Budget:
    """The 预算执行情况 line of a 自评表."""

    row: Row
    planned: Decimal  # 预算数 (A)
    spent: Decimal  # 执行数 (B)
    rate_text: str
    rate: Decimal
    score: Decimal


@dataclass(eq=False)
class Section:
    """One printed 自评表."""

    table: Table
    record: SelfEvaluation
    budget: Budget | None = None
    indicators: list[Indicator] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    total_row: Row | None = None
    project_total: tuple[Decimal, Row] | None = None  # the 整体 sheet's 项目支出总额 (001:L778)
    ordinal: int = 1  # within its table
    of: int = 1

    @property
    def total(self) -> Decimal | None:
        return self.record.total_points

    @property
    def overall(self) -> bool:
        return self.record.overall

    @property
    def execution_weight(self) -> Decimal:
        return self.record.execution_weight or EXECUTION_POINTS

    @property
    def indicator_weight(self) -> Decimal | None:
        """ "年度绩效目标 1 (80分)" (001:L908)."""
        return self.record.indicator_weight

    @property
    def name(self) -> str | None:
        """The project's name, from the title of a table that holds one 自评表 only."""
        if self.of > 1:
            return None
        title = re.sub(r"^[一二三四五六七八九十]+、", "", spaceless_key(self.table.title))
        title = re.sub(r"^\d{4}年(度)?", "", title)
        title = re.sub(r"(项目)?(项目)?(绩效)?(自评|评价)表$", "", title)
        return title if len(title) >= 4 else None

    @property
    def label(self) -> str:
        """How a reviewer finds it: the title, and which one of a merged table."""
        title = " ".join(self.table.title.split()) or "绩效自评表"
        if self.of == 1:
            return f"《{title}》"
        planned = f"，预算数 {money(self.budget.planned)} 万元" if self.budget else ""
        return f"《{title}》第 {self.ordinal} 张自评表（共 {self.of} 张{planned}）"

    @property
    def damaged(self) -> bool:
        return any(i.damaged or i.uncertain or i.lone_number for i in self.indicators)


def _row(table: Table, at: int | None) -> Row | None:
    return table.rows[at] if at is not None and 0 <= at < len(table.rows) else None


def _budget(table: Table, record: SelfEvaluation) -> Budget | None:
    row = _row(table, record.lines.get("execution"))
    values = (record.budget, record.executed, record.rate_text, record.rate, record.execution_points)
    if row is None or any(v is None for v in values):
        return None
    assert record.budget is not None and record.executed is not None and record.rate_text is not None
    assert record.rate is not None and record.execution_points is not None
    return Budget(row, record.budget, record.executed, record.rate_text, record.rate, record.execution_points)


def _section(table: Table, record: SelfEvaluation) -> Section | None:
    """The record as a section, or None for a record of a parser before 0.4.3 (no lines)."""
    indicator_rows = [_row(table, i.line) for i in record.indicators]
    if not record.lines and not any(indicator_rows):
        return None
    section = Section(
        table, record, budget=_budget(table, record), total_row=_row(table, record.lines.get("total"))
    )
    stated_row = _row(table, record.lines.get("project_total"))
    if record.project_total is not None and stated_row is not None:
        section.project_total = (record.project_total, stated_row)
    labels = [
        Label(label.text, label.level, label.name, label.weight, row)
        for label in record.labels
        if (row := _row(table, label.line)) is not None
    ]
    if len(labels) < len(record.labels) or None in indicator_rows:
        return None  # lines that do not index the table: not this parser's record
    section.labels = labels
    groups: list[list[Label | None]] = [[None, None, None] for _ in record.indicators]
    for label, printed in zip(labels, record.labels, strict=True):
        for at in printed.indicators:
            if 0 <= at < len(groups):
                groups[at][label.level] = label
    for typed, row, (goal, level1, level2) in zip(record.indicators, indicator_rows, groups, strict=True):
        assert row is not None
        damaged = "points" in typed.unread
        indicator = Indicator(
            row,
            typed.level3,
            typed.points_max,
            typed.points,
            (goal, level1, level2),
            damaged=damaged,
            uncertain="labels" in typed.unread,
            lone_number="points_max" in typed.unread and not damaged,
        )
        for group in indicator.groups:
            if group is not None:
                group.members.append(indicator)
        section.indicators.append(indicator)
    return section


def sections(ctx: Context) -> list[Section]:
    """Every printed 自评表 of the document, in order, with its indicators' 分值 filled in where a
    label weighs one indicator alone (S1 prints every indicator's weight on its 二级 label)."""
    found: list[Section] = []
    for table in ctx.tables_of(TableKind.PERFORMANCE_SELF_EVALUATION):
        own = [s for record in table.self_evaluations if (s := _section(table, record)) is not None]
        for ordinal, section in enumerate(own, start=1):
            section.ordinal, section.of = ordinal, len(own)
        found += own
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
