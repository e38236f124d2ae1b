"""pdfplumber's text of a list of characters, with its default settings, in one lean pass.

`pdfplumber.utils.text.extract_text(chars)` (a table cell's text) and
`chars_to_textmap(chars, ...).as_string` without `layout=True` (a page's text) build a
`WordExtractor`, word dicts with nine keys, and a `TextMap` holding one tuple per output character,
through generic code for every reading direction. For upright characters with the default
settings they come down to the same four steps done here on the character dicts themselves:

  1. lines: the characters clustered by `top` (sorted distinct tops, a new cluster where one is
     more than 3 pt below the previous), a stable sort by cluster;
  2. within a line, a stable sort by `x0`; a word ends at a blank character (dropped), or before a
     character left of the previous one's `x0`, more than 3 pt right of its `x1`, or with a `top`
     more than 3 pt away;
  3. the words clustered again by their `top` (the smallest of their characters'), with a stable
     sort for `extract_text`, in their order for the text map (`preserve_order`);
  4. words joined by a space, lines by a newline, ligatures expanded.

Anything else (a character that is not upright, as on rotated text, or has an empty text) goes to
pdfplumber itself.
tests/test_text_layout.py compares both functions with pdfplumber's on every page and every table
cell of the corpus.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from operator import itemgetter
from typing import Any

from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

Char = dict[str, Any]
_x0 = itemgetter("x0")


def extract_text(chars: list[Char]) -> str:
    """`pdfplumber.utils.text.extract_text(chars)` with the default settings."""
    if not chars:
        return ""
    if not _upright(chars):
        from pdfplumber.utils.text import extract_text as reference

        return str(reference(chars))
    return _joined(_clustered(_words(chars), preserve_order=False))


def layout_text(chars: list[Char]) -> str:
    """`chars_to_textmap(chars, layout_bbox=..., ...).as_string` without `layout=True`: the
    bbox, width and height only matter to a layout, which this text has none of."""
    if not chars:
        return ""
    if not _upright(chars):
        from pdfplumber.utils.text import chars_to_textmap

        return str(chars_to_textmap(chars).as_string)
    return _joined(_clustered(_words(chars), preserve_order=True))


def _upright(chars: list[Char]) -> bool:
    # one `upright` group (pdfplumber groups consecutive equal values) of horizontal text; an empty
    # character text would make a word the text map puts no space before
    return all(c["upright"] is True and c["text"] for c in chars)


def cluster_ids(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's `make_cluster_dict`: each distinct value's cluster, in ascending order, a new
    cluster where a value is more than `tolerance` above the previous one (lines of characters here,
    snapped ruling edges in table_finder)."""
    ids: dict[float, int] = {}
    index = 0
    last: float | None = None
    for value in sorted(set(values)):
        if last is not None and not value <= last + tolerance:
            index += 1
        ids[value] = index
        last = value
    return ids


def _words(chars: list[Char]) -> list[tuple[float, str]]:
    """Every word as (top, text), line by line, left to right (pdfplumber's `iter_extract_tuples`);
    a word's top is its characters' smallest."""
    ids = cluster_ids([c["top"] for c in chars], DEFAULT_Y_TOLERANCE)
    lines: dict[int, list[Char]] = defaultdict(list)
    for char in chars:  # bucketed in order: pdfplumber's stable sort by cluster
        lines[ids[char["top"]]].append(char)
    words: list[tuple[float, str]] = []
    for key in sorted(lines):
        line = lines[key]
        line.sort(key=_x0)
        texts: list[str] = []
        top = prev_x0 = prev_x1 = prev_top = 0.0
        for char in line:
            text: str = char["text"]
            if text.isspace():
                if texts:
                    words.append((top, "".join(texts)))
                    texts = []
                continue
            x0, char_top = char["x0"], char["top"]
            if texts and (
                x0 < prev_x0
                or x0 > prev_x1 + DEFAULT_X_TOLERANCE
                or abs(char_top - prev_top) > DEFAULT_Y_TOLERANCE
            ):
                words.append((top, "".join(texts)))
                texts = []
            if not texts or char_top < top:
                top = char_top
            texts.append(LIGATURES.get(text, text))
            prev_x0, prev_x1, prev_top = x0, char["x1"], char_top
        if texts:
            words.append((top, "".join(texts)))
    return words


def _clustered(words: list[tuple[float, str]], preserve_order: bool) -> list[list[str]]:
    """The words' texts grouped into lines by their tops (pdfplumber's `cluster_objects`)."""
    ids = cluster_ids([top for top, _ in words], DEFAULT_Y_TOLERANCE)
    ordered = words if preserve_order else sorted(words, key=lambda w: ids[w[0]])
    return [[text for _, text in line] for _, line in groupby(ordered, key=lambda w: ids[w[0]])]


def _joined(lines: list[list[str]]) -> str:
    return "\n".join(" ".join(line) for line in lines)
