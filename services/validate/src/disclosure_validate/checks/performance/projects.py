"""X-10, X-14: the 预算 performance tables against the money tables (SPEC §3.2).

X-10 pairs projects by name across the 项目支出表 (T10), the project sheets (T15, the parser's typed
declarations) and the project list of the 整体支出绩效目标表 (T14, S0 template only). Names are
matched loosely (project_names: publishers add "项目", a year, a "工作性其他-" prefix or a "(结转)"
note), so a pair is reported only when the names match closely and no same-named T10 project, nor
the sum of several, carries the sheet's amount. X-14 compares the T14 fund block with the 收支总表,
支出总表 and 项目支出表.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.printed_cells import keyed_cells
from disclosure_shared.records import Evidence, Finding, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import judged_finding, unit_words
from disclosure_validate.judging.suspicion import suspect
from disclosure_validate.judging.table_compare import Reading, agrees, cell, compare, plus
from disclosure_validate.judging.tolerance import Outcome, compare_money, in_one_unit, value_tolerance
from disclosure_validate.readers.declared_sheets import Declared, declared_sheets
from disclosure_validate.readers.fund_blocks import FundBlock, FundRow, fund_block
from disclosure_validate.readers.printed_cells import label, line, money_text
from disclosure_validate.readers.project_names import (
    performance_name_key,
    similarity,
    unit_names,
    without_unit,
)
from disclosure_validate.readers.table_lookup import current_row, grand_row, total_row
from disclosure_validate.registry import check
from disclosure_validate.wording import money, row_evidence, table_label

STRONG = 0.85  # names this close are the same project
WEAK = 0.6  # names this close are the same project only if the amounts agree too


# ---- one project, three tables ----------------------------------------------------------------


@dataclass(frozen=True)
class ProjectAmount:
    """A project's amount as one table prints it."""

    name: str
    value: Decimal
    unit: str | None
    table: Table
    row: Row
    column: str
    """The printed column: 合计 (T10), 项目当年预算 / 项目总预算 (T15), 项目本年度预算 (T14 list)."""
    where: str
    """How a reviewer finds it: 附表9「42011323054Y000000103 IT外包服务项目」."""
    quoted: Evidence | None = None
    """What the line prints, where no printed row holds it (a typed declaration)."""

    @property
    def key(self) -> str:
        return performance_name_key(self.name)

    @property
    def money_row(self) -> bool:
        """A typed row of the 项目支出表, not a printed-cells line of a performance table."""
        return self.table.kind == TableKind.PROJECT_EXPENDITURE

    def evidence(self) -> Evidence:
        if self.quoted is not None:
            return self.quoted
        if self.money_row:
            return row_evidence(self.row, ("total",))
        return Evidence(page=self.row.page, text=line(self.row)[:300], bbox=self.row.bbox)


def t10_projects(ctx: Context) -> list[ProjectAmount]:
    """Project rows of the 项目支出表 (a project code is longer than a unit's 6 digits), their names
    cleared of a unit name the parser ran into them (002:L588–596)."""
    projects: list[ProjectAmount] = []
    for table in ctx.tables_of(TableKind.PROJECT_EXPENDITURE):
        units = unit_names(table, label)
        for row in table.rows:
            total = row.values.get("total")
            if not row.code or len(row.code) < 8 or total is None:
                continue
            name = without_unit(label(row.name), units)
            where = f"{table_label(table)}「{row.code} {row.name.strip()}」合计"
            projects.append(ProjectAmount(name, total, table.unit, table, row, "合计", where))
    return projects


