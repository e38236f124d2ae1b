"""Matching keys for printed text: how two labels, names or titles are compared.

Publishers mix full- and half-width forms ("（一）" / "(一)"), letter-space CJK text ("收 入 总 计"), wrap
lines inside cells and quote names or not at will ("三公"经费 / “三公”经费), so text is compared through
a key: NFKC-normalised (full-width punctuation and digits become their ASCII forms), whitespace removed,
and for `text_key` the quote marks removed too.
"""

from __future__ import annotations

import re
import unicodedata

QUOTES = "\"'“”‘’「」"
"""The quote marks `text_key` drops."""

_SPACE = re.compile(r"\s")
_SPACE_OR_QUOTE = re.compile(rf"[\s{QUOTES}]")


def text_key(text: str) -> str:
    """NFKC, no whitespace, no quotes: "（一）一般 公共" and "(一)一般公共" compare equal."""
    return _SPACE_OR_QUOTE.sub("", unicodedata.normalize("NFKC", text))


def spaceless_key(text: str) -> str:
    """NFKC, no whitespace; quotes kept (for callers that drop their own set of marks)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))
