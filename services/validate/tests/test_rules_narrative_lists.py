"""N-14, N-16, N-17, N-19 on the real seeds: each passes on a published record, reports what the
publisher printed inconsistently, and fires after one value or one phrase is edited. Expected values
are read off the seed lines cited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosure_shared.events import ParsedPayload
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.checks.narrative.lists import economic_code, same_subject
from services.validate.tests.rule_testing import Seed, edit_cell, edit_claims, run


def edit_text(payload: ParsedPayload, printed: str, replacement: str) -> ParsedPayload:
    """As if the publisher had printed `replacement` (the page text these rules read)."""
    assert any(printed in (p.text or "") for p in payload.pages), printed
    pages = [
        p.model_copy(update={"text": (p.text or "").replace(printed, replacement)}) for p in payload.pages
    ]
    return payload.model_copy(update={"pages": pages})


@pytest.mark.parametrize(
    ("rule", "prefix"),
    [
        ("N-14", "000"),  # 000:L1339–1359, ten projects
        ("N-14", "002"),  # 002:L1904–1922, four projects
        ("N-14", "004"),  # 004:L1759–1787, fourteen projects over two units
        ("N-16", "002"),  # 002:L84–90
        ("N-16", "004"),  # 004:L106–110
        ("N-17", "000"),  # 000:L1397ff "主要…如："
        ("N-17", "001"),  # 001:L681–699, the complete list
        ("N-17", "004"),  # 004:L1837–1869
        ("N-19", "001"),  # 001:L519–521
        ("N-19", "004"),  # 004:L1717–1725, L1797
    ],
)
def test_rule_passes_on_the_published_seed(seed: Seed, rule: str, prefix: str) -> None:
    assert run(rule, seed(prefix)) == []


# ---- N-14 ----------------------------------------------------------------------------------------


def test_project_amount_differs_from_the_project_table(seed: Seed) -> None:
    # 000:L1341 "2.视频会议运维项目 37.05 万元"; 附表9 prints 37.05 (000:L347); the claim edited to 37.5
    edited = edit_claims(seed("000"), lambda c: c.subject == "视频会议运维项目", value=Decimal("37.5"))
    [finding] = run("N-14", edited)
    assert (finding.severity, finding.probable_cause) == ("error", "source")
    assert (finding.location.table, finding.location.row) == (
        TableKind.PROJECT_EXPENDITURE,
        "42011323054Y000000102",
    )
    assert (finding.expected, finding.actual) == (Decimal("37.05"), Decimal("37.5"))
    assert "视频会议运维项目" in finding.message and finding.evidence[0].text.startswith("2.视频会议")


def test_loosely_named_project_is_a_warning(seed: Seed) -> None:
    # 000:L1345 "4.区政府门户网站运维运维服务 16 万元" names 附表9 "区政府门户网站运维服务" 16.00
    # (000:L349) only by likeness: a difference there is reported as a warning
    edited = edit_claims(seed("000"), lambda c: c.subject == "区政府门户网站运维运维服务", value=Decimal(17))
    [finding] = run("N-14", edited)
    assert (finding.severity, finding.location.row) == ("warning", "42011323054Y000000104")


def test_project_named_twice_matches_either_unit(seed: Seed) -> None:
    # 004 lists 党政综合事务管理及专业服务项目 2.5 (L1765) and 3.09 (L1785), one per unit (表10 L406, L419)
    assert run("N-14", seed("004")) == []
    edited = edit_claims(
        seed("004"),
        lambda c: c.subject == "党政综合事务管理及专业服务项目" and c.value == Decimal("3.09"),
        value=Decimal("3.9"),
    )
    [finding] = run("N-14", edited)
    assert (finding.expected, finding.actual) == (Decimal("3.09"), Decimal("3.9"))


def test_project_amounts_in_yuan_table(seed: Seed) -> None:
    # 002:L1906 "工作性保人员-网上群众工作部年度费用 248.4 万元"; 表10 prints 2,484,000.00 元 (002:L588–597)
    edited = edit_cell(
        seed("002"), TableKind.PROJECT_EXPENDITURE, "42010724121T000000101", "total", "2494000.00"
    )
    [finding] = run("N-14", edited)
    assert (finding.expected, finding.actual) == (Decimal("249.4"), Decimal("248.4"))


def test_listed_projects_do_not_add_up_to_the_table_total(seed: Seed) -> None:
    # the ten amounts of 000:L1339–1359 add up to 1346.39, 附表9's 合计 (000:L342); 合计 edited
    edited = edit_cell(seed("000"), TableKind.PROJECT_EXPENDITURE, "合计", "total", "1356.39")
    [finding] = run("N-14", edited)
    assert (finding.severity, finding.location.row) == ("error", "合计")
    assert (finding.expected, finding.actual) == (Decimal("1356.39"), Decimal("1346.39"))
    assert "10 个项目" in finding.message


# ---- N-16 ----------------------------------------------------------------------------------------


def test_retirees_do_not_add_up(seed: Seed) -> None:
    # 004:L110 "离退休人员 177 人，其中：离休 3 人，退休 174 人"; 退休 edited to 175
    edited = edit_text(seed("004"), "退休 174 人", "退休 175 人")
    [finding] = run("N-16", edited)
    assert (finding.severity, finding.probable_cause) == ("error", "source")
    assert (finding.location.row, finding.expected, finding.actual) == ("离退休人员", 178, 177)
    assert "离休 3 人、退休 175 人" in finding.message


def test_staff_establishment_does_not_add_up(seed: Seed) -> None:
    # 004:L106 "总编制人数 59 人，其中：行政编制 21 人，事业编制 38 人(其中：参照公务员法管理 0 人)";
    # the nested 参照公务员法管理 count is part of 事业编制 and not summed
    edited = edit_text(seed("004"), "行政编制 21 人", "行政编制 22 人")
    [finding] = run("N-16", edited)
    assert (finding.location.row, finding.expected, finding.actual) == ("总编制人数", 60, 59)


def test_single_part_may_not_exceed_its_total(seed: Seed) -> None:
    # 002:L84 "总编制人数 21 人，其中：事业编制 21 人": one part may leave others out, never exceed
    assert run("N-16", edit_text(seed("002"), "总编制人数 21 人", "总编制人数 25 人")) == []
    [finding] = run("N-16", edit_text(seed("002"), "总编制人数 21 人", "总编制人数 20 人"))
    assert (finding.expected, finding.actual) == (21, 20)


# ---- N-17 ----------------------------------------------------------------------------------------


def test_glossary_names_subjects_of_another_department(seed: Seed) -> None:
    # 002:L1996–2004 lists 宣传事务(款) and 医疗卫生与计划生育支出(类)医疗保障(款) subjects; 表3
    # (002:L286ff) prints 20103 政府办公厅（室）及相关机构事务 and 21011 行政事业单位医疗
    findings = run("N-17", seed("002"))
    assert [(f.severity, f.probable_cause, f.location.row) for f in findings] == [
        ("warning", "source", "宣传事务"),
        ("warning", "source", "医疗保障"),
    ]
    assert "其他宣传事务支出" in findings[0].message


def test_complete_glossary_omits_subjects(seed: Seed) -> None:
    # 003:L620 "(三) 本单位使用的支出功能分类科目(到项级)" skips item 5 and lists neither 2010399
    # (公开03表 1,401.71, 003:L186) nor 2060499 (324.73, L189) nor 2101103 (87.32, L200)
    findings = run("N-17", seed("003"))
    assert [f.location.row for f in findings] == ["2010399", "2060499", "2101103"]
    assert all(f.severity == "warning" for f in findings)


def test_glossary_entry_removed(seed: Seed) -> None:
    # 001:L697 "8. 住房保障支出(类)住房改革支出(款)住房公积金(项)…" removed from the complete list
    edited = edit_text(seed("001"), "住房改革支出(款)住房公积金(项)", "住房改革支出(款)")
    [finding] = run("N-17", edited)
    assert finding.location.row == "2210201" and "31.40" in finding.message


def test_subject_names_compare_through_truncation_and_renames() -> None:
    assert same_subject("机关事业单位基本养老保险缴费支出", "机关事业单位基本养老保险缴")  # 003:L193
    assert same_subject("工业和信息等产业监督", "工业和信息产业监管")  # 001:L695 vs L207
    assert not same_subject("事业单位医疗", "行政单位医疗")
    assert not same_subject("宣传事务", "政府办公厅（室）及相关机构事务")


# ---- N-19 ----------------------------------------------------------------------------------------


def test_boilerplate_items_without_amounts(seed: Seed) -> None:
    # 000:L1323 lists 伙食补助费 and 医疗费, L1325 租赁费; 附表6 prints no 30106/30114 and 30214
    # 租赁费 0.00 (000:L271–305)
    findings = run("N-19", seed("000"))
    assert [(f.severity, f.location.row) for f in findings] == [("warning", "30106"), ("warning", "30214")]
    assert "伙食补助费（30106）、医疗费（30114）" in findings[0].message
    assert findings[1].evidence[1].text.startswith("30214 租赁费")


def test_listed_item_edited_into_the_list(seed: Seed) -> None:
    # 004:L1725 商品和服务支出 111.62 万元 "主要用于：办公费、印刷费…"; 表6 prints no 30214 租赁费
    edited = edit_text(seed("004"), "主要用于：办公费、印刷费", "主要用于：办公费、租赁费、印刷费")
    [finding] = run("N-19", edited)
    assert (finding.location.table, finding.location.row) == (
        TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
        "30214",
    )


def test_definitions_and_amountless_lists_are_not_read(seed: Seed) -> None:
    # 004:L1875 名词解释 "机关运行经费：…包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费…"
    # defines the term; 租赁费 edited into it is not a statement about this department
    edited = edit_text(seed("004"), "会议费、福利费、日常维修费", "会议费、租赁费、福利费、日常维修费")
    assert run("N-19", edited) == []
    # 004:L1797 "机关运行经费 111.62 万元。主要包括：办公费、…": without the amount it reads as a definition
    stated = edit_text(seed("004"), "主要包括：办公费、印刷费", "主要包括：办公费、租赁费、印刷费")
    assert [f.location.row for f in run("N-19", stated)] == ["30214"]
    amountless = edit_text(stated, "机关运行经费 111.62 万元。", "机关运行经费。")
    assert run("N-19", amountless) == []


def test_economic_words() -> None:
    assert economic_code("维修(护)费") == "30213"
    assert economic_code("在职人员基本工资") == "30101"  # 002:L1867
    assert economic_code("医疗费补助支出等") == "30307"  # 004:L1719
    assert economic_code("税金及附加费用") == "30240"
    assert economic_code("日常维修费") is None  # 004:L1797: not an item name
