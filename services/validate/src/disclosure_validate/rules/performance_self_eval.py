"""I-26, I-27, X-16, N-13: the 决算 绩效自评表 (SPEC §5.3) against their own scores, the 支出决算表
and the counts the narrative states.

The parser keeps a self-evaluation table as printed lines (`performance_support.cells`). This module
reads them back into sections (one printed 自评表 each: the parser may merge several, 003:L704–868),
each with its 预算执行情况 row (A, B, 执行率, 得分), its indicator rows and the labels they sit
under. Labels carry the printed weights: "产出指标 (40分)" / "数量指标 (10分)" (S1, 001:L909) or a
separate 分值 column (S3, 003:L718). Indicators are read from the right (…, 三级指标, 目标值, 完成值,
[分值], 得分), so label cells the extraction split or dropped on the left do not shift the scores.

A row the extraction damaged (a value cell lost, labels cut mid-word) is kept for counting but never
yields an error: its scores are unknown, and the sums it belongs to are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from itertools import pairwise

from disclosure_shared.records import Evidence, Finding, Location, ProbableCause, Row, Severity, Table
from disclosure_validate.context import Context
from disclosure_validate.rulebook import check
from disclosure_validate.rules.narrative_support import decimals_of, is_final, key
from disclosure_validate.rules.performance_support import cells, line
from disclosure_validate.rules.table_lookup import amount, total_row
from disclosure_validate.tolerance import Outcome, compare_percent, in_one_unit, value_tolerance

SELF_EVALUATION = "performance_self_evaluation"
PROJECT_SHEET = "performance_project"
EXPENDITURE = "expenditure"
GENERAL_BUDGET = "general_budget_expenditure"

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
EXECUTION_POINTS = Decimal(20)  # "得分(20分*执行率)": the template's weight of budget execution

_WEIGHT = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_GOAL = re.compile(r"^年度(?:绩效)?目标\s*\d*")
_OVERALL_GOAL = re.compile(r"^年度目标\s*\d*")  # the 整体 table's one block per project (001:L781)
_FORMULA = re.compile(r"(\d+(?:\.\d+)?)\s*分\s*[*×xX]\s*执行率")
_BLOCK = re.compile(r"^年度绩效指标")  # "年度绩效指标 1:" only marks a block (003:L659)
_PLAIN = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_TRAILING = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_OUTPUT_LEVEL2 = ("数量指标", "质量指标", "时效指标")
_LEVEL2_STEMS = ("数量", "质量", "时效", "成本", "效益", "满意度", "可持续", "影响")
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标")


def _norm(text: str) -> str:
    """A cell as compared: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _plain(text: str) -> Decimal | None:
    """A cell that is just a number ("1,750.53", "20.00"), not a share or a value with a unit."""
    stripped = _norm(text)
    return Decimal(stripped.replace(",", "")) if _PLAIN.fullmatch(stripped) else None


def _trailing(text: str) -> Decimal | None:
    """The number a cell ends with ("(20 分*执行率) 20.00" -> 20.00, 003:L741)."""
    match = _TRAILING.search(unicodedata.normalize("NFKC", text))
    return Decimal(match.group(1).replace(",", "")) if match else None


def _rate(text: str) -> Decimal | None:
    """执行率 as printed: "100%", "100.00%" or a bare "100" (001:L780)."""
    stripped = _norm(text).rstrip("%")
    return Decimal(stripped) if _PLAIN.fullmatch(stripped) and "," not in stripped else None


def _weight(text: str) -> Decimal | None:
    match = _WEIGHT.search(unicodedata.normalize("NFKC", text))
    return Decimal(match.group(1)) if match else None


def _execution_weight(texts: Sequence[str]) -> Decimal | None:
    """The weight of budget execution: "(20 分*执行率)" (003:L656) or "(20分)" (001:L780)."""
    joined = unicodedata.normalize("NFKC", " ".join(texts))
    match = _FORMULA.search(joined)
    return Decimal(match.group(1)) if match else _weight(joined)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _show(value: Decimal) -> str:
    return format(value, "f")


