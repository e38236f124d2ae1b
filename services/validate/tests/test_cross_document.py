"""Cross-document rules: a 决算 against its 预算, a document against the previous year's.

The seeds hold no two documents of one organization, so the related document is a real seed whose
document info is set to the organization and year the rule needs (the figures stay as printed).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Finding, ProcessedDisclosure
from disclosure_shared.store_schema import index_entry
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.checks import cross_document as cross
from disclosure_validate.context import Context
from disclosure_validate.related import find_related, is_related
from disclosure_validate.validation import validate

Seed = Callable[[str], ParsedPayload]


def as_document(payload: ParsedPayload, **document: Any) -> ParsedPayload:
    return payload.model_copy(update={"document": payload.document.model_copy(update=document)})


def budget_of_001(seed: Seed) -> ParsedPayload:
    """Seed 000 (a 2023 部门预算, T07 三公 2.00 all 公务接待费, 附表5 合计 1930.07) as if it were the
    2023 budget of 001's organization."""
    return as_document(seed("000"), organization="武汉市硚口区大数据中心", year=2023)


def test_final_three_public_budget_against_the_budget(seed: Seed) -> None:
    # 001 公开09表 预算数 合计 0.81 = 接待 0.81 (001:L418); the budget's 附表7 prints 2.00 / 2.00 (000:L317)
    findings = list(
        cross.final_three_public_budget_matches_budget(Context(seed("001"), [budget_of_001(seed)]))
    )
    assert {(f.expected, f.actual, f.severity) for f in findings} == {
        (Decimal("2.00"), Decimal("0.81"), "warning")
    }
    assert all(f.evidence[1].text.startswith("2023 年武汉市硚口区大数据中心预算") for f in findings)
    assert list(cross.final_three_public_budget_matches_budget(Context(seed("001")))) == []


def test_initial_budget_against_the_budget(seed: Seed) -> None:
    # 001:L491 年初预算为 819.47 万元; the budget's 附表5 合计 1930.07 (000:L242); same scope: error
    findings = list(cross.initial_budget_matches_budget(Context(seed("001"), [budget_of_001(seed)])))
    total = [f for f in findings if f.expected == Decimal("1930.07")]
    assert [(f.actual, f.severity, f.location.table) for f in total] == [
        (Decimal("819.47"), "error", TableKind.GENERAL_BUDGET_EXPENDITURE)
    ]
    # 001:L493 事业运行 年初预算 292.27 against the budget's 2010350 534.03 (000:L245)
    assert any(f.expected == Decimal("534.03") and f.actual == Decimal("292.27") for f in findings)


def test_initial_budget_ignores_other_years_and_kinds(seed: Seed) -> None:
    other_year = as_document(budget_of_001(seed), year=2022)
    assert list(cross.initial_budget_matches_budget(Context(seed("001"), [other_year]))) == []


def test_prior_year_figure_against_the_previous_document(seed: Seed) -> None:
    # 003:L371 收、支总计 3,797.75, 增加 502.07 → 2023 was 3,295.68; the "2023 决算" here prints 2,098.74
    previous = as_document(seed("001"), organization=seed("003").document.organization, year=2023)
    findings = list(cross.stated_changes_match_previous_year(Context(seed("003"), [previous])))
    totals = [f for f in findings if f.actual == Decimal("3295.68")]
    assert totals and all(f.expected == Decimal("2098.74") and f.severity == "warning" for f in totals)
    same_figures = as_document(seed("003"), year=2023)
    budget = as_document(same_figures, kind="budget")
    assert list(cross.stated_changes_match_previous_year(Context(seed("003"), [budget]))) == []


def test_prior_year_three_public_figure(seed: Seed) -> None:
    # 000:L1329 "“三公”经费支出预算 2 万元…与 2022 年持平" → 2022 was 2; seed 004 as that 2022 预算 prints
    # 0.20 (004:L247 表7 合计)
    previous = as_document(seed("004"), organization=seed("000").document.organization, year=2022)
    [finding] = [
        f
        for f in cross.stated_changes_match_previous_year(Context(seed("000"), [previous]))
        if f.location.row == "三公经费"
    ]
    assert (finding.actual, finding.expected, finding.severity) == (Decimal("2"), Decimal("0.20"), "warning")
    same = as_document(seed("000"), year=2022)
    three_public = cross.stated_changes_match_previous_year(Context(seed("000"), [same]))
    assert not [f for f in three_public if f.location.row == "三公经费"]


def test_related_documents_are_the_organization_s_this_year_and_last(seed: Seed) -> None:
    # Jiangsu's tables file says "中共江苏省委办公厅" where its narrative says "江苏省委办公厅"
    narrative = as_document(seed("000"), organization="江苏省委办公厅", year=2019).document
    tables = narrative.model_copy(update={"organization": "中共江苏省委办公厅"})
    assert is_related(narrative, tables) and is_related(tables, narrative)
    assert is_related(narrative, tables.model_copy(update={"year": 2018}))
    assert not is_related(narrative, tables.model_copy(update={"year": 2017}))
    assert not is_related(narrative, tables.model_copy(update={"organization": "江苏省政协办公厅"}))


def _record(payload: ParsedPayload, sha: str) -> ProcessedDisclosure:
    return validate(sha, "test", payload)


@pytest.mark.integration
async def test_store_lookup_feeds_the_final_accounts_its_budget(seed: Seed, mongo_db: Any) -> None:
    budget = _record(budget_of_001(seed), "b" * 64)
    stranger = _record(as_document(seed("002"), organization="别的单位"), "c" * 64)
    for record in (budget, stranger):  # as the store writes them: the disclosure and its index entry
        stored = {"_id": record.sha256, **record.model_dump(mode="json")}
        await mongo_db["disclosures"].replace_one({"_id": record.sha256}, stored, upsert=True)
        entry = index_entry(stored)
        await mongo_db["disclosure_index"].replace_one({"_id": record.sha256}, entry, upsert=True)
    related = await find_related(mongo_db, seed("001").document, exclude="a" * 64)
    assert [r.sha256 for r in related] == ["b" * 64]
    final = validate("a" * 64, "test", seed("001"), related=related)
    rules: list[Finding] = [f for f in final.findings if f.rule == "final-budget-three-public"]
    assert rules and rules[0].expected == Decimal("2.00") and rules[0].actual == Decimal("0.81")
