"""The 决算 绩效自评表 rules (I-26, I-27, X-16, N-13) on the real seeds: what they read as published
(the parser's typed `Table.self_evaluations`), the publisher's errors they report, and one edit each
that makes them fire. An edit changes the printed cells and has the parser read the sheets again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosure_parse.structure.self_evaluations import with_self_evaluations
from disclosure_shared.events import ParsedPayload
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.readers.printed_cells import line
from disclosure_validate.readers.self_evaluations import sections
from services.validate.tests.rule_testing import Seed, run

RULES = ("I-26", "I-27", "X-16", "N-13")


def edit_cell(payload: ParsedPayload, printed_line: str, old: str, new: str, which: int = 0) -> ParsedPayload:
    """As if the publisher had printed `new` for `old` in the one 自评表 line that contains
    `printed_line` (its cells joined by " | "); `which` picks among cells printing `old`."""
    tables = []
    hits = 0
    for table in payload.tables:
        rows = []
        for row in table.rows:
            if table.kind == TableKind.PERFORMANCE_SELF_EVALUATION and printed_line in line(row):
                hits += 1
                keys = [
                    k for k in sorted(row.attributes, key=lambda k: int(k[1:])) if row.attributes[k] == old
                ]
                assert keys, f"no cell {old!r} in {line(row)!r}"
                row = row.model_copy(update={"attributes": {**row.attributes, keys[which]: new}})
            rows.append(row)
        tables.append(table.model_copy(update={"rows": rows}))
    assert hits == 1, f"{hits} lines contain {printed_line!r}"
    return payload.model_copy(update={"tables": with_self_evaluations(tables)})


def edit_text(payload: ParsedPayload, printed: str, replacement: str) -> ParsedPayload:
    """As if the publisher had printed `replacement`: in the claims' sentences and the page text."""
    pages = [
        p.model_copy(update={"text": (p.text or "").replace(printed, replacement)}) for p in payload.pages
    ]
    assert pages != list(payload.pages), printed
    claims = [c.model_copy(update={"text": c.text.replace(printed, replacement)}) for c in payload.claims]
    return payload.model_copy(update={"pages": pages, "claims": claims})


def edit_claim(payload: ParsedPayload, subject: str, value: Decimal) -> ParsedPayload:
    claims = [
        c.model_copy(update={"value": value}) if c.kind == "count" and c.subject == subject else c
        for c in payload.claims
    ]
    return payload.model_copy(update={"claims": claims})


# ---- reading the tables --------------------------------------------------------------------------


def test_sections_of_seed_001(seed: Seed) -> None:
    # 001:L769–1313: the 整体 table and 8 project tables, each read with its budget row and 总分
    found = sections(Context(seed("001")))
    assert [s.overall for s in found] == [True] + [False] * 8
    overall, first = found[0], found[1]
    # 001:L780 "部门整体支出总额 2,098.74 2,098.74 100 20"; L778 "项目支出总额 1,750.53"
    assert overall.budget is not None and overall.budget.planned == Decimal("2098.74")
    assert overall.project_total is not None and overall.project_total[0] == Decimal("1750.53")
    # 001:L741 "共设置了69个指标": the 69 indicator rows of the 整体 table; L791 lost its 得分
    assert len(overall.indicators) == 69
    [damaged] = [i for i in overall.indicators if i.damaged]
    assert damaged.name.startswith("定期开展线路巡查工作") and damaged.score is None
    assert damaged.points == Decimal(2)  # "数量指标(2分)" over it alone
    # 001:L907–921: 11.71 / 11.71 / 100% / 20; 10 + 10 + 20 + 40 分; 总分 100
    assert first.name == "党政综合事务管理及专业服务"
    assert [i.points for i in first.indicators] == [10, 10, 20, 40]
    assert first.total == 100


def test_sections_of_merged_tables_in_seed_003(seed: Seed) -> None:
    # 003:L704–868: six project tables that the parser merged into one, split at their budget rows
    found = sections(Context(seed("003")))
    assert [s.of for s in found] == [1] + [6] * 6
    assert found[0].overall  # 003:L647 本级支出项目 with one 年度目标 block per project (L659…)
    planned = [s.budget.planned for s in found[1:] if s.budget]
    assert planned == [Decimal(v) for v in ("353.48", "546.25", "453.98", "223.26", "255.06", "584.81")]
    # 003:L862 prints one number where 目标分值 and 得分 should be: read as 得分, 分值 from its label
    last = found[-1].indicators[-1]
    assert last.lone_number and last.score == Decimal("10.00") and last.points == Decimal(10)


