"""Helpers the rule tests share: run one registered check on a parsed seed, and edit the record as if
the publisher had printed something else.

Imported as `services.validate.tests.rule_testing`: under `--import-mode=importlib` (pyproject)
pytest names the modules of this folder by their path from the repository root, so a bare
`import rule_testing` would not resolve. The name has no `test_` prefix, so it is not collected.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Claim, Finding
from disclosure_validate.catalog import registered_check
from disclosure_validate.context import Context

Seed = Callable[[str], ParsedPayload]


def run(rule: str, payload: ParsedPayload) -> list[Finding]:
    """The findings of one rule, run through the registry: the tests do not depend on the catalog."""
    return list(registered_check(rule)(Context(payload)))


def serious(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity != "info"]


def edit_text(payload: ParsedPayload, printed: str, replacement: str) -> ParsedPayload:
    """As if the publisher had printed `replacement`: in the claims' sentences and the page text."""
    claims = [c.model_copy(update={"text": c.text.replace(printed, replacement)}) for c in payload.claims]
    pages = [
        p.model_copy(update={"text": (p.text or "").replace(printed, replacement)}) for p in payload.pages
    ]
    return payload.model_copy(update={"claims": claims, "pages": pages})


def edit_claims(payload: ParsedPayload, match: Callable[[Claim], bool], **update: object) -> ParsedPayload:
    claims = [c.model_copy(update=update) if match(c) else c for c in payload.claims]
    return payload.model_copy(update={"claims": claims})


def edit_cell(payload: ParsedPayload, kind: str, row: str, column: str, value: str) -> ParsedPayload:
    """As if every money table of `kind` printed `value` in `column` of the row with this code or
    name."""
    tables = []
    for table in payload.tables:
        if table.kind == kind:
            rows = [
                r.model_copy(update={"values": {**r.values, column: Decimal(value)}})
                if row in (r.code, r.name)
                else r
                for r in table.rows
            ]
            table = table.model_copy(update={"rows": rows})
        tables.append(table)
    return payload.model_copy(update={"tables": tables})
