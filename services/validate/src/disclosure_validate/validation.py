"""Validation of a parsed disclosure into the contract record.

The rules come from the catalog (rules.toml) and their registered checks (checks/); every finding
carries the rule set version, so a disclosure can be re-validated under a newer rule set without
re-parsing (`revalidate`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cache

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Evidence, Finding, ProcessedDisclosure, verdict_of
from disclosure_validate.catalog import RuleSet, load_rule_set
from disclosure_validate.companion import cite_companion, with_companion_tables
from disclosure_validate.context import Context, DisclosureView
from disclosure_validate.recognition import require_disclosure

log = logging.getLogger(__name__)


@cache
def default_rule_set() -> RuleSet:
    return load_rule_set()


# Rules that read the narrative against tables: a narrative published without its tables reads
# them from the companion file (companion.py); the table rules run on each file's own tables.
_NARRATIVE_SCOPES = ("narrative", "text")


def run_rules(context: Context, rule_set: RuleSet) -> list[Finding]:
    """Every enabled rule; a rule that crashes yields a finding instead of losing the others."""
    findings: list[Finding] = []
    companion = with_companion_tables(context)
    for rule in rule_set.rules:
        if not rule.enabled:
            continue
        try:
            if companion is not None and rule.scope in _NARRATIVE_SCOPES:
                narrative, tables = companion
                found = [cite_companion(f, tables) for f in rule.run(narrative)]
            else:
                found = list(rule.run(context))
        except Exception as exc:
            log.exception("rule %s failed", rule.id)
            found = [
                Finding(
                    rule="rule-crashed",
                    severity="warning",
                    probable_cause="extraction",
                    message=f"校验规则 {rule.id} 运行出错，结果不完整。",
                    evidence=[Evidence(text=f"{type(exc).__name__}: {exc}"[:300])],
                )
            ]
        findings.extend(f.model_copy(update={"rule_set_version": rule_set.version}) for f in found)
    return findings


def validate(
    sha256: str,
    parser_version: str,
    parsed: ParsedPayload,
    rule_set: RuleSet | None = None,
    related: Sequence[DisclosureView] = (),
) -> ProcessedDisclosure:
    """Run every rule and assemble the record; parse findings are kept alongside rule findings. An
    input that is not recognisably a disclosure is rejected (`not-a-disclosure`), never validated."""
    require_disclosure(parsed, sha256)
    rule_set = rule_set or default_rule_set()
    parse_findings = [
        f.model_copy(update={"rule_set_version": f.rule_set_version or rule_set.version})
        for f in parsed.findings
    ]
    findings = parse_findings + run_rules(Context(parsed, related), rule_set)
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
        rule_set_version=rule_set.version,
    )
