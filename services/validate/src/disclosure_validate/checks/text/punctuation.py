"""What a reviewer reads for in the explanation's punctuation (warnings, quoting the place):

doubled-punctuation   "。。", "，，", "，。" — two sentence marks in a row ("……" and "。。。" placeholders
                      are not doubled marks)
empty-statement       a lead-in with nothing after it: "主要原因是。", "主要用于；"
unbalanced-brackets   a "（", "“" or "《" never closed within its sentence or the two after it, or
                      a closing mark nothing opened
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.readers.running_text import RunningText, running_text
from disclosure_validate.registry import check

# running_text is NFKC: "，" reads ",", "；" ";", "：" ":", "（" "("; "。" and the curly quotes stay.
_DOUBLED = re.compile(r"(?<![。,;.])(。。|,,|;;|,。|。,|、、|;。|。;|,;|;,)(?![。,;.])")
_EMPTY = re.compile(r"(主要原因(?:是|为|如下)?|主要用于|原因是)\s*:?\s*[。;]")
_PAIRS = {"(": ")", "“": "”", "《": "》"}
_CARRY = 3  # sentences an opening mark may stay open (a parenthesis holding a full stop)


def _finding(rule: str, message: str, joined: RunningText, at: int) -> Finding:
    page = joined.page_at(at)
    text = joined.text[max(0, at - 60) : at + 40]
    return Finding(
        rule=rule,
        severity="warning",
        probable_cause="source",
        message=message,
        location=Location(page=page),
        evidence=[Evidence(page=page, text=text)],
    )


@check("doubled-punctuation")
def doubled_punctuation(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    for match in _DOUBLED.finditer(joined.text):
        yield _finding("doubled-punctuation", f"说明中标点重复：“{match.group(0)}”。", joined, match.start())


@check("empty-statement")
def empty_statements(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    for match in _EMPTY.finditer(joined.text):
        yield _finding("empty-statement", f"“{match.group(1)}”之后没有内容。", joined, match.start())


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for match in re.finditer("。", text):
        yield start, text[start : match.end()]
        start = match.end()
    if start < len(text):
        yield start, text[start:]


@check("unbalanced-brackets")
def unbalanced_brackets(ctx: Context) -> Iterator[Finding]:
    joined = running_text(ctx)
    for opening, closing in _PAIRS.items():
        open_at: list[tuple[int, int]] = []  # (offset, sentence index) of marks still open
        for index, (start, sentence) in enumerate(_sentences(joined.text)):
            for offset, char in enumerate(sentence, start):
                if char == opening:
                    open_at.append((offset, index))
                elif char == closing:
                    if open_at:
                        open_at.pop()
                    else:
                        yield _finding(
                            "unbalanced-brackets", f"“{closing}”没有对应的“{opening}”。", joined, offset
                        )
            stale = [o for o in open_at if index - o[1] >= _CARRY - 1]
            for offset, _ in stale:
                yield _finding(
                    "unbalanced-brackets", f"“{opening}”之后没有对应的“{closing}”。", joined, offset
                )
            open_at = [o for o in open_at if o not in stale]
