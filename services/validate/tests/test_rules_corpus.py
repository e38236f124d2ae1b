"""Narrative rules on real corpus documents: the publisher errors a reviewer confirmed are reported,
and the readings that once produced false errors stay quiet.

Every expectation was checked by hand against the printed page named in the comment.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Finding
from disclosure_validate.context import Context
from disclosure_validate.validation import default_rule_set, run_rules

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}"),
]
COURT_19 = "jiangsu_province/江苏省高级人民法院/江苏省高级人民法院2019年度部门预算公开.pdf"
PROCURATORATE_18 = "jiangsu_province/江苏省人民检察院/2018年省检察院部门预算公开.pdf"
PROCURATORATE_19 = "jiangsu_province/江苏省人民检察院/2019年度部门预算公开.pdf"
CPPCC_18 = "jiangsu_province/江苏省政协办公厅/江苏省政协办公厅2018年度部门预算.pdf"
PLANNING_24 = "shanghai_putuo/上海市普陀区规划和自然资源局2024年度部门决算.pdf"
NPC_18 = "jiangsu_province/江苏省人大办公厅/省人大办公厅2018预算公开.pdf"


Of = Callable[..., list[Finding]]


@pytest.fixture
def of(parsed_pdf: Callable[[Path], ParsedPayload]) -> Of:
    """`of(name, rule, severity=None)`: that rule's findings on a corpus document under the rule set."""

    def select(name: str, rule: str, severity: str | None = None) -> list[Finding]:
        found = run_rules(Context(parsed_pdf(CORPUS / name)), default_rule_set())
        return [f for f in found if f.rule == rule and (severity is None or f.severity == severity)]

    return select


def test_three_public_shares_are_taken_of_the_three_public_total(of: Of) -> None:
    # 省高院2019 p23: 160 / 266.8 / 86.95 万元 "占“三公”经费的" 31.14% / 51.93% / 16.93% (of 513.75).
    # 16.93 is one unit above 16.92: printed so the three add up to 100%, which is rounding, not an error.
    shares = of(COURT_19, "N-03")
    assert [(f.severity, f.actual) for f in shares] == [("info", Decimal("16.93"))]
    # 政协2018 p14: 106 / 156.60 / 412.50 of 675.10 = 15.70% / 23.20% / 61.10%, all as printed
    assert not [f for f in of(CPPCC_18, "N-03") if "三公" in f.evidence[0].text]


def test_a_category_subtotal_is_not_read_as_the_department_total(of: Of) -> None:
    # 省检察院2018 p26: "检察（款）: 2018 年预算支出合计 16,444.36 万元" is that 款's total
    assert not of(PROCURATORATE_18, "N-01", "error")


def test_a_wrong_growth_rate_is_an_error(of: Of) -> None:
    # 省检察院2018 p26: 一般行政管理事务 3,666 万元, 比上年增加 21.8 万元, 增长 0.06%: 21.8 / 3644.2 = 0.60%
    [wrong] = [f for f in of(PROCURATORATE_18, "N-02", "error") if f.actual == Decimal("0.06")]
    assert (wrong.expected, wrong.probable_cause, wrong.location.page) == (Decimal("0.60"), "source", 26)


def test_all_funds_class_amount_may_match_the_summary_table(of: Of) -> None:
    # 省检察院2018 p24: "支出预算总计…公共安全（类）支出 16,458.75" = 公开01表 公共安全支出 (all funds)
    assert not of(PROCURATORATE_18, "N-05", "error")


def test_item_budgets_are_not_summed_when_an_item_did_not_resolve(of: Of) -> None:
    # 规划和自然资源局2024 p21: two 项 headings name items differently from the tables, so the Σ of
    # resolved items (10164.45) is not the whole; all 13 items do add up to the stated 10210.34.
    assert not of(PLANNING_24, "N-06", "error")
    # p24: the 一般公共预算财政拨款基本支出 heading states the all-funds 5,377.64; 公开05表 prints 5,364.75
    basic = [f for f in of(PLANNING_24, "N-04", "error") if f.location.column == "basic"]
    assert [(f.expected, f.actual) for f in basic] == [(Decimal("5364.75"), Decimal("5377.64"))]