# ---- reading the printed lines back into sections ----------------------------------------------


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
        title = re.sub(r"^[一二三四五六七八九十]+、", "", _norm(self.table.title))
        title = re.sub(r"^\d{4}年(度)?", "", title)
        title = re.sub(r"(项目)?(项目)?(绩效)?(自评|评价)表$", "", title)
        return title if len(title) >= 4 else None

    @property
    def label(self) -> str:
        """How a reviewer finds it: the title, and which one of a merged table."""
        title = " ".join(self.table.title.split()) or "绩效自评表"
        if self.of == 1:
            return f"《{title}》"
        planned = f"，预算数 {_show(self.budget.planned)} 万元" if self.budget else ""
        return f"《{title}》第 {self.ordinal} 张自评表（共 {self.of} 张{planned}）"

    @property
    def damaged(self) -> bool:
        return any(i.damaged or i.uncertain or i.lone_number for i in self.indicators)


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
        if _is_header(texts) or any(_GOAL.match(_norm(t)) for t in texts):
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
    normalized = {_WEIGHT.sub("", _norm(t)) for t in texts}
    return "一级指标" in normalized and bool({"二级指标", "三级指标"} & normalized)


def _classify(text: str, row: Row, seen_taxonomy: bool, level1: Label | None) -> Label | str | None:
    """A label cell: a Label, None for a cell that marks nothing ("年度绩效指标 1:", "分)"), or the
    text itself when it is a fragment of a label the extraction cut ("满意", 001:L1214)."""
    normalized = _norm(text)
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
        if _norm(texts[0]).startswith("总分"):
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
        if self.state is _State.BEFORE and not any(_GOAL.match(_norm(t)) for t in texts):
            self.before(row, texts)
            return 1
        return self.body(rows, index, texts)

    def header(self, texts: Sequence[str]) -> None:
        self.current.separate_points = self.current.separate_points or any("分值" in t for t in texts)
        goal = next((t for t in texts if _GOAL.match(_norm(t))), None)
        if goal is not None and _weight(goal) is not None:
            self.current.indicator_weight = _weight(goal)
        self.state = _State.INDICATORS

    def before(self, row: Row, texts: Sequence[str]) -> None:
        """Above the budget row the 整体 table prints 基本/项目支出总额 (001:L778)."""
        for label, value in pairwise(texts):
            amount_ = _plain(value)
            if amount_ is not None and "总额" in label:
                self.current.stated[_norm(label)] = (amount_, row)
        if any("预算执行" in t or "执行率" in t for t in texts):
            self.current.execution_weight = _execution_weight(texts) or self.current.execution_weight

    def body(self, rows: Sequence[Row], index: int, texts: list[str]) -> int:
        row = rows[index]
        self.state = _State.INDICATORS
        goal = next((t for t in texts if _GOAL.match(_norm(t))), None)
        if goal is not None:
            label = Label(goal, 0, _norm(goal), _weight(goal), row)
            self.current.labels.append(label)
            self.current.goal_blocks = self.current.goal_blocks or bool(_OVERALL_GOAL.match(_norm(goal)))
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
    for table in ctx.tables_of(SELF_EVALUATION):
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


# ---- building findings --------------------------------------------------------------------------


def _finding(
    rule: str,
    section: Section,
    message: str,
    *,
    row: Row | None,
    subject: str,
    column: str | None,
    expected: Decimal | None,
    actual: Decimal | None,
    outcome: Outcome = Outcome.FAILS,
    suspect: bool = False,
    severity: Severity | None = None,
    evidence: Sequence[Row] = (),
    table: Table | None = None,
) -> Finding:
    """Rounding drift is info; a failure on rows the extraction damaged is a warning blamed on our
    parse; otherwise the publisher's error unless the caller lowers it."""
    level: Severity
    cause: ProbableCause
    if outcome in (Outcome.ROUNDING, Outcome.TRUNCATED):
        level, cause = "info", "rounding"
    elif suspect:
        level, cause = "warning", "extraction"
    else:
        level, cause = severity or "error", "source"
    candidates = [section.budget.row if section.budget else None, *evidence]
    shown = list({id(r): r for r in candidates if r is not None}.values())
    where = table or section.table
    return Finding(
        rule=rule,
        severity=level,
        probable_cause=cause,
        message=message,
        expected=expected,
        actual=actual,
        difference=(actual - expected) if expected is not None and actual is not None else None,
        location=Location(
            table=where.kind,
            page=(row.page if row else None) or (where.pages[0] if where.pages else None),
            row=subject,
            column=column,
        ),
        evidence=[Evidence(page=r.page, text=_evidence_text(r)) for r in shown][:12],
    )


