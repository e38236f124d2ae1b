"""An HTML disclosure (an article with <table>s, as 武昌区 publishes whole 部门决算) -> pages of
text in reading order, each table as the cell grid a PDF page's ruled table gives.

Pages: HTML has none, so each <table> opens a logical page. Page N holds the text after table N-1
and table N itself (its rows as lines, as a PDF page's text carries its table's cells); the text
after the last table is a page of its own. Every table is therefore the first on its page, and
its context is the text since the previous table, as on a PDF whose tables each begin a page; a
finding's "page N" is the Nth table. A document without <table> is one page without tables.

Grids are pdfplumber's: a cell spanning rows or columns keeps its text at its top-left position and
the positions it covers are "" (rowspan/colspan, <th> like <td>). A table that holds a table is a
layout table (old CMSs frame the article in one): its text is read in reading order and only the
innermost tables are grids; a one-column table whose cells hold paragraphs (a frame) is read as
text too. Cell and line text: tags dropped, entities (&nbsp;) decoded, white space collapsed, CJK
gaps closed (text_norm.join_wrapped), line breaks inside a cell (<br>, <p>) kept as "\n".

Bounded: at most MAX_CHARS of markup, read in one linear pass (the standard library's parser);
tables nest at most MAX_TABLE_DEPTH deep; all grids together hold at most MAX_CELLS positions (a
cell counts the positions it spans, spans are capped); the page count and page size limits of a
PDF apply. Past a bound the input is `too-complex` (or `too-many-pages`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from disclosure_parse.structure.text_norm import join_wrapped
from disclosure_shared.errors import EmptyDocument, TooComplex, TooManyPages
from disclosure_shared.events import PageTable, PageText
from disclosure_shared.settings import Limits

MAX_CHARS = 20_000_000
"""Markup read at all: a whole 部门决算 article is well under a megabyte (the parser reads ~1 MB/s)."""
MAX_TABLE_DEPTH = 8
"""Tables inside tables: a framed article nests two or three deep."""
MAX_CELLS = 100_000
"""Grid positions of all tables together (a 部门决算 has a few thousand)."""
MAX_SPAN = 100
"""Largest rowspan/colspan honoured; a larger one is clipped to it."""
MAX_COLUMNS = 500
CONTEXT_LINES = 8
"""Lines before a table kept as its context (title, number, unit): what a PDF page shows above a
table, not the whole narrative since the previous table (which would lend it a far-away title)."""
TRAILER_LINES = 6
"""Lines after a table kept as its trailer (notes, "本单位无…"), as pdf_source keeps them."""

_HIDDEN = {"script", "style", "template", "noscript"}
_BREAKS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "title",
    "section",
    "article",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "caption",
    "ul",
    "ol",
    "header",
    "footer",
}
_NEWLINE = "\n"


@dataclass
class _Cell:
    parts: list[str | _Table] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1
    blocks: bool = False
    """It holds paragraphs or other blocks (a frame around an article, not a table cell)."""

    def text(self) -> str:
        lines = "".join(p for p in self.parts if isinstance(p, str)).split(_NEWLINE)
        return _NEWLINE.join(line for line in (join_wrapped(x) for x in lines) if line)


@dataclass
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    in_cell: bool = False
    layout: bool = False
    """It holds a table: read as text, not as a grid."""

    def cell(self) -> _Cell | None:
        return self.rows[-1][-1] if self.in_cell and self.rows and self.rows[-1] else None


Block = str | list[list[str]]
"""Text (fragments, "\\n" between lines) or one table's grid, in reading order."""


