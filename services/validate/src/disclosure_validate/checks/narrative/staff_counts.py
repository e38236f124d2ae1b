"""N-16 人员构成: a stated staff total equals the sum of its breakdown
("总编制人数 59 人，其中：行政编制 21 人，事业编制 38 人")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.readers.narrative_prose import Paragraph, prose
from disclosure_validate.registry import check

_COUNT = r"(?P<n>\d+)\s*[人名]"
_TOTAL = re.compile(
    # a bare 编制 is a total only when it is not the tail of a part ("行政编制 21 人", 004:L106)
    r"(?P<label>(总编制|核定编制|(?<![\u4e00-\u9fff])编制)(人数|数)?|(在职)?实有人数"
    r"|在职(在编)?(人员|职工)?(人数)?|离退休(人员|干部)?(人数)?)"
    r"\s*(为|共|共计|合计|有)?\s*" + _COUNT
)
_PART = re.compile(r"(?P<label>[\u4e00-\u9fff]{1,12}?)\s*(为|共)?\s*" + _COUNT)
_NESTED = re.compile(r"[(（][^()（）]*[)）]")
_STAFF = re.compile(
    r"^(行政|行政附属|事业|工勤|机关工勤|工勤技能|全额拨款事业|差额拨款事业|自收自支事业)(编制|人员|人数)?$"
)
_RETIRED = re.compile(r"^(离休|退休)(人员|干部|人数)?$")


@dataclass(frozen=True)
class Breakdown:
    label: str
    total: int
    parts: list[tuple[str, int]]
    page: int
    sentence: str


def _parts(text: str) -> list[tuple[str, int]]:
    """ "其中：行政编制 21 人，事业编制 38 人" → [(行政编制, 21), (事业编制, 38)]; nested "(其中：…)"
    counts are parts of a part and are left out."""
    text = _NESTED.sub("", text)
    return [(m.group("label"), int(m.group("n"))) for m in _PART.finditer(text)]


def _breakdowns(paragraph: Paragraph) -> Iterator[Breakdown]:
    for sentence in re.split(r"(?<=。)", paragraph.text):
        heads = list(_TOTAL.finditer(sentence))
        for index, head in enumerate(heads):
            end = heads[index + 1].start() if index + 1 < len(heads) else len(sentence)
            rest = sentence[head.end() : end]
            if not re.match(r"^[，,；;]?\s*其中[：:]?", rest):
                continue
            parts = _parts(re.sub(r"^[，,；;]?\s*其中[：:]?", "", rest))
            if parts:
                yield Breakdown(head.group("label"), int(head.group("n")), parts, paragraph.page, sentence)


def _exhaustive(breakdown: Breakdown) -> bool | None:
    """True when the parts partition the total (行政/事业/工勤; 离休/退休), False when they are
    known parts that may leave some out (a single one), None for parts of unknown kind."""
    family = _RETIRED if "退休" in breakdown.label else _STAFF
    labels = [label for label, _ in breakdown.parts]
    if not all(family.match(label) for label in labels) or len(set(labels)) != len(labels):
        return None
    return len(labels) >= 2


@check("N-16")
def staff_breakdowns_add_up(ctx: Context) -> Iterator[Finding]:
    """人员构成: a total followed by "其中：" parts of one partition (编制/在职: 行政、事业、工勤;
    离退休: 离休、退休) equals their sum; a single part does not exceed it. Parts of another kind
    (参照公务员法管理, 女性…) overlap and are not summed."""
    for paragraph in prose(ctx):
        for breakdown in _breakdowns(paragraph):
            exhaustive = _exhaustive(breakdown)
            if exhaustive is None:
                continue
            summed = sum(n for _, n in breakdown.parts)
            if summed == breakdown.total or (not exhaustive and summed <= breakdown.total):
                continue
            listing = "、".join(f"{label} {n} 人" for label, n in breakdown.parts)
            verdict = f"之和为 {summed} 人，与总数不符" if exhaustive else "，分项超过总数"
            yield Finding(
                rule="N-16",
                severity="error",
                probable_cause="source",
                message=f"人员构成中{breakdown.label} {breakdown.total} 人，其中{listing}{verdict}。",
                expected=Decimal(summed),
                actual=Decimal(breakdown.total),
                difference=Decimal(breakdown.total - summed),
                location=Location(page=breakdown.page, row=breakdown.label),
                evidence=[Evidence(page=breakdown.page, text=breakdown.sentence[:200])],
            )
