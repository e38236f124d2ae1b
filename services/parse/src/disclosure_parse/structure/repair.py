"""Cross-table repair of 项 codes printed truncated to their 款 code (S3 公开03表, SPEC §4.3)."""

from __future__ import annotations

from collections.abc import Sequence

from disclosure_shared.records import Evidence, Finding, Location, Table
from disclosure_shared.text_keys import text_key


def _index(tables: Sequence[Table]) -> dict[str, set[str]]:
    """7-digit code -> the names printed for it anywhere in the document."""
    names: dict[str, set[str]] = {}
    for table in tables:
        for row in table.rows:
            if row.code and len(row.code) == 7 and row.code.isdigit():
                names.setdefault(row.code, set()).add(text_key(row.name))
    return names


def _match(prefix: str, name: str, index: dict[str, set[str]]) -> str | None:
    key = text_key(name)
    hits = {
        code
        for code, names in index.items()
        if code.startswith(prefix) and any(n == key or n.startswith(key) or key.startswith(n) for n in names)
    }
    return hits.pop() if len(hits) == 1 else None


def repair_truncated_codes(tables: list[Table]) -> list[Finding]:
    """A 5-digit code seen a second time in a table is a 项 whose last digits were cut off."""
    index = _index(tables)
    findings: list[Finding] = []
    for position, table in enumerate(tables):
        seen: set[str] = set()
        fixed: list[str] = []
        rows = list(table.rows)
        for i, row in enumerate(rows):
            code = row.code
            if code and len(code) == 5 and code.isdigit():
                if code in seen:
                    full = _match(code, row.name, index)
                    if full:
                        repairs = sorted({*row.repairs, "code"})
                        rows[i] = row.model_copy(update={"code": full, "level": 3, "repairs": repairs})
                        fixed.append(f"{code}→{full}")
                seen.add(code)
        if fixed:
            tables[position] = table.model_copy(update={"rows": rows})
            findings.append(
                Finding(
                    rule="code-repaired",
                    severity="info",
                    probable_cause="extraction",
                    message=f"按同一文档其他表的科目名称补全了被截断的项级科目编码：{'、'.join(fixed[:6])}。",
                    location=Location(table=table.kind, page=table.pages[0] if table.pages else None),
                    evidence=[Evidence(page=table.pages[0] if table.pages else None, text=table.title)],
                )
            )
    return findings
