"""Intermediate shapes shared by the sources (PDF, text) and the table builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from disclosure_shared.records import BBox

Align = Literal["grid", "right", "left"]
"""How data cells line up with header columns.

grid: positional (pdfplumber grids, equal-width TSV rows); right: the value cells are the row's last
cells (TSV rows whose leading blank cells collapsed, SPEC §4.3); left: blanks were dropped entirely and
only trailing blanks can be missing (space-separated exports, SPEC §4.1).
"""


@dataclass
class RawTable:
    """One physical table block: its cells plus the text printed around it."""

    rows: list[list[str]]
    pages: list[int]
    context: list[str] = field(default_factory=list)
    """Text lines between the previous table (or page top) and this one: title, number, unit."""
    trailer: list[str] = field(default_factory=list)
    """Text lines after the table up to the next one: notes and "本单位无…" statements."""
    align: Align = "grid"
    row_pages: list[int] = field(default_factory=list)
    """Page of each row when a text block spans pages; empty means every row is on pages[0]."""
    cell_boxes: list[list[BBox | None]] | None = None
    """The box of each cell on the page, parallel to `rows` before any merging (PDF text layer only)."""
    starts_page: bool = False
    """Nothing but running text stood above it on its page, so it may continue the previous table."""
    tail: list[str] = field(default_factory=list)
    """Space-separated exports: label lines after the last data row that no number line followed (the
    wrapped cells of a last row whose final amount reads as a code, "25000", 002:L1159-1175)."""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)
