"""Exports parsed back (csv, openpyxl) and compared with the stored records exactly (Decimal equality)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from disclosure_api.reviews import finding_ids
from disclosure_shared.records import ProcessedDisclosure

pytestmark = pytest.mark.integration


def _csv(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _money(text: str) -> Decimal | None:
    return Decimal(text) if text != "" else None


def _cell_money(value: Any) -> Decimal | None:
    """An XLSX numeric cell read back: openpyxl gives int or float; repr is the shortest exact text."""
    return None if value is None else Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _expected_cells(record: ProcessedDisclosure) -> list[tuple[Any, ...]]:
    cells: list[tuple[Any, ...]] = []
    for t_index, table in enumerate(record.tables):
        for r_index, row in enumerate(table.rows):
            items = [(c, v, None) for c, v in row.values.items()] + [
                (c, None, x) for c, x in row.attributes.items()
            ]
            for column, value, text in items or [(None, None, None)]:
                cells.append((t_index, table.kind, r_index, row.code, row.name, column, value, text))
    return cells


async def test_tables_csv_has_every_cell_with_exact_money(client: httpx.AsyncClient, api) -> None:
    for item in api.store.processed:
        record = item.record
        lines = _csv(await client.get(f"/disclosures/{record.sha256}/tables.csv"))
        got = [
            (
                int(r["table_index"]), r["table_kind"], int(r["row_index"]), r["code"] or None, r["name"],
                r["column"] or None, _money(r["value"]), r["text"] or None,
            )
            for r in lines
        ]  # fmt: skip
        assert got == _expected_cells(record)


async def test_tables_xlsx_has_a_sheet_per_table_with_numeric_money(client: httpx.AsyncClient, api) -> None:
    record = api.store.sample
    response = await client.get(f"/disclosures/{record.sha256}/tables.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    index = list(book["tables"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3]) for r in index] == [(t.kind, t.title) for t in record.tables]
    for line, table in zip(index, record.tables, strict=True):
        sheet = book[line[0]]
        header = [c.value for c in sheet[1]]
        rows = list(sheet.iter_rows(min_row=2))
        assert len(rows) == len(table.rows)
        for cells, row in zip(rows, table.rows, strict=True):
            by_column = dict(zip(header, cells, strict=True))
            assert by_column["name"].value == row.name
            for key, value in row.values.items():
                cell = by_column[key]
                assert _cell_money(cell.value) == value
                if value is not None:
                    assert cell.data_type == "n" and cell.number_format == "#,##0.00"


async def test_findings_csv_and_xlsx_carry_findings_and_marks(client: httpx.AsyncClient, api) -> None:
    record = api.store.sample
    ids = finding_ids(record.findings)
    mark = {"status": "rejected", "note": "rounding in the source", "reviewer": "export test"}
    assert (
        await client.put(f"/disclosures/{record.sha256}/findings/{ids[0]}/review", json=mark)
    ).status_code == 200

    lines = _csv(await client.get(f"/disclosures/{record.sha256}/findings.csv"))
    response = await client.get(f"/disclosures/{record.sha256}/findings.xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["findings"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(lines) == len(rows) == len(record.findings)
    for line, row, finding, fid in zip(lines, rows, record.findings, ids, strict=True):
        assert line["id"] == row["id"] == fid
        assert line["rule"] == row["rule"] == finding.rule
        assert line["message"] == row["message"] == finding.message
        for key in ("expected", "actual", "difference"):
            assert _money(line[key]) == _cell_money(row[key]) == getattr(finding, key)
        for evidence in finding.evidence:
            assert f"p.{evidence.page}: {evidence.text}" in line["evidence"].split("\n")
    assert (lines[0]["review_status"], lines[0]["reviewer"], lines[0]["review_note"]) == (
        "rejected", "export test", "rounding in the source",
    )  # fmt: skip
    assert (rows[0]["review_status"], rows[0]["reviewer"]) == ("rejected", "export test")
    assert all(line["review_status"] == "" for line in lines[1:])


async def test_filtered_set_is_one_workbook_of_exactly_the_filtered_records(
    client: httpx.AsyncClient, api
) -> None:
    records = {p.record.sha256: p.record for p in api.store.processed}
    for params, wanted in (
        ({}, set(records)),
        ({"kind": "final_accounts"}, {s for s, r in records.items() if r.document.kind == "final_accounts"}),
    ):
        response = await client.get("/exports/disclosures.xlsx", params=params)
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        listed = [r[0] for r in book["disclosures"].iter_rows(min_row=2, values_only=True)]
        assert set(listed) == wanted and len(listed) == len(wanted)
        cells = list(book["table cells"].iter_rows(min_row=2, values_only=True))
        for sha in wanted:
            got = [
                (r[1], r[2], r[6], r[7], r[8], r[12], _cell_money(r[13]), r[14]) for r in cells if r[0] == sha
            ]
            assert got == _expected_cells(records[sha])
        findings = list(book["findings"].iter_rows(min_row=2, values_only=True))
        assert len(findings) == sum(len(records[s].findings) for s in wanted)


def test_xlsx_money_is_the_decimal_text_never_a_float_rounding() -> None:
    """18 significant digits: a float would store 1234567890123456.8; the sheet XML keeps the Decimal."""
    import zipfile

    from disclosure_api.exports import tables_xlsx
    from disclosure_shared.records import DocumentInfo, Row, Source, Table

    exact = Decimal("1234567890123456.78")
    record = ProcessedDisclosure(
        sha256="a" * 64,
        source=Source(fetched_at="2025-01-01T00:00:00Z", bytes=1),
        document=DocumentInfo(organization='=HYPERLINK("http://x")'),
        pages=[],
        tables=[Table(kind="revenue", title="t", rows=[Row(name="=1+1", values={"total": exact})])],
        verdict="pass",
        parser_version="0",
    )
    book = zipfile.ZipFile(io.BytesIO(tables_xlsx(record)))
    sheets = {n: book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")}
    assert any("<v>1234567890123456.78</v>" in xml for xml in sheets.values())
    assert not any("<f>" in xml for xml in sheets.values())  # document text is never a formula
