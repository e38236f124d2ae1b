"""The contract's vocabulary: table kinds, matching keys of printed text, total-row labels."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from disclosure_shared.labels import CURRENT_TOTAL, GRAND_TOTAL, is_total_label
from disclosure_shared.records import Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import spaceless_key, text_key

CONTRACT = Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "CONTRACT.md"


def test_table_kind_travels_as_its_contract_string() -> None:
    table = Table(kind=TableKind.THREE_PUBLIC_EXPENSES, title="“三公”经费支出表")
    assert '"kind":"three_public_expenses"' in table.model_dump_json()
    assert table.model_dump(mode="json")["kind"] == "three_public_expenses"
    again = Table.model_validate_json(table.model_dump_json())
    assert again.kind is TableKind.THREE_PUBLIC_EXPENSES


def test_a_stored_string_kind_loads_and_an_unknown_one_is_rejected() -> None:
    assert Table.model_validate({"kind": "revenue", "title": ""}).kind is TableKind.REVENUE
    with pytest.raises(ValidationError):
        Table.model_validate({"kind": "revenues", "title": ""})


def test_every_kind_of_the_contract_is_a_table_kind() -> None:
    if not CONTRACT.exists():
        pytest.skip(f"{CONTRACT} is absent (../shared beside the repo)")
    text = CONTRACT.read_text(encoding="utf-8")
    section = text.split("## Canonical table kinds", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    assert len(listed) >= 16
    assert set(listed) <= {k.value for k in TableKind}


def test_text_key_ignores_width_spacing_and_quotes() -> None:
    assert text_key("（一）一般 公共\n服务") == text_key("(一)一般公共服务") == "(一)一般公共服务"
    assert text_key("“三公”经费") == text_key('"三公"经费') == text_key("「三公」经费") == "三公经费"
    assert text_key("收\u3000入 总 计") == "收入总计"  # ideographic space


def test_spaceless_key_keeps_quotes() -> None:
    assert spaceless_key("“三公” 经费") == "“三公”经费"
    assert spaceless_key("（ 一 ）") == "(一)"


@pytest.mark.parametrize("label", ["合计", "总 计", "小计", "支出合计", "“收入总计”", "本年收入合计"])
def test_total_labels(label: str) -> None:
    assert is_total_label(label)


@pytest.mark.parametrize("label", ["一般公共服务支出", "行政运行", "社会保障和就业支出合计"])
def test_subject_labels_are_not_totals(label: str) -> None:
    assert not is_total_label(label)


def test_summary_table_total_labels() -> None:
    assert CURRENT_TOTAL["income"].match("一、本年收入合计")
    assert CURRENT_TOTAL["expenditure"].match("当年支出小计")
    assert not CURRENT_TOTAL["income"].match("本年支出合计")
    assert GRAND_TOTAL.match("收入总计") and GRAND_TOTAL.match("总计")
    assert not GRAND_TOTAL.match("本年收入合计")
