"""Characters set back on their line when a text layer displaces them vertically.

Some office suites (ONLYOFFICE among them) print the Latin runs of a Chinese line (digits, "%",
"2024") a few points above or below the CJK baseline. pdfplumber groups characters into lines by a
fixed tolerance on their tops (3 pt), so "2024年度" and "0.3万元" come out as two lines: the digits
on a line of their own, away from the words they belong to.

`level_displaced` gives such characters the vertical position of the CJK line they overlap (by at
least half their height, with no second line overlapping them as much), before any line grouping:
the page text (both the pdfplumber and the pdfium path), the table cells and the lines around the
tables then read as printed. CJK characters anchor the lines and are never moved; a page without
displaced characters keeps every character as it was (the same list is returned).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from pdfplumber.utils.text import chars_to_textmap

Char = dict[str, Any]

SAME_LINE = 1.0
"""CJK characters whose tops differ by at most this many points stand on one line."""
DISPLACED = 1.5
"""A Latin character whose top is this far (points) from its line's is displaced. Closer than this
it is only another font's metrics, which the line grouping already absorbs."""
OVERLAP = 0.5
"""The share of a character's height a line must cover for the character to belong to it."""
RIVAL = 0.25
"""A second line covering more than this share makes the character's line ambiguous: it stays."""


@dataclass(frozen=True)
class _Line:
    top: float
    bottom: float


def _anchor_lines(anchors: list[Char]) -> list[_Line]:
    """CJK characters grouped by top, each group's span being its characters' common extent."""
    lines: list[_Line] = []
    group: list[Char] = []
    for char in sorted(anchors, key=lambda c: float(c["top"])):
        if group and float(char["top"]) - float(group[-1]["top"]) > SAME_LINE:
            lines.append(_span(group))
            group = []
        group.append(char)
    if group:
        lines.append(_span(group))
    return lines


def _span(group: list[Char]) -> _Line:
    tops = sorted(float(c["top"]) for c in group)
    bottoms = sorted(float(c["bottom"]) for c in group)
    return _Line(tops[len(tops) // 2], bottoms[len(bottoms) // 2])


def _overlap(char: Char, line: _Line) -> float:
    """The share of the character's height (or the line's, if smaller) that the line covers."""
    top, bottom = float(char["top"]), float(char["bottom"])
    height = min(bottom - top, line.bottom - line.top)
    if height <= 0:
        return 0.0
    return max(0.0, min(bottom, line.bottom) - max(top, line.top)) / height


def _home(char: Char, lines: list[_Line], tops: list[float], reach: float) -> _Line | None:
    """The one line the character overlaps enough to belong to, if it is displaced from it."""
    top, bottom = float(char["top"]), float(char["bottom"])
    shares: list[tuple[float, _Line]] = []
    for line in lines[bisect_left(tops, top - reach) :]:
        if line.top >= bottom:
            break
        share = _overlap(char, line)
        if share > 0:
            shares.append((share, line))
    if not shares:
        return None
    shares.sort(key=lambda s: s[0], reverse=True)
    share, line = shares[0]
    if share < OVERLAP or (len(shares) > 1 and shares[1][0] > RIVAL):
        return None
    if abs(line.top - top) < DISPLACED:
        return None
    return line


def _moved(char: Char, top: float) -> Char:
    shift = top - float(char["top"])
    moved = dict(char)
    for key in ("top", "bottom", "doctop"):
        if key in moved:
            moved[key] = float(moved[key]) + shift
    for key in ("y0", "y1"):
        if key in moved:
            moved[key] = float(moved[key]) - shift
    return moved


def level_displaced(chars: list[Char]) -> list[Char]:
    """`chars` with each displaced Latin character moved onto its CJK line (new dicts for the moved
    ones, in the same order); `chars` itself when nothing is displaced."""
    anchors: list[Char] = []
    latin: list[int] = []
    for index, char in enumerate(chars):
        text = char["text"]
        if not char.get("upright", True) or not text or text.isspace():
            continue
        if text.isascii():
            latin.append(index)
        else:
            anchors.append(char)
    if not anchors or not latin:
        return chars
    # most Latin characters share a CJK character's top exactly: only the others are looked at
    level = {c["top"] for c in anchors}
    candidates = [i for i in latin if chars[i]["top"] not in level]
    if not candidates:
        return chars
    lines = _anchor_lines(anchors)
    tops = [line.top for line in lines]
    reach = max(line.bottom - line.top for line in lines)
    leveled: list[Char] | None = None
    for index in candidates:
        home = _home(chars[index], lines, tops, reach)
        if home is None:
            continue
        if leveled is None:
            leveled = list(chars)
        leveled[index] = _moved(chars[index], home.top)
    return chars if leveled is None else leveled


def leveled_text(page: Any) -> str:
    """A pdfplumber page's `extract_text()`, with displaced characters set back on their line first."""
    chars = level_displaced(page.chars)
    if chars is page.chars:
        return page.extract_text() or ""
    textmap = chars_to_textmap(
        chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height
    )
    return str(textmap.as_string)
