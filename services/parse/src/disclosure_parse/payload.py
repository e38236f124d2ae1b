"""The parse stage's output for a document's bytes and extracted pages, built in one place.

Apart from stages.py so that the embedded `process` run, which composes the same function, loads no
Kafka, MongoDB or metrics client (stages.py imports the services' delivery plumbing).
"""

from __future__ import annotations

from collections.abc import Sequence

from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_shared.events import BlobRef, PageText, ParsedPayload
from disclosure_shared.records import Source

PDF = "application/pdf"


def parsed_payload(data: bytes, pages: Sequence[PageText], source: Source, blob: BlobRef) -> ParsedPayload:
    """The parse stage's output for these bytes and their extracted pages: the one place it is built
    (the service's ParseStage, the embedded run and the rule tests' seed fixtures all call this)."""
    parsed = parse_disclosure(data, source.content_type or PDF, pages)
    return ParsedPayload(
        source=source,
        blob=blob,
        document=parsed.document,
        pages=[page.info() for page in pages],
        tables=parsed.tables,
        claims=parsed.claims,
        findings=parsed.findings,
    )
