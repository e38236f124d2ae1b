"""What the document is (kind, scope, year, organization, region, title), from its own text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from disclosure_parse.structure.text_norm import join_wrapped, strip_markup
from disclosure_shared.records import DocumentInfo

# OCR/typesetting slips that change an organization's name (SPEC §4.4).
_OCR = (("硃口", "硚口"),)
_KIND_WORD = re.compile(r"(预算|决算)")
_ORG_LINE = re.compile(
    r"(?:预算主管部门|编制部门|部门名称|部门/单位|部门|单位)\s*[:：]\s*([^\s:：]{4,40}?)(?=\s|单位|金额|$)"
)
_YEAR_KIND = re.compile(r"(20\d{2})\s*年度?[^。\n]{0,30}?(预算|决算)")
_REGION = re.compile(
    r"^(?:中共)?((?:[^省市区县]{2,3}省)?(?:[^省市区县]{2,3}市)?(?:[^省市区县（）()]{1,8}?[区县](?:[（(][^）)]{1,6}[）)])?)?)"
)


def fix_ocr(text: str) -> str:
    for wrong, right in _OCR:
        text = text.replace(wrong, right)
    return text


def _lines(pages: Sequence[str]) -> list[str]:
    return [t for t in (join_wrapped(strip_markup(line)) for p in pages for line in p.splitlines()) if t]


def cover_title(pages: Sequence[str]) -> str | None:
    """The cover/heading lines up to the first one naming 预算/决算 (S1 splits it over two lines)."""
    lines = _lines(pages[:2])[:12]
    for index, line in enumerate(lines):
        if line.rstrip("）)").endswith("表") or re.search(r"\d\.\d{2}\b", line):
            continue  # a table title, not the document's (table-only PDFs have no cover)
        if re.sub(r"\s", "", line) in ("目录", "目次"):
            break  # the contents follow: a cover without its title (an image) has none to give
        if _KIND_WORD.search(line) and not line.startswith(("目录", "目 录")) and len(line) <= 60:
            start = index
            while (
                start > 0 and index - start < 2 and not re.search(r"\d{4}\s*年\s*\d+\s*月", lines[start - 1])
            ):
                if len(lines[start - 1]) > 30 or "目录" in lines[start - 1]:
                    break
                start -= 1
            return fix_ocr("".join(lines[start : index + 1]) if start < index else line)
    return None


def _kind(title: str | None, text: str) -> str | None:
    if title:
        found = _KIND_WORD.findall(title)
        if found:
            return "final_accounts" if found[-1] == "决算" else "budget"
    counts = Counter(_KIND_WORD.findall(text[:20000]))
    if not counts:
        return None
    return "final_accounts" if counts["决算"] > counts["预算"] else "budget"


def _year(title: str | None, text: str) -> int | None:
    if title:
        match = re.search(r"(20\d{2})\s*年", title)
        if match:
            return int(match.group(1))
        match = re.search(r"(\d{2})年(预算|决算)", title)
        if match:
            return 2000 + int(match.group(1))
    years = Counter(int(y) for y, _ in _YEAR_KIND.findall(text))
    if years:
        return years.most_common(1)[0][0]
    years = Counter(int(y) for y in re.findall(r"(20\d{2})\s*年", text[:20000]))
    return years.most_common(1)[0][0] if years else None


# "江苏省政协办公厅 2019 年度收入、支出预算总计…": the narrative opens its sections with the name
_NARRATIVE_ORG = re.compile(
    r"^([\u4e00-\u9fff（）()]{4,30}?)\s*20\d{2}\s*年度?(?:收入、支出|收支|财政拨款|一般公共预算|部门)", re.M
)


def _organization(text: str, title: str | None) -> str | None:
    candidates = Counter(
        fix_ocr(m)
        for m in _ORG_LINE.findall(text)
        if not re.fullmatch(r"(万元|元)", m) and "单位" != m and not re.search(r"[、。，,；;]", m)
    )
    if candidates:
        best = candidates.most_common(1)[0][0]
        longer = [c for c in candidates if c != best and c.endswith(best) and len(c) <= len(best) + 8]
        return max(longer, key=len) if longer else best
    if title:
        name = re.sub(
            r"\d{4}\s*年度?|\d{2}年|部门|单位|预算|决算|公开|说明|文件|（汇总）|\(汇总\)", "", title
        )
        return name.strip() or None
    stated = Counter(fix_ocr(m) for m in _NARRATIVE_ORG.findall(text))
    return stated.most_common(1)[0][0] if stated else None


def _scope(title: str | None, text: str) -> str:
    if title and re.search(r"单位(预算|决算)", title):
        return "unit"
    if title and "部门" in title:
        return "department"
    unit_headers = len(re.findall(r"(?<![部门/])单位\s*[:：]\s*(?!万元|元)[^\s]{4,}", text))
    dept_headers = len(re.findall(r"部门\s*[:：]", text))
    return "unit" if unit_headers > dept_headers else "department"


def region_of(organization: str | None) -> str | None:
    if not organization:
        return None
    match = _REGION.match(organization)
    region = match.group(1) if match else ""
    return region or None


def classify_document(pages: Sequence[str]) -> DocumentInfo:
    text = "\n".join(strip_markup(p) for p in pages)
    title = cover_title(pages)
    organization = _organization(text, title)
    return DocumentInfo(
        kind=_kind(title, text),
        scope=_scope(title, text),
        year=_year(title, text),
        organization=organization,
        region=region_of(organization),
        title=title,
    )
