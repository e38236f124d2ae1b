"""N-xx rules on the real seeds: each passes on a published record, and fails on the published
error or after one value is edited. Expected values are read off the seed lines cited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Claim
from disclosure_shared.table_kinds import TableKind
from services.validate.tests.rule_testing import Seed, edit_cell, edit_claims, edit_text, run, serious

# Run through the registry, not the catalog: these tests do not depend on the rest of the catalog.
RULES = (
    "N-01",
    "N-02",
    "N-03",
    "N-04",
    "N-05",
    "N-06",
    "N-07",
    "N-08",
    "N-09",
    "N-10",
    "N-11",
    "N-12",
    "N-15",
)


@pytest.mark.parametrize(
    ("rule", "prefix"),
    [
        ("N-01", "001"),
        ("N-02", "001"),
        ("N-03", "001"),
        ("N-04", "001"),
        ("N-05", "001"),
        ("N-06", "001"),
        ("N-07", "003"),
        ("N-08", "000"),
        ("N-09", "001"),
        ("N-10", "000"),
        ("N-11", "000"),
        ("N-12", "003"),
        ("N-15", "001"),
    ],
)
def test_rule_passes_on_the_published_seed(seed: Seed, rule: str, prefix: str) -> None:
    assert serious(run(rule, seed(prefix))) == []


def test_n01_stated_income_total_against_summary_table(seed: Seed) -> None:
    # 001:L439 "2023 年度收入合计 2,098.74 万元"; 公开01表 本年收入合计 2098.74 (001:L123)
    edited = edit_claims(
        seed("001"), lambda c: c.subject == "收入合计" and c.kind == "amount", value=Decimal("2098.00")
    )
    [finding] = run("N-01", edited)
    assert (finding.severity, finding.probable_cause) == ("error", "source")
    assert (finding.expected, finding.actual) == (Decimal("2098.74"), Decimal("2098.00"))
    assert (
        finding.location.table == TableKind.REVENUE_EXPENDITURE_SUMMARY
        and finding.location.row == "本年收入合计"
    )


def test_n02_reports_the_published_growth_rate_error(seed: Seed) -> None:
    # 000:L1315 住房公积金 41.72 万元，增加 11.65 万元，增长 30.06%: 11.65 / (41.72 − 11.65) = 38.74%
    # 000:L1289 本年预算 1930.07 万元，减少 720.59 万元，下降 27.16%: 720.59 / 2650.66 = 27.19%
    findings = run("N-02", seed("000"))
    got = {(f.expected, f.actual, f.severity) for f in findings}
    assert got == {
        (Decimal("38.74"), Decimal("30.06"), "error"),
        (Decimal("27.19"), Decimal("27.16"), "error"),
    }
    assert all(f.location.page == 1 and f.evidence for f in findings)


def test_n03_share_with_a_named_base(seed: Seed) -> None:
    # 001:L450 基本支出 348.21 万元，占本年支出 16.6% (348.21 / 2098.74 = 16.59%)
    edited = edit_text(seed("001"), "占本年支出 16.6%", "占本年支出 18.6%")
    edited = edit_claims(
        edited, lambda c: c.kind == "share" and c.value == Decimal("16.6"), value=Decimal("18.6")
    )
    findings = serious(run("N-03", edited))
    assert findings and findings[0].expected == Decimal("16.6") and findings[0].actual == Decimal("18.6")
    assert findings[0].severity == "error"  # "占本年支出" names the base


def test_n04_reports_the_published_basic_expenditure_error(seed: Seed) -> None:
    # 004:L1711 "2026年一般公共预算基本支出2,840.98万元"; 表5-1 合计 基本支出 1680.88 (004:L1673)
    [finding] = run("N-04", seed("004"))
    assert (finding.rule, finding.severity, finding.probable_cause) == ("N-04", "error", "source")
    assert (finding.expected, finding.actual) == (Decimal("1680.88"), Decimal("2840.98"))
    assert (
        finding.location.table == TableKind.GENERAL_BUDGET_EXPENDITURE and finding.location.column == "basic"
    )


def test_n05_class_amount_against_general_budget_table(seed: Seed) -> None:
    # 001:L487 住房保障支出(类)35.21 万元; 公开05表 221 = 35.21
    edited = edit_claims(
        seed("001"), lambda c: c.code == "221" and c.kind == "amount", value=Decimal("36.21")
    )
    [finding] = run("N-05", edited)
    assert (finding.expected, finding.actual, finding.severity) == (
        Decimal("35.21"),
        Decimal("36.21"),
        "error",
    )
    assert finding.location.table == TableKind.GENERAL_BUDGET_EXPENDITURE and finding.location.row == "221"


def test_n06_completion_rate_and_budget_sum(seed: Seed) -> None:
    # 001:L491 年初预算 819.47; the 项 budgets of L493–513 add to 819.48: rounding, info
    [drift] = run("N-06", seed("001"))
    assert (drift.severity, drift.probable_cause, drift.expected, drift.actual) == (
        "info",
        "rounding",
        Decimal("819.48"),
        Decimal("819.47"),
    )
    # 001:L493 292.27 → 261.74 is 89.6%; the printed rate edited to 98.6%
    edited = edit_text(
        seed("001"), "完成年初预算的 89.6%，支出决算数小于", "完成年初预算的 98.6%，支出决算数小于"
    )
    findings = serious(run("N-06", edited))
    assert [(f.expected, f.actual, f.severity) for f in findings] == [
        (Decimal("89.6"), Decimal("98.6"), "error")
    ]


def test_n07_three_public_budget_block(seed: Seed) -> None:
    # 003:L520 公务接待费全年预算为 0.14 万元; 09表 预算数 接待 edited to 0.41
    edited = edit_cell(seed("003"), TableKind.THREE_PUBLIC_EXPENSES, "合计", "budget_reception", "0.41")
    findings = run("N-07", edited)
    assert [(f.expected, f.actual, f.location.column) for f in findings] == [
        (Decimal("0.41"), Decimal("0.14"), "budget_reception")
    ]


def test_n08_office_running_costs(seed: Seed) -> None:
    # 000:L1365 "2023 年机关运行经费 97 万元（即公用经费）"; 附表5 合计 公用经费 edited 97.00 → 96.00
    edited = edit_cell(seed("000"), TableKind.GENERAL_BUDGET_EXPENDITURE, "合计", "public_funds", "96.00")
    [finding] = run("N-08", edited)
    assert (finding.expected, finding.actual, finding.severity) == (Decimal("96.00"), Decimal("97"), "error")


def test_n09_procurement_parts(seed: Seed) -> None:
    # 001:L561 177.08 = 0.32 + 0 + 176.76; 服务 edited to 170.76
    edited = edit_claims(seed("001"), lambda c: c.subject == "政府采购服务", value=Decimal("170.76"))
    [finding] = run("N-09", edited)
    assert (finding.expected, finding.actual, finding.severity) == (
        Decimal("171.08"),
        Decimal("177.08"),
        "error",
    )


def test_n10_procurement_against_table_in_yuan(seed: Seed) -> None:
    # 000:L1369 1130.99 万元; 附表10 合计 11,309,940 元 (000:L368) = 1130.994 万元
    edited = edit_claims(
        seed("000"), lambda c: c.subject == "政府采购" and c.kind == "amount", value=Decimal("1131.99")
    )
    [finding] = run("N-10", edited)
    assert finding.expected == Decimal("1130.994") and finding.actual == Decimal("1131.99")
    assert finding.location.table == TableKind.GOVERNMENT_PROCUREMENT


def test_n11_purchased_services_against_table(seed: Seed) -> None:
    # 000:L1373 976.05 万元; 附表11 合计 9,760,500 元
    edited = edit_claims(
        seed("000"), lambda c: c.subject == "政府购买服务" and c.kind == "amount", value=Decimal("970.05")
    )
    [finding] = run("N-11", edited)
    assert (finding.expected, finding.actual) == (Decimal("976.05"), Decimal("970.05"))


def test_n12_vehicles_add_up(seed: Seed) -> None:
    # 003:L536 共有车辆5辆 = 1 + 2 + 1 + 1; 应急保障用车 edited 2 → 3
    edited = edit_claims(seed("003"), lambda c: c.subject == "应急保障用车", value=Decimal("3"))
    [finding] = run("N-12", edited)
    assert (finding.expected, finding.actual) == (Decimal("6"), Decimal("5"))


def test_n15_reports_the_published_score_total(seed: Seed) -> None:
    # 003:L548 总分96分 = 20 + 69.63 + 24.97 + 1.4 = 116.00 as printed
    [finding] = run("N-15", seed("003"))
    assert (finding.expected, finding.actual, finding.severity) == (Decimal("116.00"), Decimal("96"), "error")
    fixed = seed("003")
    pages = [p.model_copy(update={"text": (p.text or "").replace("69.63分", "49.63分")}) for p in fixed.pages]
    assert run("N-15", fixed.model_copy(update={"pages": pages})) == []


def _growth_sentence(record: ParsedPayload) -> tuple[Claim, Claim]:
    # 002 "2024 年一般公共预算支出预算 1352.94 万元，比 2023 年预算增加 31.47 万元，增长 2%"
    group = [c for c in record.claims if "增加 31.47" in c.text]
    delta = next(c for c in group if c.kind == "change" and c.unit == "wan_yuan")
    rate = next(c for c in group if c.kind == "change" and c.unit == "percent")
    return delta, rate


def test_n02_an_increase_above_the_amount_itself(seed: Seed) -> None:
    record = seed("002")
    delta, _ = _growth_sentence(record)
    assert serious(run("N-02", record)) == []
    [found] = run("N-02", edit_claims(record, lambda c: c is delta, value=Decimal("1382.94")))
    assert (found.severity, found.actual, found.expected) == ("error", Decimal("1382.94"), Decimal("1352.94"))
    assert "1382.94" in found.message


def test_n02_an_amount_new_this_year_grows_by_100_percent(seed: Seed) -> None:
    record = seed("002")
    delta, rate = _growth_sentence(record)
    new = edit_claims(record, lambda c: c is delta, value=Decimal("1352.94"))
    [found] = run("N-02", new)  # 增长 2% of nothing
    assert (found.severity, found.expected, found.actual) == ("error", Decimal(100), Decimal(2))
    assert (
        run(
            "N-02",
            edit_claims(
                new,
                lambda c: c.text == rate.text and c is not delta and c.unit == "percent",
                value=Decimal(100),
            ),
        )
        == []
    )
