"""Validation of a parsed disclosure into the contract record.

The rule catalog (SPEC.md §3) grows here; every finding carries the rule set version, so a
disclosure can be re-validated under a newer rule set without re-parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Finding, ProcessedDisclosure, verdict_of

RULE_SET_VERSION = "0.1.0"

Rule = Callable[[ParsedPayload], list[Finding]]
RULES: Sequence[Rule] = ()


def validate(
    sha256: str, parser_version: str, parsed: ParsedPayload, rules: Sequence[Rule] = RULES
) -> ProcessedDisclosure:
    """Run every rule and assemble the record; parse findings are kept alongside rule findings."""
    findings = list(parsed.findings)
    for rule in rules:
        findings.extend(rule(parsed))
    findings = [
        f.model_copy(update={"rule_set_version": f.rule_set_version or RULE_SET_VERSION}) for f in findings
    ]
    return ProcessedDisclosure(
        sha256=sha256,
        source=parsed.source,
        document=parsed.document,
        pages=parsed.pages,
        tables=parsed.tables,
        claims=parsed.claims,
        findings=findings,
        verdict=verdict_of(findings),
        parser_version=parser_version,
        rule_set_version=RULE_SET_VERSION,
    )
