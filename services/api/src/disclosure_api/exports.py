"""A disclosure's tables and findings as CSV and XLSX, and a filtered set as one workbook.

Money is written from the Decimal: as its plain text in CSV, as a numeric cell (2-decimal format)
in XLSX, never through a float. Tables go "long" in CSV (one line per cell, so tables with different
columns share one file) and "wide" in XLSX (a sheet per table, a column per value key).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from disclosure_api.models import FindingView
from disclosure_shared.records import ProcessedDisclosure, Table, decimal_text

MONEY_FORMAT = "#,##0.00"
Cell = str | int | Decimal | None

TABLE_CELL_COLUMNS = [
    "table_index", "table_kind", "table_number", "table_title", "unit",
    "row_index", "code", "name", "level", "side", "page", "column", "value", "text",
]  # fmt: skip
FINDING_COLUMNS = [
    "id", "index", "rule", "severity", "probable_cause", "message", "expected", "actual", "difference",
    "table", "page", "row", "column", "evidence", "review_status", "reviewer", "review_note", "marked_at",
]  # fmt: skip
DISCLOSURE_COLUMNS = [
    "sha256", "organization", "region", "year", "kind", "scope", "title", "filename", "verdict",
    "parser_version", "rule_set_version",
]  # fmt: skip


def evidence_text(finding: FindingView) -> str:
    """Every evidence item on its own line: 'p.<page>: <printed text>'."""
    return "\n".join(f"p.{e.page if e.page is not None else '?'}: {e.text}" for e in finding.evidence)


def table_cells(tables: list[Table]) -> Iterator[list[Cell]]:
    """One line per money value and per text cell; a row without either still gets one line."""
    for t_index, table in enumerate(tables):
        head: list[Cell] = [t_index, table.kind, table.number, table.title, table.unit]
        for r_index, row in enumerate(table.rows):
            line: list[Cell] = [*head, r_index, row.code, row.name, row.level, row.side, row.page]
            cells: list[list[Cell]] = [[column, value, None] for column, value in row.values.items()]
            cells += [[column, None, text] for column, text in row.attributes.items()]
            for cell in cells or [[None, None, None]]:
                yield line + cell


def finding_cells(findings: list[FindingView]) -> Iterator[list[Cell]]:
    for f in findings:
        review = f.review
        yield [
            f.id, f.index, f.rule, f.severity, f.probable_cause, f.message, f.expected, f.actual,
            f.difference, f.location.table, f.location.page, f.location.row, f.location.column,
            evidence_text(f), review.status if review else None, review.reviewer if review else None,
            review.note if review else None, review.marked_at.isoformat() if review else None,
        ]  # fmt: skip


def disclosure_cells(record: ProcessedDisclosure) -> list[Cell]:
    d = record.document
    return [
        record.sha256, d.organization, d.region, d.year, d.kind, d.scope, d.title,
        record.source.filename, record.verdict, record.parser_version, record.rule_set_version,
    ]  # fmt: skip


# --- CSV -------------------------------------------------------------------------------------


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value)


def to_csv(header: list[str], lines: Iterable[list[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_csv_text(v) for v in line] for line in lines)
    return out.getvalue()


def tables_csv(record: ProcessedDisclosure) -> str:
    return to_csv(TABLE_CELL_COLUMNS, table_cells(record.tables))


def findings_csv(findings: list[FindingView]) -> str:
    return to_csv(FINDING_COLUMNS, finding_cells(findings))


# --- XLSX ------------------------------------------------------------------------------------


def _write_row(sheet: Worksheet, row: int, values: list[Any]) -> None:
    """A row of cells: Decimals as numbers with 2 decimals shown; text always as text."""
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters are not allowed in XLSX
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
            # openpyxl writes numbers with "%.16g", i.e. through a float; a numeric cell holding the
            # Decimal's own text is written verbatim, so the file keeps every digit.
            cell._value = decimal_text(value)
        elif cell.data_type == "f":
            cell.data_type = "s"  # document text starting with "=" is text, never a formula


def _sheet(book: Workbook, title: str, header: list[str], lines: Iterable[list[Any]]) -> Worksheet:
    sheet = book.create_sheet(_sheet_title(book, title))
    _write_row(sheet, 1, list(header))
    for row, line in enumerate(lines, start=2):
        _write_row(sheet, row, line)
    sheet.freeze_panes = "A2"
    return sheet


def _sheet_title(book: Workbook, title: str) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "sheet"
    candidate, n = clean, 2
    while candidate in book.sheetnames:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def table_sheet_columns(table: Table) -> tuple[list[str], list[str]]:
    """The table's value keys and text-cell keys, in first-seen order."""
    values: dict[str, None] = {}
    texts: dict[str, None] = {}
    for row in table.rows:
        values.update(dict.fromkeys(row.values))
        texts.update(dict.fromkeys(row.attributes))
    return list(values), list(texts)


TABLE_INDEX_COLUMNS = ["sheet", "kind", "number", "title", "unit", "pages", "empty", "statement"]


def _add_tables(book: Workbook, tables: list[Table]) -> None:
    """A sheet per table, and an index sheet naming each one's title, unit and pages."""
    index_lines: list[list[Any]] = []
    for number, table in enumerate(tables, start=1):
        values, texts = table_sheet_columns(table)
        header = ["code", "name", "level", "side", "page", *values, *texts]
        lines = (
            [row.code, row.name, row.level, row.side, row.page]
            + [row.values.get(key) for key in values]
            + [row.attributes.get(key) for key in texts]
            for row in table.rows
        )
        sheet = _sheet(book, f"{number:02d} {table.kind}", header, lines)
        pages = ",".join(str(p) for p in table.pages)
        index_lines.append(
            [
                sheet.title,
                table.kind,
                table.number,
                table.title,
                table.unit,
                pages,
                table.empty,
                table.statement,
            ]
        )
    _sheet(book, "tables", TABLE_INDEX_COLUMNS, index_lines)


def _workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _new_workbook() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def tables_xlsx(record: ProcessedDisclosure) -> bytes:
    book = _new_workbook()
    _sheet(book, "disclosure", DISCLOSURE_COLUMNS, [disclosure_cells(record)])
    _add_tables(book, record.tables)
    return _workbook_bytes(book)


def findings_xlsx(record: ProcessedDisclosure, findings: list[FindingView]) -> bytes:
    book = _new_workbook()
    _sheet(book, "disclosure", DISCLOSURE_COLUMNS, [disclosure_cells(record)])
    _sheet(book, "findings", FINDING_COLUMNS, finding_cells(findings))
    return _workbook_bytes(book)


def set_xlsx(records: list[ProcessedDisclosure], findings: dict[str, list[FindingView]]) -> bytes:
    """A filtered set: one sheet of disclosures, one of every table cell, one of every finding."""
    book = _new_workbook()
    _sheet(book, "disclosures", DISCLOSURE_COLUMNS, (disclosure_cells(r) for r in records))
    _sheet(
        book,
        "table cells",
        ["sha256", *TABLE_CELL_COLUMNS],
        ([r.sha256, *line] for r in records for line in table_cells(r.tables)),
    )
    _sheet(
        book,
        "findings",
        ["sha256", *FINDING_COLUMNS],
        ([r.sha256, *line] for r in records for line in finding_cells(findings[r.sha256])),
    )
    return _workbook_bytes(book)
