"""The item paragraphs of a Shanghai-style 预算编制说明 (万里街道 2024 p6–9):

    1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，主要用于专项普查活动。
    2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%。

Each paragraph names a 类/款/项 (by names, sometimes with its code), states its amount X, the
previous year's outturn A, the year's budget B and the change C% with a direction word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from disclosure_validate.context import Context
from disclosure_validate.readers.running_text import running_text

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_ITEM = re.compile(
    r"[“\"](?P<subject>[^”\"]{2,80}?)[”\"]\s*(?:[(（](?P<code>\d{3,7})[)）])?\s*"
    rf"{_NUM}\s*万元[，,]\s*主要用于[^。]{{0,200}}?。\s*"
    rf"\d{{4}}\s*年(?:当年)?预算执行数(?:为)?\s*{_NUM}\s*万元[，,]\s*"
    rf"\d{{4}}\s*年预算安排\s*{_NUM}\s*万元[，,]\s*"
    r"(?:比|较)\s*\d{4}\s*年(?:当年)?预算执行数\s*(?P<word>增加|增长|减少|下降|持平)"
    rf"(?:\s*{_NUM}\s*[%％])?"
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
    executed: Decimal  # A, the previous year's outturn
    budget: Decimal  # B, the year's budget
    word: str  # 增加 / 减少 / 持平 …
    rate: Decimal | None  # C, in percent


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
                names={level: name.strip() for name, level in _LEVEL.findall(subject)},
                amount=_number(match.group(3)),
                executed=_number(match.group(4)),
                budget=_number(match.group(5)),
                word=match.group("word"),
                rate=_number(match.group(7)) if match.group(7) else None,
            )
        )
    return found