def _evidence_text(row: Row) -> str:
    """A printed line as evidence; a coded table's row by its name and values."""
    printed = line(row)
    if not printed:
        values = " ".join(f"{k}={_show(v)}" for k, v in row.values.items() if v is not None)
        printed = " ".join(p for p in (row.code or "", row.name, values) if p)
    return printed[:300]


def _sum_outcome(computed: Decimal, printed: Decimal, terms: int) -> Outcome:
    """Scores are exact at 2 decimals (SPEC §3.0); a printed figure with fewer decimals, or a sum of
    many 2-decimal weights, may drift by its rounding."""
    difference = abs(computed - printed)
    if difference < Decimal("0.005"):
        return Outcome.HOLDS
    half_unit = Decimal(1).scaleb(-decimals_of(printed)) / 2 if decimals_of(printed) < 2 else Decimal(0)
    drift = min(Decimal("0.05"), Decimal("0.005") * terms)
    return Outcome.ROUNDING if difference <= max(half_unit, drift) else Outcome.FAILS


# ---- I-26: 执行率, 执行得分, Σ 分值, 总分, 得分 ≤ 分值 ---------------------------------------------


@check("I-26")
def self_evaluation_scores_add_up(ctx: Context) -> Iterator[Finding]:
    for section in sections(ctx):
        if section.budget is not None and section.budget.planned > 0:
            yield from _execution(section, section.budget)
        yield from _points_total(section)
        yield from _total_score(section)
        yield from _score_within_points(section)


def _rate_outcome(computed: Decimal, budget: Budget) -> Outcome:
    """执行率 at its printed precision; a bare number may be a fraction ("1.00") or a percentage."""
    if computed > HUNDRED and budget.rate == HUNDRED:
        return Outcome.HOLDS  # an over-spent budget printed at the template's cap of 100%
    outcome = compare_percent(computed, budget.rate)
    if outcome is not Outcome.HOLDS and "%" not in budget.rate_text and budget.rate <= Decimal("1.5"):
        fraction = compare_percent(computed / HUNDRED, budget.rate)
        outcome = fraction if fraction is not Outcome.FAILS else outcome
    return outcome


def _execution(section: Section, budget: Budget) -> Iterator[Finding]:
    ratio = budget.spent / budget.planned
    computed = ratio * HUNDRED
    outcome = _rate_outcome(computed, budget)
    if outcome is not Outcome.HOLDS:
        yield _finding(
            "I-26",
            section,
            f"{section.label}执行率印为 {budget.rate_text}，执行数 {_show(budget.spent)} ÷ 预算数 "
            f"{_show(budget.planned)} 应为 {_show(_cents(computed))}%。",
            row=budget.row,
            subject="执行率",
            column="执行率",
            expected=_cents(computed),
            actual=budget.rate,
            outcome=outcome,
        )
    weight = section.execution_weight
    expected = _cents(weight * min(ratio, Decimal(1)))
    by_printed_rate = _cents(weight * min(budget.rate / HUNDRED, Decimal(1)))
    outcomes = [_sum_outcome(e, budget.score, 1) for e in (expected, by_printed_rate)]
    if Outcome.HOLDS in outcomes:
        return
    yield _finding(
        "I-26",
        section,
        f"{section.label}预算执行得分印为 {_show(budget.score)}，按 {_show(weight)} 分 × 执行率"
        f"（上限 100%）应为 {_show(expected)}。",
        row=budget.row,
        subject="预算执行得分",
        column="得分",
        expected=expected,
        actual=budget.score,
        outcome=Outcome.ROUNDING if Outcome.ROUNDING in outcomes else Outcome.FAILS,
    )


