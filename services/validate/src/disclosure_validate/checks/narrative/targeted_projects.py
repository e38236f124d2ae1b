"""targeted-within-project-budget: the projects with performance targets are projects of the budget.

"编报绩效目标的项目50个，涉及项目预算资金5634.81万元" (万里街道 2024 p32), "本部门共 5 个项目实行绩效目标
管理，涉及财政性资金合计 5,086 万元" (省检察院 2018 p30): those projects' money is part of the year's
项目支出, so it cannot exceed the 项目支出 the expenditure tables print (the largest of them: the
all-funds table when there is one). Only a 预算: a 决算 states the projects' budget beside the
项目支出 spent. A warning: the sentence may count money the tables book elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import Outcome
from disclosure_validate.readers.narrative import is_final
from disclosure_validate.readers.narrative_figures import part_figures
from disclosure_validate.readers.running_text import running_text
from disclosure_validate.registry import check

# running text is NFKC: "，" reads ","
_TARGETED = re.compile(
    r"(?:编报绩效目标的项目(?:共)?\s*\d+\s*个|共\s*\d+\s*个项目实行绩效目标管理)\s*,\s*涉\s*及[^\d。]{0,12}?"
    r"(\d[\d,]*(?:\.\d+)?)\s*万\s*元"
)


@check("targeted-within-project-budget")
def targeted_projects_within_project_budget(ctx: Context) -> Iterator[Finding]:
    if is_final(ctx):
        return
    figures = part_figures(ctx, "项目支出")
    if not figures:
        return
    bound = max(figures, key=lambda f: f.value)
    joined = running_text(ctx)
    for match in _TARGETED.finditer(joined.text):
        stated = Decimal(match.group(1).replace(",", ""))
        if stated <= bound.value:
            continue
        severity, cause = judge(Outcome.FAILS, suspect=False, failed="warning")
        page = joined.page_at(match.start())
        yield Finding(
            rule="targeted-within-project-budget",
            severity=severity,
            probable_cause=cause,
            message=f"编报绩效目标的项目涉及资金 {match.group(1)} 万元，"
            f"多于{bound.table.number or bound.table.title}所列项目支出 {bound.value} 万元。",
            expected=bound.value,
            actual=stated,
            location=Location(page=page, table=bound.table.kind, row="项目支出", column=bound.column),
            evidence=[Evidence(page=page, text=match.group(0))],
        )
