"""The typed view of a 决算 绩效自评表 (SPEC §5.3): sections, their 预算执行情况 row, indicators and the
labels they sit under, as `self_evaluation_tables.sections` reads them from the printed lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_shared.records import Row, Table
from disclosure_shared.text_keys import spaceless_key
from disclosure_validate.readers.printed_cells import line
from disclosure_validate.wording import money

EXECUTION_POINTS = Decimal(20)  # "得分(20分*执行率)": the template's weight of budget execution


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
    """A 三级指标 row: its 分值 and 得分 as read, and the labels it sits under."""

    row: Row
    name: str
    points: Decimal | None  # 分值: its own column, or the weight of a label over it alone
    score: Decimal | None  # 得分; None when the printed row lost it
    groups: tuple[Label | None, Label | None, Label | None]  # 年度目标, 一级, 二级
    damaged: bool = False  # a value cell is missing: the cells were re-aligned
    uncertain: bool = False  # the labels on the left are cut: its groups are unknown
    lone_number: bool = False  # a 分值/得分 layout printing one number: which one is unsure
    points_from: Label | None = None  # the label its 分值 was read from


@dataclass(frozen=True)
class Budget:
    """The 预算执行情况 row of a 自评表."""

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
    budget: Budget | None = None
    indicators: list[Indicator] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    total: Decimal | None = None
    total_row: Row | None = None
    stated: dict[str, tuple[Decimal, Row]] = field(default_factory=dict)
    separate_points: bool = False
    goal_blocks: bool = False
    indicator_weight: Decimal | None = None  # "年度绩效目标 1 (80分)" (001:L908)
    execution_weight: Decimal = EXECUTION_POINTS
    ordinal: int = 1  # within its table
    of: int = 1

    @property
    def overall(self) -> bool:
        """The 整体 self-evaluation, not a project's: its title says so, or it prints one 年度目标
        block per project (003:L647 "本级支出项目（大数据中心工作经费）自评表", 003:L659)."""
        budget_text = line(self.budget.row) if self.budget else ""
        return "整体" in self.table.title or "整体" in budget_text or self.goal_blocks

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