def _points_total(section: Section) -> Iterator[Finding]:
    """Σ 分值 = 80 (or the weight printed on 年度绩效目标, 001:L908)."""
    points = [i.points for i in section.indicators]
    if not points or any(p is None for p in points):
        return
    summed = sum((p for p in points if p is not None), Decimal(0))
    expected = section.indicator_weight or HUNDRED - section.execution_weight
    outcome = _sum_outcome(summed, expected, len(points))
    if outcome is Outcome.HOLDS:
        return
    yield _finding(
        "I-26",
        section,
        f"{section.label}各指标分值合计 {_show(summed)} 分，应为 {_show(expected)} 分"
        f"（另 {_show(section.execution_weight)} 分为预算执行）。",
        row=section.indicators[0].row,
        subject="指标分值合计",
        column="分值",
        expected=expected,
        actual=summed,
        outcome=outcome,
        suspect=any(i.lone_number for i in section.indicators),
        evidence=[i.row for i in section.indicators[:6]],
    )


def _total_score(section: Section) -> Iterator[Finding]:
    """总分 = 预算执行得分 + Σ 指标得分."""
    if section.total is None or section.budget is None or not section.indicators:
        return
    scores = [i.score for i in section.indicators]
    if any(s is None for s in scores):
        return  # a row lost its 得分 (001:L791): the sum is unknown
    summed = section.budget.score + sum((s for s in scores if s is not None), Decimal(0))
    outcome = _sum_outcome(summed, section.total, len(scores))
    if outcome is Outcome.HOLDS:
        return
    yield _finding(
        "I-26",
        section,
        f"{section.label}总分印为 {_show(section.total)}，预算执行得分 {_show(section.budget.score)} "
        f"加各指标得分合计为 {_show(summed)}。",
        row=section.total_row,
        subject="总分",
        column="得分",
        expected=summed,
        actual=section.total,
        outcome=outcome,
        suspect=any(i.uncertain or i.lone_number for i in section.indicators),
        evidence=[r for r in (section.total_row,) if r is not None],
    )


def _score_within_points(section: Section) -> Iterator[Finding]:
    for indicator in section.indicators:
        if indicator.points is None or indicator.score is None or indicator.lone_number:
            continue
        if indicator.score <= indicator.points:
            continue
        yield _finding(
            "I-26",
            section,
            f"{section.label}指标“{indicator.name[:40]}”得分 {_show(indicator.score)} 超过其分值 "
            f"{_show(indicator.points)}。",
            row=indicator.row,
            subject=indicator.name[:60],
            column="得分",
            expected=indicator.points,
            actual=indicator.score,
            suspect=indicator.uncertain,
            evidence=[indicator.row],
        )


# ---- I-27: the weight printed on a label = Σ 分值 under it ---------------------------------------


@dataclass(frozen=True)
class _Weighed:
    label: Label
    members: tuple[Indicator, ...]
    summed: Decimal
    outcome: Outcome


def _weighed(label: Label, members: Sequence[Indicator]) -> _Weighed | None:
    """A weighted label over indicators whose 分值 are all known and not read from it."""
    if label.weight is None or not members:
        return None
    if any(m.points is None or m.uncertain or m.points_from is label for m in members):
        return None
    summed = sum((m.points for m in members if m.points is not None), Decimal(0))
    return _Weighed(label, tuple(members), summed, _sum_outcome(summed, label.weight, len(members)))


def _by_taxonomy(section: Section) -> dict[int, list[Indicator]]:
    """一级 groups as the 二级 names say: 数量/质量/时效 belong under 产出指标 (SPEC §5.1), wherever
    the merged label cell was printed (003:L808 KPI 考核 under 效益指标)."""
    output_label: dict[int, Label] = {}
    for indicator in section.indicators:
        goal, level1 = indicator.groups[0], indicator.groups[1]
        if level1 is not None and level1.name == "产出指标":
            output_label.setdefault(id(goal), level1)
    groups: dict[int, list[Indicator]] = {}
    for indicator in section.indicators:
        goal, level1, level2 = indicator.groups
        home = level1
        if level2 is not None and level2.name in _OUTPUT_LEVEL2 and level1 is not None:
            home = output_label.get(id(goal), level1)
        if home is not None:
            groups.setdefault(id(home), []).append(indicator)
    return groups


def _misfiled(section: Section) -> list[Indicator]:
    return [
        i
        for i in section.indicators
        if i.groups[1] is not None
        and i.groups[2] is not None
        and i.groups[2].name in _OUTPUT_LEVEL2
        and i.groups[1].name != "产出指标"
    ]


