"""A whole and its 其中 parts as the running text states them, read without the tables.

"基本支出预算 9964.07 万元，其中：（一）人员经费 7819.47 万元…（二）公用经费 2144.60 万元…"
(江苏省委办公厅 2017 p10), "收入预算15621.11万元，其中：财政拨款收入15621.11万元，比2023年预算减少
876.75万元；事业收入0.00万元；…" (万里街道 2024 p6), "“三公”经费预算数为47.91万元，比2023年预算增加
25万元。其中：（一）…0万元…（二）…46.56万元…（三）…1.35万元" (p32).

The whole is the first amount (not a change) of the sentence that holds 其中, or of the sentence
before when 其中 opens its own; "包括：" opens a list too when the list is enumerated. The parts
are either an enumerated list ((一)(二)…, 1. 2. …, (1)(2)…, each item opening a sentence, the list
ending where its numbering stops, where a label of a higher level or a section heading "十、"
starts), or the items of the rest of the sentence, split at ";", "、" or "," (a "、" list before a
";" is the whole list: the ";" goes on to a sibling); each part is the first amount of its item,
when that amount is not a change.
The running text is NFKC: "：" reads ":", "，" ",", "；" ";", "（一）" "(一)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from disclosure_validate.readers.running_text import RunningText

# "0.39 万元", and "0.39 万（含外宾接待…）" where the 元 was left out
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万\s*(?:元|(?=[(,;。、]))")
_CHANGE = re.compile(r"(增加|减少)\s*(\d[\d,]*(?:\.\d+)?)\s*万\s*元|持平")
# what makes an amount a change or another year's figure rather than a part of the whole
_NOT_A_PART = re.compile(r"(增加|减少|增长|下降|降低|上年|比\d{4}\s*年|持平|占)[^\d]{0,6}$")
# "其中：", and "包括：" opening an enumerated list ("支出预算总计 X 万元。包括：1．…支出 A 万元…")
_OPENING = re.compile(r"其中\s*:?|包括\s*:")
# the two sides of a summary stated at once ("收、支预算总计各增加"): no whole
_BOTH_SIDES = re.compile(r"各(增加|减少)|收、支|收支")
_ITEM_BREAK = re.compile(r"[;、]|,(?!\d{3})")
_SECTION = re.compile(r"(?:^|[。;:])\s*[一二三四五六七八九十]+\s*、")
_ORDINALS = "一二三四五六七八九十"
# labels of the list levels above a style's, each opening a sentence: (一) above 1. above (1)
_CHINESE_LABEL = re.compile(r"[。;:]\s*\([一二三四五六七八九十]+\)")
_DOT_LABEL = re.compile(r"[。;:]\s*\d{1,2}\.(?!\d)")
_HIGHER = {"chinese": (), "dot": (_CHINESE_LABEL,), "paren": (_CHINESE_LABEL, _DOT_LABEL)}


@dataclass(frozen=True)
class StatedParts:
    whole: Decimal
    whole_at: int
    parts: list[tuple[str, Decimal]]  # (the item as printed, its amount)
    enumerated: bool  # an enumerated list ends where its numbering ends: it names every part
    start: int
    end: int
    whole_change: Decimal | None = None  # "比上年增加 25 万元" of the whole, signed; 持平 is 0
    part_changes: tuple[Decimal | None, ...] = ()  # the same of each enumerated part


def _change(text: str) -> Decimal | None:
    """The first change the text states before any 其中 of its own, signed."""
    match = _CHANGE.search(text.split("其中")[0])
    if match is None:
        return None
    if match.group(0) == "持平":
        return Decimal(0)
    value = Decimal(match.group(2).replace(",", ""))
    return value if match.group(1) == "增加" else -value


def _first_amount(text: str) -> re.Match[str] | None:
    match = _AMOUNT.search(text)
    if match is None or _NOT_A_PART.search(text[: match.start()]):
        return None
    return match


def _whole(text: str, at: int) -> tuple[Decimal, int] | None:
    """The first amount of the sentence holding 其中 (or of the one before when 其中 opens a
    sentence), if it is not a change."""
    before = text[:at].rstrip()
    end = len(before) - 1 if before.endswith("。") else len(before)
    start = max(text.rfind("。", 0, end), text.rfind(":", 0, end)) + 1
    if _BOTH_SIDES.search(text[start:at]):
        return None
    amounts = list(_AMOUNT.finditer(text, start, end))
    wholes = [m for m in amounts if not _NOT_A_PART.search(text[start : m.start()])]
    if len(wholes) != 1 or wholes[0] is not amounts[0] or "原因" in text[start : wholes[0].start()]:
        return None  # no whole, two amounts the 其中 may divide (预算 X，决算 Y), or a reason's amount
    return Decimal(wholes[0].group(1).replace(",", "")), wholes[0].start()


def _label(style: str, n: int) -> str:
    if style == "chinese":
        return f"({_ORDINALS[n - 1]})"
    if style == "paren":
        return f"({n})"
    return f"{n}."


def _label_at(text: str, at: int, label: str) -> bool:
    if not text.startswith(label, at):
        return False
    before = text[:at].rstrip()
    if label.startswith("(") and label[1] in _ORDINALS and before.endswith(")"):
        return True  # "…（按“公开06表…”中…填写）（二）公用经费" (政协2019 p15): a note closes item (一)
    return not before or before[-1] in "。;:"


def _find_label(text: str, label: str, start: int, stop: int) -> int:
    """Where `label` opens a sentence in text[start:stop], -1 if nowhere ("4." in "774.26" does not)."""
    at = text.find(label, start, stop)
    while at >= 0 and not _label_at(text, at, label):
        at = text.find(label, at + 1, stop)
    return at


def _enumerated(text: str, start: int) -> tuple[list[tuple[str, Decimal]], int, list[Decimal | None]] | None:
    head = text[start:].lstrip()
    offset = start + len(text[start:]) - len(head)
    style = next(
        (s for s in ("chinese", "paren", "dot") if head.startswith(_label(s, 1))),
        None,
    )
    if style is None:
        return None
    section = _SECTION.search(text, offset + 1)
    stop = section.start() if section else len(text)
    for higher in _HIGHER[style]:  # "(一)…包括:1.…(二)": the list of 1. ends where (二) starts
        outer = higher.search(text, offset + 1, stop)
        stop = outer.start() + 1 if outer else stop
    labels = [offset]
    for n in range(2, len(_ORDINALS) + 1):
        at = _find_label(text, _label(style, n), labels[-1] + 1, stop)
        if at < 0:
            break
        labels.append(at)
    if len(labels) < 2:
        return None
    if style == "dot" and _find_label(text, f"{len(labels) + 1}、", labels[-1], stop) >= 0:
        return None  # "1.…2.…3、住房保障支出" (省检察院2019 p25): the numbering goes on, misprinted
    parts = []
    changes = []
    for n, at in enumerate(labels, 1):
        item_end = labels[n] if n < len(labels) else stop
        item = text[at + len(_label(style, n)) : item_end]
        sentence = item.split("。")[0]
        match = _first_amount(sentence)
        if match is None:
            return None  # an item without its amount: the list does not give every part
        parts.append((sentence[: match.end()], Decimal(match.group(1).replace(",", ""))))
        changes.append(_change(item[match.end() :]))
    return parts, labels[-1], changes


def _inline(text: str, start: int) -> tuple[list[tuple[str, Decimal]], int] | None:
    stops = [at for at in (text.find("。", start), text.find("#", start)) if at >= 0]
    section = _SECTION.search(text, start)
    stops += [section.start()] if section else []
    end = min(stops, default=len(text))
    segment = text[start:end]
    if "、" in segment.split(";")[0] and ";" in segment:
        # "人员经费 486.68 万元、公用经费 97 万元；项目支出 1346.39 万元" (seed 000): the "、" list is
        # the 其中, the ";" goes on to the whole's sibling
        end = start + segment.index(";")
        segment = text[start:end]
    items = _ITEM_BREAK.split(segment)
    parts = []
    for item in items:
        match = _first_amount(item)
        if match is not None:
            parts.append((item[: match.end()].strip(), Decimal(match.group(1).replace(",", ""))))
    return (parts, end) if parts else None


def stated_parts(joined: RunningText) -> list[StatedParts]:
    """Every 其中 whose whole and parts the text states in 万元."""
    found = []
    text = joined.text
    for opening in _OPENING.finditer(text):
        whole = _whole(text, opening.start())
        if whole is None:
            continue
        numbered = _enumerated(text, opening.end())
        if opening.group(0).startswith("包括") and numbered is None:
            continue  # "主要包括：办公费、印刷费…": a list of words, not of parts
        if numbered is not None:
            parts, end, changes = numbered
            whole_change = _change(text[whole[1] : opening.start()])
            found.append(
                StatedParts(whole[0], whole[1], parts, True, whole[1], end, whole_change, tuple(changes))
            )
            continue
        listed = _inline(text, opening.end())
        if listed is not None:
            found.append(StatedParts(whole[0], whole[1], listed[0], False, whole[1], listed[1]))
    return found
