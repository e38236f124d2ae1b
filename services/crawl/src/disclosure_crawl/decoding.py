"""Text of an HTML page whatever its encoding: GBK/GB2312 and UTF-8, with or without a charset header."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Pages labelled GB2312/GBK routinely contain characters only GB18030 (their superset) has.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def declared_charset(content_type: str | None, data: bytes) -> str | None:
    """The charset named by the Content-Type header, else by a <meta> tag near the top."""
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
        if match:
            return match.group(1)
    meta = _META_CHARSET.search(data[:4096])
    return meta.group(1).decode("ascii", "ignore") if meta else None


def _usable(name: str | None) -> str | None:
    if not name:
        return None
    name = _SUPERSETS.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Declared charset when it decodes cleanly, then UTF-8, then detection (charset-normalizer)."""
    for candidate in (_usable(declared_charset(content_type, data)), "utf-8"):
        if candidate is None:
            continue
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return data.decode(_usable(best.encoding) or best.encoding, errors="replace")
    return data.decode("gb18030", errors="replace")
