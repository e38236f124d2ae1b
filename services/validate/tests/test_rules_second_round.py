"""Issue 16, second round, on real corpus pages: the procurement outline read by its printed levels,
last year's figure from last year's narrative, every coded subject mention, and the narrative
amounts whose subject the tables print outside the SPEC rules' reach.

Every expectation was checked by hand against the printed page named in the comment.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Table
from disclosure_validate.context import Context
from services.validate.tests.rule_testing import edit_text, run

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}"),
]
COURT = "jiangsu_province/江苏省高级人民法院/"
COURT_17 = COURT + "省法院2017年度部门预算公开.pdf"
COURT_18 = COURT + "省法院2018年度部门预算公开.pdf"
NPC_TABLES_19 = "jiangsu_province/江苏省人大办公厅/江苏省人大常委会办公厅2019年部门预算公开表.pdf"
CPPCC_19 = "jiangsu_province/江苏省政协办公厅/江苏省政协办公厅2019年度部门预算.pdf"
CPPCC_TABLES_19 = "jiangsu_province/江苏省政协办公厅/江苏省政协办公厅2019年预算公开表.pdf"

Parsed = Callable[[Path], ParsedPayload]


def _with_cell(payload: ParsedPayload, page: int, label: str, old: str, new: str) -> ParsedPayload:
    """The procurement table as if the first line labelled `label` on `page` and printing `old`
    printed `new`."""

    def table(t: Table) -> Table:
        if t.kind != "government_procurement":
            return t
        rows = [*t.rows]
        at = next(
            i
            for i, r in enumerate(rows)
            if r.page == page
            and label in {r.name, *r.attributes.values()}
            and Decimal(old) in r.values.values()
        )
        values = {k: (Decimal(new) if v == Decimal(old) else v) for k, v in rows[at].values.items()}
        rows[at] = rows[at].model_copy(update={"values": values})
        return t.model_copy(update={"rows": rows})

    return payload.model_copy(update={"tables": [table(t) for t in payload.tables]})


def test_procurement_lines_add_up_under_their_printed_levels(parsed_pdf: Parsed) -> None:
    # 省高院2017 表12 p18: 维修（护）费 90.00 = 分散自行组织 50.00 + 40.00 (the 采购组织形式 column).
    record = parsed_pdf(CORPUS / COURT_17)
    assert run("item-group-sums", record) == []
    [found] = run("item-group-sums", _with_cell(record, 18, "分散自行组织", "50.00", "55.00"))
    assert (found.severity, found.actual, found.expected) == ("warning", Decimal("90.00"), Decimal("95.00"))
    assert found.location.row == "维修（护）费" and found.location.page == 18
    assert any("55.00" in e.text for e in found.evidence)


def test_a_page_break_under_another_column_layout_is_not_judged(parsed_pdf: Parsed) -> None:
    # 省高院2017 p17 ends with 应用软件购建费 606.00 (printed in the 4th column); its 部门集中采购
    # 606.00 opens p18 under the 金额 column. Lines may be lost at such a break: not judged.
    record = parsed_pdf(CORPUS / COURT_17)
    assert run("item-group-sums", _with_cell(record, 18, "部门集中采购", "606.00", "600.00")) == []


def test_last_year_s_figure_stated_in_last_year_s_narrative(parsed_pdf: Parsed) -> None:
    # 省高院2018 p19: 一般行政事务管理（项）6049.97 万元，"与上年相比减少 392.92 万元" → 6442.89;
    # 省高院2017 p21 states that 项 as 6432.89 万元. A real difference of 10 万元 (warning).
    this_year, last_year = parsed_pdf(CORPUS / COURT_18), parsed_pdf(CORPUS / COURT_17)
    from disclosure_validate.catalog import registered_check

    found = list(registered_check("prior-year-figure")(Context(this_year, [last_year])))
    [item] = [f for f in found if "一般行政事务管理" in (f.location.row or "")]
    assert (item.severity, item.actual, item.expected) == ("warning", Decimal("6442.89"), Decimal("6432.89"))
    assert "2017" in item.evidence[-1].text and "6432.89" in item.evidence[-1].text


def test_no_prior_year_reading_of_a_not_comparable_statement(parsed_pdf: Parsed) -> None:
    # 省高院2018 p24: "上年机关运行经费统计口径…故上下年数据无可比性" is no "持平".
    this_year, last_year = parsed_pdf(CORPUS / COURT_18), parsed_pdf(CORPUS / COURT_17)
    from disclosure_validate.catalog import registered_check

    found = list(registered_check("prior-year-figure")(Context(this_year, [last_year])))
    assert not [f for f in found if f.location.row == "机关运行经费"]


def test_coded_mentions_of_a_table_page_agree_with_the_table(parsed_pdf: Parsed) -> None:
    # 人大常委会办公厅2019 公开表 p7: "201 一般公共服务支出 …"; printed as 251 the code is no table's.
    record = parsed_pdf(CORPUS / NPC_TABLES_19)
    assert run("code-name-mismatch", record) == []
    [found] = run("code-name-mismatch", edit_text(record, "201 一般公共服务支出", "251 一般公共服务支出"))
    assert found.severity == "warning" and found.location.row == "201"
    assert "251 一般公共服务支出" in found.message


def test_training_costs_stated_against_the_three_public_table(parsed_pdf: Parsed) -> None:
    # 政协办公厅2019 p16 "培训费预算支出 281.77 万元"; 公开09表 prints 培训费 281.77 in its own
    # column (no row is named 培训费). Its tables are the companion file's.
    narrative, tables = parsed_pdf(CORPUS / CPPCC_19), parsed_pdf(CORPUS / CPPCC_TABLES_19)
    joined = narrative.model_copy(update={"tables": tables.tables})
    rule = "stated-subject-figure"
    assert run(rule, joined) == []
    edited = edit_text(joined, "281.77", "281.87")
    claims = [
        c.model_copy(update={"value": Decimal("281.87")}) if c.value == Decimal("281.77") else c
        for c in edited.claims
    ]
    [found] = run(rule, edited.model_copy(update={"claims": claims}))
    assert (found.severity, found.expected, found.actual) == ("warning", Decimal("281.77"), Decimal("281.87"))
    assert found.location.column == "training"


def test_a_source_of_income_stated_against_the_revenue_rows(parsed_pdf: Parsed) -> None:
    # 政协办公厅2019 p10 "3.其他资金收入预算总计 80 万元"; 收支预算总表 三、其他资金 80.00.
    narrative, tables = parsed_pdf(CORPUS / CPPCC_19), parsed_pdf(CORPUS / CPPCC_TABLES_19)
    joined = narrative.model_copy(update={"tables": tables.tables})
    claims = [
        c.model_copy(update={"value": Decimal(81)}) if c.subject == "其他资金收入预算" else c
        for c in joined.claims
    ]
    found = run("stated-subject-figure", joined.model_copy(update={"claims": claims}))
    assert [(f.expected, f.actual, f.location.page) for f in found] == [(Decimal("80.00"), Decimal(81), 10)]


def test_reason_amounts_add_up_to_the_change_they_explain(parsed_pdf: Parsed) -> None:
    # 省高院2019 p17–18: "增加4016.19 万元，增长 12.11%。主要原因是基本支出增加…3397.18 万元、项目经费支出
    # 安排减少 1134.33 万元、单位预留机动经费增加 1753.34 万元" (the sentence runs over the page number 17).
    record = parsed_pdf(CORPUS / (COURT + "江苏省高级人民法院2019年度部门预算公开.pdf"))
    assert run("reason-amounts-sum", record) == []
    edited = edit_text(record, "单位预留机动经费增加 1753.34", "单位预留机动经费增加 1759.34")
    found = run("reason-amounts-sum", edited)
    assert {(f.severity, f.expected, f.actual) for f in found} == {
        ("error", Decimal("4016.19"), Decimal("4022.19"))
    }
    assert all("1759.34" in f.evidence[0].text for f in found)


def test_a_rate_read_from_its_sentence_when_the_claims_hold_only_the_rate(parsed_pdf: Parsed) -> None:
    # 省委办公厅2017 p6: "预算总计 20849.45 万元，与上年相比收、支预算总计各增加 2043.58 万元，增长10.87%"
    # (2043.58 / 18805.87 = 10.867%); the claims carry the two rates but not the change.
    record = parsed_pdf(CORPUS / "jiangsu_province/江苏省委办公厅/江苏省委办公厅2017年部门预算.pdf")
    assert not [f for f in run("N-02", record) if f.location.page == 6]
    edited = edit_text(record, "增长10.87%", "增长10.37%")
    claims = [
        c.model_copy(update={"value": Decimal("10.37")}) if c.value == Decimal("10.87") else c
        for c in edited.claims
    ]
    found = [f for f in run("N-02", edited.model_copy(update={"claims": claims})) if f.location.page == 6]
    assert [(f.severity, f.expected, f.actual) for f in found] == [
        ("error", Decimal("10.87"), Decimal("10.37"))
    ]


PROCURATORATE = "jiangsu_province/江苏省人民检察院/"


def _with_revenue_line(payload: ParsedPayload, name: str, value: str) -> ParsedPayload:
    def table(t: Table) -> Table:
        if t.kind != "revenue":
            return t
        rows = [
            r.model_copy(update={"values": {"total": Decimal(value)}}) if r.name == name else r
            for r in t.rows
        ]
        return t.model_copy(update={"rows": rows})

    return payload.model_copy(update={"tables": [table(t) for t in payload.tables]})


def test_a_one_column_revenue_outline_adds_up(parsed_pdf: Parsed) -> None:
    # 省检察院2019 公开02表 p15: 收入总计 24169.74 = 一般公共预算资金 24169.74 = 公共财政拨款（补助）资金
    # 24169.74 + 专项收入 (blank).
    record = parsed_pdf(CORPUS / (PROCURATORATE + "2019年度部门预算公开.pdf"))
    assert run("revenue-outline-sums", record) == []
    [found] = run("revenue-outline-sums", _with_revenue_line(record, "公共财政拨款（补助）资金", "24169.34"))
    assert (found.severity, found.location.row, found.expected, found.actual) == (
        "warning",
        "一般公共预算资金",
        Decimal("24169.34"),
        Decimal("24169.74"),
    )


def test_the_current_year_subtotal_under_the_grand_total(parsed_pdf: Parsed) -> None:
    # 省高院2017 表二 p12: 收入总计 28849.38, 小计 28849.38 = 一般公共预算资金 28849.38 (+ blanks).
    record = parsed_pdf(CORPUS / COURT_17)
    assert run("revenue-outline-sums", record) == []
    found = run("revenue-outline-sums", _with_revenue_line(record, "小计", "22849.38"))
    assert [(f.location.row, f.actual) for f in found] == [("小计", Decimal("22849.38"))]


def test_a_revenue_outline_with_shifted_subtotals_is_not_judged(parsed_pdf: Parsed) -> None:
    # 省检察院2018 公开02表 p14: 其他资金's 14.39 is read beside "小计事业收入", 其他资金 blank: the
    # lines cannot be trusted, so 收入总计 21955.35 is not compared with the sources as read.
    record = parsed_pdf(CORPUS / (PROCURATORATE + "2018年省检察院部门预算公开.pdf"))
    assert run("revenue-outline-sums", record) == []


PLANNING_24 = "shanghai_putuo/上海市普陀区规划和自然资源局2024年度部门决算.pdf"


def test_visit_counts_agree_with_each_other(parsed_pdf: Parsed) -> None:
    # 规划和自然资源局2024 p26: "团组 0 个、累计 0 人次";
    # "公务接待 2 批次、26 人次，其中：接待外宾 0 批次、0 人次".
    record = parsed_pdf(CORPUS / PLANNING_24)
    rule = "visit-counts-consistent"
    assert run(rule, record) == []
    [found] = run(rule, edit_text(record, "团组 0 个", "团组 1 个"))
    assert found.severity == "error" and found.location.page == 26 and "1 个（批次）、0 人次" in found.message
    found = run(rule, edit_text(record, "接待外宾 0 批次", "接待外宾 4 批次"))
    assert {f.message for f in found} == {
        "说明所列 4 个（批次）、0 人次，一方为零而另一方不为零。",
        "说明“其中”所列 4 个（批次）、0 人次，超过总数 2 个（批次）、26 人次。",
    }


NPC_18 = "jiangsu_province/江苏省人大办公厅/省人大办公厅2018预算公开.pdf"


def test_projects_and_their_funds_are_zero_together(parsed_pdf: Parsed) -> None:
    # 省人大办公厅2018 p29: "2018年本部门共 0 个项目实行绩效目标管理，涉及财政性资金合计 0 万元";
    # "国有资本经营预算收入为 0 万元，与上年相比增加（减少） 0 万元，增长（降低） 0 %".
    record = parsed_pdf(CORPUS / NPC_18)
    rule = "zero-stated-together"
    assert run(rule, record) == []
    [found] = run(rule, edit_text(record, "共 0 个项目", "共 2 个项目"))
    assert (found.severity, found.location.page) == ("error", 29) and "2 个项目" in found.message
    [found] = run(rule, edit_text(record, "增长（降低） 0 %", "增长（降低） 9 %"))
    assert "增减率却为 9%" in found.message


def test_vehicles_to_buy_add_up_by_kind(parsed_pdf: Parsed) -> None:
    # 万里街道 2024 p32: "2024年部门预算安排购置车辆1辆，其中：部级领导干部用车0辆、…其他用车1辆".
    record = parsed_pdf(CORPUS / "shanghai_putuo/上海市普陀区人民政府万里街道办事处24年预算.pdf")
    assert run("vehicle-count-sum", record) == []
    [found] = run("vehicle-count-sum", edit_text(record, "其他用车1辆；部门", "其他用车6辆；部门"))
    assert (found.expected, found.actual) == (6, 1) and found.message.startswith("安排购置车辆 1 辆")


def test_a_class_named_without_its_code_against_the_function_tables(parsed_pdf: Parsed) -> None:
    # 政协办公厅2019 p10 "2.社会保障和就业（类）支出 858.51 万元" (208 in 公开07表); "一般公共服务（类）
    # 支出 10,271.56 万元" is the all-funds 201 of 收支预算总表 (10191.56 in 公开07表): no finding.
    narrative, tables = parsed_pdf(CORPUS / CPPCC_19), parsed_pdf(CORPUS / CPPCC_TABLES_19)
    joined = narrative.model_copy(update={"tables": tables.tables})
    claims = [
        c.model_copy(update={"value": Decimal("858.53")}) if c.value == Decimal("858.51") else c
        for c in joined.claims
    ]
    found = run("stated-subject-figure", joined.model_copy(update={"claims": claims}))
    assert [(f.location.row, f.expected, f.actual) for f in found] == [
        ("208", Decimal("858.51"), Decimal("858.53"))
    ]


def test_a_table_referred_to_by_number_is_that_table(parsed_pdf: Parsed) -> None:
    # 省人大办公厅2018 p27: "按“部门预算公开08表 一般公共预算基本支出预算表”中…填写" (公开 08表 p14 is so
    # titled); 政协办公厅2019 p15 refers to "公开 08 表 财政拨款基本支出预算表", the title of 公开06表.
    rule = "table-reference-title"
    record = parsed_pdf(CORPUS / NPC_18)
    assert run(rule, record) == []
    [found] = run(rule, edit_text(record, "公开08表 一般公共预算基本", "公开07表 一般公共预算基本"))
    assert found.severity == "warning" and found.location.page == 27 and "公开07表为" in found.message
    narrative, tables = parsed_pdf(CORPUS / CPPCC_19), parsed_pdf(CORPUS / CPPCC_TABLES_19)
    [slip] = run(rule, narrative.model_copy(update={"tables": tables.tables}))
    assert slip.location.page == 15 and "“公开08表 财政拨款基本支出预算表”" in slip.message


def test_a_decrease_and_its_rate_read_from_a_sentence_without_a_rate_claim(parsed_pdf: Parsed) -> None:
    # 省检察院2018 p26: "检察监督支出（项） 1,895 万元，与上年相比减少 134 万元，降幅 0.66 %": 134 / 2029
    # = 6.60%, a misplaced decimal point of the publisher (the claims hold no rate for "降幅").
    record = parsed_pdf(CORPUS / (PROCURATORATE + "2018年省检察院部门预算公开.pdf"))
    found = [f for f in run("N-02", record) if "检察监督" in (f.location.row or "")]
    assert [(f.severity, f.expected, f.actual) for f in found] == [
        ("error", Decimal("6.60"), Decimal("0.66"))
    ]
