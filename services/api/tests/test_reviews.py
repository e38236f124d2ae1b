"""Reviewer marks: stored in their own collection, returned with the findings, replaced, cleared."""

from __future__ import annotations

import httpx
import pytest

from disclosure_api.reviews import finding_ids
from disclosure_shared.records import Finding, Location

pytestmark = pytest.mark.integration


def _finding(rule: str, row: str, message: str = "m") -> Finding:
    return Finding(
        rule=rule, severity="info", probable_cause="source", message=message, location=Location(row=row)
    )


def test_finding_ids_depend_on_rule_location_and_message_not_position() -> None:
    a, b, c = _finding("I-06", "212"), _finding("I-06", "213"), _finding("X-17", "212")
    ids = finding_ids([a, b, c])
    assert len(set(ids)) == 3 and ids[0].startswith("I-06-")
    assert finding_ids([c, a]) == [ids[2], ids[0]]  # reordered by a re-validation: same ids
    assert finding_ids([a, a]) == [ids[0], ids[0] + "-2"]  # a repeated finding still gets its own id


async def test_a_mark_is_stored_returned_replaced_and_cleared(client: httpx.AsyncClient, api) -> None:
    record = api.store.sample
    fid = finding_ids(record.findings)[-1]
    url = f"/disclosures/{record.sha256}/findings/{fid}/review"
    confirmed = await client.put(url, json={"status": "confirmed", "note": "checked p.9", "reviewer": "li"})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"

    stored = await api.store.db["finding_reviews"].find_one({"_id": f"{record.sha256}:{fid}"})
    assert stored is not None and (stored["status"], stored["note"], stored["reviewer"]) == (
        "confirmed", "checked p.9", "li",
    )  # fmt: skip
    views = {f["id"]: f for f in (await client.get(f"/disclosures/{record.sha256}/findings")).json()}
    assert views[fid]["review"]["status"] == "confirmed"

    assert (await client.put(url, json={"status": "rejected"})).status_code == 200
    views = {f["id"]: f for f in (await client.get(f"/disclosures/{record.sha256}/findings")).json()}
    assert views[fid]["review"]["status"] == "rejected" and views[fid]["review"]["note"] is None

    assert (await client.delete(url)).status_code == 204
    assert (await client.delete(url)).status_code == 404
    views = {f["id"]: f for f in (await client.get(f"/disclosures/{record.sha256}/findings")).json()}
    assert views[fid]["review"] is None


async def test_marks_on_unknown_findings_and_bad_statuses_are_refused(client: httpx.AsyncClient, api) -> None:
    record = api.store.sample
    fid = finding_ids(record.findings)[0]
    unknown = await client.put(
        f"/disclosures/{record.sha256}/findings/X-99-000/review", json={"status": "confirmed"}
    )
    assert unknown.status_code == 404
    bad = await client.put(f"/disclosures/{record.sha256}/findings/{fid}/review", json={"status": "maybe"})
    assert bad.status_code == 422
    other = await client.put(f"/disclosures/{'0' * 64}/findings/{fid}/review", json={"status": "confirmed"})
    assert other.status_code == 404
