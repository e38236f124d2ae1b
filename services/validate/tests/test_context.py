"""A reading many rules share is made once per document (Context.reading)."""

from __future__ import annotations

from disclosure_validate.context import Context
from disclosure_validate.readers.running_text import running_text
from services.validate.tests.rule_testing import Seed


def test_a_reading_is_made_once_per_context(seed: Seed) -> None:
    payload = seed("001")
    calls: list[Context] = []

    def pages(ctx: Context) -> int:
        calls.append(ctx)
        return len(ctx.disclosure.pages)

    first, second = Context(payload), Context(payload)
    assert first.reading(pages) == first.reading(pages) == len(payload.pages)
    assert second.reading(pages) == len(payload.pages)
    assert calls == [first, second]


def test_the_running_text_is_shared_by_the_rules_of_one_document(seed: Seed) -> None:
    payload = seed("001")
    ctx = Context(payload)
    joined = running_text(ctx)
    assert running_text(ctx) is joined
    assert running_text(Context(payload)) == joined  # read again, the same text
    assert "万元" in joined.text and joined.pages[0] >= 1
