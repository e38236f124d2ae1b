"""N-14: the narrative's project-by-project list ("1.XX项目 217.64 万元，主要用于…", 第X部分 项目支出
安排情况) against the 项目支出表 (SPEC §3.3): each listed amount = its project's row, matched by name
(project_names); a list naming every project adds up to the 合计.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.records import Claim, Evidence, Finding, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import narrative_finding
from disclosure_validate.judging.tolerance import Outcome, compare_stated
from disclosure_validate.readers.narrative import BUDGET_AND_OUTTURN, Figure, figure, in_wan, quote, sentences
from disclosure_validate.readers.project_names import Project, match, projects
from disclosure_validate.readers.table_lookup import ZERO, total_row
from disclosure_validate.registry import check
from disclosure_validate.wording import table_label


@dataclass(frozen=True)
class Listed:
    """A sentence of the project list: its amount claim and the T10 projects it names."""

    claim: Claim
    projects: list[Project]
    sure: bool


def _listed(group: Sequence[Claim], candidates: Sequence[Project]) -> Listed | None:
    """The project a sentence states an amount for ("6.政务云资源服务采购项目 360.5 万元，主要用于…").
    A sentence comparing years or stating a budget beside an outturn is not a list entry."""
    if any(c.kind == "change" for c in group) or BUDGET_AND_OUTTURN.search(group[0].text):
        return None
    for claim in group:
        if claim.kind != "amount" or claim.unit not in ("wan_yuan", "yuan"):
            continue
        found, how = match(claim.subject, candidates)
        if found:
            return Listed(claim, found, how != "similar")
    return None


def _states_money(group: Sequence[Claim]) -> bool:
    return any(c.kind == "amount" and c.unit in ("wan_yuan", "yuan") for c in group)


def _runs(ctx: Context, candidates: Sequence[Project]) -> list[list[Listed]]:
    """Consecutive sentences that each state one project's amount: the project list (two or more).
    A sentence stating no amount (the rest of an entry's 主要用于 text, "1500 余台终端", 004:L1777)
    does not end the list; an amount that is no project's does."""
    runs: list[list[Listed]] = [[]]
    for group in sentences(ctx.disclosure.claims):
        entry = _listed(group, candidates)
        if entry is not None:
            runs[-1].append(entry)
        elif _states_money(group):
            runs.append([])
    return [run for run in runs if len(run) >= 2]


def _project_figure(t10: Table, project: Project) -> Figure | None:
    return figure(t10, project.row, "total")


def _entry_finding(ctx: Context, t10: Table, entry: Listed) -> Finding | None:
    figures = [f for f in (_project_figure(t10, p) for p in entry.projects) if f is not None]
    if not figures:
        return None
    stated, places = in_wan(entry.claim)
    outcomes = [compare_stated(stated, places, f) for f in figures]
    if Outcome.HOLDS in outcomes:
        return None
    # a name printed under two units (004:L1765/L1785): report against the nearer amount
    best = min(
        range(len(figures)),
        key=lambda i: (outcomes[i] is not Outcome.ROUNDING, abs(figures[i].value - stated)),
    )
    source = figures[best]
    unit = "元" if entry.claim.unit == "yuan" else "万元"
    return narrative_finding(
        "N-14",
        outcomes[best],
        f"说明中项目“{entry.claim.subject}”为 {entry.claim.value} {unit}，与{table_label(t10)}"
        f"“{source.row.name}”所列 {source.value.normalize():f} 万元不一致。",
        claim=entry.claim,
        expected=source.value,
        actual=stated,
        source=source,
        severity="error" if entry.sure else "warning",
        suspect=ctx.repaired(t10, source.row),  # the parser rebuilt this row: the difference may be ours
    )


def _sum_finding(t10: Table, run: list[Listed], listed: Sequence[Project]) -> Finding | None:
    """Σ of a list naming every T10 project once = the 项目支出表 合计 (within the precision stated)."""
    rows = [p.row for entry in run for p in entry.projects]
    if len(run) != len(listed) or len({id(r) for r in rows}) != len(listed):
        return None  # the list does not name every project exactly once: its Σ says nothing
    total = figure(t10, total_row(t10), "total")
    if total is None:
        return None
    stated = [in_wan(e.claim) for e in run]
    summed = sum((value for value, _ in stated), ZERO)
    # each stated amount may be rounded to its printed precision, plus one cent of drift
    slack = sum((Decimal(5).scaleb(-places - 1) for _, places in stated), Decimal("0.01"))
    difference = abs(summed - total.value)
    if difference == 0:
        return None
    outcome = Outcome.ROUNDING if difference <= slack else Outcome.FAILS
    first = run[0].claim
    return narrative_finding(
        "N-14",
        outcome,
        f"说明逐项列示的 {len(run)} 个项目金额合计 {summed.normalize():f} 万元，与{table_label(t10)}"
        f"合计 {total.value.normalize():f} 万元不一致。",
        claim=first,
        expected=total.value,
        actual=summed,
        source=total,
        extra=[Evidence(page=e.claim.page, text=quote(e.claim, 60)) for e in run[1:8]],
    )


@check("N-14")
def project_list_matches_project_table(ctx: Context) -> Iterator[Finding]:
    """Each project amount of the narrative's project list = its 项目支出表 row (fuzzy name match;
    a name matching no project is skipped); when the list names every project, Σ = the 合计."""
    t10 = ctx.table(TableKind.PROJECT_EXPENDITURE)
    listed = projects(t10)
    if t10 is None or not listed:
        return
    for run in _runs(ctx, listed):
        findings = [f for f in (_entry_finding(ctx, t10, entry) for entry in run) if f is not None]
        yield from findings
        if not any(f.severity != "info" for f in findings):
            total = _sum_finding(t10, run, listed)
            if total:
                yield total
