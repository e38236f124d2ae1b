"""Ruled blocks that are not tables: the 目录 drawn as a grid, a cover or a boxed paragraph.

Shanghai 普陀 budgets draw their 目录 inside a frame (p2: "目 录" then "一、部门主要职能 ……"), and the
Jiangsu procuratorate 2018 frames its cover title (p1) and a paragraph (p5). Read as tables they came
out as kind `unknown` with no unit; they are skipped instead, their text stays in the page text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from disclosure_shared.text_keys import text_key

_LEADER = re.compile(r"[.…·．]{3,}\s*\d*$")
"""The dot leader of a 目录 entry, with or without its page number."""
_AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?$")


def not_a_table(rows: Sequence[Sequence[str]]) -> str | None:
    """Why a block is not a table (a short reason for the log), or None when it may be one."""
    cells = [[c.strip() for c in row if c and c.strip()] for row in rows]
    filled = [row for row in cells if row]
    if not filled:
        return None  # an empty grid is left to the table builder (an empty table can be a real one)
    if text_key(filled[0][0]) == "目录":
        return "目录"
    entries = sum(1 for row in filled if _LEADER.search(row[-1]))
    if entries * 2 > len(filled):
        return "目录 (dot leaders)"
    if all(len(row) == 1 and not _AMOUNT.match(text_key(row[0])) for row in filled):
        return "a frame around text (cover or paragraph)"
    return None
