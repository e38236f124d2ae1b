"""vehicle-count-sum on seed 003: "共有车辆5辆，其中，机要通信用车1辆、应急保障用车2辆、特种专业技术用车
1辆、离退休干部服务用车1辆" holds as published and fails once one count is changed."""

from __future__ import annotations

from services.validate.tests.rule_testing import Seed, edit_text, run

RULE = "vehicle-count-sum"


def test_the_kinds_add_up_as_published(seed: Seed) -> None:
    assert run(RULE, seed("003")) == []


def test_a_kind_that_does_not_add_up(seed: Seed) -> None:
    edited = edit_text(seed("003"), "应急保障用车2辆", "应急保障用车3辆")
    [found] = run(RULE, edited)
    assert (found.severity, found.expected, found.actual) == ("error", 6, 5)
    assert "应急保障用车 3 辆" in found.message and found.evidence[0].text.startswith("共有车辆5辆")
