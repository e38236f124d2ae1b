"""Reading a list entry's title: does it name a disclosure, of which year, kind and organization."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from disclosure_crawl.config import Titles

Kind = Literal["budget", "final_accounts", "three_public"]

# Words that describe the document rather than name the organization.
_KIND_WORDS = re.compile(
    r"(?:部门|单位)?(?:整体)?(?:预算|决算)(?:及)?(?:三公经费)?(?:信息)?(?:公开)?(?:说明|文件|表格?|情况)?"
    r"|“?三公”?经费(?:预算|决算)?(?:公开)?(?:说明|情况)?"
    r"|公开(?:说明|文件|表格?)?"
)
_EDGE_JUNK = " \t\u3000-—_:：,，.。()（）[]【】《》\"'“”"


@dataclass(frozen=True)
class TitleInfo:
    title: str
    year: int | None
    kind: Kind | None
    organization: str | None


def normalize(title: str) -> str:
    return re.sub(r"\s+", " ", title.replace("\u3000", " ")).strip()


def read_title(title: str, rules: Titles) -> TitleInfo | None:
    """The title's disclosure facts, or None when the title does not count under `rules`."""
    title = normalize(title)
    if not title or not any(re.search(p, title) for p in rules.include):
        return None
    if any(re.search(p, title) for p in rules.exclude):
        return None
    year = read_year(title, rules)
    if year is None and rules.require_year:
        return None
    return TitleInfo(title, year, read_kind(title), read_organization(title, rules))


def read_year(title: str, rules: Titles) -> int | None:
    match = re.search(rules.year_pattern, title)
    if not match:
        return None
    digits = match.group(1)
    year = int(digits) + (2000 if len(digits) == 2 else 0)
    return year if 2000 <= year <= 2099 else None


def read_kind(title: str) -> Kind | None:
    if "三公" in title:
        return "three_public"
    if "决算" in title:
        return "final_accounts"
    if "预算" in title:
        return "budget"
    return None


def read_organization(title: str, rules: Titles) -> str | None:
    if rules.organization_pattern:
        match = re.search(rules.organization_pattern, title)
        return match.group("org").strip(_EDGE_JUNK) or None if match else None
    rest = re.sub(rules.year_pattern, " ", title)
    rest = _KIND_WORDS.sub(" ", rest)
    parts = [_balanced(p.strip(_EDGE_JUNK)) for p in rest.split(" ")]
    parts = [p for p in parts if p]
    return max(parts, key=len) if parts else None


def _balanced(name: str) -> str:
    """Give back a closing bracket the edge trimming took: 信息中心（大数据中心）."""
    for opening, closing in ("（）", "()"):
        if name.count(opening) > name.count(closing):
            name += closing
    return name
