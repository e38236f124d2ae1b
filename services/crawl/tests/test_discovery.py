"""Reading list and detail pages of the usual CMS shapes."""

from __future__ import annotations

from disclosure_crawl.config import Links, Pagination, Titles
from disclosure_crawl.discovery import read_detail_page, read_list_page, script_page_urls

BASE = "http://portal.example/czyjs/bmys/index.shtml"


def test_script_pagination_names_every_page() -> None:
    html = '<script>createPageHTML(4, 0, "index", "shtml");</script>'
    assert script_page_urls(html, BASE) == [
        "http://portal.example/czyjs/bmys/index.shtml",
        "http://portal.example/czyjs/bmys/index_1.shtml",
        "http://portal.example/czyjs/bmys/index_2.shtml",
        "http://portal.example/czyjs/bmys/index_3.shtml",
    ]
    assert script_page_urls("<p>no script</p>", BASE) is None


def test_list_page_entries_columns_and_pages() -> None:
    html = """<html><body>
      <div class="nav"><a href="../bmjs/">部门决算</a><a href="/">首页</a></div>
      <ul>
        <li><a href="./202111/t20211105_1828419.shtml"
               title="武汉市硚口区教育局2022年部门预算公开">武汉市硚口区教育局2022年部…</a></li>
        <li><a href="./202111/t20211106_1828420.shtml">武汉市硚口区2022年政府预算公开</a></li>
        <li><a href="./P020211107.pdf">硚口区民政局2022年部门预算</a></li>
        <li><a href="./P020211108.xls">硚口区民政局2022年部门预算表</a></li>
        <li><a href="javascript:void(0)">2022年部门预算</a></li>
      </ul>
      <a href="index.shtml?page=2">下一页</a>
    </body></html>"""
    page = read_list_page(html, BASE, Links(), Titles(), Pagination())
    assert [(e.anchor.url, e.anchor.text) for e in page.details] == [
        (
            "http://portal.example/czyjs/bmys/202111/t20211105_1828419.shtml",
            "武汉市硚口区教育局2022年部门预算公开",
        )
    ]
    assert [e.anchor.url for e in page.attachments] == ["http://portal.example/czyjs/bmys/P020211107.pdf"]
    assert [s.url for s in page.skipped] == ["http://portal.example/czyjs/bmys/P020211108.xls"]
    assert [c.url for c in page.columns] == ["http://portal.example/czyjs/bmjs/"]
    assert page.pages == ["http://portal.example/czyjs/bmys/index.shtml?page=2"]


def test_pagination_style_none_reads_one_page() -> None:
    html = '<a href="list_2.html">2</a><script>createPageHTML(3, 0, "index", "shtml");</script>'
    assert read_list_page(html, BASE, Links(), Titles(), Pagination(style="none")).pages == []
    links_only = read_list_page(html, BASE, Links(), Titles(), Pagination(style="links")).pages
    assert links_only == ["http://portal.example/czyjs/bmys/list_2.html"]


def test_detail_page_with_several_attachments() -> None:
    detail = "http://portal.example/czyjs/bmys/202111/t20211105_1828419.shtml"
    html = """<div class="TRS_Editor"><p>附件：</p>
      <p><a href="./P020211105538412345678.pdf">1.硚口区教育局2022年部门预算公开文件</a></p>
      <p><a href="./P020211105538412345679.pdf">2.硚口区教育局2022年部门预算公开表</a></p>
      <p><a href="/attach/download?id=77">3.单位预算.pdf</a></p>
      <p><a href="./P020211105538412345680.docx">4.说明.docx</a></p>
      <p><a href="http://portal.example/">返回首页</a></p></div>"""
    page = read_detail_page(html, detail, Links())
    assert [a.url for a in page.attachments] == [
        "http://portal.example/czyjs/bmys/202111/P020211105538412345678.pdf",
        "http://portal.example/czyjs/bmys/202111/P020211105538412345679.pdf",
        "http://portal.example/attach/download?id=77",
    ]
    assert [(s.url.rsplit("/", 1)[1], ".docx" in s.reason) for s in page.skipped] == [
        ("P020211105538412345680.docx", True)
    ]


def test_base_href_is_honoured() -> None:
    html = '<head><base href="http://files.example/up/"></head><a href="a.pdf">附件</a>'
    page = read_detail_page(html, "http://portal.example/x/t1.shtml", Links())
    assert [a.url for a in page.attachments] == ["http://files.example/up/a.pdf"]