def test_a_listed_share_is_taken_of_the_list_head(of: Of) -> None:
    # 政协2018 p10: "本年支出预算合计 10,150.48 万元，其中：基本支出 5,678.17 万元，占 55.94%；项目支出
    # 3,314.68 万元，占 32.66%；单位预留机动经费 1,157.63 万元，占 11.40%" (1157.63 / 10150.48 = 11.40%);
    # p13: "一般公共预算财政拨款支出预算 10,070.48 万元，占本年支出合计的 99.21%" (of 10150.48)
    assert not of(CPPCC_18, "N-03")


def test_a_three_public_part_share_is_taken_of_the_three_public_total(of: Of) -> None:
    # 规划和自然资源局2024 p25: "“三公”经费财政拨款支出决算中，…公务接待费支出决算 0.39 万元，占 100.00%"
    assert not of(PLANNING_24, "N-03", "warning")


def test_a_subject_labelled_with_the_wrong_level_is_named_so(of: Of) -> None:
    # 省人大办公厅2018 p25: "行政事业单位离退休（类）…" and "住房改革支出（类）…": both are 款 names
    # (20805, 22102); the 类 are 208 社会保障和就业支出 and 221 住房保障支出
    found = of(NPC_18, "subject-name-mismatch")
    assert [(f.location.row, f.severity) for f in found] == [("208", "warning"), ("221", "warning")]
    assert "款级科目“行政事业单位离退休”（20805）标成了类" in found[0].message


CPPCC_19_TEXT = "jiangsu_province/江苏省政协办公厅/江苏省政协办公厅2019年度部门预算.pdf"
CPPCC_19_TABLES = "jiangsu_province/江苏省政协办公厅/江苏省政协办公厅2019年预算公开表.pdf"


def test_a_narrative_is_checked_against_its_companion_tables_file(
    parsed_pdf: Callable[[Path], ParsedPayload],
) -> None:
    # 政协2019 publishes its narrative (p7 "收入、支出预算总计 13,377.11 万元") and its tables (公开01表
    # 收入合计 13,377.11) as two files; edited to 13,387.11 the narrative disagrees with the tables file
    text, tables = parsed_pdf(CORPUS / CPPCC_19_TEXT), parsed_pdf(CORPUS / CPPCC_19_TABLES)
    claims = [
        c.model_copy(update={"value": Decimal("13387.11")})
        if c.subject == "收入总计" and c.kind == "amount" and c.value == Decimal("13377.11")
        else c
        for c in text.claims
    ]
    edited = text.model_copy(update={"claims": claims})
    rules = default_rule_set()
    assert not [f for f in run_rules(Context(edited), rules) if f.rule == "N-01"]
    found = [f for f in run_rules(Context(edited, [tables]), rules) if f.rule == "N-01"]
    assert found and {(f.expected, f.actual, f.severity) for f in found} == {
        (Decimal("13377.11"), Decimal("13387.11"), "error")
    }
    assert "江苏省政协办公厅2019年预算公开表.pdf" in found[0].evidence[-1].text
    # as published, the two files agree on every narrative figure the rules read
    published = run_rules(Context(text, [tables]), rules)
    assert not [f for f in published if f.severity == "error" and f.rule.startswith("N-")]


def test_prior_year_class_amount_may_be_the_all_funds_figure(
    parsed_pdf: Callable[[Path], ParsedPayload],
) -> None:
    # 省检察院2019 p25 "公共安全（类）…比上年增加…" implies 2018 = 16,458.75, the all-funds 公共安全 of
    # 2018's 公开01表; 2018's 一般公共预算 table prints 16,444.36. Either figure is last year's.
    now, before = parsed_pdf(CORPUS / PROCURATORATE_19), parsed_pdf(CORPUS / PROCURATORATE_18)
    found = run_rules(Context(now, [before]), default_rule_set())
    assert not [f for f in found if f.rule == "prior-year-figure" and f.location.row == "204"]
