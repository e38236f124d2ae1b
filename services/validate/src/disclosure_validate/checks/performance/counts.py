"""X-16, N-13: the 决算 绩效自评表 as a whole against the rest of the document. X-16 compares the
project self-evaluations' 预算数 with the 项目支出 of the 支出决算表; N-13 compares the counts the
narrative states (projects, indicators, enumerated items) with the tables and lists printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import spaceless_key
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import section_finding
from disclosure_validate.judging.severity import extraction_tail, judge
from disclosure_validate.judging.tolerance import Outcome, compare_money, in_one_unit, value_tolerance
from disclosure_validate.readers.narrative import is_final, key
from disclosure_validate.readers.self_evaluations import Section, sections
from disclosure_validate.readers.table_lookup import amount, total_row
from disclosure_validate.registry import check
from disclosure_validate.wording import money

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
    for kind in (TableKind.EXPENDITURE, TableKind.GENERAL_BUDGET_EXPENDITURE):
        table = ctx.table(kind)
        row = total_row(table)
        value = amount(row, "project")
        if table is not None and row is not None and value is not None:
            converted, _, _ = in_one_unit(value, table.unit, value, "wan_yuan")
            found.append(_ProjectTotal(converted, table, row))
    return found


def _document_text(ctx: Context) -> str:
    return "".join(spaceless_key(page.text or "") for page in ctx.disclosure.pages)


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
    # a project sheet whose 预算执行情况 line does not read: a failing sum may be our reading
    unread = any("execution" in s.record.unread for s in found if not s.overall)
    yield from _projects_sum(ctx, projects, planned, spent, totals, unread)
    for section in (s for s in found if s.overall):
        yield from _stated_project_total(section, totals[0])


def _projects_sum(
    ctx: Context,
    projects: Sequence[Section],
    planned: Decimal,
    spent: Decimal,
    totals: Sequence[_ProjectTotal],
    unread: bool,
) -> Iterator[Finding]:
    tolerance = value_tolerance("wan_yuan", [planned], terms=len(projects))
    outcomes = [(compare_money(t.value, s, tolerance), t, s) for t in totals for s in (planned, spent)]
    if any(o is Outcome.HOLDS for o, _, _ in outcomes):
        return
    rounding = next(((t, s) for o, t, s in outcomes if o is Outcome.ROUNDING), None)
    target, actual = rounding or (totals[0], planned)
    covered = bool(_FULL_COVERAGE.search(_document_text(ctx))) and _stated_projects(ctx) in (
        None,
        len(projects),
    )
    yield section_finding(
        "X-16",
        projects[0],
        f"{len(projects)} 张项目绩效自评表的预算数合计 {money(planned)} 万元（执行数合计 "
        f"{money(spent)} 万元），与{target.table.number or '支出决算表'}项目支出合计 "
        f"{money(target.value)} 万元不一致"
        + (
            extraction_tail("另有自评表的预算执行情况行有数字未能读入")
            if unread
            else "。"
            if covered
            else "（说明未称自评覆盖全部项目支出，可能只公开了部分项目）。"
        ),
        row=target.row,
        subject="项目支出合计",
        column="预算数(A)",
        expected=target.value,
        actual=actual,
        outcome=Outcome.ROUNDING if rounding else Outcome.FAILS,
        suspect=unread,
        severity=None if covered else "warning",
        evidence=[target.row, *(p.budget.row for p in projects if p.budget)],
        table=target.table,
    )


def _stated_projects(ctx: Context) -> int | None:
    """ "共涉及项目 8 个" (001:L573): when the tables printed are fewer, some may be unread."""
    stated = [c.value for c in ctx.disclosure.claims if c.kind == "count" and c.subject == "项目"]
    return int(stated[0]) if stated and "自评" in _document_text(ctx) else None


def _stated_project_total(section: Section, target: _ProjectTotal) -> Iterator[Finding]:
    """The 整体 table's "项目支出总额" (001:L778) is the same quantity."""
    if section.project_total is None:
        return
    value, row = section.project_total
    outcome = compare_money(target.value, value, value_tolerance("wan_yuan", [value]))
    if outcome is Outcome.HOLDS:
        return
    yield section_finding(
        "X-16",
        section,
        f"{section.label}的项目支出总额印为 {money(value)} 万元，"
        f"{target.table.number or '支出决算表'}项目支出合计为 {money(target.value)} 万元。",
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
_SHEET_NAMES = {
    TableKind.PERFORMANCE_SELF_EVALUATION: "项目绩效自评表",
    TableKind.PERFORMANCE_PROJECT: "项目绩效目标表",
}
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


def _counted_tables(ctx: Context, found: Sequence[Section], claim_text: str) -> tuple[int, TableKind] | None:
    """How many project tables the document prints, and their kind."""
    if is_final(ctx):
        if "自评" not in claim_text or not found:
            return None
        return len([s for s in found if not s.overall]), TableKind.PERFORMANCE_SELF_EVALUATION
    if "绩效目标" not in claim_text:
        return None
    sheets = [
        t
        for t in ctx.tables_of(TableKind.PERFORMANCE_PROJECT)
        if not _FRAGMENT_TITLE.match(spaceless_key(t.title))
    ]
    return (len(sheets), TableKind.PERFORMANCE_PROJECT) if sheets else None


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
            message=f"说明称{claim.subject}共 {money(claim.value)} 个，"
            f"附件印有 {counted[0]} 张{_SHEET_NAMES[counted[1]]}。",
            expected=Decimal(counted[0]),
            actual=claim.value,
            difference=claim.value - counted[0],
            location=Location(page=claim.page, row=claim.subject, table=counted[1]),
            evidence=[Evidence(page=claim.page, text=claim.text[:200])],
        )


def _lines(ctx: Context) -> list[tuple[int, str]]:
    return [
        (page.number, text.strip())
        for page in ctx.disclosure.pages
        for text in (page.text or "").splitlines()
        if text.strip()
    ]


def _about(lines: Sequence[tuple[int, str]], at: int, found: Sequence[Section]) -> Section | None:
    """The 自评表 a count is about: the one project named on its line or shortly above, else the 整体
    table when the passage speaks of the 整体 evaluation (001:L729)."""
    named = [s for s in found if s.name and not s.overall]
    for index in range(at, max(-1, at - _LOOK_BACK), -1):
        text = spaceless_key(lines[index][1])
        matches = [s for s in named if s.name and spaceless_key(s.name) in text]
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
            # a count is never certain enough for an error: the indicators may be listed elsewhere
            severity, cause = judge(Outcome.FAILS, suspect=section.damaged, failed="warning")
            yield Finding(
                rule="N-13",
                severity=severity,
                probable_cause=cause,
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
