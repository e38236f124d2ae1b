"""Cited pages rendered from the blob store, with the evidence found on the page highlighted."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from disclosure_api.page_images import Highlights, render, value_forms
from disclosure_api.reviews import finding_ids
from disclosure_shared.testing.pdfs import text_pdf


def _highlighted_pixels(png: bytes) -> int:
    """Pixels tinted by the yellow band over white paper (R high, G high, B clearly lower)."""
    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for r, g, b in pixels if r > 230 and g > 200 and b < 200)


def test_value_forms_cover_separators_and_two_decimals() -> None:
    assert value_forms("216087") == ["216087", "216,087", "216,087.00", "216087.00"]
    assert "1,930.07" in value_forms("1930.07")


def test_a_table_row_cited_as_evidence_is_shaded_on_its_page() -> None:
    pdf = text_pdf(["30108 基本养老保险缴费  31.83\n30109 职业年金缴费  2.67\n30112 其他社会保障缴费  1.94"])
    highlights = Highlights()
    highlights.add_evidence("30109 职业年金缴费 personnel=2.67")
    rendered = render(pdf, 1, highlights)
    assert rendered.found == 2  # the row band and the value's box
    image = Image.open(io.BytesIO(rendered.png))
    assert image.format == "PNG" and _highlighted_pixels(rendered.png) > 500

    nothing = Highlights()
    nothing.add_evidence("99999 不在此页 total=1")
    plain = render(pdf, 1, nothing)
    assert plain.found == 0 and _highlighted_pixels(plain.png) == 0


@pytest.mark.integration
async def test_a_findings_cited_page_comes_from_the_blob_store(client: httpx.AsyncClient, api) -> None:
    record = api.store.sample
    fid, finding = next(
        (fid, f)
        for fid, f in zip(finding_ids(record.findings), record.findings, strict=True)
        if f.rule == "X-17"
    )
    page = finding.evidence[0].page
    response = await client.get(f"/disclosures/{record.sha256}/findings/{fid}/pages/{page}.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert int(response.headers["x-highlights"]) >= 1
    assert _highlighted_pixels(response.content) > 500
    missing = await client.get(f"/disclosures/{record.sha256}/pages/{len(record.pages) + 1}.png")
    assert missing.status_code == 404


def test_evidence_with_a_box_is_shaded_at_the_box_not_searched() -> None:
    """The parser's box wins over the text search: the band is drawn where the box says, and the
    quoted value is boxed on that line only (the same value printed on another line is not)."""
    pdf = text_pdf(["30108 基本养老保险缴费  2.67\n30109 职业年金缴费  2.67\n30112 其他社会保障缴费  1.94"])
    where = Highlights()
    where.add_evidence("30109 职业年金缴费 personnel=2.67")  # found by search: the 30109 line
    searched = render(pdf, 1, where)
    band = _band_rows(searched.png)
    # A box around the first line (as the parser would give for a row printed there)
    first_line_top = band[0] / 1.6 - 12  # one line above the searched band, in PDF points
    boxed = Highlights()
    boxed.add_evidence(
        "30109 职业年金缴费 personnel=2.67", (40.0, first_line_top, 300.0, first_line_top + 10)
    )
    rendered = render(pdf, 1, boxed)
    assert rendered.found == 2  # the band and the value on its line, not the 2.67 of the next line
    shaded = _band_rows(rendered.png)
    assert shaded and shaded[-1] < band[0]  # shaded above the line a search would have found


def _band_rows(png: bytes) -> list[int]:
    """Image rows holding band-tinted pixels."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    data = image.tobytes()
    rows = []
    for y in range(height):
        line = data[y * width * 3 : (y + 1) * width * 3]
        if any(
            r > 230 and g > 200 and b < 200
            for r, g, b in zip(line[0::3], line[1::3], line[2::3], strict=True)
        ):
            rows.append(y)
    return rows


@pytest.mark.integration
async def test_a_finding_with_a_boxed_evidence_is_shaded_inside_that_box(
    client: httpx.AsyncClient, api
) -> None:
    """A finding of a document that went through the pipeline cites a table row the parser placed:
    its page image is shaded over that row's box."""
    cited = [
        (record, fid, evidence)
        for record in (p.record for p in api.store.processed)
        for fid, finding in zip(finding_ids(record.findings), record.findings, strict=True)
        for evidence in finding.evidence
        if evidence.bbox is not None and evidence.page is not None
    ]
    assert cited, "no finding of the stored documents cites a placed row"
    record, fid, evidence = cited[0]
    assert evidence.bbox is not None
    response = await client.get(f"/disclosures/{record.sha256}/findings/{fid}/pages/{evidence.page}.png")
    assert response.status_code == 200 and int(response.headers["x-highlights"]) >= 1
    rows = _band_rows(response.content)
    _, top, _, bottom = evidence.bbox
    inside = [y for y in rows if top * 1.6 - 4 <= y <= bottom * 1.6 + 4]
    assert len(inside) >= (bottom - top) * 1.6 * 0.8  # the box's whole height is shaded
