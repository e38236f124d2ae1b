"""Blocks that are not tables, and the unit every table gets (structure/front_matter.py, table_units.py)."""

from __future__ import annotations

from disclosure_parse.structure.front_matter import not_a_table
from disclosure_parse.structure.table_units import settle_units
from disclosure_shared.records import Row, Table
from disclosure_shared.table_kinds import TableKind


def test_a_contents_page_drawn_as_a_grid_is_not_a_table() -> None:
    # Shanghai 普陀 万里街道 2025 budget p2, as pdfplumber reads its frame
    toc = [["目 录"], ["一、部门主要职能 ……………………………"], ["二、部门机构设置 ……………………………"]]
    assert not_a_table(toc) is not None
    leaders_only = [
        ["一、部门主要职能", "……………… 3"],
        ["二、部门机构设置", "……………… 4"],
        ["三、名词解释", "… 5"],
    ]
    assert not_a_table(leaders_only) is not None


def test_a_framed_cover_or_paragraph_is_not_a_table() -> None:
    assert not_a_table([["江苏省人民检察院\n2018年部门预算"]]) is not None
    assert not_a_table(
        [["根据部门职责分工，本部门包括 19 个内设机构、2 个"], ["下属事业单位和 2 个派出机构"]]
    )


def test_real_tables_stay_tables() -> None:
    assert not_a_table([["项目", "金额"], ["一般公共服务支出", "120.50"], ["合计", "120.50"]]) is None
    assert not_a_table([["合计"], ["1,930.07"]]) is None  # a one-column block of amounts
    assert not_a_table([["序号", "单位名称", "备注"], ["1", "上海市普陀区规划和自然资源局", ""]]) is None
    assert not_a_table([]) is None


def _table(kind: TableKind, unit: str | None) -> Table:
    return Table(kind=kind, title="t", unit=unit, rows=[Row(name="合计")])  # type: ignore[arg-type]


def test_a_missing_unit_comes_from_the_nearest_printed_money_table_else_wan_yuan() -> None:
    tables = [
        _table(TableKind.REVENUE, None),  # nothing before: the next printed unit
        _table(TableKind.EXPENDITURE, "yuan"),
        _table(TableKind.PERFORMANCE_PROJECT, "wan_yuan"),  # captioned on its own: not a model
        _table(TableKind.UNKNOWN, None),  # after a 元 money table
        _table(TableKind.PERFORMANCE_PROJECT, None),  # never inherits: the default
    ]
    assert [t.unit for t in settle_units(tables)] == ["yuan", "yuan", "wan_yuan", "yuan", "wan_yuan"]
    assert [t.unit for t in settle_units([_table(TableKind.REVENUE, None)])] == ["wan_yuan"]
