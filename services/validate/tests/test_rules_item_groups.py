"""item-group-sums: a 政府采购预算表 printed as an outline without levels (江苏省人大常委会办公厅 2019
表12 as parsed: every line named 合计, its label in the first printed cell)."""

from __future__ import annotations

from decimal import Decimal as D

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Row, Table
from disclosure_shared.table_kinds import TableKind
from services.validate.tests.rule_testing import Seed, run

RULE = "item-group-sums"
# (first printed cell, amount): 合计 2416.43 = 货物A 233.10 + 服务C 2183.33; 货物A = 办公设备购置 53.10
# (four items) + 其他商品和服务支出 180.00 (one item); 服务C abridged to two 经济科目 of one item each.
OUTLINE = [
    ("合计", "416.43"),
    ("一、货物A", "233.10"),
    ("办公设备购置", "53.10"),
    ("分散自行组织", "17.92"),
    ("分散自行组织", "14.00"),
    ("分散自行组织", "2.78"),
    ("分散自行组织", "18.40"),
    ("其他商品和服务支出", "180.00"),
    ("分散自行组织", "180.00"),
    ("三、服务C", "183.33"),
    ("公务用车运行维护费", "183.33"),
    ("分散自行组织", "183.33"),
]


def _with_outline(payload: ParsedPayload, changed: dict[int, str]) -> ParsedPayload:
    rows = [
        Row(
            name="合计",
            page=12,
            attributes={"采购品目大类": label},
            values={"amount": D(changed.get(i, amount))},
        )
        for i, (label, amount) in enumerate(OUTLINE)
    ]
    table = Table(
        kind=TableKind.GOVERNMENT_PROCUREMENT, title="2019年政府采购预算表", unit="wan_yuan", rows=rows
    )
    others = [t for t in payload.tables if t.kind != TableKind.GOVERNMENT_PROCUREMENT]
    return payload.model_copy(update={"tables": [*others, table]})


def test_an_outline_that_adds_up_at_every_level(seed: Seed) -> None:
    assert run(RULE, _with_outline(seed("001"), {})) == []


def test_an_item_misprinted_under_its_category(seed: Seed) -> None:
    [found] = run(RULE, _with_outline(seed("001"), {4: "14.50"}))
    assert (found.severity, found.probable_cause, found.actual) == ("warning", "source", D("233.10"))
    assert "「一、货物A」233.10" in found.message and found.location.page == 12


def test_categories_that_do_not_add_up_to_the_total(seed: Seed) -> None:
    [found] = run(RULE, _with_outline(seed("001"), {0: "426.43"}))
    assert (found.severity, found.expected, found.actual) == ("error", D("416.43"), D("426.43"))


def test_a_table_without_categories_is_not_read_as_an_outline(seed: Seed) -> None:
    record = seed("000")  # 附表10 lists items under 科室 rows, checked by I-17
    assert run(RULE, record) == []


# The same lines as the parser keeps them: the column each label was printed in is its attribute.
LEVEL_KEYS = ["采购品目大类", "采购品目大类", "经济科目", *["采购组织形式"] * 4, "经济科目", "采购组织形式"]
LEVEL_KEYS += ["采购品目大类", "经济科目", "采购组织形式"]


def _with_levels(payload: ParsedPayload, changed: dict[int, str]) -> ParsedPayload:
    table = next(
        t for t in _with_outline(payload, changed).tables if t.kind == TableKind.GOVERNMENT_PROCUREMENT
    )
    rows = [
        row.model_copy(update={"attributes": {column: label}})
        for row, column, (label, _) in zip(table.rows, LEVEL_KEYS, OUTLINE, strict=True)
    ]
    others = [t for t in payload.tables if t.kind != TableKind.GOVERNMENT_PROCUREMENT]
    return payload.model_copy(update={"tables": [*others, table.model_copy(update={"rows": rows})]})


def test_printed_levels_name_the_line_that_does_not_add_up(seed: Seed) -> None:
    assert run(RULE, _with_levels(seed("001"), {})) == []
    [found] = run(RULE, _with_levels(seed("001"), {4: "14.50"}))
    assert (found.severity, found.actual, found.expected) == ("warning", D("53.10"), D("53.60"))
    assert found.location.row == "办公设备购置"
    assert [e.text.split("=")[-1] for e in found.evidence] == ["53.10", "17.92", "14.50", "2.78", "18.40"]


def _nested_outline(categories: int) -> tuple[list[D], D]:
    """合计, then each category over one project over three items (five lines a category)."""
    amounts: list[D] = []
    for c in range(categories):
        items = [D(1 + c), D(2 + c), D("3.5") + c]
        amounts += [sum(items, D(0)), sum(items, D(0)), *items]
    return amounts, sum(amounts[::5], D(0))


def test_a_long_nested_outline_is_read_within_the_search_budget() -> None:
    from disclosure_validate.checks.within.item_groups import _Outline

    amounts, total = _nested_outline(12)  # 60 lines; each heading's lines are searched once
    assert _Outline(amounts).covers(total)
    assert not _Outline(amounts).covers(total + D("0.01"))
    assert not _Outline(amounts[:-1]).covers(total)
