"""决算 06表: side-by-side (code | name | amount) groups unpivoted into one row per economic item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_parse.structure.codes import level_of, repair_economic
from disclosure_parse.structure.columns import Column
from disclosure_parse.structure.rows import PagedRow, RowIssues, split_lead, trim
from disclosure_parse.structure.text_norm import join_wrapped, parse_amount
from disclosure_shared.labels import is_total_label
from disclosure_shared.records import Row
from disclosure_shared.text_keys import text_key


@dataclass(frozen=True)
class Group:
    lead: tuple[int, ...]
    value: int | None
    key: str


def groups_of(columns: Sequence[Column]) -> list[Group]:
    """One group per name column; its code column sits left of it, its amount column right of it."""
    names = [c.index for c in columns if c.role == "name"]
    groups: list[Group] = []
    for position, name_index in enumerate(names):
        end = names[position + 1] if position + 1 < len(names) else len(columns)
        start = names[position - 1] + 1 if position else 0
        lead = tuple(c.index for c in columns[start:end] if c.role == "code" and c.index < name_index)
        values = [c.index for c in columns[name_index:end] if c.role == "value"]
        label = text_key(columns[name_index].path[0]) if columns[name_index].path else ""
        if "人员经费" in label:
            key = "personnel"
        elif "公用经费" in label:
            key = "public_funds"
        else:  # Shanghai prints no group labels: the template puts 人员经费 first
            key = "personnel" if position == 0 else "public_funds"
        groups.append(Group((*lead, name_index), values[-1] if values else None, key))
    return groups


def is_grouped(columns: Sequence[Column]) -> bool:
    return sum(1 for c in columns if c.role == "name") >= 2


def build_econ_groups(
    data: Sequence[PagedRow], columns: Sequence[Column], width: int
) -> tuple[list[Row], RowIssues]:
    issues = RowIssues()
    groups = groups_of(columns)
    per_group: list[list[Row]] = [[] for _ in groups]
    for raw, page in data:
        cells = trim(raw, width) + [""] * max(0, width - len(raw))
        pending_label: int | None = None
        for g_index, group in enumerate(groups):
            code, name = split_lead([cells[i] for i in group.lead if i < len(cells)])
            text = cells[group.value] if group.value is not None and group.value < len(cells) else ""
            try:
                amount = parse_amount(join_wrapped(text))
            except ValueError:
                amount = None
                issues.bad_cells.append(text)
            rows = per_group[g_index]
            if not code and not name:
                if amount is not None and pending_label is not None:
                    # 公用经费合计's amount is printed under the last group (001:L357)
                    target = per_group[pending_label]
                    target[-1] = target[-1].model_copy(update={"values": {groups[pending_label].key: amount}})
                continue
            if code is None and amount is None and not is_total_label(name) and rows:
                rows[-1] = rows[-1].model_copy(update={"name": rows[-1].name + name})  # wrapped "…缴" / "费"
                continue
            repairs: list[str] = []
            if code is not None and len(code) == 2:
                fixed = repair_economic(code, name)
                if fixed:
                    issues.repaired_codes.append(f"{code}→{fixed}")
                    code = fixed
                    repairs.append("code")
            rows.append(
                Row(
                    code=code,
                    name=name,
                    level=level_of(code, "economic"),
                    values={group.key: amount},
                    page=page,
                    repairs=repairs,
                )
            )
            pending_label = g_index if amount is None and code is None else None
    return [row for rows in per_group for row in rows], issues