# ---- I-26 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_scores_hold_on_the_seeds(seed: Seed, prefix: str) -> None:
    # every 执行率, 执行得分, Σ 分值 = 80 and 总分 of the seeds holds; 001:L791 lost a 得分, so the 整体
    # table's 总分 (Σ 得分 reads 98) is not compared
    assert run("I-26", seed(prefix)) == []


def test_execution_rate_follows_the_amounts(seed: Seed) -> None:
    # 001:L907 "年度财政资金总额 11.71 11.71 100% 20"; 执行数 edited to 10.54. The score 20 follows the
    # printed rate, so the rate alone is reported
    edited = edit_cell(seed("001"), "年度财政资金总额 | 11.71", "11.71", "10.54", which=1)
    [rate] = run("I-26", edited)
    assert (rate.location.column, rate.severity, rate.probable_cause) == ("执行率", "error", "source")
    assert (rate.expected, rate.actual) == (Decimal("90.01"), Decimal(100))
    assert "党政综合事务管理及专业服务" in rate.message


def test_execution_score_is_twenty_times_the_rate(seed: Seed) -> None:
    # 001:L907 得分 20 edited to 18 while 执行率 stays 100%; 总分 100 (L921) then misses 2 too
    edited = edit_cell(seed("001"), "年度财政资金总额 | 11.71", "20", "18")
    points, total = run("I-26", edited)
    assert (points.location.row, points.expected, points.actual) == ("预算执行得分", Decimal("20.00"), 18)
    assert (total.location.row, total.expected, total.actual) == ("总分", Decimal(98), Decimal(100))


def test_score_above_its_points(seed: Seed) -> None:
    # 001:L909 "数量指标 (10分) 签订法律咨询…三份 3份 3份 10"; 得分 edited to 12
    edited = edit_cell(
        seed("001"), "签订法律咨询、财务外包、档案清理服务合同三份 | 3份 | 3份 | 10", "10", "12"
    )
    total, above = run("I-26", edited)
    assert (above.location.row, above.expected, above.actual) == (
        "签订法律咨询、财务外包、档案清理服务合同三份",
        Decimal(10),
        Decimal(12),
    )
    # 001:L921 总分 100 = 20 + 12 + 10 + 20 + 40 no longer
    assert (total.location.row, total.expected, total.actual, total.severity) == (
        "总分",
        Decimal(102),
        Decimal(100),
        "error",
    )


def test_total_is_execution_plus_indicator_scores(seed: Seed) -> None:
    # 003:L719 "接入站点运维全覆盖 ≥55 家 55 家 17.00 17.00"; 得分 edited to 16.00: 总分 100.00 (L724) ≠ 99.00
    edited = edit_cell(seed("003"), "接入站点运维全覆盖 | ≥55 家 | 55 家 | 17.00", "17.00", "16.00", which=1)
    [total] = run("I-26", edited)
    assert (total.location.row, total.expected, total.actual) == ("总分", Decimal("99.00"), Decimal("100.00"))
    assert "第 1 张自评表" in total.message and "353.48" in total.message


def test_points_add_up_to_eighty(seed: Seed) -> None:
    # 003:L661 "每日巡查 ≥2 次 6 次 1.34 1.34"; 分值 edited to 1.43: the 整体 table's 分值 sum to 80.09
    edited = edit_cell(seed("003"), "产出指标 | 数量指标 | 每日巡查 | ≥2 次", "1.34", "1.43")
    [finding] = run("I-26", edited)
    assert (finding.location.column, finding.expected, finding.actual) == (
        "分值",
        Decimal(80),
        Decimal("80.09"),
    )


# ---- I-27 -----------------------------------------------------------------------------------------


def test_label_weights_hold_on_seed_001(seed: Seed) -> None:
    # every "(N分)" of 001 equals the 分值 under it, the 整体 table's 年度目标 blocks included
    # (L781 "年度目标1: (4分)" = 1 + 1 + 1 + 1); L1214–1216 wraps "满意度指标 (10分)" onto the next line
    assert run("I-27", seed("001")) == []


def test_label_weights_reported_in_seed_003(seed: Seed) -> None:
    findings = run("I-27", seed("003"))
    summary = [(f.severity, f.location.row, f.actual, f.expected) for f in findings]
    assert summary == [
        # 003:L753 "效益指标 (30分)" over one indicator of 目标分值 40.00
        ("error", "效益指标", Decimal(30), Decimal("40.00")),
        # 003:L778–781 "产出指标 (40 分)" over 23.00 + 23.00 + 17.00 + 17.00
        ("error", "产出指标", Decimal(40), Decimal("80.00")),
        # 003:L806–808: 质量指标 "KPI 考核" (18.00) printed under "效益指标 (40 分)"; under 产出指标
        # both weights hold (11 + 11 + 18 = 40; 40)
        ("warning", "KPI 考核", None, None),
        # 003:L831–835 "产出指标 (40 分)" over 14.50 + 14.50 + 11.50 + 11.50 + 18.00
        ("error", "产出指标", Decimal(40), Decimal("70.00")),
    ]
    assert all(f.probable_cause == "source" for f in findings)
    assert "546.25" in findings[0].message and "效益指标 (30分)" in findings[0].message


