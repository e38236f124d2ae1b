"""The 目录 (table of contents): tables it lists that the body never prints become findings.

SPEC §2.18 rule 4: S3 lists 公开07表 in its 目录 (003:L27) but prints no such table. A listed table
counts as present when the body has a table of the same kind, empty or not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_parse.structure.classify import kind_of_title
from disclosure_parse.structure.text_norm import strip_markup
from disclosure_shared.records import Evidence, Finding, Location, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key

_TOC_LINES = 120
"""How far below the 目录 heading entries are looked for (S1's 目录 runs 60 lines)."""
_HEAD_PAGES = 4
"""A 目录 sits in the first pages; "目录" later on is a table header (002:L996 指导目录)."""


_MONEY_KINDS = {
    TableKind.REVENUE_EXPENDITURE_SUMMARY,
    TableKind.REVENUE,
    TableKind.EXPENDITURE,
    TableKind.FISCAL_APPROPRIATION_SUMMARY,
    TableKind.GENERAL_BUDGET_EXPENDITURE,
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
    TableKind.THREE_PUBLIC_EXPENSES,
}


@dataclass(frozen=True)
class TocEntry:
    page: int
    text: str
    kind: TableKind


def _numbered_lines(texts: Sequence[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for number, text in enumerate(texts[:_HEAD_PAGES], start=1):
        out.extend((number, line) for line in text.splitlines())
    return out


def _entry_text(line: str) -> str:
    """A 目录 line without its dot leader and page number ("1. 2025年部门…总表 ……… 9")."""
    return re.sub(r"[.…·．-]{2,}\d*$", "", text_key(strip_markup(line)))


def toc_entries(texts: Sequence[str]) -> list[TocEntry]:
    """Table entries of the 目录: lines ending in 表 (a wrapped "…支出预算" / "表" rejoined)."""
    lines = [(page, _entry_text(line)) for page, line in _numbered_lines(texts)]
    start = next((i for i, (_, key) in enumerate(lines) if key == "目录"), None)
    if start is None or start > 200:
        return []
    body = [(page, key) for page, key in lines[start + 1 : start + 1 + _TOC_LINES] if key]
    entries: list[TocEntry] = []
    seen_parts: set[str] = set()
    for i, (page, key) in enumerate(body):
        part = re.match(r"^第[一二三四五六七八九十]+部分", key)
        if part:
            if part.group(0) in seen_parts:
                break  # the body starts: its first part heading repeats the 目录's
            seen_parts.add(part.group(0))
            continue
        text = key
        if not text.endswith("表") and i + 1 < len(body) and len(body[i + 1][1]) <= 3:
            text += body[i + 1][1] if body[i + 1][1].endswith("表") else ""
        if not text.endswith("表"):
            continue
        kind = kind_of_title(text)
        if kind is not None:
            entries.append(TocEntry(page, text, kind))
    return entries


def missing_tables(texts: Sequence[str], tables: Sequence[Table]) -> list[Finding]:
    """One warning per listed table the body lacks; a body with no money table at all is the text half
    of a disclosure whose tables were published as a separate file (Jiangsu 2018-2019 "…公开文件" next to
    "…公开表"): one info finding says so instead of a warning per table."""
    entries = toc_entries(texts)
    present = {t.kind for t in tables}
    if entries and not present & _MONEY_KINDS:
        return [
            Finding(
                rule="tables-published-separately",
                severity="info",
                probable_cause="source",
                message=(
                    f"目录列出了 {len(entries)} 张表，但正文中没有任何表格，"
                    "表格可能另行发布，请与对应的表格文件一起核对。"
                ),
                location=Location(page=entries[0].page),
                evidence=[Evidence(page=e.page, text=e.text) for e in entries[:3]],
            )
        ]
    return [
        Finding(
            rule="table-missing",
            severity="warning",
            probable_cause="source",
            message=f"目录列出了“{entry.text}”，但正文中没有找到这张表。",
            location=Location(table=entry.kind, page=entry.page),
            evidence=[Evidence(page=entry.page, text=entry.text)],
        )
        for entry in entries
        if entry.kind not in present
    ]
