"""绩效自评表 (SPEC §5.3) as typed records: `Table.self_evaluations` of the self-evaluation tables.

A 自评表 is kept as printed cells, one row per printed line, and merged cells leave the 一级/二级
labels on the first line of their group only. Each printed 自评表 starts at its 预算执行情况 line
(预算数(A) | 执行数(B) | 执行率 | 得分); an indicator line is read from the right (…, 三级指标,
年初目标值, 实际完成值, [分值], 得分), so label cells the extraction split or dropped on the left do
not shift the scores, and the 一级/二级 labels are carried down from the line above. A line whose
scores are not numbers is no indicator line (a goal text, a header, a footnote).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from disclosure_shared.records import Row, SelfEvaluation, SelfEvaluationIndicator, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import spaceless_key

_CELL = re.compile(r"c(\d+)$")
_PLAIN = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_PERCENT = re.compile(r"(-?\d+(?:\.\d+)?)\s*[%％]")
_TRAILING = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*$")
_WEIGHT = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_MARKERS = ("年度绩效指标", "年度绩效目标", "年度目标", "一级指标")


def _cells(row: Row) -> list[str]:
    keyed = sorted((int(m.group(1)), text) for key, text in row.attributes.items() if (m := _CELL.match(key)))
    return [text.strip() for _, text in keyed if text.strip()]


def _plain(text: str) -> Decimal | None:
    stripped = spaceless_key(text)
    if not _PLAIN.fullmatch(stripped):
        return None
    try:
        return Decimal(stripped.replace(",", ""))
    except InvalidOperation:
        return None


def _trailing(text: str) -> Decimal | None:
    """The number a cell ends with ("(20 分*执行率) 20.00" -> 20.00, 003:L741)."""
    match = _TRAILING.search(unicodedata.normalize("NFKC", text))
    return Decimal(match.group(1).replace(",", "")) if match else None


def _execution(
    cells: list[str], after_header: bool
) -> tuple[Decimal, Decimal, Decimal, Decimal | None] | None:
    """(预算数, 执行数, 执行率 %, 得分) when the line is a 预算执行情况 line: one printing a share
    after two amounts, or, right under the 预算数(A) header, one ending in four numbers ("部门整体支出
    总额 | 2,098.74 | 2,098.74 | 100 | 20", 001:L780)."""
    if after_header and len(cells) >= 4:
        numbers = [n for c in cells[-4:] if (n := _plain(c)) is not None]
        if len(numbers) == 4:
            return numbers[0], numbers[1], numbers[2], numbers[3]
    for at, text in enumerate(cells):
        share = _PERCENT.fullmatch(spaceless_key(text))
        if share is None or at < 2:
            continue
        budget, executed = _plain(cells[at - 2]), _plain(cells[at - 1])
        if budget is None or executed is None:
            continue
        points = _trailing(cells[at + 1]) if at + 1 < len(cells) else None
        return budget, executed, Decimal(share.group(1)), points
    return None


def _level(text: str) -> str:
    return _WEIGHT.sub("", spaceless_key(text))


@dataclass
class _Draft:
    page: int | None
    name: str | None = None
    execution: tuple[Decimal, Decimal, Decimal, Decimal | None] | None = None
    total: Decimal | None = None
    indicators: list[SelfEvaluationIndicator] = field(default_factory=list)

    def record(self) -> SelfEvaluation:
        budget, executed, rate, points = self.execution or (None, None, None, None)
        return SelfEvaluation(
            name=self.name,
            budget=budget,
            executed=executed,
            rate=rate,
            execution_points=points,
            total_points=self.total,
            indicators=self.indicators,
            page=self.page,
        )


@dataclass
class _Reading:
    """Where the reader stands: the current sheet, its score columns, the labels carried down."""

    drafts: list[_Draft] = field(default_factory=list)
    with_max: bool = False
    under_header: bool = False
    """An indicator header (…三级指标…) was printed since the last 预算执行情况 line."""
    budget_header: bool = False
    """The line above is the 预算数(A) | 执行数(B) header."""
    level1: str | None = None
    level2: str | None = None

    def current(self, page: int | None) -> _Draft:
        if not self.drafts:
            self.drafts.append(_Draft(page))
        return self.drafts[-1]


def _indicator(cells: list[str], reading: _Reading, page: int | None) -> SelfEvaluationIndicator | None:
    scores = 2 if reading.with_max else 1
    if len(cells) < scores + 3:
        return None
    tail = [_plain(c) for c in cells[-scores:]]
    if any(v is None for v in tail):
        return None
    level3, target, actual = cells[-scores - 3 : -scores]
    labels = [_level(c) for c in cells[: -scores - 3]]
    if any(t.startswith(_MARKERS) for t in [*labels, _level(level3)]):
        return None
    for label in labels:
        if label in _LEVEL1:
            reading.level1, reading.level2 = label, None
        elif label.endswith("指标"):
            reading.level2 = label
    return SelfEvaluationIndicator(
        level1=reading.level1,
        level2=reading.level2,
        level3=level3,
        target=target,
        actual=actual,
        points_max=tail[0] if reading.with_max else None,
        points=tail[-1],
        page=page,
    )


def table_self_evaluations(table: Table) -> list[SelfEvaluation]:
    """The 自评表 a self-evaluation table prints, in printed order."""
    reading = _Reading()
    for row in table.rows:
        cells = _cells(row)
        if not cells:
            continue
        labels = [spaceless_key(c) for c in cells]
        execution = _execution(cells, reading.budget_header)
        reading.budget_header = any(t.startswith("预算数") for t in labels)
        if execution is not None:
            if reading.drafts and reading.drafts[-1].execution is None and not reading.drafts[-1].indicators:
                reading.drafts[-1].execution = execution
            else:
                reading.drafts.append(_Draft(row.page, execution=execution))
            reading.level1 = reading.level2 = None
            reading.under_header = False
            continue
        if "三级指标" in labels:
            reading.with_max = any(t in ("分值", "目标分值") for t in labels)
            reading.level1 = reading.level2 = None
            reading.under_header = True
            continue
        if labels[0] == "总分":
            total = _plain(cells[1]) if len(cells) > 1 else None
            reading.current(row.page).total = total
            continue
        if (named := re.match(r"^项目名称[:：]?(.+)$", labels[0])) is not None:
            draft = reading.current(row.page)
            draft.name = draft.name or (named.group(1) or (cells[1] if len(cells) > 1 else None))
            continue
        indicator = _indicator(cells, reading, row.page) if reading.under_header else None
        if indicator is not None:
            reading.current(row.page).indicators.append(indicator)
    return [d.record() for d in reading.drafts if d.execution is not None or d.indicators]


def with_self_evaluations(tables: list[Table]) -> list[Table]:
    """`tables` with each self-evaluation table's 自评表 filled in."""
    return [
        t.model_copy(update={"self_evaluations": table_self_evaluations(t)})
        if t.kind == TableKind.PERFORMANCE_SELF_EVALUATION
        else t
        for t in tables
    ]
