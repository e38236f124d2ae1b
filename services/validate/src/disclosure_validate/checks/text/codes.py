"""code-name-mismatch: every subject printed with its code ("2010105 人大立法", "221 住房保障支出",
"30216 培训费") names what the tables name that code.

subject-name-mismatch reads the subjects of the claims; a reviewer reads every mention: the lists
of a narrative, the explanations of a 名词解释, a table page printed beside its grid. A mention
whose code the tables print under another name, or whose name the tables print under another code
of the same level, is a warning (the tables of another basis may carry the other reading).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from disclosure_shared.records import Evidence, Finding, Location, Row
from disclosure_validate.context import Context
from disclosure_validate.readers.narrative import key
from disclosure_validate.registry import check

# A 类/款/项 (2xx) or economic (3xx) code at a line start or after a space, then its name; any
# leading digit is read, so that a misprinted "921 住房保障支出" is a mention the tables' names judge
# (an amount and its unit, "100 万元", are no name).
_MENTION = re.compile(
    r"(?:^|(?<=[\s|]))([1-9]\d{2}(?:\d{2}){0,2})[ \t]*(?![万元个人台辆年月日家项次批])"
    r"([\u4e00-\u9fff][\u4e00-\u9fff（）()、]{1,40})(?=$|[\s\d|,，。；;])",
    re.MULTILINE,
)


def _name_key(name: str) -> str:
    return re.sub(r"(支出)+$", "", key(name).replace("(", "（").replace(")", "）"))


def _same(printed: str, table: str) -> bool:
    a, b = _name_key(printed), _name_key(table)
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 3 and longer.startswith(shorter)  # cells and lines cut long names


def _coded_rows(ctx: Context) -> tuple[dict[str, Row], dict[tuple[str, int], set[str]]]:
    """Each code's first printed row, and the codes each (name, code length) is printed under."""
    by_code: dict[str, Row] = {}
    by_name: dict[tuple[str, int], set[str]] = {}
    for table in ctx.disclosure.tables:
        for row in table.rows:
            code = row.code or ""
            if not (code.isdigit() and len(code) in (3, 5, 7) and code[0] in "23"):
                continue
            by_code.setdefault(code, row)
            by_name.setdefault((_name_key(row.name), len(code)), set()).add(code)
    return by_code, by_name


def _finding(page: int, line: str, message: str, row: Row) -> Finding:
    return Finding(
        rule="code-name-mismatch",
        severity="warning",
        probable_cause="source",
        message=message,
        location=Location(page=page, row=row.code),
        evidence=[
            Evidence(page=page, text=line.strip()[:200]),
            Evidence(page=row.page, text=f"{row.code} {row.name}"),
        ],
    )


@check("code-name-mismatch")
def coded_mentions_match_tables(ctx: Context) -> Iterator[Finding]:
    by_code, by_name = _coded_rows(ctx)
    if not by_code:
        return
    reported: set[tuple[str, str]] = set()
    for page in ctx.disclosure.pages:
        for line in (page.text or "").splitlines():
            for match in _MENTION.finditer(line):
                code, name = match.group(1), match.group(2)
                if (code, name) in reported:
                    continue
                row = by_code.get(code)
                if row is not None:
                    if _same(name, row.name):
                        continue
                    others = by_name.get((_name_key(name), len(code)), set())
                    if not others:
                        continue  # a phrase after the code, not a subject name ("301 人员经费…")
                    message = f"文中“{code} {name}”与表中编码 {code} 的名称“{key(row.name)}”不一致。"
                else:
                    others = by_name.get((_name_key(name), len(code)), set())
                    if len(others) != 1:
                        continue
                    row = by_code[next(iter(others))]
                    message = f"文中“{code} {name}”的编码表中没有；表中“{key(row.name)}”的编码为 {row.code}。"
                reported.add((code, name))
                yield _finding(page.number, line, message, row)
