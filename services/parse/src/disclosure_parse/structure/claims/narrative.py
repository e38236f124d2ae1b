"""The explanatory part of a disclosure as blocks of joined lines (headings, numbered items, prose).

Claims are read from the 情况说明 part only: the tables, the 概况 and the 名词解释 either hold no
statements or would read table cells as prose. Lines are joined inside a block because both PDF text
and the seed exports wrap paragraphs mid-word and mid-number ("307.82" / "万元", SPEC §4.5).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from disclosure_parse.structure.text_norm import strip_markup

_N = "一二三四五六七八九十"
_PART = re.compile(rf"^第[{_N}]+部分")
# Shanghai budgets have no 第X部分: their prose sits under these titles.
_OTHER_START = re.compile(
    r"^(\d{4}年度?)?(部门|单位)?预算编制说明$|^其他(相关|重要事项的?)?情况说明$|项目经费情况说明$"
)
_END = re.compile(r"^(名词解释|附件|附表)")
_TABLE_TITLE = re.compile(r"(预算|决算|收支|支出|收入|经费|采购|绩效).{0,12}表$")
_HEADING = re.compile(rf"^([{_N}]+[、.．]|[（(][{_N}]+[)）])")
ITEM = re.compile(r"^(\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）])")
_HAS_AMOUNT = re.compile(r"\d\s*(万元|万|元|%|％|人|辆|个)")
_TOC = re.compile(r"…{2,}|\.{6,}|·{6,}")
_PAGE_NO = re.compile(r"^[-─—–\s]*\d{1,4}[-─—–\s]*$")
_FIGURE = re.compile(r"^图\s*\d")
_SEPARATOR = re.compile(r"^[-\s]{3,}$")
# A bare number: whitespace on both sides and no unit after it ("0 辆" is prose, "0 1.35" a row).
_NUMBER_TOKEN = re.compile(r"(?<!\S)[\d,]+(\.\d+)?(?!\S)(?!\s*(万|元|%|％|辆|个|人|台|家|项|年|月|日))")
_PUNCT = re.compile(r"[，。；：,;:]")
_ASCII_END = re.compile(r"[0-9A-Za-z.%]$")
_ASCII_START = re.compile(r"^[0-9A-Za-z]")


@dataclass
class Block:
    """A heading, a numbered item or prose, with the page each joined line started on."""

    kind: Literal["heading", "item", "text"]
    text: str = ""
    starts: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, page)

    def add(self, line: str, page: int) -> None:
        # ASCII tokens on both sides of a wrap were separate words ("IT" / "外包" is not at stake).
        if self.text and _ASCII_END.search(self.text) and _ASCII_START.match(line):
            self.text += " "
        self.starts.append((len(self.text), page))
        self.text += line

    def page_at(self, offset: int) -> int:
        page = self.starts[0][1] if self.starts else 1
        for start, number in self.starts:
            if start > offset:
                break
            page = number
        return page


def _noise(line: str) -> bool:
    if not line or _PAGE_NO.match(line) or _FIGURE.match(line) or _SEPARATOR.match(line):
        return True
    if "\t" in line or "|" in line or _TOC.search(line):
        return True
    # Three or more bare numbers without sentence punctuation make a table row.
    return len(_NUMBER_TOKEN.findall(line)) >= 3 and not _PUNCT.search(line)


def _flat(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _lines(pages: Sequence[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for number, text in enumerate(pages, start=1):
        for raw in text.splitlines():
            line = strip_markup(raw).strip()
            if line.startswith("- "):  # markdown list bullet in the seeds' tables of contents
                line = line[2:].strip()
            if line:
                out.append((number, line))
    return out


def _is_title(flat: str) -> bool:
    return len(flat) <= 40 and not _PUNCT.search(flat) and bool(_TABLE_TITLE.search(flat))


def narrative_lines(pages: Sequence[str]) -> list[tuple[int, str]]:
    """(page, line) of the explanatory part; the whole document's prose-like lines if it has none."""
    lines = _lines(pages)
    selected: list[tuple[int, str]] = []
    inside = found = False
    skip_next = False
    for index, (page, line) in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        flat = _flat(line)
        following = _flat(lines[index + 1][1]) if index + 1 < len(lines) else ""
        if _PART.match(flat):
            # "第三部分 …决算情况" + "说明": the title may wrap onto a short second line.
            wrapped = len(following) <= 12 and following.endswith("说明")
            inside = flat.endswith("说明") or wrapped
            skip_next = wrapped and not flat.endswith("说明")
            found = found or inside
            continue
        if not _TOC.search(line) and _OTHER_START.search(flat) and not _HEADING.match(flat):
            inside = found = True
            continue
        if inside and (_END.match(flat) or _is_title(flat)):
            inside = False
        if inside and not _noise(line):
            selected.append((page, line))
    if found:
        return selected
    return [(page, line) for page, line in lines if not _noise(line)]


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line)) and len(line) <= 60 and not _HAS_AMOUNT.search(line)


def blocks(pages: Sequence[str]) -> list[Block]:
    """The explanatory part split into headings, numbered items and the prose that follows them."""
    out: list[Block] = []
    for page, line in narrative_lines(pages):
        current = out[-1] if out else None
        if _is_heading(line):
            out.append(Block("heading"))
        elif ITEM.match(line):
            out.append(Block("item"))
        elif current is not None and current.kind == "heading":
            # A heading wrapped onto a short tail line ("…支出预算" / "情况说明").
            if len(line) <= 8 and re.search(r"(说明|情况)$", line):
                current.add(line, page)
                continue
            out.append(Block("text"))
        elif current is None:
            out.append(Block("text"))
        out[-1].add(line, page)
    return out
