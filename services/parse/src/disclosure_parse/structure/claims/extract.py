"""Narrative claims: amounts, changes, shares, completion rates and counts stated in the text.

    extract_claims(pages, tables) -> [Claim]
      ├── narrative      the 情况说明 part as headings / numbered items / prose, lines joined
      ├── subjects       what each number is about (类/款/项 phrase, section, printed words)
      └── subject_codes  function code of a 类/款/项 phrase from the document's tables

A number is read only with its unit (万元, 元, %, 人, 辆, 个 …), so years and dates never become
amounts. The subject carries over from one clause to the next ("支出合计 X 万元，增加 Y 万元，增长
Z%" are all about 支出合计) and resets at every heading and numbered item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_parse.structure.claims.narrative import Block, blocks
from disclosure_parse.structure.claims.subject_codes import code_index, resolve_code
from disclosure_parse.structure.claims.subjects import (
    COUNTED,
    Phrase,
    clean,
    find_phrases,
    heading_subjects,
    keeps_printed_words,
    section_subjects,
    words_before,
)
from disclosure_shared.records import Claim, Table

_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(万元|亿元|元|万(?![次条余人台个件户份项家亩平字名册张套辆年])|%|％|人次|人(?![员民])|辆"
    r"|个(?!百分点|月)|台[（(]套[)）]|台|套|项|家)"
)
_THRESHOLD = re.compile(r"^\s*([（(]含[)）])?\s*(及)?(以上|以下)")
_UNIT = {
    "万元": "wan_yuan",
    "万": "wan_yuan",
    "亿元": "wan_yuan",
    "元": "yuan",
    "%": "percent",
    "％": "percent",
}
_CHANGE = re.compile(
    r"(增加|减少|增长|下降|降低|上升|提高|压减|节约|增|减)\s*([（(](减少|增加|下降|降低)[)）])?\s*(了|为|达)?\s*$"
)
_DECREASE = ("减少", "下降", "降低", "压减", "节约", "减")
_SHARE = re.compile(r"占[^，,。；;%]*$")
_COMPLETION = re.compile(
    r"(完成|执行)(年初|全年|调整后?)?预算(数)?(的)?\s*$|预算(执行|完成)率\s*(为|达到?)?\s*$"
)
_ZERO = re.compile(
    r"(较|比|与|同)\s*(上一?年度?|\d{4}\s*年度?|去年)[^，,。；;]*?(持平|无增减|一致|无变化|没有变化|不变)"
)
_REASON = re.compile(r"主要(原因|是)|原因(是|为|：|:)|由于")
_SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
_FOLLOWING = re.compile(r"^[^\s，,。；;：:、（()）\d]{1,12}")
_FOLLOWING_CUT = re.compile(r"(实行|开展|涉及|进行|用于|的|为|和|及).*$")
_ITEM_TAIL = re.compile(r"(绩效自评综述|绩效自评|情况说明|情况|说明)$")

_CLASS_WORDS = re.compile(r"^(.{2,}支出)类(支出)?$")  # "一般公共服务支出类支出" printed without （）

Subject = tuple[str, str | None]  # (subject, code)


def _in_reason(before: str) -> bool:
    """Inside a stated reason ("主要原因是…") until a new breakdown starts ("其中：")."""
    reasons = list(_REASON.finditer(before))
    return bool(reasons) and "其中" not in before[reasons[-1].end() :]


def _clause_start(sentence: str, end: int, floor: int = 0) -> int:
    """Offset where the words in front of sentence[end] begin: after the last separator or number."""
    return max(floor, end - len(words_before(sentence[:end])))


@dataclass
class _Reader:
    """Running state over the narrative: heading subject, 类 context and the current subject."""

    index: dict[str, str]
    heading: str = ""
    section: list[Subject] = field(default_factory=list)
    klass: tuple[str, str] | None = None
    current: list[Subject] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    last_count: list[Subject] = field(default_factory=list)
    after: int = 0  # end of the previous number in the sentence: words before a number start there

    def phrase_subject(self, phrase: Phrase) -> Subject:
        levels = phrase.levels
        if levels[0][1] != "类" and self.klass is not None:
            levels = (self.klass, *levels)
        return Phrase(levels).text, resolve_code(levels, self.index)

    def enter(self, block: Block) -> None:
        if block.kind == "heading":
            self.heading = block.text
            self.section = [(s, None) for s in heading_subjects(block.text)]
            phrases = find_phrases(block.text)
            first = phrases[0][2].levels[0] if phrases else None
            self.klass = first if first is not None and first[1] == "类" else None
        self.current = list(self.section)
        if block.kind == "item":
            # "1. 党政综合事务管理及专业服务项目绩效自评综述：…" names the item's subject up front.
            head = re.split(r"[：:，,。；;]", block.text, maxsplit=1)[0]
            if not _NUMBER.search(head) and not find_phrases(head):
                self.current = self.subjects(_ITEM_TAIL.sub("", head)) or self.current

    def subjects(self, words: str, *, count: bool = False) -> list[Subject]:
        cleaned = clean(words, count=count)
        named = section_subjects(words, self.heading)
        if not named and not keeps_printed_words(words):
            named = section_subjects(cleaned, self.heading)
        if named and (not count or set(named) <= COUNTED):  # "10 个项目支出绩效目标" counts targets
            return [(name, None) for name in named]
        return [(cleaned, None)] if cleaned else []

    def emit(self, block: Block, sentence: tuple[int, str], at: int, claim: dict[str, object]) -> None:
        offset, text = sentence
        subjects = self.current or [(clean(_ITEM_TAIL.sub("", self.heading.rstrip("。"))) or "说明", None)]
        for subject, code in subjects:
            self.claims.append(
                Claim.model_validate(
                    {
                        **claim,
                        "subject": subject,
                        "code": code,
                        "page": block.page_at(offset + at),
                        "text": text,
                    }
                )
            )

    def read(self, block: Block) -> None:
        self.enter(block)
        if block.kind == "heading":
            return
        for match in _SENTENCE.finditer(block.text):
            self.sentence(block, (match.start(), match.group().strip()))

    def sentence(self, block: Block, sentence: tuple[int, str]) -> None:
        text = sentence[1]
        self.last_count = []
        phrases = find_phrases(text)
        events: list[tuple[int, str, re.Match[str] | Phrase]] = sorted(
            [(m.start(), "number", m) for m in _NUMBER.finditer(text)]
            + [(m.start(), "zero", m) for m in _ZERO.finditer(text)]
            + [(start, "phrase", phrase) for start, _, phrase in phrases]
        )
        self.after = 0
        for at, what, payload in events:
            reason = _in_reason(text[:at])
            if isinstance(payload, Phrase):
                if not reason:
                    self.current = [self.phrase_subject(payload)]
            elif what == "zero":
                self.zero(block, sentence, at, reason)
            elif what == "number":
                self.number(block, sentence, payload, reason)

    def local_subjects(self, words: str, *, count: bool = False) -> None:
        """Switch to the subject the words in front of a number name, if they name one."""
        phrases = find_phrases(words)
        bare = _CLASS_WORDS.match(clean(words))
        if bare and not phrases:
            phrases = [(0, 0, Phrase(((bare.group(1), "类"),)))]
        named = [self.phrase_subject(phrases[-1][2])] if phrases else self.subjects(words, count=count)
        if named:
            self.current = named

    def zero(self, block: Block, sentence: tuple[int, str], at: int, reason: bool) -> None:
        text = sentence[1]
        words = text[_clause_start(text, at) : at]
        saved = self.current
        self.local_subjects(words)
        claim = {"kind": "change", "value": Decimal(0), "unit": "wan_yuan", "direction": None}
        self.emit(block, sentence, at, claim)
        if reason:
            self.current = saved

    def number(self, block: Block, sentence: tuple[int, str], match: re.Match[str], reason: bool) -> None:
        text = sentence[1]
        raw, unit = match.group(1), match.group(2)
        if _THRESHOLD.match(text[match.end() :]):
            return  # "单价 100 万元（含）以上设备" is a threshold, not an amount
        value = Decimal(raw.replace(",", ""))
        if unit == "亿元":
            value *= 10000
        words = text[_clause_start(text, match.start(), self.after) : match.start()]
        self.after = match.end()
        kind, direction = "amount", None
        change = _CHANGE.search(words)
        saved = self.current
        if unit in ("%", "％"):
            if _SHARE.search(words):
                kind, words = "share", words[: words.rfind("占")]
            elif _COMPLETION.search(words):
                kind, words = "completion", re.split(r"完成|执行|预算(?:执行|完成)率", words)[0]
            elif change:
                kind, words = "change", words[: change.start()]
            else:
                return  # other rates (满意度, 运行率) are performance values, not budget claims
        elif change:
            kind, words = "change", words[: change.start()]
        counted = _UNIT.get(unit) is None
        if counted:
            kind = "count"  # "新增1辆公务用车" counts vehicles; only money and percentages change
        elif change and kind == "change":
            direction = (
                None if change.group(2) else "decrease" if change.group(1) in _DECREASE else "increase"
            )
        following = _FOLLOWING.match(text[match.end() :]) if counted else None
        if following and _FOLLOWING_CUT.sub("", following.group()):
            # "共涉及 8 个一级项目": the counted noun follows the number.
            self.local_subjects(_FOLLOWING_CUT.sub("", following.group()), count=True)
        elif counted and not clean(words, count=True) and self.last_count:
            self.current = self.last_count  # "来访团组 0 个，0 人次": same subject
        else:
            self.local_subjects(words, count=counted)
        if counted:
            self.last_count = self.current
        claim = {
            "kind": kind,
            "value": value,
            "unit": _UNIT.get(unit, "count"),
            "direction": direction,
        }
        self.emit(block, sentence, match.start(), claim)
        if reason or counted:
            self.current = saved


def extract_claims(pages: Sequence[str], tables: Iterable[Table] = ()) -> list[Claim]:
    """Numbers stated in the narrative, one page of text per entry (page numbers start at 1).

    `tables` are the document's parsed tables: 类/款/项 subjects get their codes from them.
    """
    reader = _Reader(code_index(tables))
    for block in blocks(pages):
        reader.read(block)
    return reader.claims
