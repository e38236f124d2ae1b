"""A detail page that is itself the disclosure (武昌区 publishes whole 部门决算 as an article with
<table>s): the article cut out of the page, as the HTML document the pipeline reads.

What is delivered is the article, not the page as served: a portal's header, sidebar and footer
are not part of the disclosure (a footer's 主办单位 would be read as the organization), and their
changes (a date, a visit counter, a new menu item) would make every re-crawl a new revision. The
article is the element `article_selector` names or, without one, the element around all of the
page's tables (a lone table's parent); scripts, styles and frames are dropped. It is wrapped in a
minimal UTF-8 document whose <title> is the list entry's title (kind, year and organization for
the parse stage even when the article starts with its first table). Same article, same bytes:
the content hash identifies it across runs like a PDF's.
"""

from __future__ import annotations

from html import escape

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

MAX_TABLES = 500
"""Tables looked at to find the article (a 部门决算 has a dozen or so)."""
MAX_CLIMB = 10_000
"""Ancestors walked from one table (a page nested deeper than this is not worth reading)."""
_DROPPED = "script, style, noscript, iframe, frame, object, embed, template"
_TABLE_PARTS = {"table", "tbody", "thead", "tfoot", "tr"}


def inline_article(html: str, title: str, selector: str | None = None) -> bytes | None:
    """The page's article as a UTF-8 HTML document, or None when the page has no table."""
    tree = HTMLParser(html)
    for node in tree.css(_DROPPED):
        node.decompose()
    container = tree.css_first(selector) if selector else None
    if container is None:
        # Data tables only: a layout table around the article holds the others.
        tables = [
            t for t in tree.css("table")[:MAX_TABLES] if len(t.css("table")) == 1
        ]  # css() matches the node itself
        if not tables:
            return None
        container = _around(tables)
    if container is None:
        return None
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>{container.inner_html or ''}</body></html>"
    ).encode()


def _ancestors(node: Node) -> list[Node]:
    chain: list[Node] = []
    current: Node | None = node
    while current is not None and len(chain) < MAX_CLIMB:
        chain.append(current)
        current = current.parent
    return chain


def _around(tables: list[Node]) -> Node | None:
    """The innermost element holding every data table, lifted out of table parts (a lone table's
    parent; an article framed in a layout table is that frame's cell)."""
    common = _ancestors(tables[0])
    for table in tables[1:]:
        ids = {node.mem_id for node in _ancestors(table)}
        common = [node for node in common if node.mem_id in ids]
    if not common:
        return None
    container = common[0]
    while container.parent is not None and container.tag in _TABLE_PARTS:
        container = container.parent
    return container