@check("I-27")
def label_weights_match_indicators(ctx: Context) -> Iterator[Finding]:
    for section in sections(ctx):
        printed = [w for w in (_weighed(label, label.members) for label in section.labels) if w]
        failing = [w for w in printed if w.outcome is not Outcome.HOLDS]
        moved = _misfiled(section)
        regrouped = bool(moved) and any(w.label.level == 1 for w in failing) and _taxonomy_holds(section)
        if regrouped:
            yield from _misfiled_findings(section, moved)
        for weighed in failing:
            if not (regrouped and weighed.label.level == 1):
                yield _label_finding(section, weighed)


def _taxonomy_holds(section: Section) -> bool:
    groups = _by_taxonomy(section)
    level1 = [label for label in section.labels if label.level == 1]
    checked = [_weighed(label, groups.get(id(label), [])) for label in level1]
    return all(w is None or w.outcome is Outcome.HOLDS for w in checked) and any(checked)


def _label_finding(section: Section, weighed: _Weighed) -> Finding:
    label = weighed.label
    weight = label.weight if label.weight is not None else Decimal(0)
    return _finding(
        "I-27",
        section,
        f"{section.label}“{' '.join(label.text.split())}”标注 {_show(weight)} 分，其下 "
        f"{len(weighed.members)} 个指标的分值合计 {_show(weighed.summed)} 分。",
        row=label.row,
        subject=label.name,
        column="分值",
        expected=weighed.summed,
        actual=weight,
        outcome=weighed.outcome,
        suspect=any(m.lone_number for m in weighed.members),
        evidence=[label.row, *(m.row for m in weighed.members)],
    )


def _misfiled_findings(section: Section, moved: Sequence[Indicator]) -> Iterator[Finding]:
    for indicator in moved:
        level1, level2 = indicator.groups[1], indicator.groups[2]
        assert level1 is not None and level2 is not None
        yield _finding(
            "I-27",
            section,
            f"{section.label}指标“{indicator.name[:40]}”（{level2.name}）印在“{level1.name}”下，"
            f"计入产出指标后各一级指标标注的分值才相符，请核对该行的归类。",
            row=indicator.row,
            subject=indicator.name[:60],
            column="一级指标",
            expected=None,
            actual=None,
            severity="warning",
            evidence=[level1.row, indicator.row],
        )


# ---- Σ 项目自评 预算数 = 支出决算表 项目支出 --------------------------------------------------

_FULL_COVERAGE = re.compile(r"占[^。；]{0,20}项目支出[^。；]{0,8}100(\.0+)?%")


@dataclass(frozen=True)
class _ProjectTotal:
    value: Decimal
    table: Table
    row: Row


def _project_totals(ctx: Context) -> list[_ProjectTotal]:
    """项目支出 合计 of 03表, then of 05表 (the self-evaluations may cover 一般公共预算 only)."""
    found: list[_ProjectTotal] = []
    for kind in (EXPENDITURE, GENERAL_BUDGET):
        table = ctx.table(kind)
        row = total_row(table)
        value = amount(row, "project")
        if table is not None and row is not None and value is not None:
            converted, _, _ = in_one_unit(value, table.unit, value, "wan_yuan")
            found.append(_ProjectTotal(converted, table, row))
    return found


def _document_text(ctx: Context) -> str:
    return "".join(_norm(page.text or "") for page in ctx.disclosure.pages)


@check("X-16")
def self_evaluated_projects_match_project_spending(ctx: Context) -> Iterator[Finding]:
    if not is_final(ctx):
        return
    totals = _project_totals(ctx)
    found = sections(ctx)
    projects = [s for s in found if not s.overall and s.budget is not None]
    if not totals or not projects:
        return
    planned = sum((s.budget.planned for s in projects if s.budget), Decimal(0))
    spent = sum((s.budget.spent for s in projects if s.budget), Decimal(0))
    yield from _projects_sum(ctx, projects, planned, spent, totals)
    for section in (s for s in found if s.overall):
        yield from _stated_project_total(section, totals[0])


