"""An organization's documents over the years side by side: one table kind's rows, matched by code.

Rows are matched by (side, code), or by (side, printed name without spaces) where a row has no code.
Values are compared as printed: a document's unit (yuan or wan_yuan) is reported, never converted.
"""

from __future__ import annotations

from decimal import Decimal

from disclosure_api.models import ComparedDocument, ComparedRow, Comparison
from disclosure_shared.records import ProcessedDisclosure, Row, Table

RowKey = tuple[str, str]


def row_key(row: Row) -> RowKey:
    return (row.side or "", row.code or "name:" + "".join(row.name.split()))


def first_table(record: ProcessedDisclosure, table_kind: str) -> Table | None:
    return next((t for t in record.tables if t.kind == table_kind), None)


def compare(organization: str, table_kind: str, records: list[ProcessedDisclosure]) -> Comparison:
    """`records` in the order their columns should appear (oldest year first)."""
    tables = [first_table(record, table_kind) for record in records]
    order: list[RowKey] = []
    first_seen: dict[RowKey, Row] = {}
    cells: dict[RowKey, list[dict[str, Decimal | None] | None]] = {}
    for position, table in enumerate(tables):
        for row in table.rows if table else []:
            key = row_key(row)
            if key not in cells:
                order.append(key)
                first_seen[key] = row
                cells[key] = [None] * len(records)
            if cells[key][position] is None:  # a repeated code within one table: its first row counts
                cells[key][position] = dict(row.values)
    return Comparison(
        organization=organization,
        table_kind=table_kind,
        documents=[
            ComparedDocument(
                sha256=record.sha256,
                year=record.document.year,
                kind=record.document.kind,
                scope=record.document.scope,
                title=record.document.title,
                table_title=table.title if table else None,
                unit=table.unit if table else None,
            )
            for record, table in zip(records, tables, strict=True)
        ],
        rows=[
            ComparedRow(
                code=first_seen[key].code,
                name=first_seen[key].name,
                side=first_seen[key].side,
                values=cells[key],
            )
            for key in order
        ],
    )