def sheet_projects(sheets: Sequence[Declared], total: bool = False) -> list[ProjectAmount]:
    """Named declarations of a known unit and their 项目当年预算 (S2: 项目总投入), or their 项目总预算
    (the parser's typed records; an amount it could not read is None)."""
    projects = []
    column = "项目总预算" if total else "项目当年预算"
    for sheet in sheets:
        declaration = sheet.declaration
        printed = declaration.total_budget if total else declaration.current_budget
        if declaration.name and sheet.unit and printed is not None:
            where = f"{sheet.where}{column}"
            quoted = sheet.evidence("total_budget" if total else "current_budget", column, printed, "预算")
            projects.append(
                ProjectAmount(
                    declaration.name, printed, sheet.unit, sheet.table, sheet.located, column, where, quoted
                )
            )
    return projects


_LIST_END = ("长期目标", "年度目标", "长期绩效", "年度绩效", "目标")


def list_projects(ctx: Context, total: bool = False) -> list[ProjectAmount]:
    """The 项目支出情况 list of an S0-template T14 (000:L441–451): 项目名称 | 支出项目类别 | 项目总预算 |
    项目本年度预算 | 用途; a line is read only when it prints both amounts."""
    projects: list[ProjectAmount] = []
    column = "项目总预算" if total else "项目本年度预算"
    for table in ctx.tables_of(TableKind.PERFORMANCE_OVERALL):
        unit = table.unit or "wan_yuan"
        inside = False
        for row in table.rows:
            cells = [t for _, t in keyed_cells(row)]
            labels = [label(t) for t in cells]
            if not inside:
                inside = "项目名称" in labels and any("本年度预算" in t for t in labels)
                continue
            if not cells or labels[0].startswith(_LIST_END):
                break
            amounts = [v for t in cells[1:] if (v := money_text(t, unit)) is not None]
            if len(amounts) >= 2 and labels[0]:
                name = cells[0].strip()
                where = f"{table_label(table)}项目支出情况「{name}」{column}"
                value = amounts[0 if total else 1]
                projects.append(ProjectAmount(name, value, unit, table, row, column, where))
    return projects


def _agree(value: Decimal, unit: str | None, other: ProjectAmount, terms: int = 1) -> bool:
    e, a, shared = in_one_unit(other.value, other.unit, value, unit)
    return compare_money(e, a, value_tolerance(shared, [e, a], terms)) is not Outcome.FAILS


def pairings(
    sources: Sequence[ProjectAmount], targets: Sequence[ProjectAmount]
) -> list[tuple[ProjectAmount, ProjectAmount]]:
    """Each source with the one target it is compared with: a target of a close-enough name that
    carries its amount (best names first), else its closest strongly named target (a mismatch).
    A source whose amount is the sum of several strongly named targets (S2 网上群众工作部项目 = two
    T10 lines, 002:L1604 / L588–615) and a source with no strongly named target are left out."""
    scores = {(i, j): similarity(s.key, t.key) for i, s in enumerate(sources) for j, t in enumerate(targets)}
    paired: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(((sc, i, j) for (i, j), sc in scores.items() if sc >= WEAK), key=lambda x: -x[0]):
        source = sources[i]
        if i not in paired and j not in used and _agree(source.value, source.unit, targets[j]):
            paired[i] = j
            used.add(j)
    summed: set[int] = set()
    for i, source in enumerate(sources):
        strong = [j for j in range(len(targets)) if j not in used and scores[i, j] >= STRONG]
        if i not in paired and len(strong) >= 2 and _sum_agrees(source, [targets[j] for j in strong]):
            summed.add(i)
            used.update(strong)
    for i in range(len(sources)):
        if i in paired or i in summed:
            continue
        best = max(
            (j for j in range(len(targets)) if j not in used and scores[i, j] >= STRONG),
            key=lambda j: scores[i, j],
            default=None,
        )
        if best is not None:
            paired[i] = best
            used.add(best)
    return [(sources[i], targets[j]) for i, j in sorted(paired.items())]


def _sum_agrees(source: ProjectAmount, parts: Sequence[ProjectAmount]) -> bool:
    if len({p.unit for p in parts}) != 1:
        return False
    value = sum((p.value for p in parts), Decimal(0))
    total = ProjectAmount("", value, parts[0].unit, parts[0].table, parts[0].row, parts[0].column, "")
    return _agree(source.value, source.unit, total, len(parts))


