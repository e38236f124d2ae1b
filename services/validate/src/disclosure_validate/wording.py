"""The words findings are written in: column, row and table labels as printed, amounts, units, and
rows quoted as evidence (CONTRACT.md "Finding")."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from disclosure_shared.records import Evidence, Row, Table

UNIT_TEXT = {"yuan": "元", "wan_yuan": "万元"}

_COLUMN_TEXT = {
    "amount": "金额",
    "total": "合计",
    "grand_total": "合计（含会议费、培训费）",
    "basic": "基本支出",
    "project": "项目支出",
    "personnel": "人员经费",
    "public_funds": "公用经费",
    "business_operating": "经营支出",
    "remit_superior": "上缴上级支出",
    "subsidy_subordinate": "对附属单位补助支出",
    "reserve_funds": "单位预留机动经费",
    "carry_forward": "结转下年资金",
    "fiscal_allocation": "财政拨款收入",
    "superior_subsidy": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "subordinate_remit": "附属单位上缴收入",
    "other": "其他收入",
    "gpb": "一般公共预算",
    "gov_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
    "fiscal_special": "财政专户管理资金",
    "unit_funds": "单位资金",
    "carry_in": "年初结转和结余",
    "carry_out": "年末结转和结余",
    "income": "本年收入",
    "amount_sme": "面向中小企业金额",
    "amount_micro": "面向小微企业金额",
    "quantity": "数量",
    "unit_price": "单价",
    "quantity×unit_price": "数量×单价",
    "overseas": "因公出国（境）费",
    "vehicle_total": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费",
    "reception": "公务接待费",
    "meeting": "会议费",
    "training": "培训费",
    "operating_expenses": "机关运行经费",
}
_PREFIX_TEXT = (
    ("current_", "本年"),
    ("carryover_", "上年结转"),
    ("budget_", "预算数"),
    ("actual_", "决算数"),
)


def column_label(key: str) -> str:
    """A column key in the words of the printed header ("current_gpb" -> "本年一般公共预算")."""
    for prefix, text in _PREFIX_TEXT:
        if key.startswith(prefix):
            rest = key[len(prefix) :]
            return text + (
                "小计" if rest == "total" and prefix in ("current_", "carryover_") else column_label(rest)
            )
    return _COLUMN_TEXT.get(key, key)


def table_label(table: Table) -> str:
    """How a reviewer finds the table: its printed number, else its title."""
    number = (table.number or "").replace(" ", "")
    return number or f"《{table.title.strip() or table.kind}》"


def row_label(row: Row) -> str:
    name = " ".join(row.name.split())
    return f"{row.code} {name}" if row.code and not name.startswith(row.code) else name or (row.code or "")


def money(value: Decimal | None) -> str:
    """A decimal as printed: plain positional notation; a blank cell reads 空."""
    return "空" if value is None else format(value, "f")


def unit_text(table: Table | None) -> str:
    return UNIT_TEXT.get(table.unit or "", "") if table else ""


def row_evidence(row: Row, columns: tuple[str, ...] = ()) -> Evidence:
    """The row as printed: code, name and the values the rule read."""
    shown = columns or tuple(row.values)
    values = " ".join(f"{k}={money(row.values[k])}" for k in shown if row.values.get(k) is not None)
    text = " ".join(part for part in (row.code or "", row.name, values) if part)
    return Evidence(page=row.page, text=text, bbox=row.bbox)


def rows_evidence(rows: Iterable[tuple[Row, tuple[str, ...]]], limit: int = 12) -> list[Evidence]:
    """Evidence for several rows, each once (a row read in several columns shows them all)."""
    merged: dict[int, tuple[Row, list[str]]] = {}
    for row, columns in rows:
        entry = merged.setdefault(id(row), (row, []))
        entry[1].extend(c for c in columns if c not in entry[1])
    return [row_evidence(row, tuple(columns)) for row, columns in list(merged.values())[:limit]]
