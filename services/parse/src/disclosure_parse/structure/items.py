"""Item tables of space-separated exports -> Rows: 政府采购 (T11) and 资产配置 (T13), SPEC §2.11/§2.13.

S2 prints each cell of an item on its own wrapped lines and the numbers on one line ("1 5000 批 5000 0
5000", 002:L763); its header words explode over 40 lines (002:L636-677), so no header can be read. A
template lists, per kind, the cells printed after the label cells in printed order: money/count keys
and text cells (计量单位, 资产大类…). Each record (a unit code with its label, or a label-less first
row whose code and name sit in the context, 002:L679-683) is read as a token stream against it:

* a number slot takes the next number; facing text, it was blank (space-separated exports drop blank
  cells, SPEC §4.1);
* a run of adjacent text slots takes the next run of text tokens, which is then cut by bracket codes
  ("[30201]办公费"), the 资金来源/资金性质 words and the 资产分类 names; facing a number, all blank.

A record may run over several data lines: the T13 item continues with "[A020 / 20100 / ]复印 / 机 /
复印机 25000 1" and ends with label lines and "25000", a number that reads as a code and so is only in
RawTable.tail (002:L1104-1175). Group rows (合计, 科室, 部门: no item text) print the column sums of
单价 as well (002:L683 "6 4158800 …"); those are not prices and are kept as `unit_price_sum` /
`audit_unit_price_sum`, so 金额 = 数量 × 单价 is only read on item rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_parse.structure.rows import PagedRow, RowIssues
from disclosure_parse.structure.text_norm import is_amount, join_wrapped, parse_amount
from disclosure_shared.labels import is_total_label
from disclosure_shared.records import Row
from disclosure_shared.table_kinds import TableKind

Slot = str | tuple[str, ...]
"""A value key (one number) or the attribute keys of adjacent text cells (one text run)."""


@dataclass(frozen=True)
class Template:
    lead: tuple[tuple[str, ...], ...]
    """Text cells after 单位名称/项目, one group per bracket code ("[C16070100]基础环境运维服务")."""
    trailing: tuple[Slot, ...]
    """The cells after the label, in printed order."""


_ECON_FUND = ("部门支出经济分类", "资金来源", "资金性质")
ITEM_TEMPLATES: dict[str, Template] = {
    # 002:L636-677 采购数量 | 单价 | 计量单位 | 采购金额(合计) | 其中面向中小企业 | 其中面向微小企业
    TableKind.GOVERNMENT_PROCUREMENT: Template(
        lead=(("政府采购品目",), ("功能科目",), _ECON_FUND),
        trailing=("quantity", "unit_price", ("计量单位",), "amount", "amount_sme", "amount_micro"),
    ),
    # 002:L1011-1094 资产数量 | 资产编制数 | 资产申请数量 | 单价 | 总金额 | 资产大类 | 配置分类标准名称 |
    # 财政审核数{单价, 数量} | 部门支出经济分类 | 资金来源 | 资金性质 | 金额
    TableKind.ASSET_ALLOCATION: Template(
        lead=(("支出功能分类科目",), ("资产分类", "资产名称")),
        trailing=(
            "asset_quantity",
            "asset_quota",
            "quantity",
            "unit_price",
            "amount",
            ("资产大类", "配置分类标准名称"),
            "audit_unit_price",
            "audit_quantity",
            _ECON_FUND,
            "audit_amount",
        ),
    ),
}
_GROUP_SUMS = {"unit_price": "unit_price_sum", "audit_unit_price": "audit_unit_price_sum"}

_FUND_NATURE = re.compile(
    r"(经费拨款补助|财政拨款补助|经费拨款|财政拨款|纳入专户管理的非税收入拨款|纳入预算管理的非税收入拨款|单位资金|其他资金)$"
)
_FUND_SOURCE = re.compile(r"(预算安排|年初安排|年初预算|追加安排|年中追加|上年结转)$")
# 资产分类 names (GB/T 14885-2022 and -2010 top classes), longest first
_ASSET_CLASSES = sorted(
    (
        "土地",
        "房屋和构筑物",
        "土地、房屋及构筑物",
        "设备",
        "通用设备",
        "专用设备",
        "文物和陈列品",
        "图书和档案",
        "图书、档案",
        "家具和用具",
        "家具、用具、装具及动植物",
        "特种动植物",
        "物资",
        "无形资产",
    ),
    key=len,
    reverse=True,
)
_CODE = re.compile(r"\d{2,}")


@dataclass
class _Record:
    page: int
    code: str | None = None
    label: list[str] = field(default_factory=list)
    slot: int = 0
    values: dict[str, Decimal | None] = field(default_factory=dict)
    texts: dict[tuple[str, ...], str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Token:
    text: str
    page: int
    row_start: bool

    @property
    def number(self) -> bool:
        return is_amount(self.text)


def _words(cells: Sequence[str]) -> list[str]:
    """Whitespace tokens with bracket codes cut by wraps rejoined ("[A020" "20100" "]复印" -> one)."""
    out: list[str] = []
    for word in " ".join(cells).split():
        if out and out[-1].rfind("[") > out[-1].rfind("]"):
            out[-1] += word
        else:
            out.append(word)
    return out


def _stream(data: Sequence[PagedRow], context: Sequence[str], tail: Sequence[str]) -> list[_Token]:
    rows: list[tuple[list[str], int]] = [(list(cells), page) for cells, page in data]
    if rows and tail:
        rows.append((list(tail), rows[-1][1]))
    first = _words(rows[0][0]) if rows else []
    if first and is_amount(first[0]):
        # the first row's code and name were printed before its numbers, after the header words
        marks = [i for i, line in enumerate(context) if _CODE.fullmatch(line) or is_total_label(line)]
        start = marks[-1] if marks else None
        if start is not None:
            rows.insert(0, (list(context[start:]), rows[0][1]))
    tokens: list[_Token] = []
    for cells, page in rows:
        words = _words(cells)
        tokens.extend(_Token(w, page, i == 0) for i, w in enumerate(words))
    return tokens


def _starts_record(tokens: Sequence[_Token], i: int) -> bool:
    token = tokens[i]
    if not token.row_start:
        return False
    if is_total_label(token.text):
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return bool(_CODE.fullmatch(token.text)) and nxt is not None and not nxt.number


def _records(tokens: Sequence[_Token], template: Template) -> list[_Record]:
    records: list[_Record] = []
    current: _Record | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        done = current is not None and current.slot >= len(template.trailing)
        if current is None or done or _starts_record(tokens, i):
            current = _Record(token.page)
            records.append(current)
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if _CODE.fullmatch(token.text) and nxt is not None and not nxt.number:
                current.code = token.text
                i += 1
            while i < len(tokens) and not tokens[i].number:
                if current.label and _starts_record(tokens, i):
                    break
                current.label.append(tokens[i].text)
                i += 1
            continue
        slot = template.trailing[current.slot]
        current.slot += 1
        if isinstance(slot, str):
            if token.number:
                current.values[slot] = parse_amount(token.text)
                i += 1
            continue
        run: list[str] = []
        while i < len(tokens) and not tokens[i].number and not (run and _starts_record(tokens, i)):
            run.append(tokens[i].text)
            i += 1
        if run:
            current.texts[slot] = " ".join(run)
    return records


def _clean(text: str) -> str:
    return re.sub(r"(?<=\])\s+", "", join_wrapped(text))


def _brackets(text: str) -> tuple[str, list[str]]:
    """(text before the first bracket code, each "[code]name" segment)."""
    parts = re.split(r"(?=\[)", text)
    return parts[0].strip(), [p.strip() for p in parts[1:] if p.strip()]


def _split_cells(keys: tuple[str, ...], text: str) -> dict[str, str]:
    """One text run over adjacent cells -> {key: text}; cells it cannot tell apart stay in the first."""
    text = _clean(text)
    out: dict[str, str] = {}
    if keys[1:] == _ECON_FUND[1:]:
        nature = _FUND_NATURE.search(text)
        if nature:
            out["资金性质"], text = nature.group(1), text[: nature.start()]
        source = _FUND_SOURCE.search(text)
        if source:
            out["资金来源"], text = source.group(1), text[: source.start()]
    elif keys[1:] and "]" in text:
        code, _, rest = text.partition("]")
        head = ""
        if keys[1] == "资产名称":
            head = next((c for c in _ASSET_CLASSES if rest.startswith(c) and len(rest) > len(c)), "")
        elif len(rest) % 2 == 0 and rest[: len(rest) // 2] == rest[len(rest) // 2 :]:
            head = rest[: len(rest) // 2]  # 资产大类 "[A02020100]复印机" then 配置分类标准名称 "复印机"
        if head:
            out[keys[1]], text = rest[len(head) :], f"{code}]{head}"
    if text:
        out[keys[0]] = text
    return {k: out[k] for k in keys if out.get(k)}


def _unit_and_project(text: str, units: Sequence[str]) -> tuple[str, str]:
    """单位名称 and 项目 printed as one run: cut after "本级" or after a group row's unit name."""
    if "本级" in text:
        cut = text.index("本级") + 2
        return text[:cut], text[cut:]
    for unit in sorted(units, key=len, reverse=True):
        if unit and text.startswith(unit) and len(text) > len(unit):
            return unit, text[len(unit) :]
    return text, ""


