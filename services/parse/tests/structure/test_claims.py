"""Narrative claims (SPEC §3.3): numbers stated in the 情况说明 part, with subject, code, unit, page.

Expected values were read off the seed line cited next to each assertion (`001:L430` = seed 001,
line 430) or off the printed PDF page (pdfplumber `extract_text()` of the page named), not from
the extractor's output.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from disclosure_parse.structure.claims.extract import extract_claims
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_shared.events import PageText
from disclosure_shared.records import Claim

ROOT = Path(__file__).resolve().parents[4].parent / "shared"
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "corpus"
D = Decimal
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed texts not found at {SEEDS}")
_corpus_present = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")


def needs_corpus(test: Callable[[], None]) -> Callable[[], None]:
    return pytest.mark.corpus(_corpus_present(test))


SOCIAL_WORK = "shanghai_putuo/中共上海市普陀区委社会工作部2024年度部门决算.pdf"
WANLI_25 = "shanghai_putuo/上海市普陀区人民政府万里街道办事处25年预算.pdf"
COURT_19 = "jiangsu_province/江苏省高级人民法院/江苏省高级人民法院2019年度部门预算公开.pdf"
CPPCC_18 = "jiangsu_province/江苏省政协办公厅/江苏省政协办公厅2018年度部门预算.pdf"


@cache
def seed(prefix: str) -> tuple[Claim, ...]:
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    parsed = parse_disclosure(text.encode(), "text/plain", [PageText(number=1, text=text)])
    return tuple(extract_claims([text], parsed.tables))


@cache
def pdf(name: str) -> tuple[Claim, ...]:
    path = CORPUS / name
    with pdfplumber.open(path) as document:
        texts = [page.extract_text() or "" for page in document.pages]
    pages = [PageText(number=i + 1, text=t) for i, t in enumerate(texts)]
    parsed = parse_disclosure(path.read_bytes(), "application/pdf", pages)
    return tuple(extract_claims(texts, parsed.tables))


_UNIT = {"wan_yuan": "万元", "yuan": "元", "percent": "%", "count": ""}
_SIGN = {"increase": "+", "decrease": "-", None: ""}


def facts(claims: tuple[Claim, ...], subject: str, contains: str = "") -> list[str]:
    """The claims about `subject` (read from text holding `contains`) as "change +709.32万元"."""
    return [
        f"{c.kind} {_SIGN[c.direction]}{c.value}{_UNIT[c.unit]}"
        for c in claims
        if c.subject == subject and contains.replace(" ", "") in c.text.replace(" ", "")
    ]


def one(claims: tuple[Claim, ...], subject: str, contains: str = "") -> Claim:
    found = [c for c in claims if c.subject == subject and contains in c.text]
    assert found, f"no claim about {subject} in text containing {contains!r}"
    return found[0]


# --- synthetic sentences: the reading rules on their own -------------------------------------------


def test_change_in_wan_yuan_and_percent() -> None:
    text = "三、支出决算情况说明\n本年支出合计1,234.56万元，较上年增加12.34万元，增长5.6%。"
    assert facts(tuple(extract_claims([text])), "支出合计") == [
        "amount 1234.56万元",
        "change +12.34万元",
        "change +5.6%",
    ]


def test_flat_statement_is_a_zero_change_and_years_are_not_amounts() -> None:
    text = "七、“三公”经费支出情况说明\n2024年“三公”经费预算8040元，与2023年持平。"
    claims = tuple(extract_claims([text]))
    assert facts(claims, "三公经费") == ["amount 8040元", "change 0万元"]
    assert all(c.value not in (D(2023), D(2024)) for c in claims)


def test_number_and_unit_split_over_pages_keep_the_page_of_the_number() -> None:
    pages = ["一、收入支出决算总体情况说明\n本年收入合计307.82", "万元，占本年收入\n100.00%。"]
    claims = extract_claims(pages)
    assert [(c.kind, c.value, c.page) for c in claims] == [
        ("amount", D("307.82"), 1),
        ("share", D("100.00"), 2),
    ]


# --- seed 001: 武汉市硚口区大数据中心 2023 年度部门决算 ---------------------------------------------


@needs_seeds
def test_seed_001_totals() -> None:
    claims = seed("001")
    # 001:L430 "2023 年度收、支总计均为 2,098.74 万元。与 2022 年度相比，收、支总计各增加 709.32 万元，
    #           增长 51.1%"
    for subject in ("收入总计", "支出总计"):
        assert facts(claims, subject)[:3] == ["amount 2098.74万元", "change +709.32万元", "change +51.1%"]
    # 001:L439-441 "2023 年度收入合计 2,098.74 万元，…收入" / "合计增加 709.32 万元，增长 51.1%"
    assert facts(claims, "收入合计") == ["amount 2098.74万元", "change +709.32万元", "change +51.1%"]
    # 001:L441 "其中：财政拨款收入 2,098.74 万元，占本年收入 100%。"
    assert facts(claims, "财政拨款收入") == ["amount 2098.74万元", "share 100%"]
    assert all(c.page == 1 for c in claims)
    assert not [c for c in claims if c.value in (D(2022), D(2023))]  # years are never amounts


@needs_seeds
def test_seed_001_function_subjects_get_codes_from_the_tables() -> None:
    claims = seed("001")
    # 001:L493 "1. 一般公共服务支出(类)政府办公厅（室）及相关机构事务(款)事业运行(项)。
    #           年初预算为 292.27 万元，支出决算为 261.74 万元，完成年初预算的 89.6%"
    subject = "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）"
    assert one(claims, subject).code == "2010350"
    assert facts(claims, subject) == ["amount 292.27万元", "amount 261.74万元", "completion 89.6%"]
    # 001:L495-497 "2. 社会保障和就业支出(类)行政事业单位养老支出(款)机关" /
    #               "事业单位基本养老保险缴费支出(项)。"
    pension = "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）"
    assert one(claims, pension).code == "2080505"
    # 001:L479 "1. 一般公共服务（类）支出 261.74 万元，占 12.5%。"
    assert one(claims, "一般公共服务（类）").code == "201"
    assert facts(claims, "一般公共服务（类）") == ["amount 261.74万元", "share 12.5%"]


@needs_seeds
def test_seed_001_three_public_procurement_vehicles() -> None:
    claims = seed("001")
    # 001:L535 "“三公”经费财政拨款支出全年预算为 0.81 万元，支出决算为 0 万元，完成全年预算的 0%。
    #           较上年无增减。"
    assert facts(claims, "三公经费") == ["amount 0.81万元", "amount 0万元", "completion 0%", "change 0万元"]
    # 001:L549 "3. 公务接待费全年预算为 0.81 万元，支出决算为 0 万元，完成全年预算的 0%，较上年无增减。"
    assert facts(claims, "公务接待费", "3. 公务接待费全年预算") == [
        "amount 0.81万元",
        "amount 0万元",
        "completion 0%",
        "change 0万元",
    ]
    # 001:L557 "十、机关运行经费支出说明" / "无。"
    assert facts(claims, "机关运行经费") == []
    # 001:L561 "政府采购支出总额 177.08 万元，其中：政府采购货物支出 0.32 万元、…
    #           政府采购服务支出 176.76 万元。授予中小企业合同金额 116.92 万元，占政府采购支出总额的 66%"
    assert facts(claims, "政府采购") == ["amount 177.08万元"]
    assert facts(claims, "政府采购货物") == ["amount 0.32万元"]
    assert facts(claims, "政府采购服务") == ["amount 176.76万元"]
    assert "share 66%" in facts(claims, "授予中小企业合同金额")
    # 001:L547 "开支财政拨款的公务用车保有量为 0 辆。"
    # 001:L567 "部门（单位）共有车辆 0 辆，…执法执勤用车 0 辆"
    assert facts(claims, "公务用车保有量") == ["count 0"]
    assert facts(claims, "车辆") == ["count 0"]
    assert facts(claims, "执法执勤用车") == ["count 0"]
    # 001:L567 "单位价值 100 万元以上设备 2 台（套）": the 100 万元 threshold is not an amount
    assert not [c for c in claims if c.value == D(100) and c.unit == "wan_yuan"]


# --- seed 000: 武汉经济技术开发区（汉南区）大数据中心 2023 年部门预算 -------------------------------


@needs_seeds
def test_seed_000_totals_and_decomposition() -> None:
    claims = seed("000")
    # 000:L1271 "2023 年收支总预算 1930.07 万元，比 2022 年预算减少 720.59 万元，下降 27.19%，主要是由于
    #            公用经费减少 5.39 万元，…人员经费增加 45.74 万元"
    for subject in ("收入总计", "支出总计"):
        assert facts(claims, subject)[:3] == ["amount 1930.07万元", "change -720.59万元", "change -27.19%"]
    assert facts(claims, "公用经费", "收支总预算")[0] == "change -5.39万元"
    assert facts(claims, "人员经费", "收支总预算") == ["change +45.74万元"]
    # 000:L1277 "2023 年支出预算 1930.07 万元。其中：基本支出 583.68 万元，占 30.24%"
    assert facts(claims, "支出合计") == ["amount 1930.07万元"]
    assert facts(claims, "基本支出", "占 30.24%") == ["amount 583.68万元", "share 30.24%"]


@needs_seeds
def test_seed_000_function_subjects() -> None:
    claims = seed("000")
    # 000:L1297 "1. 一般公共服务支出（类）政府办公厅（室）及相关机构事务支出（款）事业运行（项）534.03 万元，
    #            比 2022 年预算增加 44.93 万元，增长 9.19%"
    subject = "一般公共服务支出（类）政府办公厅（室）及相关机构事务支出（款）事业运行（项）"
    assert one(claims, subject).code == "2010350"
    assert facts(claims, subject) == ["amount 534.03万元", "change +44.93万元", "change +9.19%"]
    # 000:L1303 "…机关事业单位基本养老保险缴费支出（项）24.72 万元，比 2022 年预算增加 2.1 万元，增加 9.28%"
    pension = "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）"
    assert one(claims, pension).code == "2080505"
    assert facts(claims, pension) == ["amount 24.72万元", "change +2.1万元", "change +9.28%"]


@needs_seeds
def test_seed_000_other_sections() -> None:
    claims = seed("000")
    # 000:L1329 "2023 年一般公共预算安排“三公”经费支出预算 2 万元，其中：公务接待费 2 万元。
    #            2023 年一般公共预算“三公”经费预算与 2022 年持平。"
    assert facts(claims, "三公经费") == ["amount 2万元", "change 0万元"]
    assert facts(claims, "公务接待费") == ["amount 2万元"]
    # 000:L1365 "2023 年机关运行经费 97 万元（即公用经费）。"
    assert facts(claims, "机关运行经费") == ["amount 97万元"]
    # 000:L1369-1371 "政府采购预算支出合计 1130.99 万元。包括：货物类 8040 元，服务类 1130.19 万元。"
    assert facts(claims, "政府采购") == ["amount 1130.99万元"]
    assert facts(claims, "政府采购货物") == ["amount 8040元"]
    assert facts(claims, "政府采购服务") == ["amount 1130.19万元"]
    # 000:L1381 "主要实物资产为：通用设备 48 台"
    assert facts(claims, "通用设备")[0] == "count 48"


# --- corpus PDFs -------------------------------------------------------------------------------------


@needs_corpus
def test_pdf_final_accounts_social_work() -> None:
    claims = pdf(SOCIAL_WORK)
    # p17 "…2024年度收入支出总计307.82" / "万元。与 2023 年度相比，收入支出总计增加 307.82 万元，增长" /
    #     "100.00%。"
    assert facts(claims, "收入总计") == ["amount 307.82万元", "change +307.82万元", "change +100.00%"]
    assert one(claims, "收入总计").page == 17
    # p17-18 "一般公共预算财政拨款支出 307.82 万元，占本年支出合计的" / (p18) "100.00%。"
    share = [c for c in claims if c.subject == "一般公共预算财政拨款支出" and c.kind == "share"]
    assert [(c.value, c.page) for c in share] == [(D("100.00"), 18)]
    # p18 "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。…全年预算为 52.00 万元，" /
    #     "支出决算为 51.32 万元，完成全年预算数的 98.69%。"
    subject = "一般公共服务支出（类）社会工作事务（款）行政运行（项）"
    assert one(claims, subject).code == "2013901"
    assert facts(claims, subject) == ["amount 52.00万元", "amount 51.32万元", "completion 98.69%"]
    # p20 "…2024 年度无“三公”经费财政拨款支出。": nothing to claim
    assert [c for c in claims if "三公" in c.subject or c.subject == "公务接待费"] == []
    # p21 "机关运行经费支出 10.23 万元，比 2023 年度增加 10.23 万元，" / "增长 100.00%。"
    assert facts(claims, "机关运行经费") == ["amount 10.23万元", "change +10.23万元", "change +100.00%"]
    # p22 "政府采购金额（以合" / "同签订为准）为 21.07 万元，其中：货物采购金额 21.07 万元、工" /
    #     "程采购金额 0 万元"
    assert facts(claims, "政府采购") == ["amount 21.07万元"]
    assert facts(claims, "政府采购货物") == ["amount 21.07万元"]
    # p22 "共有" / "车辆 0 辆，其中：…执法执勤用车 0 辆、特种" / "专业技术用车 0 辆"
    assert facts(claims, "车辆") == ["count 0"]
    assert facts(claims, "特种专业技术用车") == ["count 0"]
    assert one(claims, "车辆").page == 22


@needs_corpus
def test_pdf_budget_wanli_2025() -> None:
    claims = pdf(WANLI_25)
    # p6 "收入预算18,976.76万元，其中：财政拨款收入18,976.76万元，比2024年预算增加" / "3,355.65万元"
    assert facts(claims, "财政拨款收入") == ["amount 18976.76万元", "change +3355.65万元"]
    # p6 "1. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目43.83万元"
    subject = "一般公共服务支出（类）统计信息事务（款）专项普查活动（项）"
    assert one(claims, subject).code == "2010507"
    assert facts(claims, subject) == ["amount 43.83万元"]
    # p30 "2025年“三公”经费预算数为37.91万元，比2024年预算减少10万元。"
    assert facts(claims, "三公经费") == ["amount 37.91万元", "change -10万元"]
    # p30 "公务用车运行费21.56万元，" / "比2024年预算持平"
    assert facts(claims, "公务用车运行维护费") == ["amount 21.56万元", "change 0万元"]
    # p30 "财政拨款的机关运行经费预算为464.64万元"
    assert facts(claims, "机关运行经费") == ["amount 464.64万元"]
    # p30 "2025年本部门政府采购预算4821.20万元，其中：政府采购货物预算57.43万元、政府采购工程预算3780.72万元"
    assert facts(claims, "政府采购") == ["amount 4821.20万元"]
    assert facts(claims, "政府采购工程") == ["amount 3780.72万元"]
    # p30 "共有车辆8辆，其中：…其他用车8辆"; "2025年部门预算安排购置车辆1辆"
    assert facts(claims, "车辆") == ["count 8"]
    assert facts(claims, "车辆购置") == ["count 1"]
    assert one(claims, "车辆").page == 30


@needs_corpus
def test_pdf_budget_court_2019_class_from_heading() -> None:
    claims = pdf(COURT_19)
    # p17 "江苏省高级人民法院 2019 年度收入、支出预算总计 37188.34" / "万元，与上年相比收、支预算总计各增加
    #      4016.19 万元，增长 12.11%。"
    assert facts(claims, "支出总计")[:3] == ["amount 37188.34万元", "change +4016.19万元", "change +12.11%"]
    # p20 "（一）公共安全（类）" / "1．法院（款）行政运行（项）支出 17279.29 万元，与上年相" /
    #     "比增加 2421.68 万元，增长 16.30%。": the 类 comes from the heading
    subject = "公共安全（类）法院（款）行政运行（项）"
    assert one(claims, subject).code == "2040501"
    assert facts(claims, subject) == ["amount 17279.29万元", "change +2421.68万元", "change +16.30%"]
    # p23 "因公出国（境）费支出 160 万元，占“三公”" / "经费的 31.14%"
    assert facts(claims, "因公出国（境）费")[:2] == ["amount 160万元", "share 31.14%"]
    # p25 "本部门共有车辆 66 辆，其中，一般公务用车 13 辆、执法执勤" / "用车 38 辆"
    assert facts(claims, "车辆") == ["count 66"]
    assert facts(claims, "执法执勤用车") == ["count 38"]


@needs_corpus
def test_pdf_one_income_source_total_is_not_the_document_total() -> None:
    # 政协2018 p8: "（一）收入预算总计 10,150.48 万元。… 3.其他资金收入预算总计 80 万元，与上年数一致。"
    claims = pdf(CPPCC_18)
    assert facts(claims, "收入总计", "收入预算总计") == ["amount 10150.48万元"]
    assert facts(claims, "其他资金收入预算", "其他资金收入预算总计") == ["amount 80万元", "change 0万元"]