def test_edited_label_weight_is_reported(seed: Seed) -> None:
    # 001:L909 "产出指标 (40分)" over 10 + 10 + 20; edited to 45分
    edited = edit_cell(
        seed("001"), "产出指标 (40分) | 数量指标 (10分) | 签订法律咨询", "产出指标 (40分)", "产出指标 (45分)"
    )
    [finding] = run("I-27", edited)
    assert (finding.location.row, finding.actual, finding.expected, finding.severity) == (
        "产出指标",
        Decimal(45),
        Decimal(40),
        "error",
    )


def test_edited_goal_weight_is_reported(seed: Seed) -> None:
    # 001:L781 "年度目标1: (4分)" over four indicators of 1分; edited to 5分
    edited = edit_cell(seed("001"), "年度目标1: (4分)", "年度目标1: (4分)", "年度目标1: (5分)")
    [finding] = run("I-27", edited)
    assert (finding.actual, finding.expected) == (Decimal(5), Decimal(4))


# ---- X-16 -----------------------------------------------------------------------------------------


def test_project_budgets_add_up_to_project_spending(seed: Seed) -> None:
    # 001: 11.71 + 331.37 + 14.95 + 23.99 + 50 + 72.8 + 56.36 + 1189.35 = 1750.53 = 公开03表 项目支出 (L192)
    assert run("X-16", seed("001")) == []
    # 003: the six project tables sum to 2416.84; 公开03表 项目支出 2,416.83 (L182): rounding drift
    [drift] = run("X-16", seed("003"))
    assert (drift.severity, drift.probable_cause) == ("info", "rounding")
    assert (drift.expected, drift.actual, drift.location.table) == (
        Decimal("2416.83"),
        Decimal("2416.84"),
        "expenditure",
    )


def test_edited_project_budget_is_reported(seed: Seed) -> None:
    # 001:L907 11.71 / 11.71 edited to 21.71 / 21.71; 001:L573 says the 8 projects cover 100% of 项目支出
    edited = edit_cell(seed("001"), "年度财政资金总额 | 11.71", "11.71", "21.71")
    edited = edit_cell(edited, "年度财政资金总额 | 21.71", "11.71", "21.71")
    [finding] = run("X-16", edited)
    assert (finding.severity, finding.expected, finding.actual) == (
        "error",
        Decimal("1750.53"),
        Decimal("1760.53"),
    )
    # without that statement, the tables may cover only part of 项目支出: a warning
    partial = edit_text(edited, "占一般公共预算项目支出总额的 100%", "占一般公共预算项目支出总额的大部分")
    [warned] = run("X-16", partial)
    assert warned.severity == "warning" and "部分项目" in warned.message


def test_stated_project_total_of_the_overall_table(seed: Seed) -> None:
    # 001:L778 "项目支出总额 1,750.53" edited to 1,705.53
    edited = edit_cell(seed("001"), "项目支出总额 | 1,750.53", "1,750.53", "1,705.53")
    [finding] = run("X-16", edited)
    assert (finding.location.row, finding.expected, finding.actual) == (
        "项目支出总额",
        Decimal("1750.53"),
        Decimal("1705.53"),
    )


# ---- N-13 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_counts_hold_on_the_seeds(seed: Seed, prefix: str) -> None:
    # 000:L1385 10 个项目支出绩效目标 = 10 申报表; 001:L573 项目 8 个 = 8 项目自评表, L741 69 个指标,
    # L1249 5 个指标; 002:L1969 12 项 = the 12 targets listed after "具体为"; 003:L542 项目6个 = 6
    # project tables (the 7th, L647, is the 整体 self-evaluation, and L552 "1个一级项目" counts
    # 一级项目, which may hold several); 004:L1815 14 个一级项目支出绩效目标 = 表12-1…12-14
    assert run("N-13", seed(prefix)) == []


