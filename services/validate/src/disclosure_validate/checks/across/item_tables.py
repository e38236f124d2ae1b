"""Item tables in 元: the 资产配置预算表 (T13) and the 政府采购预算表 (T11) against each other and
against the 项目支出表 (T10). SPEC §3.1 I-19, §3.2 X-11, X-13.

I-19  asset line: 总金额 = 申请数量 × 单价; 财政审核 金额 = 审核数量 × 审核单价 (exact 元)
X-11  Σ 采购金额 of a project's T11 lines ≤ that project's T10 amount (万元 → 元)
X-13  each T13 asset = the T11 line of the same 品目 code and project (same amount)

Item rows are the rows carrying text cells (attributes); group rows (合计, 部门, 单位) print column
sums only (docs/records.md "unit_price_sum").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import judged_finding
from disclosure_validate.judging.suspicion import row_suspect, suspect
from disclosure_validate.judging.tolerance import Outcome, compare_money
from disclosure_validate.readers.narrative import WAN, decimals_of
from disclosure_validate.readers.project_names import Project, match, name_key, projects
from disclosure_validate.readers.table_lookup import ZERO
from disclosure_validate.registry import check
from disclosure_validate.wording import money, row_evidence, table_label

HALF_CENT = Decimal("0.005")
# A 万元 amount is printed to 0.01 万元 = 100 元: the 元 it stands for lie within ±50 元 (SPEC §3.0).
HALF_WAN_CENT = Decimal(50)
_PRICED = ("quantity", "unit_price", "amount")
_CATALOG = re.compile(r"\[\s*([A-C]\s*\d[\d\s]{5,9})\s*\]")


@dataclass(frozen=True)
class Product:
    """One 金额 = 数量 × 单价 identity of an asset line."""

    amount: str
    quantity: str
    price: str
    what: str


_PRODUCTS = (
    Product("amount", "quantity", "unit_price", "总金额"),
    Product("audit_amount", "audit_quantity", "audit_unit_price", "财政审核金额"),
)


def items(table: Table) -> list[Row]:
    """The item lines of an item table: rows with text cells (项目, 品目, 资产名称…)."""
    return [r for r in table.rows if r.attributes and any(v is not None for v in r.values.values())]


_ITEM_TEXT = ("项目", "政府采购品目", "资产名称")


def item_name(row: Row) -> str:
    """How a reviewer finds an item line: its asset or 品目 name, else its project."""
    for key in ("资产名称", "政府采购品目", "项目"):
        text = " ".join(row.attributes.get(key, "").split())
        if text:
            return text
    return row.name


def item_evidence(row: Row, columns: tuple[str, ...]) -> Evidence:
    """An item line as printed: unit code, project, 品目 or asset name, and the values read."""
    texts = [row.code or "", *(" ".join(row.attributes.get(k, "").split()) for k in _ITEM_TEXT)]
    values = [f"{k}={money(row.values[k])}" for k in columns if row.values.get(k) is not None]
    return Evidence(page=row.page, text=" ".join(t for t in [*texts, *values] if t), bbox=row.bbox)


def catalog_code(row: Row) -> str | None:
    """The 政府采购品目 code of a line ("[A02020100]复印机", 002:L1149–1155 and L779)."""
    for text in row.attributes.values():
        found = _CATALOG.search(text)
        if found:
            return re.sub(r"\s", "", found.group(1))
    return None


def _project_of(row: Row) -> str:
    return name_key(row.attributes.get("项目", ""))


# ---- I-19 ----------------------------------------------------------------------------------------


def _product_finding(ctx: Context, table: Table, row: Row, product: Product) -> Finding | None:
    quantity, price, stated = (row.values.get(k) for k in (product.quantity, product.price, product.amount))
    if quantity is None or price is None or stated is None:
        return None
    computed = quantity * price
    # a price printed to the cent may itself be rounded: half a cent per unit (SPEC §3.0, 元 exact)
    tolerance = abs(quantity) * HALF_CENT if decimals_of(price) >= 2 else ZERO
    outcome = compare_money(computed, stated, tolerance)
    if outcome is Outcome.HOLDS:
        return None
    name = item_name(row)
    return judged_finding(
        "I-19",
        outcome,
        f"{table_label(table)}「{name}」{product.what} {money(stated)} 元 ≠ 数量 {money(quantity)} × "
        f"单价 {money(price)} = {money(computed)} 元（差 {money(abs(stated - computed))} 元）",
        reason=row_suspect(ctx, table, row),
        rounded="，单价四舍五入所致。",
        expected=computed,
        actual=stated,
        table=table,
        name=name,
        at=row,
        column=product.amount,
        evidence=[item_evidence(row, (product.quantity, product.price, product.amount))],
    )


@check("I-19")
def asset_amounts_are_quantity_times_price(ctx: Context) -> Iterator[Finding]:
    """资产配置预算表: 总金额 = 申请数量 × 单价 and 财政审核 金额 = 数量 × 单价 on every asset line."""
    for table in ctx.tables_of(TableKind.ASSET_ALLOCATION):
        if table.empty:
            continue
        for row in items(table):
            for product in _PRODUCTS:
                found = _product_finding(ctx, table, row, product)
                if found:
                    yield found


# ---- X-11 ----------------------------------------------------------------------------------------


def _in_yuan(table: Table, value: Decimal) -> Decimal:
    return value * WAN if table.unit == "wan_yuan" else value


def _budget(t10: Table, matched: list[Project]) -> tuple[Decimal, Decimal] | None:
    """The projects' T10 amount in 元 and how far the printed 万元 figures may be from it."""
    totals = [p.row.values.get("total") for p in matched]
    if any(t is None for t in totals):
        return None
    budget = sum((_in_yuan(t10, t) for t in totals if t is not None), ZERO)
    tolerance = HALF_WAN_CENT * len(matched) if t10.unit == "wan_yuan" else HALF_CENT
    return budget, tolerance


