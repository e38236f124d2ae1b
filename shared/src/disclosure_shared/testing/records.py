"""Lookups into parsed records for tests: find a row by code, printed name and side."""

from __future__ import annotations

from disclosure_shared.records import Row, Table


def find_row(t: Table, *, code: str | None = None, name: str | None = None, side: str | None = None) -> Row:
    """The first row matching every given criterion (names compared without spaces)."""
    for r in t.rows:
        if (code is None or r.code == code) and (name is None or r.name.replace(" ", "") == name):
            if side is None or r.side == side:
                return r
    raise AssertionError(f"no row code={code} name={name} side={side} in {t.kind}")
