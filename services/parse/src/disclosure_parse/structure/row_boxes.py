"""Where each parsed row is printed: the box around its cells on the page, for evidence a reviewer
can see.

Rows are built from cells after merging, realigning and joining wrapped labels, so a built row does
not keep its physical row. The box is found afterwards instead: on the row's page, the first unused
ruled row (in reading order) whose cells hold the row's code and name, else a used one (the two
sides of a summary table print on the same lines). The box spans that row's cells that print the
row's code, name or one of its values, so the 支出 side of a two-sided line is not boxed with its
收入 side. A row found nowhere, or on a page without a text layer table (text exports, OCR), keeps
no box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from disclosure_parse.structure.model import RawTable
from disclosure_shared.records import BBox, Row, Table
from disclosure_shared.text_keys import text_key


@dataclass
class _Printed:
    text: str
    cells: list[tuple[str, BBox]]
    used: bool = False


def printed_rows(raws: Sequence[RawTable]) -> dict[int, list[_Printed]]:
    """Page → its ruled rows with their cells' boxes, in reading order (before any merging)."""
    pages: dict[int, list[_Printed]] = {}
    for raw in raws:
        if raw.cell_boxes is None or len(raw.cell_boxes) != len(raw.rows):
            continue
        for cells, boxes in zip(raw.rows, raw.cell_boxes, strict=True):
            keyed = [(text_key(c), b) for c, b in zip(cells, boxes, strict=False) if b is not None]
            pages.setdefault(raw.pages[0], []).append(_Printed("".join(k for k, _ in keyed), keyed))
    return pages


def _amount(key: str) -> Decimal | None:
    try:
        return Decimal(key.replace(",", ""))
    except InvalidOperation:
        return None


def _box(row: Row, printed: _Printed) -> BBox:
    """The union of the cells that print the row's code, name or values (all cells if none do)."""
    name, code = text_key(row.name), text_key(row.code or "")
    values = {v for v in row.values.values() if v is not None}
    mine = [
        box
        for key, box in printed.cells
        if key and ((code and key == code) or (name and key in name) or _amount(key) in values)
    ]
    boxes = mine or [box for _, box in printed.cells]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _find(row: Row, printed: list[_Printed]) -> _Printed | None:
    name = text_key(row.name)
    code = text_key(row.code or "")
    if not name and not code:
        return None
    matches = [c for c in printed if name in c.text and code in c.text]
    return next((c for c in matches if not c.used), matches[0] if matches else None)


def place_rows(tables: Sequence[Table], printed: dict[int, list[_Printed]]) -> list[Table]:
    """The tables with each row's box set where its printed row is found."""
    placed: list[Table] = []
    for table in tables:
        rows: list[Row] = []
        for row in table.rows:
            found = _find(row, printed.get(row.page, [])) if row.page is not None else None
            if found is None:
                rows.append(row)
                continue
            found.used = True
            rows.append(row.model_copy(update={"bbox": _box(row, found)}))
        placed.append(table.model_copy(update={"rows": rows}))
    return placed
