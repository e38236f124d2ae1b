"""Test support: a fake district portal on loopback imitating the CMS shapes of the real sites.

Shapes imitated: nested columns under one 预决算公开 start page; TRS-style list pages index.shtml /
index_1.shtml whose page count is only in a createPageHTML(…) script call; ?page=N and list_N.html
pagination; detail pages …/202303/t20230315_100001.shtml with relative attachment links
(./P020230315….pdf), several attachments per page, and .xls/.zip attachments; a 部门决算 published
inline as an article with <table>s (as 武昌区 does); GBK pages with a
<meta> charset only, GBK pages with no charset at all, UTF-8 pages with a charset header. Every
resource has an ETag and a Last-Modified, and conditional GETs are answered with 304; the server
counts full (200) downloads per path so tests can check what was fetched.

Host names are resolved by an injected resolver: portal.test and other.test to 127.0.0.1,
private.test to 192.0.2.10 (a non-public address nothing must ever connect to).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from disclosure_crawl.config import PortalConfig

START = "/czyjs/index.shtml"
ADDRESSES = {"portal.test": ["127.0.0.1"], "other.test": ["127.0.0.1"], "private.test": ["192.0.2.10"]}


async def fake_resolver(host: str, _port: int) -> list[str]:
    if host not in ADDRESSES:
        raise OSError(f"unknown test host {host}")
    return ADDRESSES[host]


@dataclass
class Resource:
    body: bytes = b""
    content_type: str | None = "text/html"
    status: int = 200
    location: str | None = None
    delay_s: float = 0.0
    validators: bool = True
    chunked_size: int = 0
    """Serve this many bytes of a PDF-looking body without Content-Length (a flood)."""
    modified: float = 0.0
    trickle_s: float = 0.0
    """Send the body in 1 KiB pieces this far apart (each read is quick, the whole is slow)."""
    fail_first: int = 0
    """Answer 503 to this many requests before serving the resource (a flaky server)."""


class FakePortal:
    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.downloads: Counter[str] = Counter()
        """Full (200) responses per path; 304s and errors are not downloads."""
        self.hits: Counter[str] = Counter()
        self.port = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.host_headers: list[str] = []
        self._lock = threading.Lock()

    def base(self, host: str = "portal.test") -> str:
        return f"http://{host}:{self.port}"

    def put(self, path: str, resource: Resource) -> None:
        resource.modified = resource.modified or time.time()
        with self._lock:
            self.resources[path] = resource

    def html(self, path: str, text: str, *, encoding: str = "utf-8", header_charset: bool = True) -> None:
        content_type = f"text/html; charset={encoding}" if header_charset else "text/html"
        self.put(path, Resource(text.encode(encoding), content_type))

    def pdf(self, path: str, data: bytes) -> None:
        self.put(path, Resource(data, "application/pdf", modified=time.time()))

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._respond(handler)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _respond(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        host = (handler.headers.get("Host") or "").split(":")[0]
        key = path if host in ("portal.test", "127.0.0.1") else f"//{host}{path}"
        with self._lock:
            self.hits[key] += 1
            self.host_headers.append(handler.headers.get("Host") or "")
            resource = self.resources.get(key)
            flaky = resource is not None and self.hits[key] <= resource.fail_first
        if resource is None:
            handler.send_response(404)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            body = "<html><body>404 页面不存在</body></html>".encode()
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return
        if resource.delay_s:
            time.sleep(resource.delay_s)
        if flaky:
            handler.send_response(503)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        etag = '"' + hashlib.sha256(resource.body).hexdigest()[:16] + '"'
        if resource.validators and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        handler.send_response(resource.status)
        if resource.location:
            handler.send_header("Location", resource.location)
        if resource.content_type:
            handler.send_header("Content-Type", resource.content_type)
        if resource.validators:
            handler.send_header("ETag", etag)
            handler.send_header("Last-Modified", formatdate(resource.modified, usegmt=True))
        if resource.chunked_size:
            handler.end_headers()  # no Content-Length: the body ends when the connection closes
            with self._lock:
                self.downloads[key] += 1
            chunk = b"%PDF-1.4\n" + b"0" * 65536
            sent = 0
            while sent < resource.chunked_size:
                handler.wfile.write(chunk)
                sent += len(chunk)
            return
        handler.send_header("Content-Length", str(len(resource.body)))
        handler.end_headers()
        if resource.status == 200:
            with self._lock:
                self.downloads[key] += 1
        if resource.trickle_s:
            for start in range(0, len(resource.body), 1024):
                handler.wfile.write(resource.body[start : start + 1024])
                handler.wfile.flush()
                time.sleep(resource.trickle_s)
            return
        handler.wfile.write(resource.body)


@contextmanager
def serve(portal: FakePortal) -> Iterator[FakePortal]:
    """Run `portal` on 127.0.0.1 (a random port) for the duration of the block."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            try:
                portal.handle(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (deadline, size cap): what the tests provoke

        def log_message(self, *_: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    portal.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield portal
    finally:
        server.shutdown()
        server.server_close()


def portal_config(portal: FakePortal, start: str = START, **fetch: object) -> PortalConfig:
    """A portal config for the fake site: fast, loopback allowed, small limits."""
    policy = {
        "min_interval_s": 0.0,
        "per_host_concurrency": 4,
        "deadline_s": 1.0,
        "attempts": 2,
        "backoff_s": 0.01,
        "max_bytes": 2 * 1024 * 1024,
        "allowed_networks": ["127.0.0.0/8"],
        **fetch,
    }
    return PortalConfig.model_validate(
        {
            "name": "fake",
            "start_urls": [portal.base() + start],
            "allowed_hosts": ["portal.test", "private.test"],
            "fetch": policy,
        }
    )


def page(title: str, body: str, charset: str | None = "utf-8") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>{body}</body></html>"


def entries(*links: tuple[str, str]) -> str:
    items = "".join(
        f'<li><a href="{href}" title="{text}">{text}</a><span>2023-03-15</span></li>' for href, text in links
    )
    return f'<ul class="list">{items}</ul>'


INLINE = "/czyjs/bmjs/202210/t20221022_7005.html"
INLINE_TITLE = "武汉市硚口区科技局2022年度部门决算"


def build_site(portal: FakePortal, pdfs: list[bytes], article: str | None = None) -> dict[str, str]:
    """The fake 硚口区-like portal; returns the disclosures' paths (the PDFs and the inline article
    page) with the title they are listed under. `article`: the inline disclosure's page (default a
    small one), e.g. a corpus document rendered by disclosure_shared.testing.html_article."""
    other = portal.base("other.test")
    private = portal.base("private.test")
    portal.put("/robots.txt", Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain"))
    # Start page: a 预决算公开 column with nested sub-columns (and a 政府预算 column to ignore).
    portal.html(
        START,
        page(
            "财政预决算公开",
            '<div class="nav"><a href="./bmys/index.shtml">部门预算</a>'
            '<a href="./bmjs/index.shtml">部门决算</a>'
            '<a href="./sgjf/">三公经费</a><a href="./zfys/index.shtml">政府预算</a>'
            '<a href="./qt/index.shtml">其他预决算公开</a><a href="/index.shtml">首页</a></div>',
        ),
    )
    # 部门预算: GBK with a <meta> charset only, two pages, the count only inside createPageHTML.
    portal.html(
        "/czyjs/bmys/index.shtml",
        page(
            "部门预算",
            entries(
                ("./202303/t20230315_100001.shtml", "武汉市硚口区教育局2023年部门预算公开"),
                ("./202303/t20230316_100002.shtml", "硚口区财政局2023年单位预算"),
                ("./202303/t20230317_100003.shtml", "关于开展2023年预算绩效评价工作的通知"),
            )
            + '<script>createPageHTML(2, 0, "index", "shtml");</script>',
            charset="gb2312",
        ),
        encoding="gbk",
        header_charset=False,
    )
    portal.html(
        "/czyjs/bmys/202303/t20230315_100001.shtml",
        page(
            "武汉市硚口区教育局2023年部门预算公开",
            '<div class="article"><p>附件：</p>'
            '<a href="./P020230315_1.pdf">武汉市硚口区教育局2023年部门预算公开文件.pdf</a>'
            '<a href="./P020230315_2.pdf">武汉市硚口区教育局2023年部门预算公开表.pdf</a>'
            '<a href="./P020230315_3.xls">项目明细表.xls</a>'
            '<a href="./P020230315_4.zip">全部附件.zip</a></div>',
            charset="gbk",
        ),
        encoding="gbk",
        header_charset=False,
    )
    portal.pdf("/czyjs/bmys/202303/P020230315_1.pdf", pdfs[0])
    portal.pdf("/czyjs/bmys/202303/P020230315_2.pdf", pdfs[1])
    portal.html(
        "/czyjs/bmys/202303/t20230316_100002.shtml",
        page(
            "硚口区财政局2023年单位预算",
            '<p><a href="/czyjs/bmys/202303/P020230316_1.pdf">附件1</a></p>',
            charset=None,  # no charset anywhere: detected
        ).replace("<p>", "<p>硚口区财政局2023年单位预算公开，详见附件。", 1),
        encoding="gbk",
        header_charset=False,
    )
    portal.pdf("/czyjs/bmys/202303/P020230316_1.pdf", pdfs[2])
    portal.html(
        "/czyjs/bmys/index_1.shtml",
        page(
            "部门预算",
            entries(("./202203/t20220310_90001.shtml", "武汉市硚口区卫生健康局2022年部门预算"))
            + '<script>createPageHTML(2, 1, "index", "shtml");</script>',
            charset="gbk",
        ),
        encoding="gbk",
        header_charset=False,
    )
    portal.html(
        "/czyjs/bmys/202203/t20220310_90001.shtml",
        page(
            "卫健局",
            '<a href="./P020220310_1.pdf">部门预算.pdf</a><a href="/private/P020220310_2.pdf">内部.pdf</a>',
        ),
    )
    portal.pdf("/czyjs/bmys/202203/P020220310_1.pdf", pdfs[3])
    portal.pdf("/private/P020220310_2.pdf", pdfs[4])
    # 部门决算: UTF-8 with a charset header, ?page=N pagination by links.
    portal.html(
        "/czyjs/bmjs/index.shtml",
        page(
            "部门决算",
            entries(
                ("/czyjs/bmjs/202210/t20221020_7001.html", "武汉市硚口区民政局2022年度部门决算"),
                ("/czyjs/bmjs/202210/t20221021_7002.html", "2022年武汉市硚口区政府决算"),
                (INLINE, INLINE_TITLE),
            )
            + '<div class="page"><a href="index.shtml?page=2">下一页</a></div>',
        ),
    )
    portal.html(
        "/czyjs/bmjs/202210/t20221020_7001.html",
        page("民政局", '<a href="P020221020_1.pdf">2022年度部门决算</a>'),
    )
    portal.pdf("/czyjs/bmjs/202210/P020221020_1.pdf", pdfs[5])
    # Published inline, as 武昌区 does: the article is the document, its tables are <table>s.
    portal.html(
        INLINE,
        article
        or page(
            "科技局2022年度部门决算",
            '<div class="nav">首页 &gt; 部门决算</div><div class="TRS_Editor">'
            "<h1>武汉市硚口区科技局2022年度部门决算</h1><p>第一部分 部门概况</p>"
            "<table><tr><td>项目</td><td>决算数</td></tr><tr><td>收入总计</td><td>1,234.56</td></tr></table>"
            '</div><div class="footer">访问量：1</div>',
        ),
    )
    portal.html(
        "/czyjs/bmjs/index.shtml?page=2",
        page(
            "部门决算",
            entries(
                ("/czyjs/bmjs/202210/t20221025_7003.html", "硚口区司法局2022年度部门决算公开"),
                (
                    "/czyjs/bmjs/202210/t20221026_7004.html",
                    "武汉市硚口区教育局2023年部门预算公开（重新发布）",
                ),
            )
            + '<div class="page"><a href="index.shtml">上一页</a></div>',
        ),
    )
    portal.html("/czyjs/bmjs/202210/t20221025_7003.html", page("司法", '<a href="./P1.pdf">决算.pdf</a>'))
    portal.pdf("/czyjs/bmjs/202210/P1.pdf", pdfs[6])
    portal.html(
        "/czyjs/bmjs/202210/t20221026_7004.html", page("教育局", '<a href="./dup.pdf">重新发布.pdf</a>')
    )
    portal.pdf("/czyjs/bmjs/202210/dup.pdf", pdfs[0])  # same bytes as P020230315_1.pdf
    # 三公经费: list_N.html pagination, entries linking straight to PDFs.
    portal.html(
        "/czyjs/sgjf/",
        page(
            "三公经费",
            entries(("./P020230401.pdf", "硚口区城管局2023年“三公”经费预算公开"))
            + '<a href="list_2.html">2</a>',
        ),
    )
    portal.pdf("/czyjs/sgjf/P020230401.pdf", pdfs[7])
    portal.html(
        "/czyjs/sgjf/list_2.html", page("三公经费", entries(("./old.doc", "硚口区2021年三公经费决算")))
    )
    # 政府预算: a column whose entries do not count.
    portal.html(
        "/czyjs/zfys/index.shtml",
        page("政府预算", entries(("./t1.shtml", "武汉市硚口区2023年政府预算公开"))),
    )
    # The awkward ones.
    portal.html(
        "/czyjs/qt/index.shtml",
        page(
            "其他",
            entries(
                ("./gone.shtml", "硚口区A局2023年部门预算"),
                ("./slow.shtml", "硚口区B局2023年部门预算"),
                ("./error.shtml", "硚口区C局2023年部门预算"),
                ("./loop.shtml", "硚口区D局2023年部门预算"),
                ("./away.shtml", "硚口区E局2023年部门预算"),
                ("./big.shtml", "硚口区F局2023年部门预算"),
                ("./private.shtml", "硚口区G局2023年部门预算"),
            ),
        ),
    )
    for name in ("slow", "error", "loop", "away", "big"):
        portal.html(f"/czyjs/qt/{name}.shtml", page(name, f'<a href="./{name}.pdf">{name}.pdf</a>'))
    portal.html("/czyjs/qt/private.shtml", page("g", f'<a href="{private}/g.pdf">g.pdf</a>'))
    portal.put("/czyjs/qt/slow.pdf", Resource(pdfs[1], "application/pdf", delay_s=3.0))
    portal.put(
        "/czyjs/qt/error.pdf",
        Resource("<html><body>系统繁忙，请稍后再试</body></html>".encode(), "application/pdf"),
    )
    portal.put("/czyjs/qt/loop.pdf", Resource(status=302, location="./loop2.pdf"))
    portal.put("/czyjs/qt/loop2.pdf", Resource(status=302, location="./loop.pdf"))
    portal.put("/czyjs/qt/away.pdf", Resource(status=302, location=f"{other}/x.pdf"))
    portal.put("//other.test/x.pdf", Resource(pdfs[2], "application/pdf"))
    portal.put("/czyjs/qt/big.pdf", Resource(content_type="application/pdf", chunked_size=3 * 1024 * 1024))
    return {
        "/czyjs/bmys/202303/P020230315_1.pdf": "武汉市硚口区教育局2023年部门预算公开",
        "/czyjs/bmys/202303/P020230315_2.pdf": "武汉市硚口区教育局2023年部门预算公开",
        "/czyjs/bmys/202303/P020230316_1.pdf": "硚口区财政局2023年单位预算",
        "/czyjs/bmys/202203/P020220310_1.pdf": "武汉市硚口区卫生健康局2022年部门预算",
        "/czyjs/bmjs/202210/P020221020_1.pdf": "武汉市硚口区民政局2022年度部门决算",
        "/czyjs/bmjs/202210/P1.pdf": "硚口区司法局2022年度部门决算公开",
        "/czyjs/sgjf/P020230401.pdf": "硚口区城管局2023年“三公”经费预算公开",
        INLINE: INLINE_TITLE,
    }


def build_small_site(
    portal: FakePortal, pdfs: list[bytes], inline: tuple[str, str] | None = None
) -> list[str]:
    """A two-page GBK list with one detail page per page, one PDF each; returns the PDF paths.
    `inline` (title, page): a third entry on the first list page, a disclosure published as an
    article (its path is returned last)."""
    portal.put("/robots.txt", Resource(b"User-agent: *\nAllow: /\n", "text/plain"))
    titles = ["武汉市硚口区大数据中心2023年部门决算", "武汉市硚口区教育局2024年部门预算"]
    paths = []
    for number, (title, data) in enumerate(zip(titles, pdfs, strict=False)):
        listing = "index.shtml" if number == 0 else f"index_{number}.shtml"
        detail = f"/yjs/2024{number:02d}/t202401{number:02d}_{number}.shtml"
        listed = [(detail, title)]
        if inline is not None and number == 0:
            listed.append((SMALL_INLINE, inline[0]))
            portal.html(SMALL_INLINE, inline[1])
        body = (
            entries(*listed) + f'<script>createPageHTML({len(titles)}, {number}, "index", "shtml");</script>'
        )
        portal.html(
            f"/yjs/{listing}", page("预决算公开", body, charset="gbk"), encoding="gbk", header_charset=False
        )
        portal.html(detail, page(title, f'<a href="./P{number}.pdf">{title}.pdf</a>'))
        paths.append(f"/yjs/2024{number:02d}/P{number}.pdf")
        portal.pdf(paths[-1], data)
    return paths + ([SMALL_INLINE] if inline is not None else [])


SMALL_INLINE = "/yjs/202401/t20240115_9.html"
