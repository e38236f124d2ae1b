"""The document's text outside table grids as one string, wrapped lines and pages joined, with the
page of every offset: for rules whose sentences wrap over lines or pages ("…2023年当年预算执行\n
数为60.13万元", 万里街道 2024 p6) or whose figures and wording sit in consecutive sentences."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from disclosure_validate.context import Context


@dataclass(frozen=True)
class RunningText:
    text: str
    starts: list[int]  # offset of each joined line
    pages: list[int]  # page of each joined line

    def page_at(self, offset: int) -> int:
        return self.pages[max(0, bisect.bisect_right(self.starts, offset) - 1)] if self.pages else 0


# a printed page number alone on the last line: "17", "─ 7 ─", "— 10 —", "- 3 -"
_FOLIO = re.compile(r"[-─—–\s]*\d{1,3}[-─—–\s]*")


def _without_folio(lines: list[str]) -> list[str]:
    """A page's lines without its printed page number: it would run into the sentence the next page
    continues ("增加4016.19" + "17" + "万元", 省高院2019 p17; "增加（减少）" + "─ 7 ─" + "0万元",
    省人大常委会2019 p9)."""
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines[:-1] if lines and _FOLIO.fullmatch(lines[-1].strip()) else lines


def running_text(ctx: Context) -> RunningText:
    """NFKC-normalised (full-width punctuation becomes ASCII: "（类）" reads "(类)", "，" reads ","),
    read once per document."""
    return ctx.reading(_read)


def _read(ctx: Context) -> RunningText:
    lines = [
        (page.number, unicodedata.normalize("NFKC", line).strip())
        for page in ctx.disclosure.pages
        for line in _without_folio((page.text or "").splitlines())
    ]
    kept = [(page, line) for page, line in lines if line and "\t" not in line and "|" not in line]
    starts = list(accumulate((len(line) for _, line in kept), initial=0))[:-1]
    return RunningText("".join(line for _, line in kept), starts, [page for page, _ in kept])