def test_project_count_against_the_tables(seed: Seed) -> None:
    # 001:L573 "共涉及项目 8 个" edited to 9
    [finding] = run("N-13", edit_claim(seed("001"), "项目", Decimal(9)))
    assert (finding.severity, finding.expected, finding.actual) == ("warning", Decimal(8), Decimal(9))
    assert (
        finding.location.table == TableKind.PERFORMANCE_SELF_EVALUATION
        and "8 张项目绩效自评表" in finding.message
    )
    # 000:L1385 "10 个项目支出绩效目标" edited to 11
    [budget] = run("N-13", edit_claim(seed("000"), "项目支出绩效目标", Decimal(11)))
    assert (budget.expected, budget.actual) == (Decimal(10), Decimal(11))


def test_indicator_count_of_the_overall_table(seed: Seed) -> None:
    # 001:L741 "共设置了69个指标" (the 整体 self-evaluation, L729) edited to 70
    [finding] = run("N-13", edit_text(seed("001"), "共设置了69个指标", "共设置了70个指标"))
    assert (finding.expected, finding.actual, finding.location.table) == (
        Decimal(69),
        Decimal(70),
        TableKind.PERFORMANCE_SELF_EVALUATION,
    )
    assert "整体" in finding.message


def test_indicator_count_of_a_named_project(seed: Seed) -> None:
    # 001:L1249 "…三期租用费(2021-2022 年度) 项目…项目共设置了 5 个指标" edited to 6
    [finding] = run("N-13", edit_text(seed("001"), "项目共设置了 5 个指标", "项目共设置了 6 个指标"))
    assert (finding.expected, finding.actual) == (Decimal(5), Decimal(6))
    assert "硚口区社会治安视频监控系统三期租用费" in finding.message


def test_enumerated_count(seed: Seed) -> None:
    # 002:L1969–1979 "共设置 12 项，…具体为：机房巡查次数≥240 次；…本地呼叫接通率≥95%。" edited to 13
    [finding] = run("N-13", edit_text(seed("002"), "共设置 12 项", "共设置 13 项"))
    assert (finding.severity, finding.expected, finding.actual) == ("warning", Decimal(12), Decimal(13))


# ---- damaged cells: quiet, or a warning blamed on the extraction ----------------------------------


def test_a_garbled_score_keeps_the_rules_quiet(seed: Seed) -> None:
    # 001:L909 得分 "10" printed as "1O" (a letter O, a damaged text layer). The line is still an
    # indicator with its score unread: the 总分 and Σ 分值 are not judged, the label weights hold
    line = "签订法律咨询、财务外包、档案清理服务合同三份 | 3份 | 3份 | 10"
    garbled = edit_cell(seed("001"), line, "10", "1O")
    project = sections(Context(garbled))[1]
    assert [i.score for i in project.indicators] == [None, 10, 20, 40]
    assert project.indicators[0].damaged and project.indicators[0].points == Decimal(10)  # its label
    assert run("I-26", garbled) == [] and run("I-27", garbled) == [] and run("N-13", garbled) == []


def test_a_garbled_execution_line_starts_its_sheet_and_blames_the_extraction(seed: Seed) -> None:
    # 003:L741 "546.25 546.25 100% (20 分*执行率) 20.00": 预算数 printed as "546.2S". The sheet is still
    # its own (its indicators do not add to the sheet above), and X-16's sum, 546.25 short, is a
    # warning on our reading, not the publisher's error
    garbled = edit_cell(seed("003"), "546.25 | 546.25 | 100%", "546.25", "546.2S")
    found = sections(Context(garbled))
    assert [s.of for s in found] == [1] + [6] * 6 and found[2].budget is None
    assert found[2].record.unread == ["execution"]
    assert run("I-26", garbled) == []

    def summary(payload: ParsedPayload) -> list[tuple[str, str | None, Decimal | None]]:
        return [(f.severity, f.location.row, f.expected) for f in run("I-27", payload)]

    assert summary(garbled) == summary(seed("003"))  # the three label errors, the misfiled warning
    [x16] = run("X-16", garbled)
    assert (x16.severity, x16.probable_cause) == ("warning", "extraction")
    assert x16.actual == Decimal("1870.59")  # 2416.84 − 546.25
    assert run("N-13", garbled) == []  # still six project sheets


def test_a_sheet_of_an_older_parser_is_left_unread(seed: Seed) -> None:
    # parser 0.4.0…0.4.2 wrote neither lines, labels nor damage: the rules do not guess
    payload = seed("003")
    tables = [
        t.model_copy(
            update={
                "self_evaluations": [
                    e.model_copy(
                        update={
                            "lines": {},
                            "labels": [],
                            "indicators": [i.model_copy(update={"line": None}) for i in e.indicators],
                        }
                    )
                    for e in t.self_evaluations
                ]
            }
        )
        for t in payload.tables
    ]
    older = payload.model_copy(update={"tables": tables})
    assert sections(Context(older)) == []
    assert [f for rule in RULES for f in run(rule, older)] == []
