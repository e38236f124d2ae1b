"""page-unread: a page with no usable text layer that OCR did not read either.

Its tables and numbers are missing from the record, so every check that would have read them is
silent; the reviewer has to read the page by hand. The blame is ours (extraction), not the publisher's.
"""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_shared.records import Evidence, Finding, Location
from disclosure_validate.context import Context
from disclosure_validate.registry import check


@check("page-unread")
def unread_pages(ctx: Context) -> Iterator[Finding]:
    for page in ctx.disclosure.pages:
        if not page.needs_ocr:
            continue
        reason = page.note or "没有可用的文字层"
        yield Finding(
            rule="page-unread",
            severity="warning",
            probable_cause="extraction",
            message=f"第 {page.number} 页未能读取文字（{reason}），该页的表格和数字未经校验，请人工核对。",
            location=Location(page=page.number),
            evidence=[Evidence(page=page.number, text=reason)],
        )