def _projects_sum(
    ctx: Context,
    projects: Sequence[Section],
    planned: Decimal,
    spent: Decimal,
    totals: Sequence[_ProjectTotal],
) -> Iterator[Finding]:
    tolerance = value_tolerance("wan_yuan", [planned], terms=len(projects))
    outcomes = [(_money(t.value, s, tolerance), t, s) for t in totals for s in (planned, spent)]
    if any(o is Outcome.HOLDS for o, _, _ in outcomes):
        return
    rounding = next(((t, s) for o, t, s in outcomes if o is Outcome.ROUNDING), None)
    target, actual = rounding or (totals[0], planned)
    covered = bool(_FULL_COVERAGE.search(_document_text(ctx))) and _stated_projects(ctx) in (
        None,
        len(projects),
    )
    yield _finding(
        "X-16",
        projects[0],
        f"{len(projects)} 张项目绩效自评表的预算数合计 {_show(planned)} 万元（执行数合计 "
        f"{_show(spent)} 万元），与{target.table.number or '支出决算表'}项目支出合计 "
        f"{_show(target.value)} 万元不一致"
        + ("。" if covered else "（说明未称自评覆盖全部项目支出，可能只公开了部分项目）。"),
        row=target.row,
        subject="项目支出合计",
        column="预算数(A)",
        expected=target.value,
        actual=actual,
        outcome=Outcome.ROUNDING if rounding else Outcome.FAILS,
        severity=None if covered else "warning",
        evidence=[target.row, *(p.budget.row for p in projects if p.budget)],
        table=target.table,
    )


def _stated_projects(ctx: Context) -> int | None:
    """ "共涉及项目 8 个" (001:L573): when the tables printed are fewer, some may be unread."""
    stated = [c.value for c in ctx.disclosure.claims if c.kind == "count" and c.subject == "项目"]
    return int(stated[0]) if stated and "自评" in _document_text(ctx) else None


def _money(expected: Decimal, actual: Decimal, tolerance: Decimal) -> Outcome:
    difference = abs(expected - actual)
    if difference == 0:
        return Outcome.HOLDS
    return Outcome.ROUNDING if difference <= tolerance else Outcome.FAILS


def _stated_project_total(section: Section, target: _ProjectTotal) -> Iterator[Finding]:
    """The 整体 table's "项目支出总额" (001:L778) is the same quantity."""
    stated = next((v for k, v in section.stated.items() if "项目支出" in k), None)
    if stated is None:
        return
    value, row = stated
    outcome = _money(target.value, value, value_tolerance("wan_yuan", [value]))
    if outcome is Outcome.HOLDS:
        return
    yield _finding(
        "X-16",
        section,
        f"{section.label}的项目支出总额印为 {_show(value)} 万元，"
        f"{target.table.number or '支出决算表'}项目支出合计为 {_show(target.value)} 万元。",
        row=row,
        subject="项目支出总额",
        column="项目支出总额",
        expected=target.value,
        actual=value,
        outcome=outcome,
        evidence=[row, target.row],
        table=target.table,
    )


# ---- N-13: counts stated in the narrative = counted tables and rows ------------------------------

_PROJECT_SUBJECTS = ("项目", "项目支出绩效目标", "一级项目支出绩效目标")
_SHEET_NAMES = {SELF_EVALUATION: "项目绩效自评表", PROJECT_SHEET: "项目绩效目标表"}
_FRAGMENT_TITLE = re.compile(r"^(年度|长期)?绩效(目标|指标)表?$")
_INDICATOR_COUNT = re.compile(r"设置了?\s*(\d+)\s*个(?:绩效)?指标")
_ENUMERATED = re.compile(r"共设置\s*(\d+)\s*项[^。]{0,60}?具体(?:为|是|包括)[：:]([^。]+)。")
_OTHER_EVALUATION = re.compile(r"项目.{0,20}(自评|评价)")
_LOOK_BACK = 20  # printed lines scanned back for the table a count is about


@check("N-13")
def stated_counts_match_tables(ctx: Context) -> Iterator[Finding]:
    found = sections(ctx) if is_final(ctx) else []
    yield from _project_counts(ctx, found)
    yield from _indicator_counts(ctx, found)
    yield from _enumerations(ctx)


def _counted_tables(ctx: Context, found: Sequence[Section], claim_text: str) -> tuple[int, str] | None:
    """How many project tables the document prints, and their kind."""
    if is_final(ctx):
        if "自评" not in claim_text or not found:
            return None
        return len([s for s in found if not s.overall]), SELF_EVALUATION
    if "绩效目标" not in claim_text:
        return None
    sheets = [t for t in ctx.tables_of(PROJECT_SHEET) if not _FRAGMENT_TITLE.match(_norm(t.title))]
    return (len(sheets), PROJECT_SHEET) if sheets else None


