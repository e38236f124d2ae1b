"""OCR of pages without a usable text layer, into the same shapes the text layer gives.

ocr_pdf_page(page, dpi, deadline) -> OcrPage(text, tables)
  ├── raster   render at dpi, deskew, ink mask
  ├── grid     ruling lines -> table regions -> cell boxes with spans
  ├── cells    per-cell crops -> recognition only (batched)
  ├── page     outside text by detection + recognition; reading order; table context lines
  └── engine   RapidOCR with the models its wheel carries, loaded once per process
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from disclosure_parse.ocr.deadline import NO_DEADLINE, Deadline, OcrTimeout
from disclosure_parse.ocr.page import OcrPage, ocr_image
from disclosure_parse.ocr.raster import render_page

Box = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points from the page's top-left corner."""

__all__ = ["NO_DEADLINE", "Deadline", "OcrPage", "OcrTimeout", "ocr_image", "ocr_pdf_page"]


def ocr_pdf_page(
    page: Any, dpi: int, deadline: Deadline = NO_DEADLINE, regions: Sequence[Box] | None = None
) -> OcrPage:
    """OCR one pypdfium2 page rendered at `dpi`: the whole page, or only the given regions (boxes in
    points from the top-left, e.g. pictures the text layer does not cover), top to bottom."""
    deadline.check()
    image = render_page(page, dpi)
    if not regions:
        return ocr_image(image, dpi, deadline)
    scale = dpi / 72
    texts: list[str] = []
    tables = []
    for x0, top, x1, bottom in sorted(regions, key=lambda box: (box[1], box[0])):
        crop = image[round(top * scale) : round(bottom * scale), round(x0 * scale) : round(x1 * scale)]
        if crop.size == 0:
            continue
        part = ocr_image(np.ascontiguousarray(crop), dpi, deadline)
        texts.append(part.text)
        tables.extend(part.tables)
    return OcrPage("\n".join(t for t in texts if t), tables)
