"""项目申报表 and 绩效自评表 as typed records (`Table.declarations`, `Table.self_evaluations`), on
the real seeds. Every expected value was read off the seed line cited next to it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosure_parse.structure.declarations import table_declarations
from disclosure_parse.structure.parsing import ParsedContent
from disclosure_parse.structure.self_evaluations import table_self_evaluations
from disclosure_shared.records import ProjectDeclaration, Row, SelfEvaluation, Table
from disclosure_shared.table_kinds import TableKind
from services.parse.tests.structure.conftest import SeedParse

D = Decimal


def declarations(content: ParsedContent) -> list[ProjectDeclaration]:
    return [d for t in content.tables for d in t.declarations]


def evaluations(content: ParsedContent) -> list[SelfEvaluation]:
    return [e for t in content.tables for e in t.self_evaluations]


def test_declarations_of_the_s4_form_in_yuan(seed: SeedParse) -> None:
    found = declarations(seed("004"))
    assert len(found) == 14  # 表12-1 … 表12-14
    first = found[0]
    assert first.name == "编外人员用工保障经费"  # 004:L656
    assert first.unit == "yuan"
    assert (first.total_budget, first.current_budget) == (D(270000), D(270000))  # 004:L668
    funding = first.funding
    assert (funding.total, funding.general_budget, funding.current_appropriation) == (D(270000),) * 3
    assert funding.unit_funds is None and funding.prior_carryover is None  # printed blank
    assert found[1].name == "专项劳务外包服务费"  # 004:L715
    assert not any(t.declarations for t in seed("004").tables if t.kind != TableKind.PERFORMANCE_PROJECT)


def test_a_multi_year_block_and_a_carried_over_project_in_the_s0_form(seed: SeedParse) -> None:
    by_name = {d.name: d for d in declarations(seed("000"))}
    network = by_name["全区政务网络互联网接入服务及运维项目"]  # 000:L773
    assert (network.total_budget, network.current_budget) == (D(620), D("217.64"))  # 000:L782
    assert network.funding.total == D(620)  # the block funds the whole project
    portal = by_name["区政府门户网站运维服务"]  # 000:L961
    assert portal.funding.total == D(34)  # "34 万" (000:L980): the unit suffix read
    assert portal.funding.general_budget is None
    carried = by_name["“民呼我应”信息化服务平台整合提升项目"]  # 000:L1218
    funding = carried.funding
    assert (funding.total, funding.unit_funds, funding.prior_carryover) == (D(11), D(11), D(11))  # L1231–37
    assert funding.current_appropriation is None


def test_the_s2_form_gives_its_sources_by_level(seed: SeedParse) -> None:
    found = declarations(seed("002"))
    assert [d.name for d in found] == ["政务网平台运行项目", "网上群众工作部项目", "网格员终端服务项目"]
    assert [d.total_budget for d in found] == [D(435), D("341.6"), D("83.88")]  # 002:L1524/L1633/L1742
    assert {d.unit for d in found} == {"wan_yuan"}  # "项目资金情况（万元）", 002:L1520–1522
    assert found[0].funding.other["区级财政"] == D(435)
    assert found[0].funding.other["中央财政"] == D(0)
    assert found[0].funding.total is None  # the form prints no 合计 line


def test_project_self_evaluations(seed: SeedParse) -> None:
    found = evaluations(seed("001"))
    project = found[1]  # 2023 年度党政综合事务管理及专业服务项目自评表, 001:L895
    assert (project.budget, project.executed, project.rate, project.execution_points) == (
        D("11.71"),
        D("11.71"),
        D(100),
        D(20),
    )
    assert project.total_points == D(100)  # 001:L921
    assert sum(i.points or 0 for i in project.indicators) == D(80)
    first = project.indicators[0]
    assert (first.level1, first.level2) == ("产出指标", "数量指标")
    # every project sheet: 20 points for execution and 80 for the indicators
    for sheet in found[1:]:
        assert sheet.execution_points == D(20) and sum(i.points or 0 for i in sheet.indicators) == D(80)


def test_self_evaluations_with_a_points_column(seed: SeedParse) -> None:
    found = evaluations(seed("003"))
    sheet = found[1]  # 二、2024 年度项目绩效自评表, the first project (353.48 万元)
    assert (sheet.budget, sheet.executed) == (D("353.48"), D("353.48"))
    assert [(i.level3, i.points_max, i.points) for i in sheet.indicators][:2] == [
        ("接入站点运维全覆盖", D(17), D(17)),
        ("网站正常访问率", D(13), D(13)),
    ]
    assert sheet.indicators[1].level1 == "产出指标" and sheet.indicators[1].level2 == "质量指标"
    assert sheet.total_points == D(100)


def _printed(table_rows: list[Row], at: int) -> str:
    return " | ".join(v for k, v in sorted(table_rows[at].attributes.items()) if k.startswith("c"))


def test_each_declared_field_names_the_line_it_was_read_from(seed: SeedParse) -> None:
    [table] = [t for t in seed("004").tables if t.declarations][:1]
    first = table.declarations[0]
    assert first.unread == []
    # 004:L668 "项目总预算 | 270,000 | 项目当年预算 | 270,000"; L672 "合计 | 270,000"; L676 单位资金 blank
    assert "项目当年预算" in _printed(table.rows, first.lines["current_budget"])
    assert _printed(table.rows, first.lines["funding:total"]).startswith("合计")
    assert "单位资金" in _printed(table.rows, first.lines["funding:unit_funds"])
    s2 = declarations(seed("002"))[0]
    s2_table = next(t for t in seed("002").tables if s2 in t.declarations)
    assert "区级财政" in _printed(s2_table.rows, s2.lines["funding:other:区级财政"])  # 002:L1536


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_the_seeds_print_no_garbled_declaration(seed: SeedParse, prefix: str) -> None:
    assert [d.unread for d in declarations(seed(prefix)) if d.unread] == []


def _sheet(*lines: list[str]) -> Table:
    rows = [
        Row(name=cells[0], page=3, attributes={f"c{i}": text for i, text in enumerate(cells, start=1)})
        for cells in lines
    ]
    return Table(kind=TableKind.PERFORMANCE_PROJECT, title="项目申报表", unit="wan_yuan", rows=rows)


def test_a_garbled_amount_is_left_unread_not_guessed() -> None:
    # A damaged text layer: "12O.5" (a letter O for a zero) and "3 0.0 5万" where amounts belong.
    table = _sheet(
        ["项目总预算", "12O.5", "项目当年预算", "120.5"],
        ["项目资金来源", "合计", "120.5"],
        ["一般公共预算财政拨款", "90.45"],
        ["单位资金", "3 0.0 5万"],
        ["政府性基金预算财政拨款", ""],
    )
    [found] = table_declarations(table)
    assert (found.total_budget, found.current_budget) == (None, D("120.5"))
    assert (found.funding.total, found.funding.general_budget) == (D("120.5"), D("90.45"))
    assert found.funding.unit_funds is None and found.funding.government_fund is None
    # a blank cell is no damage: it prints no digits
    assert found.unread == ["total_budget", "funding:unit_funds"]
    assert found.lines["funding:unit_funds"] == 3 and found.page == 3


def test_cost_and_purchase_lines_of_the_s0_form(seed: SeedParse) -> None:
    first = declarations(seed("000"))[0]  # 网上群众工作部服务中心
    # 000:L665–668 项目活动 | … | 金额: 人员工资 280, 办公费用 29, 管理费 31, 税金 20
    assert [(c.name, c.amount) for c in first.costs] == [
        ("人员工资", D(280)),
        ("办公费用", D(29)),
        ("管理费", D(31)),
        ("税金", D(20)),
    ]
    assert all(c.price is None and not c.unread for c in first.costs)
    # 000:L672 品名 | 数量 | 金额: 网上群众工作部服务中心 | 1 | 360
    assert [(p.name, p.amount) for p in first.purchases] == [("网上群众工作部服务中心", D(360))]


def test_cost_lines_of_the_s4_form_print_price_and_quantity(seed: SeedParse) -> None:
    content = seed("004")
    table = next(t for t in content.tables if t.declarations)
    first = table.declarations[0]  # 表12-1 编外人员用工保障经费
    # 004:L681–683 项目任务明细 | 支出标准 | 单价 | 计量数 | 测算数, in 元
    assert [(c.amount, c.price, c.quantity) for c in first.costs] == [
        (D(140000), D(70000), D(2)),
        (D(130000), D(65000), D(2)),
    ]
    assert first.costs[0].line is not None and "2名人事代理编外人员经费" in _printed(
        table.rows, first.costs[0].line
    )


def test_a_garbled_cost_or_purchase_amount_is_kept_unread() -> None:
    table = _sheet(
        ["项目总预算", "100", "项目当年预算", "100"],
        ["项目资金来源", "合计", "100"],
        ["项目支出明细测算"],
        ["项目活动", "活动内容表述", "支出经济分类", "金额"],
        ["人员工资", "人员劳务", "", "6O"],  # a damaged "60"
        ["办公费用", "场地租赁", "", "40"],
        ["说明文字接上行", "", "", ""],  # a wrapped description prints no amount: no line
        ["项目采购"],
        ["品名", "数量", "金额"],
        ["服务", "1", "1O0"],  # one number where two belong: the amount is unreadable
        ["项目绩效总目标"],
    )
    [found] = table_declarations(table)
    assert [(c.name, c.amount, c.unread) for c in found.costs] == [
        ("人员工资", None, True),
        ("办公费用", D(40), False),
    ]
    assert [(p.name, p.amount, p.unread, p.line) for p in found.purchases] == [("服务", None, True, 9)]


def test_a_declaration_stored_by_parser_040_still_decodes(seed: SeedParse) -> None:
    stored = declarations(seed("004"))[0].model_dump(mode="json")
    del stored["lines"], stored["unread"], stored["costs"], stored["purchases"]  # 0.4.0 wrote none
    decoded = ProjectDeclaration.model_validate(stored)
    assert (decoded.lines, decoded.unread, decoded.costs, decoded.purchases) == ({}, [], [], [])
    assert decoded.funding.total == D(270000)


# ---- 自评表: labels, weights, lines and damage (parser 0.4.3) ---------------------------------------


def test_self_evaluation_labels_carry_their_printed_weights(seed: SeedParse) -> None:
    table = next(t for t in seed("001").tables if t.self_evaluations)
    overall = table.self_evaluations[0]
    # 001:L778 "项目支出总额 1,750.53"; L779 "得分 (20分*执行率)"; L780 "部门整体支出总额 … 100 20"
    assert overall.overall and overall.project_total == D("1750.53")
    assert "项目支出总额" in _printed(table.rows, overall.lines["project_total"])
    assert "部门整体支出总额" in _printed(table.rows, overall.lines["execution"])
    assert (overall.execution_weight, overall.rate_text) == (D(20), "100")
    goal = overall.labels[0]  # L781 "年度目标1: (4分)" over the four indicators of L783–786
    assert (goal.level, goal.name, goal.weight, goal.indicators) == (0, "年度目标1", D(4), [0, 1, 2, 3])
    project = evaluations(seed("001"))[1]  # 001:L907–921
    assert not project.overall and project.indicator_weight == D(80)  # L908 "年度绩效目标 1 (80分)"
    assert [(label.name, label.weight, label.indicators) for label in project.labels[:4]] == [
        ("产出指标", D(40), [0, 1, 2]),  # L909
        ("数量指标", D(10), [0]),
        ("质量指标", D(10), [1]),  # L910
        ("时效指标", D(20), [2]),  # L911
    ]
    assert project.rate_text == "100%" and project.unread == []


def test_damaged_indicator_lines_name_what_they_lost(seed: SeedParse) -> None:
    overall = evaluations(seed("001"))[0]
    # 001:L791 prints the label "数量指标(2分)" where the 三级 name belongs and no 得分: scores unknown
    [damaged] = [i for i in overall.indicators if i.unread]
    assert damaged.level3.startswith("定期开展线路巡查工作") and damaged.unread == ["points"]
    assert damaged.points is None
    # 003:L862 prints one number where 目标分值 and 得分 belong: read as 得分, the 分值 unread
    last = evaluations(seed("003"))[-1].indicators[-1]
    assert (last.points_max, last.points, last.unread) == (None, D(10), ["points_max"])
    assert all(not i.unread for e in evaluations(seed("003"))[:-1] for i in e.indicators)


def _self_evaluation(*lines: list[str]) -> Table:
    rows = [
        Row(name=cells[0], page=5, attributes={f"c{i}": text for i, text in enumerate(cells, start=1)})
        for cells in lines
    ]
    return Table(kind=TableKind.PERFORMANCE_SELF_EVALUATION, title="项目绩效自评表", rows=rows)


_INDICATOR_HEADER = [
    "年度绩效目标 (80分)",
    "一级指标",
    "二级指标",
    "三级指标",
    "年初目标值",
    "实际完成值",
    "分值",
    "得分",
]


def test_a_garbled_score_is_unread_and_still_an_indicator() -> None:
    # A damaged text layer: "1O.00" (a letter O) where a score belongs, "2O.OO" in an execution line
    table = _self_evaluation(
        ["年度财政资金总额", "100.00", "100.00", "100%", "20"],
        _INDICATOR_HEADER,
        ["产出指标 (40分)", "数量指标", "服务次数", "≥10次", "12次", "20.00", "1O.00"],
        ["质量指标", "合格率", "≥95%", "99%", "2O", "20.00"],
        ["效益指标 (40分)", "社会效益指标", "群众满意", "≥90%", "95%", "40.00", "40.00"],
        ["总分", "1O0"],
        ["年度财政资金总额", "5O.00", "50.00", "100%", "20"],
        _INDICATOR_HEADER,
        ["产出指标 (80分)", "数量指标", "服务次数", "≥10次", "12次", "80.00", "80.00"],
    )
    first, second = table_self_evaluations(table)
    assert [(i.level3, i.points_max, i.points, i.unread) for i in first.indicators] == [
        ("服务次数", None, None, ["points_max", "points"]),
        ("合格率", None, D(20), ["points_max"]),
        ("群众满意", D(40), D(40), []),
    ]
    assert first.total_points is None and first.unread == ["total"] and first.lines["total"] == 5
    # the garbled execution line still starts a sheet of its own: its indicators are not the first's
    assert second.budget is None and second.unread == ["execution"]
    assert [i.level3 for i in second.indicators] == ["服务次数"]


def test_a_self_evaluation_stored_by_parser_042_still_decodes(seed: SeedParse) -> None:
    stored = evaluations(seed("001"))[1].model_dump(mode="json")
    for key in ("rate_text", "execution_weight", "indicator_weight", "overall", "project_total"):
        del stored[key]
    del stored["labels"], stored["lines"], stored["unread"]  # 0.4.0…0.4.2 wrote none
    for indicator in stored["indicators"]:
        del indicator["line"], indicator["unread"]
    decoded = SelfEvaluation.model_validate(stored)
    assert (decoded.labels, decoded.lines, decoded.unread, decoded.overall) == ([], {}, [], False)
    assert decoded.budget == D("11.71") and decoded.indicators[0].unread == []
