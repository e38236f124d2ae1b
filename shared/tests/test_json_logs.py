"""Service log lines are JSON objects carrying the stage context, bounded, without colour codes."""

from __future__ import annotations

import json
import logging

from disclosure_shared.logs import LINE_LIMIT, JsonFormatter, bind, log_context


def line(message: str, **extra: object) -> dict[str, object]:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, message, None, None)
    record.__dict__.update(extra)
    text = JsonFormatter("parse").format(record)
    assert "\n" not in text and "\x1b" not in text
    return dict(json.loads(text))


def test_a_line_names_its_service_and_level() -> None:
    parsed = line("hello")
    assert (parsed["service"], parsed["level"], parsed["msg"]) == ("parse", "INFO", "hello")
    assert "trace_id" not in parsed


def test_the_stage_context_is_on_every_line_inside_the_block_only() -> None:
    with log_context(stage="extract", topic="disclosure.fetched", partition=2, offset=7):
        bind(sha256="ab" * 32, trace_id="t1")
        inside = line("work", duration_s=1.5)
    assert inside["trace_id"] == "t1" and inside["sha256"] == "ab" * 32
    assert (inside["stage"], inside["topic"], inside["partition"], inside["offset"]) == (
        "extract",
        "disclosure.fetched",
        2,
        7,
    )
    assert inside["duration_s"] == 1.5
    assert "trace_id" not in line("after")


def test_a_huge_message_is_cut() -> None:
    parsed = line("x" * (LINE_LIMIT * 3))
    assert len(str(parsed["msg"])) < LINE_LIMIT + 100