def _row(record: _Record, template: Template, units: list[str]) -> Row:
    label = _clean(" ".join(record.label))
    head, segments = _brackets(label)
    attributes: dict[str, str] = {}
    item = bool(segments) or bool(record.texts)
    name = head
    if item:
        name, project = _unit_and_project(head, units)
        if project:
            attributes["项目"] = project
        for keys, segment in zip(template.lead, segments, strict=False):
            attributes.update(_split_cells(keys, segment))
        if len(segments) > len(template.lead) and template.lead:
            last = template.lead[-1][-1]
            attributes[last] = " ".join([attributes.get(last, ""), *segments[len(template.lead) :]]).strip()
    else:
        units.append(name)
    for keys, text in record.texts.items():
        attributes.update(_split_cells(keys, text))
    values: dict[str, Decimal | None] = {}
    for slot in template.trailing:
        if isinstance(slot, str):
            key = slot if item else _GROUP_SUMS.get(slot, slot)
            values[key] = record.values.get(slot)
    if not name and record.code is None:
        name = "合计"
    return Row(
        code=record.code, name=name, level=None, values=values, page=record.page, attributes=attributes
    )


def build_item_rows(
    data: Sequence[PagedRow], kind: TableKind, context: Sequence[str], tail: Sequence[str]
) -> tuple[list[Row], RowIssues]:
    template = ITEM_TEMPLATES[kind]
    units: list[str] = []
    rows = [_row(r, template, units) for r in _records(_stream(data, context, tail), template)]
    return rows, RowIssues()
