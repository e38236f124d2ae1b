"""Re-validation without re-parsing: a stored record under the current rule set.

Findings of rules in the catalog are recomputed; every other finding (the parser's: unparsed-table,
code-repaired, …) is kept as it was, since only a re-parse could change it.
"""

from __future__ import annotations

from collections.abc import Sequence

from disclosure_shared.records import ProcessedDisclosure, verdict_of
from disclosure_validate.catalog import RuleSet
from disclosure_validate.context import Context, DisclosureView
from disclosure_validate.validation import default_rule_set, run_rules

# Findings the validator itself adds outside the catalog.
_VALIDATOR_RULES = {"rule-crashed"}


def revalidate(
    record: ProcessedDisclosure,
    rule_set: RuleSet | None = None,
    related: Sequence[DisclosureView] = (),
) -> ProcessedDisclosure:
    """The record with its rule findings replaced by those of `rule_set` (default: the current one)."""
    rule_set = rule_set or default_rule_set()
    catalog = {rule.id for rule in rule_set.rules} | _VALIDATOR_RULES
    kept = [f for f in record.findings if f.rule not in catalog and not _old_rule(f.rule)]
    findings = kept + run_rules(Context(record, related), rule_set)
    return record.model_copy(
        update={"findings": findings, "verdict": verdict_of(findings), "rule_set_version": rule_set.version}
    )


def _old_rule(rule: str) -> bool:
    """A rule id of an earlier catalog (I-xx, X-xx, N-xx) that this one no longer lists."""
    return len(rule) == 4 and rule[0] in "IXN" and rule[1] == "-" and rule[2:].isdigit()
