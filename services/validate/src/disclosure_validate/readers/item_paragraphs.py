"""The item paragraphs of a Shanghai-style 预算编制说明 (万里街道 2024 p6–9):

    1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于专项普查活动。
    2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%。

Each paragraph names a 类/款/项 (by names, sometimes with its code; "类-款-项" in 政府办公室 2025)
and states its amount X; the 2024 documents add the previous year's outturn A, the year's budget B
and the change C% with a direction word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from disclosure_validate.context import Context
from disclosure_validate.readers.running_text import running_text

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_ITEM = re.compile(
    r"[“\"](?P<subject>[^”\"]{2,80}?)[”\"]\s*(?:[(（](?P<code>\d{3,7})[)）])?\s*(?:科目)?\s*"
    rf"{_NUM}\s*万元[，,]\s*主要用于[^。]{{0,200}}?。\s*"
    rf"(?:\d{{4}}\s*年(?:当年)?预算执行数(?:为)?\s*{_NUM}\s*万元[，,]\s*"
    rf"\d{{4}}\s*年预算安排\s*{_NUM}\s*万元[，,]\s*"
    r"(?:比|较)\s*\d{4}\s*年(?:当年)?预算执行数\s*(?P<word>增加|增长|减少|下降|持平)"
    rf"(?:\s*{_NUM}\s*[%％])?)?"
)
_LEVEL = re.compile(r"([^（(）)]+?)[（(](类|款|项)[)）]")


@dataclass(frozen=True)
class ItemParagraph:
    page: int
    text: str
    subject: str
    code: str | None
    names: dict[str, str]  # "类" / "款" / "项" -> the printed name
    amount: Decimal  # X, the head amount
    executed: Decimal | None  # A, the previous year's outturn (万里 2024; 2025 prints none)
    budget: Decimal | None  # B, the year's budget
    word: str | None  # 增加 / 减少 / 持平 …
    rate: Decimal | None  # C, in percent


def _names(subject: str) -> dict[str, str]:
    """ "A(类)B(款)C(项)", or "A-B-C" (政府办公室 2025: 类-款-项) -> {"类": A, "款": B, "项": C}."""
    labelled = {level: name.strip() for name, level in _LEVEL.findall(subject)}
    if labelled:
        return labelled
    parts = [part.strip() for part in subject.split("-")]
    return dict(zip(("类", "款", "项"), parts, strict=False)) if 2 <= len(parts) <= 3 else {}


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def item_paragraphs(ctx: Context) -> list[ItemParagraph]:
    """Every item paragraph of the text outside table grids, its wrapped lines (and pages) joined."""
    joined = running_text(ctx)
    text = joined.text
    found: list[ItemParagraph] = []
    for match in _ITEM.finditer(text):
        subject = match.group("subject")
        found.append(
            ItemParagraph(
                page=joined.page_at(match.start()),
                text=match.group(0),
                subject=subject,
                code=match.group("code"),
                names=_names(subject),
                amount=_number(match.group(3)),
                executed=_number(match.group(4)) if match.group(4) else None,
                budget=_number(match.group(5)) if match.group(5) else None,
                word=match.group("word"),
                rate=_number(match.group(7)) if match.group(7) else None,
            )
        )
    return found
