"""A disclosure published inline (武昌区: a whole 部门决算 as an article with <table>s): the crawler
delivers the article cut out of the page, once, and again only when the article itself changes."""

from __future__ import annotations

from pathlib import Path

from disclosure_crawl.article import inline_article
from disclosure_crawl.crawler import Crawler, CrawlReport, Document
from disclosure_crawl.state import JsonFileState
from disclosure_crawl.testing import FakePortal, entries, fake_resolver, page, portal_config

ARTICLE = (
    '<div class="TRS_Editor"><p>第一部分 部门概况</p><p>收入支出决算总表</p>'
    "<table><tr><td>项目</td><td>决算数</td></tr><tr><td>收入总计</td><td>1,234.56</td></tr></table></div>"
)
TITLE = "武汉市武昌区科技局2022年度部门决算"


class Collect:
    def __init__(self) -> None:
        self.documents: list[Document] = []

    async def __call__(self, document: Document) -> None:
        self.documents.append(document)


def publish(portal: FakePortal, article: str = ARTICLE, visits: int = 1) -> None:
    portal.html("/bmjs/index.shtml", page("部门决算", entries(("./t1.html", TITLE))))
    chrome = (
        f'<div class="nav">首页</div>{article}<div class="footer">主办单位：武昌区政府 访问量：{visits}</div>'
    )
    portal.html(
        "/bmjs/t1.html", page(TITLE, chrome + "<script>count()</script>", charset="gbk"), encoding="gbk"
    )


async def crawl(portal: FakePortal, state: Path, sink: Collect) -> CrawlReport:
    config = portal_config(portal, "/bmjs/index.shtml")
    return await Crawler(config, JsonFileState(state), sink, resolver=fake_resolver).run()


async def test_the_article_is_delivered_as_an_html_document_once(fake_portal, tmp_path):
    publish(fake_portal)
    sink = Collect()
    report = await crawl(fake_portal, tmp_path / "s.json", sink)
    assert [(d.found.url, d.revision) for d in sink.documents] == [
        (fake_portal.base() + "/bmjs/t1.html", "new")
    ]
    document = sink.documents[0]
    text = document.data.decode("utf-8")  # served as GBK, delivered as UTF-8
    assert f"<title>{TITLE}</title>" in text and "1,234.56" in text and "部门概况" in text
    assert "访问量" not in text and "首页" not in text and "count()" not in text  # the page's chrome is not
    assert document.content_type is not None and document.content_type.startswith("text/html")
    assert document.found.page_url == document.found.url and document.found.info.year == 2022
    assert report.skipped == [] and len(report.found) == 1

    # Asked again: 304, nothing delivered. The chrome changes: the article did not, nothing delivered.
    again = Collect()
    second = await crawl(fake_portal, tmp_path / "s.json", again)
    assert again.documents == [] and second.unchanged == [document.found.url] and len(second.found) == 1
    publish(fake_portal, visits=2)
    third = await crawl(fake_portal, tmp_path / "s.json", again)
    assert again.documents == [] and third.unchanged == [document.found.url]
    assert fake_portal.downloads["/bmjs/t1.html"] == 2

    # A corrected figure is a new revision.
    publish(fake_portal, ARTICLE.replace("1,234.56", "1,243.56"))
    fourth = await crawl(fake_portal, tmp_path / "s.json", again)
    assert [d.revision for d in again.documents] == ["revised"] and fourth.revised == again.documents
    assert "1,243.56" in again.documents[0].data.decode()


def test_the_article_is_the_element_around_the_data_tables() -> None:
    framed = (
        "<body><div>导航</div><table class=layout><tr><td><p>正文</p>"
        "<table><tr><td>a</td><td>1</td></tr></table><p>注</p></td></tr></table><div>页脚</div></body>"
    )
    article = inline_article(framed, "标题")
    assert article is not None
    text = article.decode()
    assert "正文" in text and "注" in text and "导航" not in text and "页脚" not in text
    chosen = inline_article(framed, "标题", selector="div")
    assert chosen is not None and "导航" in chosen.decode() and "正文" not in chosen.decode()
    assert inline_article("<p>没有表格</p>", "标题") is None
