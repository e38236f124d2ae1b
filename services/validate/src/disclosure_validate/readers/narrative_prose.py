"""The document's running text, for rules that read lists and counts rather than claims: paragraphs
outside the tables with wrapped lines rejoined (S2 wraps every ~30 characters, 002:L1865–1881), the
名词解释 part apart (its definitions are not statements about the department), and one 名词解释 entry
list by its heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from disclosure_validate.context import Context

_TABLE_LINE = re.compile(r"\t|\|")
_PAGE_NUMBER = re.compile(r"^[-─—–\s]*\d{1,3}[-─—–\s]*$")
_HEADING = r"^#*\s*\**\s*"
_GLOSSARY = re.compile(_HEADING + r"(第[一二三四五六七八九十]+部分\s*|[一二三四五六七八九十]+、\s*)?名词解释")
_PART = re.compile(_HEADING + r"第[一二三四五六七八九十]+部分")
_ENDS = re.compile(r"[。！？；;!?]\**$")
# The next entry of the 名词解释 list: "(六)…", "七、…", a part title, a 备注.
_ORDINAL = "[一二三四五六七八九十]+"
_NEXT_ENTRY = re.compile(_HEADING + rf"([(（]{_ORDINAL}[)）]|{_ORDINAL}、|第{_ORDINAL}部分|备注|注[:：])")


@dataclass(frozen=True)
class Paragraph:
    page: int
    text: str


def _lines(ctx: Context) -> list[tuple[int, str]]:
    """Every printed line outside a table grid, without page numbers, NFKC-normalised."""
    lines = []
    for page in ctx.disclosure.pages:
        for raw in (page.text or "").splitlines():
            line = unicodedata.normalize("NFKC", raw).strip()
            if line and not _TABLE_LINE.search(line) and not _PAGE_NUMBER.match(line):
                lines.append((page.number, line))
    return lines


def _glossary_span(lines: list[tuple[int, str]]) -> tuple[int, int] | None:
    """The 名词解释 part: from its last heading (the first may be the 目录's) to the next part."""
    starts = [i for i, (_, line) in enumerate(lines) if _GLOSSARY.match(line)]
    if not starts:
        return None
    start = starts[-1]
    end = next((i for i in range(start + 1, len(lines)) if _PART.match(lines[i][1])), len(lines))
    return start, end


def _joined(lines: list[tuple[int, str]]) -> list[Paragraph]:
    """Lines rejoined into paragraphs: a line that does not end a sentence continues on the next."""
    paragraphs: list[Paragraph] = []
    page, text = 0, ""
    for number, line in lines:
        if not text:
            page = number
        text += line
        if _ENDS.search(line):
            paragraphs.append(Paragraph(page, text))
            text = ""
    if text:
        paragraphs.append(Paragraph(page, text))
    return paragraphs


def prose(ctx: Context) -> list[Paragraph]:
    """The running text outside the tables and the 名词解释 part."""
    lines = _lines(ctx)
    span = _glossary_span(lines)
    if span is not None:
        lines = lines[: span[0]] + lines[span[1] :]
    return _joined(lines)


@dataclass(frozen=True)
class Listing:
    """One 名词解释 entry that lists items: its heading line and the text of the entries below it."""

    page: int
    heading: str
    text: str


def glossary_listing(ctx: Context, heading: re.Pattern[str]) -> Listing | None:
    """The 名词解释 entry whose heading matches (its last printing), with the entries under it up to
    the next entry of the list ("（六）“三公”经费", 000:L1419)."""
    lines = _lines(ctx)
    found = [i for i, (_, line) in enumerate(lines) if heading.search(line)]
    if not found:
        return None
    start = found[-1]
    page, line = lines[start]
    head = heading.search(line)
    rest = [line[head.end() :]] if head else []
    for _, following in lines[start + 1 :]:
        if _NEXT_ENTRY.match(following):
            break
        rest.append(following)
    return Listing(page, line, "".join(rest))


_EXPLANATION = re.compile(r"^#*\s*\**\s*第[一二三四五六七八九十]+部分.*说明")


def narrative_lines(ctx: Context) -> list[tuple[int, str]]:
    """(page, line) of the 情况说明 part: from its (last) part title to the next part."""
    lines = [
        (page.number, line.strip())
        for page in ctx.disclosure.pages
        for line in (page.text or "").splitlines()
        if line.strip()
    ]
    starts = [i for i, (_, line) in enumerate(lines) if _EXPLANATION.match(line) and "…" not in line]
    if not starts:
        return []
    body = lines[starts[-1] + 1 :]
    end = next(
        (i for i, (_, line) in enumerate(body) if _PART.match(line) or line.startswith("名词解释")), len(body)
    )
    return body[:end]
