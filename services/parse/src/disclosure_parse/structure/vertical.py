"""Labels and amounts printed on different grid rows of one printed row.

Jiangsu 2017-2019 grids draw inner rulings that pdfplumber turns into extra rows, so a row whose label
wraps is cut in three: "三、单位预留机动" / the amount with a blank label / "经费" (检察院 2018 p13), or in
two: the amount above its "合计" label (检察院 2018 公开05表 p15). A row holding amounts but no label
in its segment can only belong to a neighbouring label-only row; this pass moves the label down (or
up) onto the amounts and joins a wrapped tail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_parse.structure.codes import strip_ordinal
from disclosure_parse.structure.columns import Column
from disclosure_parse.structure.rows import PagedRow
from disclosure_parse.structure.text_norm import is_amount, is_blank_value, subject_code
from disclosure_shared.text_keys import text_key


@dataclass(frozen=True)
class Segment:
    labels: list[int]
    values: list[int]


def segments_of(columns: Sequence[Column], two_sided: bool) -> list[Segment]:
    """Label columns with the value columns they head: one per side of a two-sided summary."""
    out: list[Segment] = []
    for col in columns:
        if col.role in ("code", "name"):
            if not out or (two_sided and col.role == "name" and out[-1].values):
                out.append(Segment([], []))
            out[-1].labels.append(col.index)
        elif col.role == "value" and out:
            out[-1].values.append(col.index)
    # every non-value cell of the span counts as label: a 合计 printed in an unlabelled spacer column
    # (法院 2019 p12) still labels its row
    spans = [s for s in out if s.labels and s.values]
    return [
        Segment([i for i in range(s.labels[0], s.values[-1]) if i not in s.values], s.values) for s in spans
    ]


def _text(cells: Sequence[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _has_label(cells: Sequence[str], seg: Segment) -> bool:
    return any(_is_label(_text(cells, i)) for i in seg.labels)


def _is_label(text: str) -> bool:
    return bool(text) and (not is_amount(text) or subject_code(text) is not None)


def _has_value(cells: Sequence[str], seg: Segment) -> bool:
    return any(not is_blank_value(_text(cells, i)) for i in seg.values)


def _label_only(cells: Sequence[str], seg: Segment) -> bool:
    return _has_label(cells, seg) and not _has_value(cells, seg)


def _is_tail(cells: Sequence[str], seg: Segment) -> bool:
    """A wrapped label's second line: no code, no ordinal, short."""
    texts = [_text(cells, i) for i in seg.labels if _text(cells, i)]
    if len(texts) != 1 or subject_code(texts[0]):
        return False
    key = text_key(texts[0])
    return len(key) <= 8 and strip_ordinal(key) == key and not re.match(r"^\d", key)


def _move(source: list[str], target: list[str], seg: Segment, append: bool) -> None:
    for i in seg.labels:
        text = _text(source, i)
        if not text:
            continue
        while len(target) <= i:
            target.append("")
        target[i] = (target[i] + text) if append and target[i].strip() else (text + target[i])
        source[i] = ""


def realign_rows(data: Sequence[PagedRow], segments: Sequence[Segment]) -> tuple[list[PagedRow], list[str]]:
    """Rows with split labels rejoined onto their amounts, and the labels that were moved."""
    rows = [(list(cells), page) for cells, page in data]
    moved: list[str] = []
    for seg in segments:
        for i, (cells, _) in enumerate(rows):
            if _has_label(cells, seg) or not _has_value(cells, seg):
                continue
            above = rows[i - 1][0] if i > 0 and _label_only(rows[i - 1][0], seg) else None
            below = rows[i + 1][0] if i + 1 < len(rows) and _label_only(rows[i + 1][0], seg) else None
            if above is not None:
                _move(above, cells, seg, append=False)
                if below is not None and _is_tail(below, seg):
                    _move(below, cells, seg, append=True)
            elif below is not None:
                _move(below, cells, seg, append=False)
            else:
                continue
            moved.append(text_key("".join(_text(cells, j) for j in seg.labels)))
    return rows, moved
