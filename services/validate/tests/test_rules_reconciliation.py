"""narrative-amount-unreconciled: every amount the narrative states is a table figure, one step from
table figures, or tied to its sentence's other amounts; the rest are listed as info findings."""

from __future__ import annotations

from decimal import Decimal as D

from disclosure_validate.context import Context
from disclosure_validate.readers.subject_figures import stated_subject_figures
from disclosure_validate.readers.table_figures import TableFigures, rows_named
from services.validate.tests.rule_testing import Seed, edit_claims, run

RULE = "narrative-amount-unreconciled"


def test_every_amount_of_a_clean_seed_is_accounted_for(seed: Seed) -> None:
    """002 states 44 amounts, each printed in its tables (002:L1865–1881 among them)."""
    assert run(RULE, seed("002")) == []


def test_an_amount_no_table_prints_is_listed_with_its_sentence(seed: Seed) -> None:
    record = seed("002")
    claim = next(
        c
        for c in record.claims
        if c.kind == "amount"
        and c.value > 100
        and not rows_named(record.tables, c.subject)
        and not stated_subject_figures(Context(record), c)
    )
    edited = edit_claims(record, lambda c: c is claim, value=claim.value + D("97.31"))
    [found] = run(RULE, edited)
    assert (found.severity, found.probable_cause, found.actual) == (
        "info",
        "source",
        claim.value + D("97.31"),
    )
    assert found.location.page == claim.page and found.evidence[0].text in claim.text
    assert claim.subject in found.message


def test_an_amount_its_named_row_does_not_print_is_a_warning(seed: Seed) -> None:
    """002 "工资福利支出 456.02 万元" is the printed row 301 工资福利支出; stated as 486.02 it matches
    none of that row's figures."""
    record = seed("002")
    claim = next(c for c in record.claims if c.subject == "工资福利支出" and c.value == D("456.02"))
    assert [r.name for _, r in rows_named(record.tables, claim.subject)] == ["工资福利支出"]
    [found] = run(RULE, edit_claims(record, lambda c: c is claim, value=D("486.02")))
    assert (found.severity, found.probable_cause) == ("warning", "source")
    assert "“工资福利支出”一行所列为" in found.message and "工资福利支出" in found.evidence[-1].text


def test_a_total_the_tables_print_under_another_name_is_a_warning(seed: Seed) -> None:
    """002 "2024 年财政拨款收支总预算 1352.94 万元" is the 总计 of the 财政拨款收支总表; stated as
    1382.94 it is no figure of any table, and the table's total is named in the finding."""
    record = seed("002")
    claim = next(c for c in record.claims if c.subject == "财政拨款收入总计")
    assert run(RULE, record) == []
    [found] = run(RULE, edit_claims(record, lambda c: c is claim, value=D("1382.94")))
    assert (found.severity, found.actual) == ("warning", D("1382.94"))
    assert found.location.table == "fiscal_appropriation_summary"
    assert found.expected is not None and abs(found.expected - claim.value) < D("0.01")


def test_a_budget_beside_its_outturn_is_tied_by_the_completion_rate(seed: Seed) -> None:
    """003: "一般公共预算财政拨款支出年初预算为 3,842.35 万元，支出决算为 3,797.75 万元，完成…%":
    the 年初预算 is not in the 决算 tables but the printed rate ties it to the outturn."""
    record = seed("003")
    assert not [f for f in run(RULE, record) if f.actual == D("3842.35")]
    rate = next(c for c in record.claims if c.kind == "completion" and "3,842.35" in c.text)
    edited = edit_claims(record, lambda c: c is rate, value=rate.value + 5)
    assert [f.actual for f in run(RULE, edited) if f.actual == D("3842.35")] == [D("3842.35")]


def test_figures_one_step_from_printed_cells() -> None:
    figures = TableFigures(printed=[D("10.00"), D("25.77")], derived=[D("15.77")])
    assert figures.printed_match(D("25.77"), 2)
    assert figures.printed_match(D("26"), 0)  # 25.77 rounded to the stated precision
    assert figures.printed_match(D("25.78"), 2)  # one cent of 万元: rounded from 元
    assert not figures.printed_match(D("25.79"), 2)
    assert figures.derived_match(D("15.77"), 2) and figures.derived_match(D("15.8"), 1)
