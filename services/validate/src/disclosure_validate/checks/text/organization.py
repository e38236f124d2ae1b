"""organization-name-differs: the body names the organization (before a year: "上海市普陀区规划与
自然资源局2024年度…") a character or two away from the name on the cover and title ("…规划和自然资源局",
规划局 2024 决算 p19). Abbreviations ("省检察院" for 江苏省人民检察院), a higher body ("上海市规划和自然资源
局") and other organizations named in passing are not near misses and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.readers.running_text import running_text
from disclosure_validate.registry import check

_SUFFIX = r"(?:局|委员会|办公室|办公厅|办事处|人民法院|检察院|工作部|政府|常委会|政协|中心)"
_NAMED = re.compile(rf"([\u4e00-\u9fff()]{{2,40}}?{_SUFFIX})\s*(?:\(本级\))?\s*\d{{4}}\s*年")
_NEAR = 0.8


def _plain(name: str) -> str:
    return re.sub(r"\s+", "", name).removeprefix("中共")


def _within(short: str, long: str) -> bool:
    """`short` is `long` with characters left out (an abbreviation or a higher body's name)."""
    chars = iter(long)
    return all(char in chars for char in short)


def _abbreviated(named: str, organization: str) -> bool:
    """The longest end of `named` that is `organization` with characters left out covers most of it
    ("情况说明硚口区经济信息化和科技创新局" for 武汉市硚口区…; "省检察院" for 江苏省人民检察院)."""
    longest = max((n for n in range(1, len(named) + 1) if _within(named[-n:], organization)), default=0)
    return longest >= max(4, len(organization) - 4)


@check("organization-name-differs")
def organization_named_alike(ctx: Context) -> Iterator[Finding]:
    organization = _plain(ctx.disclosure.document.organization or "")
    if len(organization) < 4 or "XX" in organization:
        return
    joined = running_text(ctx)
    for match in _NAMED.finditer(joined.text):
        named = _plain(match.group(1))
        tail = named[-len(organization) :]
        if organization in named or _abbreviated(named, organization):
            continue
        if SequenceMatcher(None, tail, organization).ratio() < _NEAR:
            continue  # another organization named in passing, not this one misspelt
        page = joined.page_at(match.start())
        yield Finding(
            rule="organization-name-differs",
            severity="warning",
            probable_cause="source",
            message=f"说明中单位名称写作“{tail}”，与封面、标题的“{organization}”不一致。",
            location=Location(page=page),
            evidence=[Evidence(page=page, text=joined.text[max(0, match.start() - 20) : match.end() + 30])],
        )