def _procured_by_project(t11: Table) -> dict[tuple[str | None, str], list[Row]]:
    """T11 item lines with a 项目 and a 金额, by (unit code, project name key)."""
    groups: dict[tuple[str | None, str], list[Row]] = {}
    for row in items(t11):
        key = _project_of(row)
        if key and row.values.get("amount") is not None:
            groups.setdefault((row.code, key), []).append(row)
    return groups


def _narrowed(matched: list[Project], unit: str | None) -> list[Project]:
    """A name printed under two units in T10 (004:L406/L419): keep the procuring unit's project."""
    same = [p for p in matched if unit is not None and p.unit == unit]
    return same or matched


def _overspend_message(
    t11: Table,
    t10: Table,
    name: str,
    lines: list[Row],
    matched: list[Project],
    spent: Decimal,
    limit: Decimal,
) -> str:
    stated = " + ".join(money(p.row.values.get("total")) for p in matched)
    in_wan = t10.unit == "wan_yuan"
    budget = f"{stated} 万元（合 {money(limit)} 元）" if in_wan else f"{stated} 元"
    return (
        f"{table_label(t11)}项目“{name}”的采购金额合计 {money(spent)} 元（{len(lines)} 项），超过"
        f"{table_label(t10)}该项目金额 {budget}"
    )


def _overspend(
    ctx: Context, t11: Table, t10: Table, lines: list[Row], matched: list[Project], sure: bool
) -> Finding | None:
    spent = sum((r.values.get("amount") or ZERO for r in lines), ZERO)
    budget = _budget(t10, matched)
    if budget is None:
        return None
    limit, tolerance = budget
    if spent <= limit:
        return None
    outcome = Outcome.ROUNDING if spent - limit <= tolerance else Outcome.FAILS
    name = " ".join(lines[0].attributes.get("项目", "").split())
    evidence = [item_evidence(r, ("amount",)) for r in lines[:8]]
    evidence += [row_evidence(p.row, ("total",)) for p in matched]
    return judged_finding(
        "X-11",
        outcome,
        _overspend_message(t11, t10, name, lines, matched, spent, limit),
        reason=suspect(ctx, [*((t11, r) for r in lines), *((t10, p.row) for p in matched)]),
        rounded="，差额在万元取整误差内。",
        failed=f"，超出 {money(spent - limit)} 元。",
        sure=sure,  # names that only look alike make the pairing itself uncertain
        expected=limit,
        actual=spent,
        table=t11,
        name=name,
        at=lines[0],
        column="amount",
        evidence=evidence,
    )


@check("X-11")
def procurement_within_project_budgets(ctx: Context) -> Iterator[Finding]:
    """Σ 采购金额 of the T11 lines naming a project ≤ that project's T10 amount. Lines whose 项目
    matches no T10 project (basic expenditure such as 不可预见公用经费, 000:L371) are not compared."""
    t10 = ctx.table(TableKind.PROJECT_EXPENDITURE)
    listed = projects(t10)
    if t10 is None or not listed:
        return
    for t11 in ctx.tables_of(TableKind.GOVERNMENT_PROCUREMENT):
        if t11.empty:
            continue
        for (unit, _), lines in _procured_by_project(t11).items():
            matched, how = match(lines[0].attributes.get("项目", ""), listed)
            if not matched:
                continue
            found = _overspend(ctx, t11, t10, lines, _narrowed(matched, unit), how != "similar")
            if found:
                yield found


