"""Topic names: one topic per stage output, each with a dead-letter twin `<topic>.dlq`."""

from __future__ import annotations

SUBMITTED = "disclosure.submitted"
FETCHED = "disclosure.fetched"
EXTRACTED = "disclosure.extracted"
PARSED = "disclosure.parsed"
VALIDATED = "disclosure.validated"

PIPELINE = (SUBMITTED, FETCHED, EXTRACTED, PARSED, VALIDATED)
DLQ_SUFFIX = ".dlq"


def dlq(topic: str) -> str:
    """The dead-letter topic of `topic`."""
    return topic + DLQ_SUFFIX


DEAD_LETTER_TOPICS = tuple(dlq(t) for t in PIPELINE)

# Warehouse feeds the store publishes after each stored revision (feeds.py): read, never consumed here.
ROWS = "disclosure.rows"
FINDINGS = "disclosure.findings"
FEEDS = (ROWS, FINDINGS)

ALL_TOPICS = PIPELINE + DEAD_LETTER_TOPICS + FEEDS


# Consumer groups (one per stage) and the topic each consumes; status reports their lag.
INGEST_GROUP = "ingest"
EXTRACT_GROUP = "parse-extract"
STRUCTURE_GROUP = "parse-structure"
VALIDATE_GROUP = "validate"
STORE_GROUP = "store"
DEAD_LETTER_GROUP = "store-dead-letters"
STAGE_GROUPS = {
    INGEST_GROUP: SUBMITTED,
    EXTRACT_GROUP: FETCHED,
    STRUCTURE_GROUP: EXTRACTED,
    VALIDATE_GROUP: PARSED,
    STORE_GROUP: VALIDATED,
}
