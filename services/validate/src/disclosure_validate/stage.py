"""The validate stage on events: parsed in, the processed disclosure out."""

from __future__ import annotations

import asyncio
from typing import Any

from disclosure_shared import topics
from disclosure_shared.delivery import Outgoing, StageOutput
from disclosure_shared.events import Envelope, ParsedPayload, Stage
from disclosure_validate.validation import validate


async def validate_stage(event: Envelope[Any]) -> StageOutput:
    parsed: ParsedPayload = event.payload
    record = await asyncio.to_thread(validate, event.sha256, event.parser_version, parsed)
    return StageOutput([Outgoing(topics.VALIDATED, event.follow(Stage.VALIDATED, record))])