def _project_counts(ctx: Context, found: Sequence[Section]) -> Iterator[Finding]:
    """ "共涉及项目 8 个" (001:L573) = the project 自评表 printed. "N 个一级项目" is not compared: a
    一级项目 may hold several printed projects (003:L552 "1个一级项目" over 5 blocks)."""
    for claim in ctx.disclosure.claims:
        if claim.kind != "count" or key(claim.subject) not in _PROJECT_SUBJECTS:
            continue
        counted = _counted_tables(ctx, found, claim.text)
        if counted is None or Decimal(counted[0]) == claim.value:
            continue
        yield Finding(
            rule="N-13",
            severity="warning",
            probable_cause="source",
            message=f"说明称{claim.subject}共 {_show(claim.value)} 个，"
            f"附件印有 {counted[0]} 张{_SHEET_NAMES[counted[1]]}。",
            expected=Decimal(counted[0]),
            actual=claim.value,
            difference=claim.value - counted[0],
            location=Location(page=claim.page, row=claim.subject, table=counted[1]),
            evidence=[Evidence(page=claim.page, text=claim.text[:200])],
        )


def _lines(ctx: Context) -> list[tuple[int, str]]:
    return [
        (page.number, line_.strip())
        for page in ctx.disclosure.pages
        for line_ in (page.text or "").splitlines()
        if line_.strip()
    ]


def _about(lines: Sequence[tuple[int, str]], at: int, found: Sequence[Section]) -> Section | None:
    """The 自评表 a count is about: the one project named on its line or shortly above, else the 整体
    table when the passage speaks of the 整体 evaluation (001:L729)."""
    named = [s for s in found if s.name and not s.overall]
    for index in range(at, max(-1, at - _LOOK_BACK), -1):
        text = _norm(lines[index][1])
        matches = [s for s in named if s.name and _norm(s.name) in text]
        if len(matches) == 1:
            return matches[0]
        if "整体" in text:
            overall = [s for s in found if s.overall]
            return overall[0] if len(overall) == 1 else None
        if _OTHER_EVALUATION.search(text):
            return None  # the passage is about a table we cannot name
    return None


def _indicator_counts(ctx: Context, found: Sequence[Section]) -> Iterator[Finding]:
    """ "共设置了69个指标" (001:L741, the 整体 table), "项目共设置了 5 个指标" (001:L1249)."""
    if not found:
        return
    lines = _lines(ctx)
    for at, (page, text) in enumerate(lines):
        for match in _INDICATOR_COUNT.finditer(text):
            section = _about(lines, at, found)
            if section is None:
                continue
            stated, counted = Decimal(match.group(1)), len(section.indicators)
            if stated == counted:
                continue
            yield Finding(
                rule="N-13",
                severity="warning",
                probable_cause="extraction" if section.damaged else "source",
                message=f"说明称共设置 {stated} 个指标，{section.label}列有 {counted} 个指标。",
                expected=Decimal(counted),
                actual=stated,
                difference=stated - counted,
                location=Location(table=section.table.kind, page=page, row="指标个数"),
                evidence=[Evidence(page=page, text=text[:200])],
            )


def _enumerations(ctx: Context) -> Iterator[Finding]:
    """ "共设置 12 项，…具体为：a；b；…。" (002:L1969): the count against the list that follows."""
    for page in ctx.disclosure.pages:
        text = re.sub(r"\s*\n\s*", "", page.text or "")
        for match in _ENUMERATED.finditer(text):
            items = [i for i in re.split(r"[；;]", match.group(2)) if i.strip()]
            stated = Decimal(match.group(1))
            if len(items) < 2 or stated == len(items):
                continue
            yield Finding(
                rule="N-13",
                severity="warning",
                probable_cause="source",
                message=f"说明称共设置 {stated} 项，其后列举了 {len(items)} 项。",
                expected=Decimal(len(items)),
                actual=stated,
                difference=stated - len(items),
                location=Location(page=page.number, row="设置项数"),
                evidence=[Evidence(page=page.number, text=match.group(0)[:300])],
            )
