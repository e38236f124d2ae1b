"""Where each parsed row is printed: its box on the page, for evidence a reviewer can see.

Rows are built from cells after merging, realigning and joining wrapped labels, so a built row does
not keep its physical row. The box is found afterwards instead: on the row's page, the first unused
ruled row (in reading order) whose cells hold the row's code and name, else a used one (the
two sides of a summary table print on the same lines). A row found nowhere, or on a
page without a text layer table (text exports, OCR), keeps no box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_parse.structure.model import RawTable
from disclosure_shared.records import BBox, Row, Table
from disclosure_shared.text_keys import text_key


@dataclass
class _Printed:
    text: str
    box: BBox
    used: bool = False


def printed_rows(raws: Sequence[RawTable]) -> dict[int, list[_Printed]]:
    """Page → its ruled rows with boxes, in reading order (before any merging)."""
    pages: dict[int, list[_Printed]] = {}
    for raw in raws:
        if raw.boxes is None or len(raw.boxes) != len(raw.rows):
            continue
        for cells, box in zip(raw.rows, raw.boxes, strict=True):
            pages.setdefault(raw.pages[0], []).append(_Printed(text_key("".join(cells)), box))
    return pages


def _find(row: Row, printed: list[_Printed]) -> _Printed | None:
    name = text_key(row.name)
    code = text_key(row.code or "")
    if not name and not code:
        return None
    matches = [c for c in printed if name in c.text and code in c.text]
    # An unused one first; a used one is the same line read again (the 支出 side of a two-sided
    # summary shares its printed rows with the 收入 side).
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
            rows.append(row.model_copy(update={"bbox": found.box}))
        placed.append(table.model_copy(update={"rows": rows}))
    return placed