def _x10_finding(ctx: Context, source: ProjectAmount, target: ProjectAmount) -> Finding | None:
    """A finding when the two amounts differ (None when they agree exactly)."""
    expected, actual, unit = in_one_unit(target.value, target.unit, source.value, source.unit)
    tolerance = value_tolerance(unit, [expected, actual])
    outcome = compare_money(expected, actual, tolerance)
    if outcome is Outcome.HOLDS:
        return None
    words = unit_words(unit)
    shown = f"{money(source.value)} {unit_words(source.unit)}"
    if source.unit != unit:
        shown += f"（折合 {money(actual)} {words}）"
    return judged_finding(
        "X-10",
        outcome,
        f"{source.where} {shown} ≠ {target.where} {money(target.value)} {unit_words(target.unit)}",
        reason=suspect(ctx, [(target.table, target.row)]) if target.money_row else None,
        rounded="，在四舍五入误差内。",
        failed=f"（差 {money(abs(actual - expected))} {words}），请核对该项目的预算金额。",
        expected=expected,
        actual=actual,
        table=source.table,
        name=source.name,
        at=source.row,
        column=source.column,
        evidence=[source.evidence(), target.evidence()],
    )


@check("X-10")
def project_amounts_agree(ctx: Context) -> Iterator[Finding]:
    """项目支出表 project = 项目申报表 项目当年预算 (元 → 万元) = 整体绩效表 项目支出情况 本年度预算;
    the list's 项目总预算 = the sheet's 项目总预算."""
    sheets = declared_sheets(ctx)
    targets = t10_projects(ctx)
    comparisons = [
        (sheet_projects(sheets), targets),
        (list_projects(ctx), targets),
        (list_projects(ctx, total=True), sheet_projects(sheets, total=True)),
    ]
    for sources, against in comparisons:
        for source, target in pairings(sources, against):
            found = _x10_finding(ctx, source, target)
            if found is not None:
                yield found


# ---- the 整体绩效表 fund block against the money tables -------------------------------------------


def _fund_reading(block: FundBlock, row: FundRow) -> Reading | None:
    value = row.amounts[0]
    if value is None:
        return None
    side = "收入构成" if row.side == "income" else "支出构成"
    table = block.table.model_copy(update={"unit": block.unit})
    return Reading(
        table,
        f"{table_label(block.table)}{side}「{row.name}」当年金额",
        value.value,
        subject=f"{side}/{row.name}",
    )


def _categories(t10: Table | None, digit: str) -> list[Row]:
    """ProjectAmount-category rows of the 项目支出表 (22 其他运转类, 31 本级支出项目) of one class (1 人员类,
    2 运转类, 3 特定目标类), over every unit (S4 repeats 31 per unit, 004:L403/L418)."""
    if t10 is None:
        return []
    return [r for r in t10.rows if r.code and len(r.code) == 2 and r.code.startswith(digit)]


def _category_sum(t10: Table, digit: str, what: str) -> Reading:
    rows = _categories(t10, digit)
    value = sum((r.values.get("total") or Decimal(0) for r in rows), Decimal(0))
    return Reading(t10, what, value, tuple((r, ("total",)) for r in rows), terms=max(1, len(rows)))


