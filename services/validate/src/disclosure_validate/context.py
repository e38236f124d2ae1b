"""What a rule reads: one disclosure, plus the related disclosures of the same organization."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, TypeVar, cast

from disclosure_shared.identities import Check, check_table
from disclosure_shared.records import Claim, DocumentInfo, Finding, PageInfo, Row, Table
from disclosure_shared.table_kinds import TableKind


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
    @property
    def findings(self) -> Sequence[Finding]: ...


_REPAIRED = re.compile(r"(\d+)→(\d+)")
T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    disclosure: DisclosureView
    related: Sequence[DisclosureView] = field(default_factory=tuple)
    """Other disclosures of the same organization (from the store, or from the same embedded run)."""

    def related_document(self, kind: str | None, year: int | None) -> DisclosureView | None:
        """The organization's document of that kind and year; of several (Jiangsu publishes the
        narrative and the tables as two files), the one that prints the most tables."""
        if kind is None or year is None:
            return None
        candidates = [
            d
            for d in self.related
            if d.document.kind == kind and d.document.year == year and d is not self.disclosure
        ]
        return max(candidates, key=lambda d: sum(not t.empty for t in d.tables), default=None)

    def tables_of(self, kind: TableKind) -> list[Table]:
        return [t for t in self.disclosure.tables if t.kind == kind]

    def table(self, kind: TableKind) -> Table | None:
        """The first non-empty table of a kind (documents rarely print one twice)."""
        return next((t for t in self.disclosure.tables if t.kind == kind and not t.empty), None)

    def page_text(self, number: int | None) -> str:
        if number is None:
            return ""
        page = next((p for p in self.disclosure.pages if p.number == number), None)
        return (page.text or "") if page else ""

    def reading(self, reader: Callable[[Context], T]) -> T:
        """`reader(self)`, read once: a reading of the disclosure that many rules share (the running
        text is read by some twenty rules of each document)."""
        readings = self._readings
        if reader not in readings:
            readings[reader] = reader(self)
        return cast(T, readings[reader])

    @cached_property
    def _readings(self) -> dict[Callable[[Context], object], object]:
        return {}

    @cached_property
    def identity_checks(self) -> list[tuple[Table, list[Check]]]:
        """The within-table identities of every table (disclosure_shared.identities), computed once.
        Checks of an item table whose 金额 column the parser left unnamed read it as `amount`."""
        return [(table, check_table(_amount_keyed(table))) for table in self.disclosure.tables]

    @cached_property
    def _repaired_codes(self) -> dict[str, set[str]]:
        """Codes the parser rebuilt, by table kind, read from its "code-repaired" findings."""
        repaired: dict[str, set[str]] = {}
        for finding in getattr(self.disclosure, "findings", ()) or ():
            if finding.rule == "code-repaired" and finding.location.table:
                codes = {new for _, new in _REPAIRED.findall(finding.message)}
                repaired.setdefault(finding.location.table, set()).update(codes)
        return repaired

    def repaired(self, table: Table, row: Row) -> bool:
        """The parser changed this row (its code, a joined number, a realignment): a failure on it
        may be ours."""
        return bool(row.repairs) or (row.code or "") in self._repaired_codes.get(table.kind, set())


_ITEM_TABLES = {TableKind.GOVERNMENT_PROCUREMENT, TableKind.PURCHASED_SERVICES}


def _amount_keyed(table: Table) -> Table:
    """附表10 prints "采购金额合计(元)", which the parser keys col_11 (000:L366): in an item table
    with no `amount` column, the one unnamed money column is the amount when its group rows (合计,
    科室, 部门) equal the sum of the items below them; otherwise the table is left as parsed."""
    if table.kind not in _ITEM_TABLES or any("amount" in r.values for r in table.rows):
        return table
    unnamed = {k for r in table.rows for k, v in r.values.items() if k.startswith("col_") and v is not None}
    if len(unnamed) != 1:
        return table
    key = unnamed.pop()
    rows = [
        r.model_copy(update={"values": {("amount" if k == key else k): v for k, v in r.values.items()}})
        for r in table.rows
    ]
    keyed = table.model_copy(update={"rows": rows})
    groups = [
        c for c in check_table(keyed) if c.column == "amount" and any(t.row is not c.source for t in c.terms)
    ]
    return keyed if groups and all(c.holds for c in groups) else table
