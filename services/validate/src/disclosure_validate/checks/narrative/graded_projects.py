"""graded-project-counts: the projects a 决算 grades and the problems it counts add up;
evaluated-within-targeted: the projects it follows up and evaluates are projects with targets.

"绩效自评的 2024 年度项目 1 个，…（其中，绩效评级为“优”的项目 1 个；绩效评级为“良”的项目 0 个；绩效评级为
“合格”的项目 0 个；绩效评级为“不合格”的项目 0 个。绩效自评中共发现问题 0 个…）" (社会工作部2024 p21, the
Shanghai 决算 template p20): the grades are the self-evaluated projects, one grade each; "发现问题 N 个，
已经完成整改的 a 个，正在整改的 b 个": every problem found is either put right or being put right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.readers.running_text import RunningText, running_text
from disclosure_validate.registry import check

# running text is NFKC: "（" reads "(", "，" ",", "；" ";"
_EVALUATED = re.compile(
    r"绩效自评的\s*\d{4}\s*年度项目\s*(\d+)\s*个[^(。]{0,60}\(\s*其中\s*,?(?P<grades>[^()]{0,200})"
)
_GRADE = re.compile(r"绩效评级为\s*[“\"]\s*(优|良|合格|不合格)\s*[”\"]\s*的项目\s*(\d+)\s*个")
_PROBLEMS = re.compile(
    r"发现问题\s*(\d+)\s*个\s*,\s*已(?:经)?完成整改的\s*(\d+)\s*个\s*,\s*正在整改的\s*(\d+)\s*个"
)


def _finding(joined: RunningText, match: re.Match[str], message: str) -> Finding:
    severity, cause = judge(Outcome.FAILS, suspect=False)
    page = joined.page_at(match.start())
    return Finding(
        rule="graded-project-counts",
        severity=severity,
        probable_cause=cause,
        message=message,
        location=Location(page=page, row="绩效自评"),
        evidence=[Evidence(page=page, text=match.group(0)[:240])],
    )


@check("graded-project-counts")
def graded_projects_add_up(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    for match in _EVALUATED.finditer(joined.text):
        grades = _GRADE.findall(match.group("grades"))
        if len(grades) < 2:
            continue  # not the template's list of grades
        evaluated, graded = int(match.group(1)), sum(int(n) for _, n in grades)
        if graded != evaluated:
            listing = "、".join(f"{grade} {n} 个" for grade, n in grades)
            yield _finding(
                joined,
                match,
                f"说明绩效自评项目 {evaluated} 个，各评级项目合计 {graded} 个（{listing}）。",
            )
    for match in _PROBLEMS.finditer(joined.text):
        found, done, doing = (int(match.group(i)) for i in (1, 2, 3))
        if done + doing != found:
            yield _finding(
                joined,
                match,
                f"说明发现问题 {found} 个，已完成整改 {done} 个、正在整改 {doing} 个，"
                f"合计 {done + doing} 个。",
            )


# "编报绩效目标的2024年度项目39个，涉及预算金额4415.48万元；绩效跟踪评价的2024年度项目39个，涉及预算金额
# 4415.48万元；绩效自评的2024年度项目39个，涉及预算金额4415.48万元" (规划和自然资源局2024 p27)
_COVERAGE = re.compile(
    r"(编报绩效目标|绩效跟踪评价|绩效自评)的\s*\d{4}\s*年度项目\s*(\d+)\s*个\s*,\s*涉\s*及[^\d。]{0,8}"
    r"(\d[\d,]*(?:\.\d+)?)\s*万\s*元"
)


@check("evaluated-within-targeted")
def evaluated_projects_within_targeted(ctx: Context) -> Iterator[Finding]:
    """The projects followed up (跟踪评价) and self-evaluated (自评) are projects with performance
    targets: no more of them, no more funds, and the same funds when they are as many."""
    joined = running_text(ctx)
    stated = {m.group(1): m for m in _COVERAGE.finditer(joined.text)}
    target = stated.get("编报绩效目标")
    if target is None:
        return
    count, funds = int(target.group(2)), Decimal(target.group(3).replace(",", ""))
    for kind in ("绩效跟踪评价", "绩效自评"):
        match = stated.get(kind)
        if match is None:
            continue
        n, amount = int(match.group(2)), Decimal(match.group(3).replace(",", ""))
        if n > count or amount > funds or (n == count and amount != funds):
            severity, cause = judge(Outcome.FAILS, suspect=False, failed="warning")
            page = joined.page_at(match.start())
            yield Finding(
                rule="evaluated-within-targeted",
                severity=severity,
                probable_cause=cause,
                message=f"{kind}的项目 {n} 个、涉及 {match.group(3)} 万元，而编报绩效目标的项目 {count} 个、"
                f"涉及 {target.group(3)} 万元：{kind}的项目应在编报绩效目标的项目之内。",
                expected=funds,
                actual=amount,
                location=Location(page=page, row=kind),
                evidence=[Evidence(page=page, text=joined.text[target.start() : match.end()][:240])],
            )
