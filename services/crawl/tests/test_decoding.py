"""Page text whatever the encoding and however (or whether) it is declared."""

from __future__ import annotations

import pytest

from disclosure_crawl.decoding import decode_html

TEXT = (
    "<html><head><title>武汉市硚口区教育局2023年部门预算公开</title></head>"
    "<body><p>硚口区财政局单位预算，详见附件。</p></body></html>"
)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (TEXT.encode("utf-8"), "text/html; charset=utf-8"),
        (TEXT.encode("utf-8"), "text/html"),
        (TEXT.encode("gbk"), "text/html; charset=GBK"),
        (TEXT.encode("gbk"), "text/html; charset=gb2312"),
        (TEXT.replace("<head>", '<head><meta charset="gb2312">').encode("gbk"), None),
        (TEXT.encode("gb18030"), None),  # no charset anywhere: detected
        (TEXT.encode("gbk"), "text/html; charset=utf-8"),  # declared wrongly
    ],
)
def test_decodes(data: bytes, content_type: str | None) -> None:
    assert "硚口区财政局单位预算" in decode_html(data, content_type)


def test_gb2312_label_decodes_characters_only_gbk_has() -> None:
    # 硚 is not in GB2312; portals labelled gb2312 still serve it (their pages are really GBK).
    data = "<p>硚口区</p>".encode("gbk")
    assert decode_html(data, "text/html; charset=gb2312") == "<p>硚口区</p>"
