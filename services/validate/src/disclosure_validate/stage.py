"""The validate stage on events: parsed in, the processed disclosure out.

Before validating, the stage asks for the organization's related disclosures (the store lookup in
related.py, injected so the stage stays a shell and runs without a database in tests).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from disclosure_shared import topics
from disclosure_shared.delivery import Outgoing, StageOutput
from disclosure_shared.events import Envelope, ParsedPayload, Stage
from disclosure_shared.records import DocumentInfo
from disclosure_validate.context import DisclosureView
from disclosure_validate.validation import validate

FindRelated = Callable[[DocumentInfo, str], Awaitable[Sequence[DisclosureView]]]


async def no_related(_document: DocumentInfo, _sha256: str) -> Sequence[DisclosureView]:
    return ()


def validate_stage_with(find_related: FindRelated) -> Callable[[Envelope[Any]], Awaitable[StageOutput]]:
    async def stage(event: Envelope[Any]) -> StageOutput:
        parsed: ParsedPayload = event.payload
        related = await find_related(parsed.document, event.sha256)
        record = await asyncio.to_thread(validate, event.sha256, event.parser_version, parsed, None, related)
        return StageOutput([Outgoing(topics.VALIDATED, event.follow(Stage.VALIDATED, record))])

    return stage


validate_stage = validate_stage_with(no_related)
