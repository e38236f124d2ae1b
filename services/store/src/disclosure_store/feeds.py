"""The warehouse feeds of a stored revision (disclosure_shared.feeds): a revision marker on each feed,
then one message per table row and one per finding, all keyed by the disclosure's sha256."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from disclosure_shared import topics
from disclosure_shared.delivery import Outgoing
from disclosure_shared.events import Envelope, Stage
from disclosure_shared.feeds import DisclosureKeys, FindingRecord, RevisionMarker, RowRecord
from disclosure_shared.records import ProcessedDisclosure, decimal_text


def keys_of(record: ProcessedDisclosure) -> DisclosureKeys:
    document = record.document
    return DisclosureKeys(
        sha256=record.sha256,
        organization=document.organization,
        region=document.region,
        year=document.year,
        kind=document.kind,
        scope=document.scope,
        parser_version=record.parser_version,
        rule_set_version=record.rule_set_version,
    )


def rows_of(record: ProcessedDisclosure, keys: DisclosureKeys) -> list[RowRecord]:
    return [
        RowRecord(
            disclosure=keys,
            table_index=t,
            row_index=r,
            table_kind=str(table.kind),
            table_title=table.title,
            unit=table.unit,
            code=row.code,
            name=row.name,
            level=row.level,
            side=row.side,
            page=row.page,
            values={k: None if v is None else decimal_text(v) for k, v in row.values.items()},
            attributes=row.attributes,
        )
        for t, table in enumerate(record.tables)
        for r, row in enumerate(table.rows)
    ]


def feed_messages(record: ProcessedDisclosure, trace: Envelope[Any]) -> list[Outgoing]:
    """Marker, rows and findings of `record`, in the order a consumer must read them."""
    keys = keys_of(record)
    rows = rows_of(record, keys)
    findings = [
        FindingRecord(disclosure=keys, finding_index=i, finding=f) for i, f in enumerate(record.findings)
    ]
    marker = RevisionMarker(
        disclosure=keys, tables=len(record.tables), rows=len(rows), findings=len(findings)
    )

    def out(topic: str, payload: BaseModel) -> Outgoing:
        return Outgoing(topic, trace.follow(Stage.STORED, payload, parser_version=record.parser_version))

    return [
        out(topics.ROWS, marker),
        *(out(topics.ROWS, row) for row in rows),
        out(topics.FINDINGS, marker),
        *(out(topics.FINDINGS, finding) for finding in findings),
    ]
