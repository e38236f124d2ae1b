"""table-reference-title: a table the text refers to by number is the table of that number.

"（按“部门预算公开08表 一般公共预算基本支出预算表”中实际发生经济分类支出事项填写）" (省人大办公厅2018
p27): 公开08表 must be the 一般公共预算基本支出预算表 of the document (or of its companion file of
tables). A reference naming another table's title is a copy-and-paste slip a reviewer reports; a
number no table carries is judged only when the title it names is another numbered table's (the
tables may be published elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.readers.narrative import key
from disclosure_validate.readers.running_text import running_text
from disclosure_validate.registry import check

# running text is NFKC: "“" stays, "（" reads "("
_REFERENCE = re.compile(r"公开\s*(\d{1,2})\s*表\s*[“\"]?\s*([^“”\"()]{2,30}?表)\s*[”\"]?\s*中")
_NUMBER = re.compile(r"公开\s*(\d{1,2})\s*表")
_QUALIFIER = re.compile(r"[(（][^)）]*[)）]")


def _title_key(title: str) -> str:
    """A title without its number and its "（经济科目）" qualifier."""
    title = re.sub(r"^.*?公开\s*\d{1,2}\s*表\s*[:：]?", "", title)
    return key(_QUALIFIER.sub("", title))


def _same_title(title: str, named: str) -> bool:
    printed, referred = _title_key(title), _title_key(named)
    return referred in printed or printed in referred


@check("table-reference-title")
def table_references_name_their_table(ctx: Context) -> Iterator[Finding]:
    numbered: dict[int, str] = {}
    for table in ctx.disclosure.tables:
        found = _NUMBER.search(table.number or "")
        if found is not None:
            numbered.setdefault(int(found.group(1)), table.title)
    if not numbered:
        return
    joined = running_text(ctx)
    reported: set[tuple[int, str]] = set()
    for match in _REFERENCE.finditer(joined.text):
        number, named = int(match.group(1)), match.group(2)
        title = numbered.get(number)
        if (number, named) in reported:
            continue
        if title is None:
            # a number no table carries: judged only when the title it names is another table's
            other = next((n for n, t in sorted(numbered.items()) if _same_title(t, named)), None)
            if other is None:
                continue
            message = (
                f"文中引用“公开{number:02d}表 {named}”，而文件中无公开{number:02d}表，"
                f"此表为公开{other:02d}表。"
            )
        elif _same_title(title, named):
            continue
        else:
            message = f"文中引用“公开{number:02d}表 {named}”，而公开{number:02d}表为“{title.strip()}”。"
        reported.add((number, named))
        page = joined.page_at(match.start())
        yield Finding(
            rule="table-reference-title",
            severity="warning",
            probable_cause="source",
            message=message,
            location=Location(page=page),
            evidence=[Evidence(page=page, text=match.group(0)[:200])],
        )
