"""Punctuation a reviewer reads for, on the seeds as published and edited (each case checked by hand)."""

from __future__ import annotations

from services.validate.tests.rule_testing import Seed, edit_text, run


def test_a_doubled_full_stop_as_published(seed: Seed) -> None:
    # 000: "…其他政府办公厅（室）及相关机构事务支出。。3.社会保障和就业支出…"
    [found] = run("doubled-punctuation", seed("000"))
    assert (found.severity, found.probable_cause) == ("warning", "source")
    assert "。。" in found.message and "相关机构事务支出。。" in found.evidence[0].text
    assert run("doubled-punctuation", seed("002")) == []


def test_an_ellipsis_is_not_a_doubled_mark(seed: Seed) -> None:
    edited = edit_text(seed("002"), "公用经费 32.16 万元。", "公用经费 32.16 万元。。。")
    assert run("doubled-punctuation", edited) == []
    edited = edit_text(seed("002"), "公用经费 32.16 万元。", "公用经费 32.16 万元，。")
    assert len(run("doubled-punctuation", edited)) == 2  # 002 prints the sentence twice


def test_a_reason_with_nothing_after_it(seed: Seed) -> None:
    assert run("empty-statement", seed("001")) == []
    edited = edit_text(
        seed("001"),
        "支出决算数小于年初预算数的主要原因：1. 同比",
        "支出决算数小于年初预算数的主要原因是。1. 同比",
    )
    [found] = run("empty-statement", edited)
    assert found.severity == "warning" and "主要原因是" in found.message


def test_quotes_and_brackets_left_open_as_published(seed: Seed) -> None:
    # 004: "询价采购《机房微在线监测系统、城域网防病毒软件续保服务；…" never closes its 《
    found = run("unbalanced-brackets", seed("004"))
    assert any("《" in f.message and "询价采购《" in f.evidence[0].text for f in found)
    assert run("unbalanced-brackets", seed("002")) == []


def test_a_closing_bracket_nothing_opened(seed: Seed) -> None:
    edited = edit_text(seed("002"), "公用经费 32.16 万元。", "公用经费 32.16 万元）。")
    found = run("unbalanced-brackets", edited)
    assert len(found) == 2 and all("没有对应的“(”" in f.message for f in found)