# ---- X-13 ----------------------------------------------------------------------------------------


def _grouped(rows: Iterable[Row]) -> dict[tuple[str | None, str, str], list[Row]]:
    """Lines by (unit code, project key, 品目 code); lines without a 品目 code are left out."""
    groups: dict[tuple[str | None, str, str], list[Row]] = {}
    for row in rows:
        code = catalog_code(row)
        if code:
            groups.setdefault((row.code, _project_of(row), code), []).append(row)
    return groups


def _counterparts(
    procured: dict[tuple[str | None, str, str], list[Row]], unit: str | None, project: str, code: str
) -> list[Row]:
    """T11 lines of the same 品目 code: of the asset's unit and project; else of any unit, naming the
    asset's project or none."""
    exact = procured.get((unit, project, code))
    if exact:
        return exact
    return [
        r
        for (_, p, c), rows in procured.items()
        if c == code and (not project or p in ("", project))
        for r in rows
    ]


def _asset_total(rows: list[Row]) -> Decimal | None:
    values = [r.values.get("amount") for r in rows]
    return sum((v for v in values if v is not None), ZERO) if any(v is not None for v in values) else None


def _unpaired(t13: Table, assets: list[Row], code: str, total: Decimal, t11: Table) -> Finding:
    name = item_name(assets[0])
    project = " ".join(assets[0].attributes.get("项目", "").split())
    where = f"项目“{project}”" if project else "同一单位"
    return judged_finding(
        "X-13",
        Outcome.FAILS,
        f"{table_label(t13)}资产“{name}”（品目 {code}，{money(total)} 元）在{table_label(t11)}{where}"
        f"下没有同一品目或同一金额的采购，请核实该资产是否需要列入政府采购预算",
        sure=False,  # not every asset is bought through 政府采购
        expected=None,
        actual=total,
        table=t13,
        name=name,
        at=assets[0],
        column="amount",
        evidence=[item_evidence(r, _PRICED) for r in assets],
    )


def _differs(
    ctx: Context, t13: Table, assets: list[Row], total: Decimal, t11: Table, lines: list[Row]
) -> Finding | None:
    procured = sum((r.values.get("amount") or ZERO for r in lines), ZERO)
    audited = _sum_of(assets, "audit_amount")
    if procured in (total, audited):
        return None
    name = item_name(assets[0])
    return judged_finding(
        "X-13",
        Outcome.FAILS,
        f"{table_label(t13)}资产“{name}”总金额 {money(total)} 元，与{table_label(t11)}同一品目"
        f"“{item_name(lines[0])}”的采购金额 {money(procured)} 元不一致",
        reason=suspect(ctx, [*((t13, a) for a in assets), *((t11, r) for r in lines)]),
        expected=procured,
        actual=total,
        table=t13,
        name=name,
        at=assets[0],
        column="amount",
        evidence=[
            *(item_evidence(r, _PRICED) for r in assets),
            *(item_evidence(r, _PRICED) for r in lines),
        ],
    )


def _sum_of(rows: list[Row], key: str) -> Decimal | None:
    values = [r.values.get(key) for r in rows]
    return sum((v for v in values if v is not None), ZERO) if all(v is not None for v in values) else None


@check("X-13")
def assets_match_procurement(ctx: Context) -> Iterator[Finding]:
    """Each 资产配置 line = the 政府采购 line of the same 品目 code (and project): same amount. An
    asset with no such line passes when a line of its project has its amount; else a warning (not
    every asset is bought through 政府采购)."""
    t11 = ctx.table(TableKind.GOVERNMENT_PROCUREMENT)
    if t11 is None:
        return
    procured_rows = [r for r in items(t11) if r.values.get("amount") is not None]
    procured = _grouped(procured_rows)
    if not procured:
        return  # no 品目 codes read: nothing to pair on
    for t13 in ctx.tables_of(TableKind.ASSET_ALLOCATION):
        if t13.empty:
            continue
        for (unit, project, code), assets in _grouped(items(t13)).items():
            total = _asset_total(assets)
            if total is None or total == 0:
                continue
            lines = _counterparts(procured, unit, project, code)
            if lines:
                found = _differs(ctx, t13, assets, total, t11, lines)
            elif any(r.values.get("amount") == total and _project_of(r) == project for r in procured_rows):
                found = None
            else:
                found = _unpaired(t13, assets, code, total, t11)
            if found:
                yield found
