"""Row labels that print a total rather than a subject: what the parser builds rows around and the
validator's identities and lookups sum up to."""

from __future__ import annotations

import re

from disclosure_shared.text_keys import text_key

_TOTAL_LABELS = {"合计", "总计", "小计"}


def is_total_label(text: str) -> bool:
    """ "合计", "总 计", "支出合计"…: a row that prints a total rather than a subject."""
    key = text_key(text)
    return key in _TOTAL_LABELS or (key.endswith(("合计", "总计")) and len(key) <= 8)


CURRENT_TOTAL = {
    "income": re.compile(r"^(一、)?(本年收入(合计)?|当年收入小计)$"),
    "expenditure": re.compile(r"^(一、)?(本年支出(合计)?|当年支出小计)$"),
}
"""Two-sided summary tables: the 本年收入合计 / 本年支出合计 label, by side (name without spaces)."""
GRAND_TOTAL = re.compile(r"^(收入|支出)?(总计|合计)$")
"""Two-sided summary tables: the 收入总计 / 支出总计 label (name without spaces)."""
