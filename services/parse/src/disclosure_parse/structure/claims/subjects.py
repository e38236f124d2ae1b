"""What a stated number is about: a 类/款/项 phrase, a known section, or the words printed before it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure_parse.structure.claims.narrative import ITEM
from disclosure_shared.text_keys import text_key

LABEL = re.compile(r"[（(](类|款|项)[)）]")
# Characters that end the words in front of a label or a number ("，其中：基本支出 …").
_STOP = set('，,。；;：:、“”"‘’「」')
# Clause separators; quotes are not ("“三公”经费" is one subject).
_CLAUSE_STOP = set("，,。；;：:、")
_JOINED = re.compile(r"[收入]、支")
_N = "一二三四五六七八九十"
_MARKER = re.compile(rf"^\s*(\d{{1,2}}[.．、]|[（(]\d{{1,2}}[)）]|[（(][{_N}]+[)）]|[{_N}]+、)\s*")


@dataclass(frozen=True)
class Phrase:
    """A 类/款/项 subject as printed: [(name, "类"), (name, "款"), (name, "项")], any prefix of it."""

    levels: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return "".join(f"{name}（{level}）" for name, level in self.levels)


def _name(raw: str) -> str:
    name = re.sub(r"[\s“”\"‘’「」]", "", _MARKER.sub("", raw))
    return name.replace("(", "（").replace(")", "）")


def find_phrases(sentence: str) -> list[tuple[int, int, Phrase]]:
    """Every 类/款/项 phrase in a sentence with its span; consecutive labels form one phrase."""
    found: list[tuple[int, int, Phrase]] = []
    start = -1
    levels: list[tuple[str, str]] = []
    previous_end = 0
    for match in LABEL.finditer(sentence):
        between = sentence[previous_end : match.start()]
        if levels and not any(char in _STOP for char in between):
            levels.append((_name(between), match.group(1)))
        else:
            if levels:
                found.append((start, previous_end, Phrase(tuple(levels))))
            begin = match.start()
            while begin > 0 and sentence[begin - 1] not in _STOP:
                begin -= 1
            start, levels = begin, [(_name(sentence[begin : match.start()]), match.group(1))]
        previous_end = match.end()
    if levels:
        found.append((start, previous_end, Phrase(tuple(levels))))
    return [(s, e, p) for s, e, p in found if all(name for name, _ in p.levels)]


def flat(text: str) -> str:
    """Matching key: NFKC, no spaces or quotes, "收、支" read as "收支"."""
    text = re.sub(r"[『』]", "", text_key(text))
    text = re.sub(r"\(不?含[^()]*\)", "", text)  # "设备（不含车辆）" is about 设备
    return re.sub(r"收(入?)、支", r"收\1支", text)


# Section subjects, most specific first: the first pattern found in the words before a number wins.
_B = r"(财政)?(拨款)?"
_KEYWORDS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(p), subjects)
    for p, subjects in [
        (r"中小企业|小微企业|小型和微型企业", ()),  # SME shares of procurement: keep the printed words
        (r"财政拨款收支|财政拨款收入支出", ("财政拨款收入总计", "财政拨款支出总计")),
        (r"收支(预算)?总计|收入支出(预算)?总计|收支总预算|收支预算总计", ("收入总计", "支出总计")),
        (r"会议费", ("会议费",)),
        (r"培训费", ("培训费",)),
        (r"因公出国\(境\)费?", ("因公出国（境）费",)),
        (r"公务用车购置及运行(维护)?费", ("公务用车购置及运行维护费",)),
        (r"公务用车购置(费)?(?!及)", ("公务用车购置费",)),
        (r"公务用车运行(维护)?费?", ("公务用车运行维护费",)),
        (r"公务用车保有量", ("公务用车保有量",)),
        (r"公务接待费", ("公务接待费",)),
        (r"三公经费", ("三公经费",)),
        (r"机关运行经费", ("机关运行经费",)),
        (r"政府购买服务", ("政府购买服务",)),
        (r"政府采购(支出|预算|项目|数)*(总额|总金额|金额|合计|总计)|政府采购(支出)?(预算)?$", ("政府采购",)),
        (r"购置(\(更新\))?(公务用)?车辆?", ("车辆购置",)),
        (r"(共有|实有)?车辆", ("车辆",)),
        (r"国有资产", ("国有资产",)),
        (r"财政专户管理资金", ("财政专户管理资金",)),
        (r"单位预留机动经费|预留机动经费", ("单位预留机动经费",)),
        (r"上年结转|年初结转和结余", ("上年结转",)),
        (r"结转下年|年末结转和结余", ("结转下年",)),
        (rf"一般公共预算{_B}(本年)?收入", ("一般公共预算财政拨款收入",)),
        (rf"政府性基金(预算)?{_B}收入", ("政府性基金预算财政拨款收入",)),
        (rf"国有资本经营(预算)?{_B}收入", ("国有资本经营预算财政拨款收入",)),
        (r"财政拨款收入", ("财政拨款收入",)),
        (rf"一般公共预算{_B}基本支出", ("一般公共预算财政拨款基本支出",)),
        (rf"一般公共预算{_B}(预算)?支出|一般公共预算(财政)?拨款$", ("一般公共预算财政拨款支出",)),
        (rf"政府性基金(预算)?{_B}(预算)?支出", ("政府性基金预算财政拨款支出",)),
        (rf"国有资本经营(预算)?{_B}(预算)?支出", ("国有资本经营预算财政拨款支出",)),
        (r"财政拨款基本支出", ("财政拨款基本支出",)),
        (r"财政拨款(预算)?支出", ("财政拨款支出",)),
        # "其他资金收入预算总计 80 万元" is one source's line, not the document's 收入总计
        (r"(其他资金|单位资金|事业|经营|上级补助|附属单位上缴)收入(预算)?(合计|总计)", ()),
        (r"收入(预算)?合计|本年收入|收入预算$", ("收入合计",)),
        (r"支出(预算)?合计|本年支出|支出预算$", ("支出合计",)),
        (r"收入(预算)?总计", ("收入总计",)),
        (r"支出(预算)?总计", ("支出总计",)),
        (r"人员经费", ("人员经费",)),
        (r"公用经费", ("公用经费",)),
        (r"工资福利支出", ("工资福利支出",)),
        (r"商品和服务支出", ("商品和服务支出",)),
        (r"对个人和家庭的?补助", ("对个人和家庭的补助",)),
        (r"基本支出", ("基本支出",)),
        (r"项目支出", ("项目支出",)),
    ]
]
# Headings name a section only through these (a heading's 收入/支出 words are too broad).
_SECTION = {"三公经费", "机关运行经费", "政府采购", "政府购买服务", "国有资产"}
_PROCUREMENT_PART = re.compile(r"(货物|工程|服务)")

_COMPARISON = re.compile(
    r"(与|较|比|同比)(上一?年度?|\d{4}年度?|去年|上年同期)?(年初)?(预算|决算)?数?(相比|比较)?$|相比$|同比$"
)
_YEAR = re.compile(
    r"(截至|截止)?\d{4}年度?(\d{1,2}月(\d{1,2}日)?)?(末|底|初)?|本年度|本年|当年|今年|本年度内"
)
_LEAD = re.compile(
    r"^(其中|此外|另外|另|主要原因是|主要原因|主要是由于|主要是|原因是|由于|包括|以及|及|和|"
    r"本部门|本单位|我部门|我单位|部门\(单位\)|共涉及|涉及|共有|共计|共|累计|合计|设置了|新增|"
    r"[一二三四五六七八九十]是)+"
)
_TAIL = re.compile(r"(为|是|达到|达|约为|约|共计|合计|总计|总额为|金额为|共|计|累计|的|各|均|分别)+$")
_MEASURE = re.compile(
    r"^(项目(?=年初|全年))?(年初|全年|调整后?|本年)?(预算|决算|支出决算|执行)?数?$|^(支出|收入|金额|资金|总额|项目|科目|其中)$"
)


COUNTED = {"车辆", "车辆购置", "公务用车保有量"}


def section_subjects(words: str, heading: str = "") -> tuple[str, ...]:
    """Canonical subjects named in the words, or () when none is."""
    key = flat(words)
    if heading and "政府采购" in heading and not re.search("中小|小微|预留", key):
        part = _PROCUREMENT_PART.search(key)
        if part and "政府采购" not in key.replace(f"政府采购{part.group(1)}", ""):
            return (f"政府采购{part.group(1)}",)
    return _match(key) or ()


def keeps_printed_words(words: str) -> bool:
    """The words match a pattern that deliberately names no canonical subject ("其他资金收入预算总计")."""
    return _match(flat(words)) == ()


def _match(key: str) -> tuple[str, ...] | None:
    for pattern, subjects in _KEYWORDS:
        if pattern.search(key):
            return subjects
    return None


def heading_subjects(heading: str) -> tuple[str, ...]:
    subjects = section_subjects(heading)
    return subjects if subjects and set(subjects) <= _SECTION else ()


def words_before(text: str) -> str:
    """The words a number follows: from the last separator to the end ("收、支总计" is one word)."""
    begin = len(text)
    while begin > 0:
        char = text[begin - 1]
        if char in _CLAUSE_STOP and not (char == "、" and _JOINED.match(text, begin - 2)):
            break
        begin -= 1
    return text[begin:]


def clean(words: str, *, count: bool = False) -> str:
    """Printed words reduced to a subject; "" when only years, verbs or measures remain."""
    key = flat(_MARKER.sub("", words))
    key = ITEM.sub("", key)
    key = _COMPARISON.sub("", key)
    key = _YEAR.sub("", key)
    for _ in range(2):
        key = _LEAD.sub("", key)
        key = _TAIL.sub("", key)
    key = key.replace("(", "（").replace(")", "）")
    if not count and _MEASURE.match(key):
        return ""
    return key.strip("，,、：:；;")
