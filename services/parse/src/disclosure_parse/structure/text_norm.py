"""Cell and line normalization: markup stripping, numbers and subject codes (matching keys are
`disclosure_shared.text_keys`)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_LATEX = (("\\geq", "≥"), ("\\leq", "≤"), ("\\%", "%"), ("$", ""))
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
# Whitespace between two CJK characters is a line wrap or letter-spacing ("收 入 总 计"), never meaningful.
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_WS = re.compile(r"\s+")
_NUMBER = re.compile(r"^[-−]?\d+(\.\d+)?$")
# Digits grouped by commas and/or spaces: "1,930.07", "1, 105, 000", "13 529 386.59".
_GROUPED = re.compile(r"^[-−]?\d{1,3}([,，]\s?\d{3}|\s\d{3})+(\.\d+)?$")
_BLANK_MARKS = {"", "-", "—", "--", "/", "－", "——", "／"}
_FUNC_CODE = re.compile(r"^(\d{3})(?:\s*(\d{2}))?(?:\s*(\d{2}))?$")
_PROJECT_CODE = re.compile(r"^\d{6,}[A-Z]\d{6,}$")


def strip_markup(text: str) -> str:
    """Drop HTML tags, markdown emphasis/heading marks and LaTeX wrappers; keep the words."""
    text = _TAG.sub(" ", text).replace("**", "")
    for old, new in _LATEX:
        text = text.replace(old, new)
    return text.strip().lstrip("#").strip()


def join_wrapped(text: str) -> str:
    """Cell text with line wraps and CJK letter-spacing removed, other runs of spaces collapsed."""
    return _WS.sub(" ", _CJK_GAP.sub("", text)).strip()


def parse_amount(text: str) -> Decimal | None:
    """A money cell as Decimal; blank, "-" and "/" are None. Raises ValueError for non-numbers."""
    raw = text.strip().replace("−", "-")
    if raw in _BLANK_MARKS:
        return None
    if _GROUPED.match(raw):
        raw = re.sub(r"[,，\s]", "", raw)
    raw = raw.replace(",", "")
    if not _NUMBER.match(raw):
        raise ValueError(text)
    try:
        return Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - regex already guarantees the shape
        raise ValueError(text) from exc


def is_amount(text: str) -> bool:
    """True for a cell that reads as a number (not for blanks)."""
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def is_blank_value(text: str) -> bool:
    return text.strip() in _BLANK_MARKS


def subject_code(text: str) -> str | None:
    """Normalized digits of a function/economic/unit code ("208 05 06" -> "2080506"), else None."""
    raw = text.strip().strip("[]【】")
    match = _FUNC_CODE.match(raw)
    if match:
        return "".join(part for part in match.groups() if part)
    if re.fullmatch(r"\d{2}|\d{6}", raw):  # project category "22", unit code "054001"
        return raw
    if _PROJECT_CODE.match(raw):
        return raw
    return None


def is_cjk_text(text: str) -> bool:
    return bool(re.search(rf"[{_CJK}A-Za-z]", text))
