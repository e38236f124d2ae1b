"""Project names: how the tables and the narrative print one project, and how two printings of it
are matched. Every rule that pairs projects by name (X-10, X-11, X-13, N-14) keys and compares
names here.

The 政府采购预算表 (T11, its 项目 column), the 资产配置预算表 (T13) and the narrative's project list
(第X部分 项目支出安排情况) each print a project's name in their own way: "办公室租赁项目" for T10
"办公室租赁" (000:L1353 vs L354), "2023 年数据治理运维项目" without its year, "“民呼我应”…(结转)" with or
without quotes. The performance tables (项目申报表, 整体绩效表 project list) add notes and class
prefixes. Names are compared by a key that drops those differences, and a loose (similar) match is
told apart from an exact one so a rule can lower its severity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from disclosure_shared.records import Row, Table
from disclosure_shared.text_keys import spaceless_key
from disclosure_validate.readers.printed_cells import label

Match = Literal["exact", "contains", "similar"]
_SIMILAR = 0.9  # "区政府门户网站运维运维服务" (000:L1345) ~ "区政府门户网站运维服务" (000:L349)
_MARGIN = 0.05  # the best similar name must stand out: "工作性保人员-…" vs "工作性其他-…" (002:L590/L601)
_SHORTEST = 4
_YEAR_PREFIX = re.compile(r"^20\d{2}年度?")

# ---- keys ---------------------------------------------------------------------------------------
#
# Two keys, on purpose: one key for both would change which projects the rules pair. `name_key`
# feeds `match`, where equal keys are a certain pairing, so it drops only what T11, T13 and the
# narrative add around a T10 name (spaces, quotes, a list ordinal, a year, the word 项目).
# `performance_name_key` feeds X-10's scored pairing (`similarity`, where a weak match must also
# agree in amount), so it can afford to drop more: the markup of performance-table cells, bracketed
# notes ("(结转)") and class prefixes ("工作性其他-").


def name_key(text: str) -> str:
    """A project name as compared: no spaces, quotes, ordinal, year prefix, or the word 项目."""
    text = re.sub(r"[\"'“”‘’「」《》*]", "", spaceless_key(text))
    text = re.sub(
        r"^(\d{1,2}[.、．]|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)", "", text
    )
    text = _YEAR_PREFIX.sub("", text)
    return text.replace("项目", "")


def performance_name_key(name: str) -> str:
    """A project name as X-10 matches it: no spaces, quotes, bracketed notes ("(结转)"), leading
    year ("2023 年"), leading class prefix ("工作性其他-", 002:L588) or trailing "项目"."""
    key = label(name)
    key = re.sub(r"[(\[【][^)\]】]*[)\]】]", "", key)
    key = _YEAR_PREFIX.sub("", key)
    key = re.sub(r"^[^-—–]{1,8}[-—–]", "", key)
    return re.sub(r"项目$", "", key)


def similarity(a: str, b: str) -> float:
    """How alike two keys are: 1 when equal, 0.9 when one holds the other, else their ratio."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if min(len(a), len(b)) >= 4 and (a in b or b in a):
        return 0.9
    return SequenceMatcher(None, a, b).ratio()


# ---- the projects of the 项目支出表 (T10) --------------------------------------------------------


def unit_names(table: Table, normalize: Callable[[str], str]) -> list[str]:
    """The unit names a T10 prints (3- and 6-digit codes), as `normalize` writes them, longest
    first: the parser may run one into the name of the project above it (002:L590–596)."""
    names = {normalize(r.name) for r in table.rows if r.code and len(r.code) in (3, 6)}
    return sorted(names, key=len, reverse=True)


def without_unit(name: str, units: Sequence[str]) -> str:
    """`name` without the longest of `units` it ends with (never the whole name)."""
    suffix = next((u for u in units if name.endswith(u) and len(name) > len(u)), "")
    return name[: len(name) - len(suffix)]


@dataclass(frozen=True)
class Project:
    """A project row of the 项目支出表 with the unit it is listed under."""

    row: Row
    unit: str | None  # the 6-digit unit code of the block the project is printed in
    key: str


def _is_project(row: Row) -> bool:
    """Project rows carry their long project code (21 chars, SPEC §2.0), never a 2–6 digit one."""
    code = row.code or ""
    return len(code) >= 8 or (bool(code) and not code.isdigit())


def _unspaced(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def projects(table: Table | None) -> list[Project]:
    """The project rows of a 项目支出表, each with its unit; a unit name the parser left glued to the
    project name (002:L590–596: name and 项目单位 on consecutive lines) is cut off."""
    if table is None:
        return []
    units = unit_names(table, _unspaced)
    found: list[Project] = []
    unit: str | None = None
    for row in table.rows:
        code = row.code or ""
        if code.isdigit() and len(code) == 6:
            unit = code
        if _is_project(row):
            found.append(Project(row, unit, name_key(without_unit(_unspaced(row.name), units))))
    return found


# ---- matching a printed name to T10 projects ------------------------------------------------------


def _inside(wanted: str, key: str) -> bool:
    """One name within the other, the shorter most of the longer: "数据治理运维" in a name with its
    year, never a project's short name inside a long subject phrase."""
    short, long = sorted((wanted, key), key=len)
    return len(short) >= _SHORTEST and short in long and len(short) * 5 >= len(long) * 3


def match(name: str, candidates: Sequence[Project]) -> tuple[list[Project], Match | None]:
    """The projects a printed name refers to (several when T10 prints one name under two units,
    004:L406/L419) and how sure the match is; ([], None) when no project fits."""
    wanted = name_key(name)
    if len(wanted) < 2:
        return [], None
    exact = [p for p in candidates if p.key == wanted]
    if exact:
        return exact, "exact"
    inside = [p for p in candidates if _inside(wanted, p.key)]
    if len({p.key for p in inside}) == 1:
        return inside, "contains"
    if inside:
        return [], None  # several different projects fit: no certain pairing
    alike = _most_alike(wanted, candidates)
    return (alike, "similar") if alike else ([], None)


def _most_alike(wanted: str, candidates: Sequence[Project]) -> list[Project]:
    """The projects of the one name clearly most like `wanted` ("运维运维服务" for "运维服务"). The
    plain ratio, not `similarity`: containment was already judged, more strictly, by `_inside`."""
    scored = sorted(
        ((SequenceMatcher(None, wanted, p.key).ratio(), p) for p in candidates), key=lambda s: -s[0]
    )
    if not scored or scored[0][0] < _SIMILAR:
        return []
    best, first = scored[0]
    runner_up = next((score for score, p in scored if p.key != first.key), 0.0)
    if best - runner_up < _MARGIN:
        return []
    return [p for _, p in scored if p.key == first.key]
