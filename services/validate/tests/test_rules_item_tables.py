"""I-19, X-11, X-13 on the real seeds: each passes on the published record and fires when one value
is edited. Seed 002 is the one document printing all three tables (表10 项目支出表 002:L520–597,
表11 政府采购预算表 002:L631–923, 表13 资产配置预算表 002:L1005–1175)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import cast

import pytest

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Row
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.readers.project_names import match, projects
from services.validate.tests.rule_testing import Seed, run

RULES = ("I-19", "X-11", "X-13")


def edit_rows(
    payload: ParsedPayload, kind: str, match: Callable[[Row], bool], **update: object
) -> ParsedPayload:
    """The payload with every row of `kind` that `match`es updated (values/attributes merged)."""
    tables = []
    for table in payload.tables:
        if table.kind == kind:
            rows = [_updated(r, update) if match(r) else r for r in table.rows]
            table = table.model_copy(update={"rows": rows})
        tables.append(table)
    return payload.model_copy(update={"tables": tables})


def _updated(row: Row, update: dict[str, object]) -> Row:
    merged: dict[str, object] = {**update}
    for field in ("values", "attributes"):
        if field in update:
            merged[field] = {**getattr(row, field), **cast(dict[str, object], update[field])}
    return row.model_copy(update=merged)


def item(name: str) -> Callable[[Row], bool]:
    """An item line by its 资产名称 / 政府采购品目 text."""
    return lambda r: name in r.attributes.get("资产名称", "") or name in r.attributes.get("政府采购品目", "")


def project(code: str) -> Callable[[Row], bool]:
    return lambda r: r.code == code


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_item_rules_pass_on_the_published_seeds(seed: Seed, rule: str, prefix: str) -> None:
    assert run(rule, seed(prefix)) == []


# ---- I-19 ----------------------------------------------------------------------------------------


def test_asset_total_not_quantity_times_price(seed: Seed) -> None:
    # 002:L1147 "0 1 1 25000 25000": 申请数量 1 × 单价 25000 = 总金额 25000; 总金额 edited to 26000
    edited = edit_rows(
        seed("002"), TableKind.ASSET_ALLOCATION, item("复印机"), values={"amount": Decimal(26000)}
    )
    [finding] = run("I-19", edited)
    assert (finding.severity, finding.probable_cause) == ("error", "source")
    assert (finding.location.table, finding.location.row, finding.location.column) == (
        TableKind.ASSET_ALLOCATION,
        "复印机",
        "amount",
    )
    assert (finding.expected, finding.actual, finding.difference) == (25000, 26000, 1000)
    assert "总金额 26000 元 ≠ 数量 1 × 单价 25000" in finding.message


def test_audited_amount_not_audited_quantity_times_price(seed: Seed) -> None:
    # 002:L1157 "复印机 25000 1" (审核单价, 审核数量) and L1175 金额 25000; 审核数量 edited to 2
    edited = edit_rows(
        seed("002"), TableKind.ASSET_ALLOCATION, item("复印机"), values={"audit_quantity": Decimal(2)}
    )
    [finding] = run("I-19", edited)
    assert finding.location.column == "audit_amount"
    assert (finding.expected, finding.actual) == (50000, 25000)


def test_asset_product_on_a_repaired_row_is_blamed_on_extraction(seed: Seed) -> None:
    # the same edit on a line the parser rebuilt (a joined number): the difference may be ours
    edited = edit_rows(
        seed("002"), TableKind.ASSET_ALLOCATION, item("复印机"), values={"amount": Decimal(26000)}
    )
    edited = edit_rows(edited, TableKind.ASSET_ALLOCATION, item("复印机"), repairs=["joined-number"])
    [finding] = run("I-19", edited)
    assert (finding.severity, finding.probable_cause) == ("warning", "extraction")


# ---- X-11 ----------------------------------------------------------------------------------------


def test_procurement_above_its_project(seed: Seed) -> None:
    # 002:L901–923 基础电信服务 838800 元 for 工作性其他-青山区网格员终端服务项目, whose 项目支出表 row
    # (002:L610–619) prints 838,800.00; that row edited to 800000
    edited = edit_rows(
        seed("002"),
        TableKind.PROJECT_EXPENDITURE,
        project("42010724121T000000107"),
        values={"total": Decimal(800000)},
    )
    [finding] = run("X-11", edited)
    assert (finding.severity, finding.probable_cause) == ("error", "source")
    assert (finding.location.table, finding.location.row) == (
        TableKind.GOVERNMENT_PROCUREMENT,
        "工作性其他-青山区网格员终端服务项目",
    )
    assert (finding.expected, finding.actual, finding.difference) == (800000, 838800, 38800)
    assert "42010724121T000000107" in finding.evidence[-1].text


def test_procurement_of_several_lines_is_summed(seed: Seed) -> None:
    # 政务网平台运行费: 1450000 + 1200000 + 640000 = 3290000 元 procured (002:L723ff) within the
    # project's 4,350,000.00 (002:L621–630); the project edited to 3000000
    edited = edit_rows(
        seed("002"),
        TableKind.PROJECT_EXPENDITURE,
        project("42010724121T000000108"),
        values={"total": Decimal(3000000)},
    )
    [finding] = run("X-11", edited)
    assert (finding.expected, finding.actual) == (3000000, 3290000)
    assert "（3 项）" in finding.message


def test_equal_single_purchase_is_not_required(seed: Seed) -> None:
    # 网上群众工作部年度费用 buys 5000 + 25000 = 30000 元 (002:L803) of its 932,000.00 (002:L608)
    assert run("X-11", seed("002")) == []


def test_procurement_of_a_project_missing_from_the_project_table_is_skipped(seed: Seed) -> None:
    renamed = edit_rows(
        seed("002"),
        TableKind.GOVERNMENT_PROCUREMENT,
        item("基础电信服务"),
        attributes={"项目": "不可预见公用经费"},
        values={"amount": Decimal(9999999)},
    )
    assert run("X-11", renamed) == []


def _amount_keyed(payload: ParsedPayload) -> ParsedPayload:
    """附表10 of 000 heads its 金额 column "采购金额合计(元)", which the parser keys col_11 (000:L366)."""
    tables = []
    for table in payload.tables:
        if table.kind == TableKind.GOVERNMENT_PROCUREMENT:
            rows = [
                r.model_copy(
                    update={"values": {("amount" if k == "col_11" else k): v for k, v in r.values.items()}}
                )
                for r in table.rows
            ]
            table = table.model_copy(update={"rows": rows})
        tables.append(table)
    return payload.model_copy(update={"tables": tables})


def line(row: Row) -> bool:
    return row.values.get("amount") == Decimal("2176400.00")


def test_procurement_in_yuan_against_a_project_in_wan_yuan(seed: Seed) -> None:
    # 000 prints its 项目支出表 in 万元 (000:L338) and 附表10 in 元; the parser loses 附表10's 项目
    # column (000:L371–378), so one line gets its printed project back: 2176400 元 (000:L376) for
    # 全区政务网络互联网接入服务及运维项目 217.64 万元 (000:L346)
    payload = edit_rows(
        _amount_keyed(seed("000")),
        TableKind.GOVERNMENT_PROCUREMENT,
        line,
        attributes={"项目": "全区政务网络互联网接入服务及运维项目"},
    )
    assert run("X-11", payload) == []
    # the project edited to 217.63 万元 = 2176300 元: 100 元 over, more than half a printed cent
    over = edit_rows(
        payload,
        TableKind.PROJECT_EXPENDITURE,
        project("42011323054Y000000101"),
        values={"total": Decimal("217.63")},
    )
    [finding] = run("X-11", over)
    assert (finding.severity, finding.expected, finding.actual) == (
        "error",
        Decimal("2176300.00"),
        Decimal("2176400.00"),
    )
    assert "217.63 万元" in finding.message
    # 2176440 元 over 217.64 万元 is within the 50 元 a 万元 figure rounds away: info
    drift = edit_rows(
        payload, TableKind.GOVERNMENT_PROCUREMENT, line, values={"amount": Decimal("2176440.00")}
    )
    [rounding] = run("X-11", drift)
    assert (rounding.severity, rounding.probable_cause) == ("info", "rounding")


# ---- X-13 ----------------------------------------------------------------------------------------


def test_asset_differs_from_its_procurement_line(seed: Seed) -> None:
    # 资产 复印机 [A02020100] 25000 元 (002:L1147–1155) = 政府采购 [A02020100]复印机 1 × 25000 (002:L779–803);
    # the procurement line edited to 24000
    edited = edit_rows(
        seed("002"), TableKind.GOVERNMENT_PROCUREMENT, item("复印机"), values={"amount": Decimal(24000)}
    )
    [finding] = run("X-13", edited)
    assert (finding.severity, finding.probable_cause) == ("error", "source")
    assert (finding.location.table, finding.location.row, finding.location.column) == (
        TableKind.ASSET_ALLOCATION,
        "复印机",
        "amount",
    )
    assert (finding.expected, finding.actual) == (24000, 25000)


def test_asset_without_any_procurement_line(seed: Seed) -> None:
    # the procurement 复印机 line re-coded and re-priced: nothing of the same 品目 or amount remains
    edited = edit_rows(
        seed("002"),
        TableKind.GOVERNMENT_PROCUREMENT,
        item("复印机"),
        attributes={"政府采购品目": "[A02010104]台式计算机"},
        values={"amount": Decimal(6000)},
    )
    [finding] = run("X-13", edited)
    assert (finding.severity, finding.probable_cause) == ("warning", "source")
    assert finding.actual == 25000 and "A02020100" in finding.message


def test_asset_paired_by_amount_when_the_code_differs(seed: Seed) -> None:
    # conservative pairing: same project, same amount, another 品目 code
    edited = edit_rows(
        seed("002"),
        TableKind.GOVERNMENT_PROCUREMENT,
        item("复印机"),
        attributes={"政府采购品目": "[A02021000]多功能一体机"},
    )
    assert run("X-13", edited) == []


# ---- project names -------------------------------------------------------------------------------


def test_project_names_pair_strictly(seed: Seed) -> None:
    # 表10 of 002 glues the 项目单位 to each name (002:L590–596); 工作性保人员-… and 工作性其他-…
    # 网上群众工作部年度费用 (002:L590, L601) differ only in their prefix
    listed = projects(next(t for t in seed("002").tables if t.kind == TableKind.PROJECT_EXPENDITURE))
    found, how = match("工作性其他-网上群众工作部年度费用", listed)
    assert [p.row.code for p in found] == ["42010724121T000000106"] and how == "exact"
    assert match("网上群众工作部年度费用", listed) == ([], None)  # both fit: no pairing
    # 000:L1345 "区政府门户网站运维运维服务" ~ 附表9 "区政府门户网站运维服务" (000:L349)
    found, how = match(
        "区政府门户网站运维运维服务",
        projects(next(t for t in seed("000").tables if t.kind == TableKind.PROJECT_EXPENDITURE)),
    )
    assert [p.row.code for p in found] == ["42011323054Y000000104"] and how == "similar"
