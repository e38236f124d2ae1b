"""A narrative whose tables are published as a separate file (Jiangsu's "…部门预算公开文件" and
"…部门预算公开表"): the narrative rules read its claims against the companion file's tables.

The parser marks such a narrative with a `tables-published-separately` finding. Its companion is the
related disclosure of the same organization, kind and year that prints the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_shared.records import Claim, DocumentInfo, Evidence, Finding, PageInfo, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context, DisclosureView

SEPARATE_TABLES = "tables-published-separately"


@dataclass(frozen=True)
class NarrativeWithCompanionTables:
    """The narrative's own text and claims, the companion's tables."""

    narrative: DisclosureView
    companion: DisclosureView

    @property
    def document(self) -> DocumentInfo:
        return self.narrative.document

    @property
    def pages(self) -> Sequence[PageInfo]:
        return self.narrative.pages

    @property
    def tables(self) -> Sequence[Table]:
        return self.companion.tables

    @property
    def claims(self) -> Sequence[Claim]:
        return self.narrative.claims

    @property
    def findings(self) -> Sequence[Finding]:
        return self.narrative.findings


def companion_of(ctx: Context) -> DisclosureView | None:
    """The same-year document of the organization that prints this narrative's tables, if any."""
    if not any(f.rule == SEPARATE_TABLES for f in ctx.disclosure.findings):
        return None
    doc = ctx.disclosure.document
    companion = ctx.related_document(doc.kind, doc.year)
    if companion is None or not any(not t.empty and t.kind != TableKind.UNKNOWN for t in companion.tables):
        return None
    return companion


def with_companion_tables(ctx: Context) -> tuple[Context, DisclosureView] | None:
    """The narrative's context with its companion's tables, and the companion; None when it prints
    its own tables or no companion is at hand."""
    companion = companion_of(ctx)
    if companion is None:
        return None
    return Context(NarrativeWithCompanionTables(ctx.disclosure, companion), ctx.related), companion


def cite_companion(finding: Finding, companion: DisclosureView) -> Finding:
    """A finding that cites a table says which file the table is in: its pages are that file's."""
    if finding.location.table is None:
        return finding
    source = getattr(companion, "source", None)
    name = getattr(source, "filename", None) or companion.document.title or "同年的表格文件"
    note = Evidence(text=f"表格引自同一单位同年单独公开的表格文件《{name}》，页码为该文件的页码。")
    return finding.model_copy(update={"evidence": [*finding.evidence, note]})
