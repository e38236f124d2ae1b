"""Whether a page's text layer can be read as text: shared by extraction (which pages need OCR) and
structure (which tables found on an OCR'd page to keep)."""

from __future__ import annotations

import re

_CID_GARBAGE = re.compile(r"\(cid:\d+\)")


def usable_text(text: str) -> bool:
    """False for an empty layer or one that is mostly undecodable glyph ids."""
    stripped = re.sub(r"\s+", "", text)
    if not stripped:
        return False
    garbage = sum(len(m) for m in _CID_GARBAGE.findall(stripped))
    return garbage / len(stripped) < 0.3