def _class_readings(ctx: Context) -> dict[str, Reading | None]:
    """人员类 = 人员经费 (+ 1x 项目), 运转类 = 公用经费 + 2x 其他运转类, 特定目标类 = 3x 本级支出项目;
    read only when the basic-spending split of T06 covers all of T03's 基本支出 and T10's categories
    add up to its total (otherwise a class would miss money of another fund)."""
    t03, t06, t10 = (
        ctx.table(TableKind.EXPENDITURE),
        ctx.table(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE),
        ctx.table(TableKind.PROJECT_EXPENDITURE),
    )
    basic06 = total_row(t06)
    if t10 is None or basic06 is None or not _categories(t10, ""):
        return {}
    if not agrees(cell(t03, total_row(t03), "basic"), cell(t06, basic06, "total")):
        return {}
    categories = _category_sum(t10, "", "")
    if not agrees(cell(t10, total_row(t10), "total"), categories):
        return {}
    personnel = cell(t06, basic06, "personnel")
    public = cell(t06, basic06, "public_funds")
    return {
        "人员类": _with_projects(personnel, t10, "1", "人员类"),
        "运转类": _with_projects(public, t10, "2", "运转类"),
        "特定目标类": _category_sum(t10, "3", f"{table_label(t10)}特定目标类项目（3x）合计"),
    }


def _with_projects(basic: Reading | None, t10: Table, digit: str, words: str) -> Reading | None:
    """A T06 合计 column plus the T10 project categories of the same class, where it has any."""
    if basic is None or not _categories(t10, digit):
        return basic
    what = f"{basic.what}与{table_label(t10)}{words}项目之和"
    return plus(basic, [_category_sum(t10, digit, "")], what)


def _expected_for(
    ctx: Context, name: str, classes: dict[str, Reading | None]
) -> tuple[Reading | None, list[Reading | None]]:
    t03, t10 = ctx.table(TableKind.EXPENDITURE), ctx.table(TableKind.PROJECT_EXPENDITURE)
    for key, reading in classes.items():
        if name.startswith(key):
            return reading, []
    if name == "基本支出":
        return cell(t03, total_row(t03), "basic"), []
    if name == "项目支出":
        return cell(t03, total_row(t03), "project"), [cell(t10, total_row(t10), "total")]
    return None, []


@check("X-14")
def overall_funds_match_tables(ctx: Context) -> Iterator[Finding]:
    """整体绩效表 部门总体资金情况 (当年): 收入合计 = 收支总表 本年收入合计, 支出合计 = 支出总表 合计;
    基本支出/项目支出 = 支出总表; or 人员类 = 人员经费, 运转类 = 公用经费 + 其他运转类,
    特定目标类 = 本级支出项目."""
    t01, t03 = ctx.table(TableKind.REVENUE_EXPENDITURE_SUMMARY), ctx.table(TableKind.EXPENDITURE)
    classes: dict[str, Reading | None] | None = None
    for table in ctx.tables_of(TableKind.PERFORMANCE_OVERALL):
        block = fund_block(table)
        if block is None:
            continue
        for row in block.rows:
            actual = _fund_reading(block, row)
            if actual is None or row.ambiguous:
                continue
            alternatives: list[Reading | None] = []
            if row.total and row.side == "income":
                expected = cell(t01, current_row(t01, "income"), "amount")
                alternatives = [cell(t01, grand_row(t01, "income"), "amount")]
            elif row.total:
                expected = cell(t03, total_row(t03), "total")
                alternatives = [
                    cell(t01, current_row(t01, "expenditure"), "amount"),
                    cell(t01, grand_row(t01, "expenditure"), "amount"),
                ]
            elif row.side == "expenditure":
                if classes is None:
                    classes = _class_readings(ctx)
                expected, alternatives = _expected_for(ctx, row.name, classes)
            else:
                continue
            found = compare(ctx, "X-14", expected, actual, alternatives=alternatives)
            if found is not None:
                yield _with_fund_line(found, row)


def _with_fund_line(found: Finding, row: FundRow) -> Finding:
    """The finding located at the 整体绩效表 line, quoting it first."""
    location = found.location.model_copy(update={"page": row.row.page, "column": "当年金额"})
    quoted = Evidence(page=row.row.page, text=line(row.row)[:300], bbox=row.row.bbox)
    return found.model_copy(update={"location": location, "evidence": [quoted, *found.evidence]})
