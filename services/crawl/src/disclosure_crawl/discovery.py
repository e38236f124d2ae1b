"""What a list page or a detail page links to: entries, nested columns, further pages, attachments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from disclosure_crawl.config import Links, Pagination, Titles
from disclosure_crawl.titles import TitleInfo, normalize, read_title

_CREATE_PAGE = re.compile(
    r"""createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]"""
)


@dataclass(frozen=True)
class Anchor:
    url: str
    text: str


@dataclass(frozen=True)
class Entry:
    """A link whose title counts as a disclosure."""

    anchor: Anchor
    info: TitleInfo


@dataclass(frozen=True)
class Skipped:
    url: str
    title: str
    reason: str


@dataclass
class ListPage:
    columns: list[Anchor] = field(default_factory=list)
    details: list[Entry] = field(default_factory=list)
    attachments: list[Entry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


@dataclass
class DetailPage:
    attachments: list[Anchor] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    tables: int = 0
    """<table> elements in the page: with no attachment, the article itself is the disclosure
    (article.py)."""


def anchors(tree: HTMLParser, page_url: str, selector: str) -> list[Anchor]:
    """Anchors matching `selector` with absolute URLs (fragments dropped), in page order, once each."""
    base_node = tree.css_first("base[href]")
    base = urljoin(page_url, (base_node.attributes.get("href") or "").strip()) if base_node else page_url
    found: dict[str, Anchor] = {}
    for node in tree.css(selector):
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urldefrag(urljoin(base, href)).url
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        text = normalize(node.text(deep=True) or node.attributes.get("title") or "")
        title_attr = normalize(node.attributes.get("title") or "")
        # List pages often truncate the visible title ("…部门预…") and keep it whole in title="".
        if len(title_attr) > len(text):
            text = title_attr
        if url not in found or len(text) > len(found[url].text):
            found[url] = Anchor(url, text)
    return list(found.values())


def extension(url: str) -> str:
    return PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()


def script_page_urls(html: str, page_url: str) -> list[str] | None:
    """All list pages named by a createPageHTML(count, current, "index", "shtml") call, or None."""
    match = _CREATE_PAGE.search(html)
    if not match:
        return None
    count, _current, stem, ext = int(match.group(1)), match.group(2), match.group(3), match.group(4)
    names = [f"{stem}.{ext}"] + [f"{stem}_{i}.{ext}" for i in range(1, count)]
    return [urljoin(page_url, name) for name in names]


def read_list_page(
    html: str, page_url: str, links: Links, titles: Titles, pagination: Pagination
) -> ListPage:
    tree = HTMLParser(html)
    page = ListPage()
    for anchor in anchors(tree, page_url, links.list_selector):
        if anchor.url == page_url:
            continue
        ext = extension(anchor.url)
        info = read_title(anchor.text, titles)
        if info is None:
            if re.search(links.column_pattern, urlsplit(anchor.url).path or "/") and any(
                k in anchor.text for k in links.column_keywords
            ):
                page.columns.append(anchor)
            continue
        if ext in links.attachment_extensions:
            page.attachments.append(Entry(anchor, info))
        elif ext in links.skip_extensions:
            page.skipped.append(Skipped(anchor.url, anchor.text, skip_reason(ext)))
        elif re.search(links.detail_pattern, urlsplit(anchor.url).path):
            page.details.append(Entry(anchor, info))
    page.pages = pagination_urls(tree, html, page_url, pagination)
    return page


def pagination_urls(tree: HTMLParser, html: str, page_url: str, pagination: Pagination) -> list[str]:
    """Further list pages named on this page (template pagination is driven by the crawler)."""
    if pagination.style in ("none", "template"):
        return []
    if pagination.style in ("script", "auto"):
        scripted = script_page_urls(html, page_url)
        if scripted is not None or pagination.style == "script":
            return [u for u in scripted or [] if u != page_url]
    return [
        a.url
        for a in anchors(tree, page_url, "a[href]")
        if a.url != page_url and re.search(pagination.link_pattern, a.url)
    ]


def read_detail_page(html: str, page_url: str, links: Links) -> DetailPage:
    tree = HTMLParser(html)
    page = DetailPage()
    for anchor in anchors(tree, page_url, links.attachment_selector):
        ext = extension(anchor.url)
        named = extension(anchor.text) if "." in anchor.text else ""
        if ext in links.attachment_extensions or (not ext and named in links.attachment_extensions):
            page.attachments.append(anchor)
        elif ext in links.skip_extensions or named in links.skip_extensions:
            page.skipped.append(Skipped(anchor.url, anchor.text, skip_reason(ext or named)))
    page.tables = len(tree.css("table"))
    return page


def skip_reason(ext: str) -> str:
    return f"{ext} attachment not fetched: the pipeline reads PDF files only"