class HtmlTooComplex(Exception):
    """Raised inside the reader; turned into TooComplex with the document's hash."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.tables: list[_Table] = []
        self.cells = 0
        self._hidden = 0
        self._caption = 0

    # Where text goes: the open cell of the innermost table; else (caption, stray text between
    # rows) where that table itself goes: the enclosing cell, or the flow.
    def _put(self, text: str) -> None:
        for table in reversed(self.tables):
            cell = table.cell()
            if cell is not None and not (self._caption and table is self.tables[-1]):
                cell.parts.append(text)
                return
        self.blocks.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self._put(_NEWLINE)
        elif tag == "table":
            if len(self.tables) >= MAX_TABLE_DEPTH:
                raise HtmlTooComplex(f"tables nest more than {MAX_TABLE_DEPTH} deep")
            if self.tables:
                self.tables[-1].layout = True
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            table = self.tables[-1]
            table.rows.append([])
            table.in_cell = False
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            if not table.rows:
                table.rows.append([])
            spans = dict(attrs)
            cell = _Cell(rowspan=_span(spans.get("rowspan")), colspan=_span(spans.get("colspan")))
            table.rows[-1].append(cell)
            table.in_cell = True
            self.cells += cell.rowspan * cell.colspan  # the grid positions it will cover
            if self.cells > MAX_CELLS:
                raise HtmlTooComplex(f"more than {MAX_CELLS} table cells (spanned positions included)")
        elif tag == "caption":
            self._caption += 1
        elif tag in _BREAKS:
            holder = self.tables[-1].cell() if self.tables else None
            if holder is not None:
                holder.blocks = True
            self._put(_NEWLINE)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._put(_NEWLINE)
        elif tag not in _HIDDEN:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            if self.tables:
                self._put_table(table)
            else:
                self.blocks.extend(self._flatten(table))
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].in_cell = False
        elif tag == "tr" and self.tables:
            self.tables[-1].in_cell = False
        elif tag == "caption":
            self._caption = max(0, self._caption - 1)
            self._put(_NEWLINE)
        elif tag in _BREAKS:
            self._put(_NEWLINE)

    def _put_table(self, table: _Table) -> None:
        """A nested table goes into the enclosing cell (or the flow), in reading order."""
        for outer in reversed(self.tables):
            cell = outer.cell()
            if cell is not None:
                cell.parts.append(table)
                return
        self.blocks.extend(self._flatten(table))

    def _flatten(self, table: _Table) -> list[Block]:
        """A data table is one grid; a layout table its cells' text and tables, row by row. A table
        one cell wide whose cells hold paragraphs (a frame around the article) is layout too."""
        frame = all(len(row) <= 1 for row in table.rows) and any(c.blocks for row in table.rows for c in row)
        if not table.layout and not frame:
            grid = self._grid(table)
            return [grid] if grid else []
        blocks: list[Block] = []
        for row in table.rows:
            for cell in row:
                for part in cell.parts:
                    blocks.extend([part] if isinstance(part, str) else self._flatten(part))
                blocks.append(_NEWLINE)
        return blocks

    def _grid(self, table: _Table) -> list[list[str]]:
        """Cells at their grid positions; spanned positions "" (as pdfplumber gives merged cells)."""
        grid: list[list[str]] = []
        below: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
        for row in table.rows:
            line: list[str] = []
            reach = max(below, default=-1)  # the last column a rowspan from above covers
            column = index = 0
            while index < len(row) or column <= reach:
                if below.get(column, 0) or index >= len(row):
                    line.append("")  # covered from above (or a gap before a covered column)
                    column += 1
                    continue
                cell = row[index]
                index += 1
                for offset in range(cell.colspan):
                    line.append(cell.text() if offset == 0 else "")
                    if cell.rowspan > 1:
                        below[column] = cell.rowspan
                    column += 1
                if column > MAX_COLUMNS:
                    raise HtmlTooComplex(f"a table row has more than {MAX_COLUMNS} columns")
            below = {c: n - 1 for c, n in below.items() if n > 1}
            grid.append(line)
        width = max((len(r) for r in grid), default=0)
        return [r + [""] * (width - len(r)) for r in grid]

    def handle_data(self, data: str) -> None:
        if not self._hidden:  # a line break in the source is white space; only tags break lines
            self._put(data.replace("\r", " ").replace(_NEWLINE, " "))


def _span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int((value or "1").strip())))
    except ValueError:
        return 1


def read_html(markup: str) -> list[Block]:
    """Text and table grids of `markup` in reading order (raises HtmlTooComplex past a bound)."""
    if len(markup) > MAX_CHARS:
        raise HtmlTooComplex(f"{len(markup)} characters of markup; the limit is {MAX_CHARS}")
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    while reader.tables:  # tables left open at the end of the document still count
        reader.handle_endtag("table")
    return reader.blocks


def _lines(fragments: list[str]) -> list[str]:
    return [line for line in (join_wrapped(x) for x in "".join(fragments).split(_NEWLINE)) if line]


def html_pages(markup: str, limits: Limits, sha256: str | None = None) -> list[PageText]:
    """The pages of an HTML disclosure (module docstring): one per table, text after the last one."""
    try:
        blocks = read_html(markup)
    except HtmlTooComplex as exc:
        raise TooComplex(f"the HTML is too complex: {exc}", sha256=sha256) from exc
    chunks: list[tuple[list[str], list[list[str]] | None]] = []  # (lines before, table)
    fragments: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            fragments.append(block)
        else:
            chunks.append((_lines(fragments), block))
            fragments = []
    tail = _lines(fragments)
    if not chunks:
        if not tail:
            raise EmptyDocument("the HTML has no text", sha256=sha256)
        return [PageText(number=1, text="\n".join(tail), layer_tables=[])]
    if len(chunks) + bool(tail) > limits.max_pages:
        raise TooManyPages(
            f"the HTML has {len(chunks)} tables (one page each); the limit is {limits.max_pages} pages",
            sha256=sha256,
        )
    pages: list[PageText] = []
    for index, (before, grid) in enumerate(chunks):
        after = chunks[index + 1][0] if index + 1 < len(chunks) else tail
        table = PageTable(rows=grid or [], context=before[-CONTEXT_LINES:], trailer=after[:TRAILER_LINES])
        rows = [" ".join(c.replace(_NEWLINE, " ") for c in row if c) for row in grid or []]
        pages.append(PageText(number=index + 1, text="\n".join([*before, *rows]), layer_tables=[table]))
    if tail:
        pages.append(PageText(number=len(pages) + 1, text="\n".join(tail), layer_tables=[]))
    for page in pages:
        if len(page.text) > limits.max_page_chars:
            raise TooComplex(
                f"HTML page {page.number} carries {len(page.text)} characters; "
                f"the limit is {limits.max_page_chars}",
                sha256=sha256,
            )
    return pages
