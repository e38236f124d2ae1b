"""Beyond-arithmetic rules on the real seeds: the published errors they report, and one edit each."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from services.validate.tests.rule_testing import Seed, edit_text, run

RULES = (
    "subject-name-mismatch",
    "restated-amount-differs",
    "direction-word-contradiction",
    "wrong-year",
    "scope-word-mismatch",
    "truncated-sentence",
)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_passes_on_seed_001(seed: Seed, rule: str) -> None:
    assert run(rule, seed("001")) == []


def test_stale_subject_names_are_reported(seed: Seed) -> None:
    # 003:L458 "科学技术支出（类）研究与开发（款）其他研究与开发支出（项）…324.73万元"; the tables print
    # 20604 技术与开发 / 2060499 其他技术与开发支出 (003:L188–189) with 324.73
    findings = run("subject-name-mismatch", seed("003"))
    assert [(f.location.row, f.severity, f.probable_cause) for f in findings] == [
        ("20604", "warning", "source"),
        ("2060499", "warning", "source"),
    ]
    assert "研究与开发" in findings[0].message and findings[0].evidence[1].text.startswith("20604")
    # 004:L1687 "其他抚恤支出3.25万元"; 表5-1 2080899 其他优抚支出 3.25 (004:L280)
    [renamed] = run("subject-name-mismatch", seed("004"))
    assert renamed.location.row == "2080899" and "其他抚恤支出" in renamed.message


def test_restated_total_with_another_value(seed: Seed) -> None:
    # 000:L1279 and L1293 both state 基本支出 583.68 万元; the second edited to 619.68
    edited = seed("000")
    claims = list(edited.claims)
    second = [i for i, c in enumerate(claims) if c.subject == "基本支出" and c.kind == "amount"][-1]
    claims[second] = claims[second].model_copy(update={"value": claims[second].value + 36})
    [finding] = run("restated-amount-differs", edited.model_copy(update={"claims": claims}))
    assert (str(finding.expected), str(finding.actual), finding.severity) == ("583.68", "619.68", "warning")


def test_reason_against_the_direction_is_reported(seed: Seed) -> None:
    # 000:L1317 提租补贴 "比2022年预算增加8.69万元，增长100%，主要是减少由单位…发放的租金补贴"
    [finding] = run("direction-word-contradiction", seed("000"))
    assert (finding.severity, finding.probable_cause) == ("warning", "source")
    assert "主要是减少" in finding.evidence[0].text


def test_outturn_compared_the_wrong_way_is_an_error(seed: Seed) -> None:
    # 001:L493 年初预算 292.27 > 决算 261.74 "支出决算数小于年初预算数"; edited to 大于
    edited = edit_text(
        seed("001"),
        "261.74 万元，完成年初预算的 89.6%，支出决算数小于",
        "261.74 万元，完成年初预算的 89.6%，支出决算数大于",
    )
    [finding] = run("outturn-comparison-word", edited)
    assert finding.severity == "error" and "小于" in finding.message
    assert (finding.expected, finding.actual) == (D("292.27"), D("261.74"))
    assert not run("outturn-comparison-word", seed("001"))  # every comparison word of 001 holds


def test_comparison_with_the_wrong_year(seed: Seed) -> None:
    # 001:L450 "与 2022 年度相比" in the 2023 决算; edited to 2021
    edited = edit_text(
        seed("001"),
        "2023 年度支出合计 2,098.74 万元，与 2022 年度相比",
        "2023 年度支出合计 2,098.74 万元，与 2021 年度相比",
    )
    [finding] = run("wrong-year", edited)
    assert finding.severity == "warning" and "2021" in finding.message


def test_department_wording_in_a_unit_document(seed: Seed) -> None:
    # 003 is a 单位决算 and says "我单位在2024年度单位决算中" (003:L552): as a 部门 document that is wrong
    assert run("scope-word-mismatch", seed("003")) == []
    as_department = seed("003").model_copy(
        update={"document": seed("003").document.model_copy(update={"scope": "department"})}
    )
    [finding] = run("scope-word-mismatch", as_department)
    assert "2024年度单位决算" in finding.message


def test_sentence_cut_before_the_next_item(seed: Seed) -> None:
    # 001:L491 ends "完成年初预算的 256.1%。其中：" before "1. 一般公共服务…" (L493); cut mid-word
    edited = edit_text(
        seed("001"),
        "支出决算为 2,098.74 万元，完成年初预算的 256.1%。其中：",
        "支出决算为 2,098.74 万元，完成年初",
    )
    [finding] = run("truncated-sentence", edited)
    assert finding.severity == "warning" and "完成年初" in finding.message


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_year_scope_or_truncation_findings_on_the_seeds(seed: Seed, prefix: str) -> None:
    for rule in ("wrong-year", "scope-word-mismatch", "truncated-sentence", "restated-amount-differs"):
        assert run(rule, seed(prefix)) == [], rule
