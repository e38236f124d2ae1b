"""The store stage on events: the processed disclosure is upserted, then its warehouse feeds are
published (feeds.py): a revision marker, its rows and its findings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from disclosure_shared.delivery import StageOutput
from disclosure_shared.events import Envelope
from disclosure_shared.records import ProcessedDisclosure
from disclosure_store.feeds import feed_messages
from disclosure_store.repository import DisclosureRepository, SaveOutcome

log = logging.getLogger(__name__)


@dataclass
class StoreStage:
    repository: DisclosureRepository

    async def __call__(self, event: Envelope[Any]) -> StageOutput:
        record: ProcessedDisclosure = event.payload
        outcome = await self.repository.save(record, trace_id=event.trace_id)
        log.info("store: %s %s (parser %s)", outcome.value, record.sha256, record.parser_version)
        if outcome is SaveOutcome.OLDER:
            return StageOutput()  # a newer revision is current: its feed stands
        # A redelivery (UNCHANGED) publishes again: the first delivery may have stopped before its feed.
        return StageOutput(feed_messages(record, event))
