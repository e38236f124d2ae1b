"""Test support: a disclosure's extracted pages rendered as an inline HTML article, the way 武昌区
publishes a whole 部门决算 (narrative in <p>, tables as <table>), to check that the HTML reading of
the parse stage gives what the PDF gives.

The article is built the way portal editors' HTML comes out: framed in a layout table, header rows
as <th> with merged cells as colspan/rowspan (the positions pdfplumber leaves "" beside or below a
header cell), amounts with thousands separators, &nbsp; in empty cells, cell text in nested tags,
line breaks inside cells as <br>.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from disclosure_shared.events import PageTable, PageText

_DECIMAL = re.compile(r"^(-?)(\d{4,})(\.\d+)$")
_AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?$")


def article_html(pages: Sequence[PageText], title: str, *, chrome: bool = False) -> str:
    """One HTML page: each page's text (or, on a page with tables, the lines around its tables)
    as paragraphs and each ruled table (`layer_tables`) as a <table>, in page order. `chrome`: with
    a portal's header and footer around the article (which the crawler leaves out)."""
    body: list[str] = [f"<h1>{escape(title)}</h1>"]
    for page in pages:
        tables = page.layer_tables or []
        if not tables:
            body.extend(_paragraphs(page.text.splitlines()))
            continue
        for index, table in enumerate(tables):
            body.extend(_paragraphs(table.context))
            body.append(table_html(table))
            if index == len(tables) - 1:  # the lines between two tables are the next one's context
                body.extend(_paragraphs(table.trailer))
    article = "\n".join(body)
    header = '<div class="header"><a href="/">首页</a> 政务公开 当前位置：财政预决算</div>' if chrome else ""
    footer = '<div class="footer">主办单位：武汉市武昌区人民政府办公室 访问量：12345</div>' if chrome else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><script>var visits = 1;</script></head><body>{header}"
        f'<table class="layout" width="100%"><tr><td class="article">\n{article}\n</td></tr></table>'
        f"{footer}</body></html>"
    )


def _paragraphs(lines: Sequence[str]) -> list[str]:
    return [f"<p>{escape(line)}</p>" for line in lines if line.strip()]


def _is_header(row: Sequence[str]) -> bool:
    return not any(_AMOUNT.match(cell.strip()) for cell in row if cell.strip())


def table_html(table: PageTable) -> str:
    """A grid as HTML: header rows (no amount in them, above the first data row) merge each
    non-empty cell with the "" positions right of it and below it into one spanning <th>."""
    rows = table.rows
    header = 0
    while header < len(rows) and _is_header(rows[header]):
        header += 1
    claimed: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(header):
        for c, cell in enumerate(rows[r]):
            if not cell or (r, c) in claimed:
                continue
            width = 1
            while c + width < len(rows[r]) and not rows[r][c + width] and (r, c + width) not in claimed:
                width += 1
            height = 1
            while r + height < header and all(
                not rows[r + height][c + k] and (r + height, c + k) not in claimed for k in range(width)
            ):
                height += 1
            spans[(r, c)] = (height, width)
            claimed.update((r + i, c + k) for i in range(height) for k in range(width))
    lines = ['<table border="1" cellspacing="0">']
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            if (r, c) in spans:
                height, width = spans[(r, c)]
                attributes = (f' rowspan="{height}"' if height > 1 else "") + (
                    f' colspan="{width}"' if width > 1 else ""
                )
                cells.append(f"<th{attributes}><span>{_cell(cell)}</span></th>")
            elif (r, c) not in claimed:
                cells.append(f"<td>{_cell(_grouped(cell)) if cell else '&nbsp;'}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return "<br>".join(f"<span>{escape(line)}</span>" for line in text.split("\n"))


def _grouped(text: str) -> str:
    """1234567.89 -> 1,234,567.89 (amounts only: codes have no decimal point and stay as they are)."""
    match = _DECIMAL.match(text.strip())
    if not match:
        return text
    sign, digits, fraction = match.groups()
    return f"{sign}{int(digits):,}{fraction}"
