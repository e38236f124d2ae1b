"""The review page's HTML: health, the filtered list, findings grouped by severity and cause, and
document text escaped (a disclosure's text is hostile input)."""

from __future__ import annotations

import httpx
import pytest

from disclosure_api.reviews import finding_ids
from disclosure_shared import topics
from disclosure_shared.records import Evidence, Finding, Location
from disclosure_store.repository import DisclosureRepository

pytestmark = pytest.mark.integration
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


async def test_overview_shows_health_and_the_filtered_list(client: httpx.AsyncClient, api) -> None:
    page = await client.get("/review", params={"verdict": "pass", "year": "", "kind": ""})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    passing = [p.record for p in api.store.processed if p.record.verdict == "pass"]
    assert page.text.count('<tr data-sha256="') == len(passing)
    for record in passing:
        assert f'href="/review/disclosures/{record.sha256}"' in page.text
    assert f"{len(passing)} match" in page.text
    assert api.store.dead_letter_error[:40] in page.text  # the last dead letters, with their reason


async def test_health_summary_shows_consumer_lag_and_throughput(client: httpx.AsyncClient, api) -> None:
    health = (await client.get("/pipeline/health")).json()
    # every disclosure of the fixture (and any a test added) was stored moments ago: all in the last hour
    stored = health["stored_last_hour"]
    assert stored == health["disclosures"] >= len({p.record.sha256 for p in api.store.processed}) > 0
    assert health["throughput_per_minute"] == round(stored / 60, 2)
    # no stage consumes under the fixture's topic prefix: every stage group is known, none lags
    assert health["lag"] == dict.fromkeys(topics.STAGE_GROUPS, 0)
    page = (await client.get("/review")).text
    assert f'<span class="n">{round(stored / 60, 2)}</span> stored / min (last hour: {stored})' in page
    for group in topics.STAGE_GROUPS:
        assert f'data-group="{group}"><span class="n">0</span> waiting for {group}' in page


async def test_disclosure_page_groups_findings_by_severity_then_cause(client: httpx.AsyncClient, api) -> None:
    record = api.store.sample
    page = (await client.get(f"/review/disclosures/{record.sha256}")).text
    positions = [page.index(f'id="finding-{fid}"') for fid in finding_ids(record.findings)]
    order = {"error": 0, "warning": 1, "info": 2}
    causes = {"source": 0, "extraction": 1, "rounding": 2}
    by_page = sorted(zip(positions, record.findings, strict=True), key=lambda pair: pair[0])
    keys = [(order[f.severity], causes[f.probable_cause]) for _, f in by_page]
    assert keys == sorted(keys)
    for finding in record.findings:
        assert finding.message in page
        if finding.expected is not None:
            assert f'<dd class="mono expected">{finding.expected}</dd>' in page


async def test_document_text_is_escaped_everywhere(client: httpx.AsyncClient, api) -> None:
    """A stored disclosure whose printed text is markup: the page shows it as text, never runs it."""
    original = api.store.sample
    hostile = original.model_copy(
        update={
            "sha256": "f" * 64,
            "document": original.document.model_copy(update={"organization": HOSTILE, "title": HOSTILE}),
            "findings": [
                Finding(
                    rule="I-01",
                    severity="error",
                    probable_cause="source",
                    message=HOSTILE,
                    location=Location(row=HOSTILE, page=1),
                    evidence=[Evidence(page=1, text=HOSTILE)],
                )
            ],
        }
    )
    repository = DisclosureRepository(api.store.db)
    await repository.save(hostile)
    try:
        overview = (await client.get("/review")).text
        detail = (await client.get(f"/review/disclosures/{hostile.sha256}")).text
        for html in (overview, detail):
            assert "<script>alert" not in html and "<img src=x" not in html
            assert "&lt;script&gt;alert(" in html
    finally:
        await api.store.db["disclosures"].delete_one({"_id": hostile.sha256})
        await api.store.db["disclosure_revisions"].delete_many({"sha256": hostile.sha256})
