from disclosure_shared.events import BlobRef, Envelope, FetchedEvent, FetchedPayload, Stage, SubmitRequest
from disclosure_shared.records import Source


def test_envelope_round_trips_through_json() -> None:
    payload = FetchedPayload(
        source=Source(fetched_at="2026-01-02T03:04:05Z", bytes=3, filename="a.pdf"),  # type: ignore[arg-type]
        blob=BlobRef(store="gridfs", sha256="ab" * 32, size=3),
    )
    event = Envelope[FetchedPayload](sha256="ab" * 32, stage=Stage.FETCHED, payload=payload)
    again = FetchedEvent.model_validate_json(event.model_dump_json())
    assert again == event
    assert again.schema_version == "1"


def test_follow_keeps_the_trace_and_sets_the_new_stage() -> None:
    first = Envelope[SubmitRequest](
        sha256="", stage=Stage.SUBMITTED, payload=SubmitRequest(uri="https://x/a.pdf")
    )
    nxt = first.follow(Stage.FETCHED, SubmitRequest(uri="y"), sha256="cd" * 32, parser_version="9.9")
    assert nxt.trace_id == first.trace_id
    assert (nxt.stage, nxt.sha256, nxt.parser_version) == (Stage.FETCHED, "cd" * 32, "9.9")
    assert first.follow(Stage.FETCHED, first.payload).parser_version == ""
