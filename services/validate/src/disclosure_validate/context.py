"""What a rule reads: one disclosure, plus the related disclosures of the same organization."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from disclosure_shared.records import Claim, DocumentInfo, PageInfo, Table


class DisclosureView(Protocol):
    """Both a ParsedPayload (validate stage) and a stored ProcessedDisclosure (re-validation) fit."""

    @property
    def document(self) -> DocumentInfo: ...
    @property
    def pages(self) -> Sequence[PageInfo]: ...
    @property
    def tables(self) -> Sequence[Table]: ...
    @property
    def claims(self) -> Sequence[Claim]: ...


@dataclass(frozen=True)
class Context:
    disclosure: DisclosureView
    related: Sequence[DisclosureView] = field(default_factory=tuple)
    """Other disclosures of the same organization (from the store, or from the same embedded run)."""

    def tables_of(self, kind: str) -> list[Table]:
        return [t for t in self.disclosure.tables if t.kind == kind]

    def table(self, kind: str) -> Table | None:
        """The first non-empty table of a kind (documents rarely print one twice)."""
        return next((t for t in self.disclosure.tables if t.kind == kind and not t.empty), None)

    def page_text(self, number: int | None) -> str:
        if number is None:
            return ""
        page = next((p for p in self.disclosure.pages if p.number == number), None)
        return (page.text or "") if page else ""
