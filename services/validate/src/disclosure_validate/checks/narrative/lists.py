"""Narrative lists against the tables (SPEC §3.3 N-17, N-19; staff counts, N-16, are in
staff_counts.py and the project list, N-14, in projects.py).

N-17  名词解释 "本部门使用的支出功能分类科目(项级)" = the 项 codes of the 支出表
N-19  "主要用于/主要包括：办公费、印刷费…" ⊆ economic items with an amount in the 基本支出表
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from disclosure_shared.records import Evidence, Finding, Location, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import spaceless_key
from disclosure_validate.context import Context
from disclosure_validate.readers.narrative_prose import glossary_listing, prose
from disclosure_validate.readers.table_lookup import code_rows, nonzero
from disclosure_validate.registry import check
from disclosure_validate.wording import money, row_evidence, table_label, unit_text

BASIC_TABLES = (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, TableKind.FISCAL_APPROPRIATION_BASIC_EXPENDITURE)


# ---- N-17 ----------------------------------------------------------------------------------------

_SUBJECT_LIST = re.compile(r"使用的(主要)?(支出)?功能分类科目[^:：]{0,12}[:：]?(如[:：])?")
_PARTIAL = re.compile(r"主要|如[:：]|例如|包括")
# "1.一般公共服务(类)政府办公厅(室)及相关机构事务(款)事业运行(项)：反映…" (NFKC brackets); an entry
# missing its (项) must not run on into the description and the next entry.
_ENTRY = re.compile(
    r"(?P<lei>[^()。；;:：]{1,24}?)\(类\)(?P<kuan>[^。；;:：]{1,40}?)\(款\)(?P<xiang>[^。；;:：]{1,120}?)\(项\)"
)
_SIMILAR = 0.8  # "工业和信息等产业监督" (001:L695) ~ 21505 "工业和信息产业监管" (001:L207)


def _name(text: str) -> str:
    text = re.sub(r"^\d{1,2}[.、．]", "", spaceless_key(text))
    return re.sub(r"支出$", "", text)


def same_subject(printed: str, table_name: str) -> bool:
    """Two names of one subject: equal, one cut short of the other (a truncated table cell,
    003:L186), or close ("技术研究与开发" / "技术与开发", 003:L188)."""
    a, b = _name(printed), _name(table_name)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))):
        return True
    return SequenceMatcher(None, a, b).ratio() >= _SIMILAR


@dataclass(frozen=True)
class Entry:
    """One "…(类)…(款)…(项)" entry of the list; a 项 part may name several 项 ("事业运行、其他宣传事
    务支出(项)", 002:L1998)."""

    text: str
    kuan: str
    items: list[str]


def _entries(text: str) -> list[Entry]:
    found = []
    for m in _ENTRY.finditer(unicodedata.normalize("NFKC", text)):
        items = [i for i in re.split(r"[、,，]", m.group("xiang")) if _name(i)]
        found.append(Entry(m.group(0).strip(), m.group("kuan"), items))
    return found


def _matching(entry: Entry, item: str, rows: dict[str, Row], kuans: dict[str, Row]) -> list[Row]:
    """The T03 项 rows an entry's 项 names: same 项 name under a 款 of the entry's 款 name."""
    return [
        row
        for code, row in rows.items()
        if same_subject(item, row.name)
        and (code[:5] not in kuans or same_subject(entry.kuan, kuans[code[:5]].name))
    ]


def _subject_finding(
    t03: Table, message: str, page: int, row: str | None, evidence: list[Evidence]
) -> Finding:
    return Finding(
        rule="N-17",
        severity="warning",
        probable_cause="source",
        message=message,
        location=Location(table=t03.kind, page=page, row=row),
        evidence=evidence,
    )


@check("N-17")
def glossary_subjects_match_expenditure_table(ctx: Context) -> Iterator[Finding]:
    """名词解释 "本部门使用的支出功能分类科目(项级)": every listed 项 is a 项 of the 支出表; a list not
    qualified as 主要/如 names every 项 the 支出表 prints with an amount. Wording: warnings."""
    t03 = ctx.table(TableKind.EXPENDITURE)
    rows = code_rows(t03, 7)
    listing = glossary_listing(ctx, _SUBJECT_LIST)
    if t03 is None or not rows or listing is None:
        return
    entries = _entries(listing.text)
    if not entries:
        return
    kuans = code_rows(t03, 5)
    named: set[str] = set()
    heading = Evidence(page=listing.page, text=listing.heading[:120])
    for entry in entries:
        unmatched = []
        for item in entry.items:
            found = _matching(entry, item, rows, kuans)
            named.update(r.code for r in found if r.code)
            if not found:
                unmatched.append(item)
        if unmatched:
            yield _subject_finding(
                t03,
                f"名词解释列示的支出功能分类科目“{entry.text}”中“{'、'.join(unmatched)}”不在"
                f"{table_label(t03)}所列项级科目中。",
                listing.page,
                entry.kuan,
                [heading, Evidence(page=listing.page, text=entry.text[:200])],
            )
    if _PARTIAL.search(listing.heading):
        return  # "主要…科目(项级)：如：" lists examples, not every subject
    for code, row in rows.items():
        if code not in named and nonzero(row.values.get("total")):
            yield _subject_finding(
                t03,
                f"{table_label(t03)}列有项级科目 {code} {row.name}（{money(row.values.get('total'))} "
                f"{unit_text(t03)}），"
                f"名词解释“{listing.heading.strip()[:40]}”未列示。",
                listing.page,
                code,
                [heading, row_evidence(row, ("total",))],
            )


# ---- N-19 ----------------------------------------------------------------------------------------

# 部门预算支出经济分类 names (类 and 款) a narrative enumerates; codes as in the 决算 06表 template.
ECONOMIC_NAMES: dict[str, str] = {
    "工资福利支出": "301",
    "基本工资": "30101",
    "津贴补贴": "30102",
    "奖金": "30103",
    "伙食补助费": "30106",
    "绩效工资": "30107",
    "机关事业单位基本养老保险缴费": "30108",
    "职业年金缴费": "30109",
    "职工基本医疗保险缴费": "30110",
    "公务员医疗补助缴费": "30111",
    "其他社会保障缴费": "30112",
    "住房公积金": "30113",
    "医疗费": "30114",
    "其他工资福利支出": "30199",
    "商品和服务支出": "302",
    "办公费": "30201",
    "印刷费": "30202",
    "咨询费": "30203",
    "手续费": "30204",
    "水费": "30205",
    "电费": "30206",
    "邮电费": "30207",
    "取暖费": "30208",
    "物业管理费": "30209",
    "差旅费": "30211",
    "因公出国(境)费用": "30212",
    "维修(护)费": "30213",
    "租赁费": "30214",
    "会议费": "30215",
    "培训费": "30216",
    "公务接待费": "30217",
    "专用材料费": "30218",
    "被装购置费": "30224",
    "专用燃料费": "30225",
    "劳务费": "30226",
    "委托业务费": "30227",
    "工会经费": "30228",
    "福利费": "30229",
    "公务用车运行维护费": "30231",
    "其他交通费用": "30239",
    "税金及附加费用": "30240",
    "其他商品和服务支出": "30299",
    "对个人和家庭的补助": "303",
    "对个人和家庭补助": "303",
    "离休费": "30301",
    "退休费": "30302",
    "退职(役)费": "30303",
    "抚恤金": "30304",
    "生活补助": "30305",
    "救济费": "30306",
    "医疗费补助": "30307",
    "助学金": "30308",
    "奖励金": "30309",
    "其他对个人和家庭的补助": "30399",
    "其他对个人和家庭补助": "30399",
    "资本性支出": "310",
    "房屋建筑物购建": "31001",
    "办公设备购置": "31002",
    "专用设备购置": "31003",
    "大型修缮": "31006",
    "信息网络及软件购置更新": "31007",
    "公务用车购置": "31013",
    "无形资产购置": "31022",
    "其他资本性支出": "31099",
}
# "商品和服务支出 97 万元。主要用于：办公费、…" (000:L1325): a heading of the basic expenditure with
# the department's amount; a definition without one ("机关运行经费…包括办公及印刷费…") is not a list
# of this department's items.
_ENUMERATION = re.compile(
    r"(?P<head>工资福利支出|商品和服务支出|对个人和家庭的?补助|人员经费|公用经费|机关运行经费|资本性支出)"
    r"[^。；;\d]{0,12}?\d[\d,]*(\.\d+)?\s*万?元[^。；;]{0,20}?。?\s*"
    r"(主要用于|主要包括|具体包括|包括)[:：]?(?P<list>[^。；;]+)"
)
_PREFIX = re.compile(r"^(在职人员|在职职工|在职)")
_MINIMUM_ITEMS = 2  # one economic word in a sentence is not an enumeration


def economic_code(token: str) -> str | None:
    """The economic code a listed word names ("维修(护)费" → 30213, "医疗费补助支出" → 30307)."""
    word = re.sub(r"(等|等支出|等方面)$", "", spaceless_key(token)).strip("()")
    word = _PREFIX.sub("", word)
    for candidate in (word, re.sub(r"支出$", "", word)):
        if candidate in ECONOMIC_NAMES:
            return ECONOMIC_NAMES[candidate]
    return None


def _items(text: str) -> list[tuple[str, str]]:
    """(word, code) of the economic items an enumeration names; "A及B" is split only when the whole
    is not an item name itself ("税金及附加费用")."""
    found = []
    for token in re.split(r"[、,，]", text):
        code = economic_code(token)
        parts = [token] if code else token.split("及")
        for part in parts:
            part_code = economic_code(part)
            if part_code:
                found.append((spaceless_key(part).rstrip("等"), part_code))
    return found


@dataclass(frozen=True)
class BasicRows:
    """The rows of the basic-expenditure tables by economic code and by printed name."""

    tables: list[Table]
    by_code: dict[str, list[Row]]
    by_name: dict[str, list[Row]]

    def of(self, word: str, code: str) -> list[Row] | None:
        """The rows a listed word names: by printed name first (a table of the pre-2018
        classification prints 30307 医疗费, 30311 住房公积金), else by code when the name there is
        the same item; None when the code names another item in this table (unsure)."""
        named = self.by_name.get(spaceless_key(word))
        if named:
            return named
        coded = self.by_code.get(code, [])
        alike = [r for r in coded if same_subject(word, r.name)]
        if alike or not coded:
            return alike
        return None


def _basic_rows(ctx: Context) -> BasicRows:
    tables = [t for kind in BASIC_TABLES for t in ctx.tables_of(kind) if not t.empty]
    by_code: dict[str, list[Row]] = {}
    by_name: dict[str, list[Row]] = {}
    for table in tables:
        for row in table.rows:
            if row.code and len(row.code) in (3, 5):
                by_code.setdefault(row.code, []).append(row)
                by_name.setdefault(spaceless_key(row.name), []).append(row)
    return BasicRows(tables, by_code, by_name)


def _has_amount(rows: Sequence[Row]) -> bool:
    return any(nonzero(v) for row in rows for v in row.values.values())


@check("N-19")
def enumerated_items_have_amounts(ctx: Context) -> Iterator[Finding]:
    """An enumeration of economic items ("商品和服务支出 97 万元，主要用于：办公费、印刷费…") names only
    items the 基本支出表 prints with an amount. Wording (warnings): the list is often boilerplate."""
    basic = _basic_rows(ctx)
    if not basic.tables:
        return
    table = basic.tables[0]
    seen: set[tuple[str, str]] = set()
    for paragraph in prose(ctx):
        for m in _ENUMERATION.finditer(paragraph.text):
            items = _items(m.group("list"))
            if len({code for _, code in items}) < _MINIMUM_ITEMS:
                continue
            missing = [
                (w, c, rows)
                for w, c in items
                if (rows := basic.of(w, c)) is not None and not _has_amount(rows)
            ]
            key = (m.group("head"), "、".join(w for w, _, _ in missing))
            if not missing or key in seen:
                continue  # the same section printed twice (Jiangsu prints it per table, 2019 p29/p30)
            seen.add(key)
            words = "、".join(f"{w}（{c}）" for w, c, _ in missing)
            yield Finding(
                rule="N-19",
                severity="warning",
                probable_cause="source",
                message=f"说明中{m.group('head')}列举的{words}在{table_label(table)}中没有金额，"
                f"与表中列示的支出项目不一致。",
                location=Location(table=table.kind, page=paragraph.page, row=missing[0][1]),
                evidence=[Evidence(page=paragraph.page, text=m.group(0)[:200])]
                + [row_evidence(rows[0]) for _, _, rows in missing if rows],
            )
