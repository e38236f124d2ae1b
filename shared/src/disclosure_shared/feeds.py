"""The warehouse feeds: one message per table row on `disclosure.rows` and one per finding on
`disclosure.findings`, each in the usual envelope and keyed by sha256, so that all the messages of one
disclosure land in one partition, in order.

Every stored revision opens with a `RevisionMarker` on both topics (how many messages follow, and the
revision's parser and rule set versions): a consumer that sees a marker for a sha256 replaces what it
holds for that disclosure with the messages that follow, instead of adding to it. A redelivered
revision is sent again, marker first, so replacing also makes the feeds idempotent.

    Envelope[RevisionMarker]  kind="revision"   (first, on both topics)
    Envelope[RowRecord]       kind="row"        (disclosure.rows)
    Envelope[FindingRecord]   kind="finding"    (disclosure.findings)
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from disclosure_shared.events import Envelope
from disclosure_shared.records import DocumentKind, Finding, Record, Scope, Unit

FEED_SCHEMA_VERSION = "1"


class DisclosureKeys(Record):
    """What identifies the disclosure a feed message belongs to (a warehouse's dimension columns)."""

    sha256: str
    organization: str | None = None
    region: str | None = None
    year: int | None = None
    kind: DocumentKind | None = None
    scope: Scope | None = None
    parser_version: str
    rule_set_version: str | None = None


class RevisionMarker(Record):
    kind: Literal["revision"] = "revision"
    feed_schema_version: str = FEED_SCHEMA_VERSION
    disclosure: DisclosureKeys
    tables: int
    """Tables of this revision (an empty table sends no row)."""
    rows: int
    """Row messages of this revision that follow on disclosure.rows."""
    findings: int
    """Finding messages of this revision that follow on disclosure.findings."""


class RowRecord(Record):
    kind: Literal["row"] = "row"
    feed_schema_version: str = FEED_SCHEMA_VERSION
    disclosure: DisclosureKeys
    table_index: int
    """The table's position in the record (tables of one kind can repeat)."""
    row_index: int
    table_kind: str
    table_title: str
    unit: Unit | None = None
    code: str | None = None
    name: str
    level: int | None = None
    side: Literal["income", "expenditure"] | None = None
    page: int | None = None
    values: dict[str, str | None] = Field(default_factory=dict)
    """Column key → the value as a decimal string ("1930.07"), None for a blank cell."""
    attributes: dict[str, str] = Field(default_factory=dict)


class FindingRecord(Record):
    kind: Literal["finding"] = "finding"
    feed_schema_version: str = FEED_SCHEMA_VERSION
    disclosure: DisclosureKeys
    finding_index: int
    finding: Finding


class RowEvent(Envelope[Annotated[RevisionMarker | RowRecord, Field(discriminator="kind")]]):
    """A message on disclosure.rows: a revision marker or a row, told apart by `payload.kind`."""


class FindingEvent(Envelope[Annotated[RevisionMarker | FindingRecord, Field(discriminator="kind")]]):
    """A message on disclosure.findings: a revision marker or a finding, told apart by `payload.kind`."""
