"""Re-validation of a stored record: rule findings replaced, parse findings kept, no re-parse."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Finding
from disclosure_validate.catalog import Rule, RuleSet
from disclosure_validate.checks.narrative import amounts as narrative_amounts
from disclosure_validate.checks.narrative import rates as narrative_rates
from disclosure_validate.revalidation import revalidate
from disclosure_validate.validation import validate

Seed = Callable[[str], ParsedPayload]
RULES = RuleSet(
    version="9.9.9",
    rules=[
        Rule("N-02", "yoy", "narrative", narrative_rates.year_over_year_changes_are_consistent),
        Rule("N-04", "parts", "narrative", narrative_amounts.stated_parts_match_tables),
    ],
)


def test_rule_findings_are_replaced_and_parse_findings_kept(seed: Seed) -> None:
    parsed = seed("000")
    record = validate("0" * 64, "test", parsed, RuleSet("0.0.1", []))
    parse_rules = {f.rule for f in record.findings}
    stale = Finding(rule="N-04", severity="error", probable_cause="source", message="旧版规则的结论。")
    record = record.model_copy(update={"findings": [*record.findings, stale], "verdict": "fail"})

    again = revalidate(record, RULES)

    assert again.rule_set_version == "9.9.9" and again.tables == record.tables
    assert {f.rule for f in again.findings if f.rule not in ("N-02", "N-04")} == parse_rules
    assert stale not in again.findings
    # 000:L1289 and L1315: the two growth rates the publisher got wrong (N-02); no N-04 error in 000
    assert sorted(f.actual for f in again.findings if f.rule == "N-02") == [
        Decimal("27.16"),
        Decimal("30.06"),
    ]
    assert all(f.rule_set_version == "9.9.9" for f in again.findings if f.rule == "N-02")
    assert again.verdict == "fail"


def test_a_clean_rule_set_passes_what_the_parser_passed(seed: Seed) -> None:
    record = validate("0" * 64, "test", seed("001"), RuleSet("0.0.1", []))
    again = revalidate(record, RuleSet("1.0.0", [RULES.rules[1]]))
    assert [f for f in again.findings if f.rule == "N-04"] == []
    assert again.verdict == record.verdict
