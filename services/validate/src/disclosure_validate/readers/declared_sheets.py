"""The parser's typed 项目申报表 (`Table.declarations`, SPEC §2.15) with the table printing each, for
the rules that read a declaration's budget line and 资金来源 (I-22 in checks/performance/budget.py,
X-10 in projects.py, the declared-funding rules). A field the parser could not read is None and
named in `ProjectDeclaration.unread`: a rule that needs it stays quiet rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.records import Evidence, ProjectDeclaration, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.readers.printed_cells import line
from disclosure_validate.wording import money


@dataclass(frozen=True)
class Declared:
    """A declaration with the table printing it and how a reviewer finds it."""

    declaration: ProjectDeclaration
    table: Table

    @property
    def where(self) -> str:
        """表12-1「编外人员用工保障经费」, else what of the number and name is known."""
        number = (self.table.number or "").replace(" ", "") or "项目申报表"
        return f"{number}「{self.declaration.name}」" if self.declaration.name else number

    @property
    def unit(self) -> str | None:
        return self.declaration.unit

    @property
    def located(self) -> Row:
        """Where a finding on the declaration is located (its 资金来源 page)."""
        return Row(name=self.declaration.name or "", page=self.declaration.page)

    def unread(self, *fields: str) -> bool:
        """Some of `fields` ("funding:total", or "funding:" for any source) printed digits the parser
        could not read."""
        return any(u.startswith(fields) for u in self.declaration.unread)

    def row(self, at: int | None) -> Row | None:
        """The printed row at index `at` of the table (a field's line, a cost line's)."""
        return self.table.rows[at] if at is not None and 0 <= at < len(self.table.rows) else None

    def field_row(self, key: str) -> Row | None:
        """The printed row the field `key` ("current_budget") was read from."""
        return self.row(self.declaration.lines.get(key))

    def evidence(self, key: str, label: str, value: Decimal | None, block: str = "项目资金来源") -> Evidence:
        """The printed line the field `key` ("funding:total") was read from; a line of our own
        wording where the parser noted none (a blank source, a record of parser 0.4.0)."""
        row = self.field_row(key)
        if row is not None:
            return Evidence(page=row.page, text=line(row)[:300], bbox=row.bbox)
        shown = money(value) if value is not None else "（空）"
        return Evidence(page=self.declaration.page, text=f"{self.where} {block} {label} {shown}")


def declared_sheets(ctx: Context) -> list[Declared]:
    """Every typed declaration of the document, in printed order."""
    return [Declared(d, t) for t in ctx.tables_of(TableKind.PERFORMANCE_PROJECT) for d in t.declarations]
