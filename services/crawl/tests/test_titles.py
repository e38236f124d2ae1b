"""Which list titles count as disclosures, and their year, kind and organization."""

from __future__ import annotations

import pytest

from disclosure_crawl.config import Titles
from disclosure_crawl.titles import read_title

RULES = Titles()


@pytest.mark.parametrize(
    ("title", "year", "kind", "organization"),
    [
        ("武汉市硚口区教育局2023年部门预算公开", 2023, "budget", "武汉市硚口区教育局"),
        ("2022年武汉市青山区财政局部门决算公开", 2022, "final_accounts", "武汉市青山区财政局"),
        (
            "2024 年度武汉市信息中心（武汉市大数据中心）决算公开",
            2024,
            "final_accounts",
            "武汉市信息中心（武汉市大数据中心）",
        ),
        ("硚口区城管局2023年“三公”经费预算公开", 2023, "three_public", "硚口区城管局"),
        ("上海市普陀区人民政府万里街道办事处24年预算", 2024, "budget", "上海市普陀区人民政府万里街道办事处"),
        ("江苏省政协办公厅2018度部门预算公开表", 2018, "budget", "江苏省政协办公厅"),
        ("硚口区财政局2023年单位预算", 2023, "budget", "硚口区财政局"),
    ],
)
def test_disclosure_titles(title: str, year: int, kind: str, organization: str) -> None:
    info = read_title(title, RULES)
    assert info is not None
    assert (info.year, info.kind) == (year, kind)
    assert info.organization == organization


@pytest.mark.parametrize(
    "title",
    [
        "武汉市硚口区2023年政府预算公开",
        "2022年武汉市硚口区政府决算",
        "关于开展2023年预算绩效评价工作的通知",
        "硚口区2023年政府采购意向公开",
        "部门预算",  # a column name: no year
        "2023年区政府工作报告",
    ],
)
def test_titles_that_do_not_count(title: str) -> None:
    assert read_title(title, RULES) is None


def test_an_organization_pattern_overrides_the_default() -> None:
    rules = Titles(organization_pattern=r"^(?:\d{4}年)?(?P<org>.+?局)")
    info = read_title("2023年硚口区水务局部门预算及三公经费公开", rules)
    assert info is not None and info.organization == "硚口区水务局"
