"""graded-project-counts: the projects a 决算 grades and the problems it counts add up.

"绩效自评的 2024 年度项目 1 个，…（其中，绩效评级为“优”的项目 1 个；绩效评级为“良”的项目 0 个；绩效评级为
“合格”的项目 0 个；绩效评级为“不合格”的项目 0 个。绩效自评中共发现问题 0 个…）" (社会工作部2024 p21, the
Shanghai 决算 template p20): the grades are the self-evaluated projects, one grade each; "发现问题 N 个，
已经完成整改的 a 个，正在整改的 b 个": every problem found is either put right or being put right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
