"""Function codes for 类/款/项 phrases, looked up by name in the document's own tables.

The narrative never prints codes; the tables print both. A 项 name alone is ambiguous ("事业运行"
exists under many 款), so the phrase is walked top-down: 类 by name among 3-digit codes, then 款
among that 类's 5-digit children, then 项 among the 款's 7-digit children.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from disclosure_shared.records import Table
from disclosure_shared.text_keys import spaceless_key

_LENGTH = {"类": 3, "款": 5, "项": 7}


def _key(name: str) -> str:
    """Name as compared: NFKC, no spaces or quotes, no ordinal, no trailing 支出."""
    text = re.sub(r"[\"'“”‘’]", "", spaceless_key(name))  # 「」 kept, unlike text_key
    text = re.sub(r"^([一二三四五六七八九十廿]+、|\d+[.、])", "", text)
    return re.sub(r"(支出)+$", "", text)


def code_index(tables: Iterable[Table]) -> dict[str, str]:
    """Function-classification code -> matching key of its name (the longest name printed)."""
    index: dict[str, str] = {}
    for table in tables:
        for row in table.rows:
            code = row.code
            # Function codes start with 2; 3-digit/5-digit economic codes (301, 30101) do not.
            if code and code.isdigit() and len(code) in (3, 5, 7) and code.startswith("2"):
                key = _key(row.name)
                if len(key) > len(index.get(code, "")):
                    index[code] = key
    return index


def _matches(stated: str, printed: str) -> bool:
    if stated == printed:
        return True
    # Table cells truncate long names ("机关事业单位基本养老保"); accept a long enough prefix.
    shorter, longer = sorted((stated, printed), key=len)
    return len(shorter) >= 4 and longer.startswith(shorter)


def _pick(stated: str, codes: list[str], index: dict[str, str]) -> str | None:
    exact = [code for code in codes if index[code] == stated]
    if len(exact) == 1:
        return exact[0]
    close = [code for code in codes if _matches(stated, index[code])]
    return close[0] if len(close) == 1 else None


def resolve_code(levels: Iterable[tuple[str, str]], index: dict[str, str]) -> str | None:
    """Code of the deepest level stated, or None when any step is ambiguous or missing."""
    parent = ""
    found: str | None = None
    deepest = 0
    for name, level in levels:
        length = _LENGTH[level]
        deepest = max(deepest, length)
        candidates = [code for code in index if len(code) == length and code.startswith(parent)]
        code = _pick(_key(name), candidates, index)
        if code is None and parent:
            # The 类 above may be misnamed or mislabelled; a name unique in the document still counts.
            code = _pick(_key(name), [c for c in index if len(c) == length], index)
        if code is not None:
            parent = found = code
    return found if found is not None and len(found) == deepest else None
