"""The rule catalog (rules.toml) and the registered checks load together, or not at all."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import resources

import pytest

from disclosure_shared.records import DocumentInfo, Finding
from disclosure_validate.catalog import Rule, RuleSet, load_rule_set
from disclosure_validate.checks.within.identities import WITHIN_RULES
from disclosure_validate.context import Context
from disclosure_validate.validation import run_rules

CATALOG = resources.files("disclosure_validate").joinpath("rules.toml").read_text("utf-8")


def test_the_packaged_catalog_loads_with_every_check() -> None:
    rules = load_rule_set()
    assert rules.version == tomllib.loads(CATALOG)["version"]
    ids = {r.id for r in rules.rules}
    assert set(WITHIN_RULES) <= ids
    assert {"X-01", "X-02", "X-03", "X-04", "X-05", "X-06", "X-07", "X-08", "X-09", "X-15", "X-17"} <= ids


def test_table_rules_have_their_scope() -> None:
    for rule in load_rule_set().rules:
        if rule.id.startswith("I-"):
            assert rule.scope == "table", rule.id
        if rule.id.startswith("X-"):
            assert rule.scope == "cross-table", rule.id
        assert rule.title and rule.enabled


def test_a_catalog_without_an_entry_for_a_registered_check_fails() -> None:
    without = CATALOG.replace('[rules.I-07]\ntitle = "', '[rules.I-07-gone]\ntitle = "', 1)
    with pytest.raises(ValueError, match=r"no check for \['I-07-gone'\].*not in catalog \['I-07'\]"):
        load_rule_set(without)


def test_a_disabled_rule_does_not_run() -> None:
    disabled = CATALOG.replace('[rules.X-17]\ntitle = "', '[rules.X-17]\nenabled = false\ntitle = "', 1)
    assert not load_rule_set(disabled).get("X-17").enabled


class _Empty:
    document = DocumentInfo()
    pages = ()
    tables = ()
    claims = ()
    findings = ()


def test_a_crashing_rule_leaves_a_finding_and_the_others_run() -> None:
    def crash(ctx: Context) -> Iterator[Finding]:
        raise RuntimeError("boom")

    rules = RuleSet("9", [Rule("I-99", "t", "table", crash), *load_rule_set().rules[:1]])
    [finding] = run_rules(Context(_Empty()), rules)
    assert (finding.rule, finding.severity, finding.rule_set_version) == ("rule-crashed", "warning", "9")


def test_an_input_without_a_recognisable_disclosure_is_rejected_not_validated() -> None:
    from disclosure_shared.errors import NotADisclosure
    from disclosure_shared.events import BlobRef, ParsedPayload
    from disclosure_shared.records import Source
    from disclosure_validate.validation import validate

    junk = ParsedPayload(
        source=Source(fetched_at="2026-01-01T00:00:00Z", bytes=2),
        blob=BlobRef(store="file", sha256="ab" * 32, size=2),
        document=DocumentInfo(kind="budget"),  # "预算" appears in the text, and nothing else
        pages=[],
    )
    with pytest.raises(NotADisclosure, match="no disclosure recognised") as caught:
        validate("ab" * 32, "0", junk)
    assert caught.value.code == "not-a-disclosure" and caught.value.sha256 == "ab" * 32
    identified = junk.model_copy(
        update={"document": DocumentInfo(kind="budget", year=2024, organization="某局")}
    )
    assert validate("ab" * 32, "0", identified).verdict == "pass"
