"""The JSON API against a real MongoDB-wire store holding disclosures that went through the pipeline."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from disclosure_api.reviews import finding_ids
from disclosure_shared.records import ProcessedDisclosure, Table

pytestmark = pytest.mark.integration
KIND = "general_budget_expenditure"  # coded rows in both years of the compared organization


async def test_health_pings_the_store(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "store": "ok"}


async def test_pipeline_health_counts_verdicts_and_dead_letters(client: httpx.AsyncClient, api) -> None:
    records = [p.record for p in api.store.processed]
    body = (await client.get("/pipeline/health")).json()
    assert body["disclosures"] == len(records)
    for verdict in ("pass", "warn", "fail"):
        assert body["by_verdict"][verdict] == sum(r.verdict == verdict for r in records)
    assert body["dead_letters"] == 1
    [letter] = body["last_dead_letters"]
    assert letter["stage"] == "parse" and letter["error"] == api.store.dead_letter_error


async def test_list_has_every_stored_disclosure_newest_first(client: httpx.AsyncClient, api) -> None:
    body = (await client.get("/disclosures")).json()
    assert body["total"] == len(api.store.processed)
    assert {i["sha256"] for i in body["items"]} == {p.record.sha256 for p in api.store.processed}
    stored = [i["stored_at"] for i in body["items"]]
    assert stored == sorted(stored, reverse=True)
    sample = next(i for i in body["items"] if i["sha256"] == api.store.sample.sha256)
    record = api.store.sample
    assert sample["organization"] == record.document.organization
    assert sample["year"] == record.document.year
    assert sample["pages"] == len(record.pages)
    assert sample["findings"]["info"] == sum(f.severity == "info" for f in record.findings)


async def test_pagination_splits_the_list_without_overlap(client: httpx.AsyncClient, api) -> None:
    total = len(api.store.processed)
    seen: list[str] = []
    for offset in range(0, total, 2):
        body = (await client.get("/disclosures", params={"limit": 2, "offset": offset})).json()
        assert body["total"] == total and body["limit"] == 2 and body["offset"] == offset
        seen += [i["sha256"] for i in body["items"]]
    assert sorted(seen) == sorted(p.record.sha256 for p in api.store.processed)
    past = (await client.get("/disclosures", params={"offset": total})).json()
    assert past["items"] == [] and past["total"] == total


def _expected(records: list[ProcessedDisclosure], **wanted: object) -> set[str]:
    def matches(r: ProcessedDisclosure) -> bool:
        d = r.document
        fields = {
            "organization": d.organization,
            "region": d.region,
            "year": d.year,
            "kind": d.kind,
            "scope": d.scope,
            "verdict": r.verdict,
        }
        return all(
            (value in {f.rule for f in r.findings}) if key == "rule" else fields[key] == value
            for key, value in wanted.items()
        )

    return {r.sha256 for r in records if matches(r)}


async def test_each_filter_selects_what_it_names(client: httpx.AsyncClient, api) -> None:
    records = [p.record for p in api.store.processed]
    sample = api.store.sample
    cases: list[dict[str, object]] = [
        {"organization": sample.document.organization},
        {"region": sample.document.region},
        {"year": sample.document.year},
        {"kind": "final_accounts"},
        {"kind": "budget"},
        {"scope": "department"},
        {"verdict": "pass"},
        {"verdict": "fail"},
        {"rule": sample.findings[0].rule},
        {"kind": "budget", "verdict": "pass"},
        {"organization": "no such organization"},
    ]
    for params in cases:
        body = (await client.get("/disclosures", params=params)).json()
        expected = _expected(records, **params)
        assert {i["sha256"] for i in body["items"]} == expected, params
        assert body["total"] == len(expected), params


async def test_bad_filter_values_are_rejected_with_422(client: httpx.AsyncClient) -> None:
    for params in ({"verdict": "maybe"}, {"year": "abc"}, {"limit": 0}, {"offset": -1}, {"kind": "x"}):
        assert (await client.get("/disclosures", params=params)).status_code == 422, params


async def test_one_disclosure_is_the_stored_record(client: httpx.AsyncClient, api) -> None:
    for item in api.store.processed:
        response = await client.get(f"/disclosures/{item.record.sha256}")
        assert response.status_code == 200
        assert ProcessedDisclosure.model_validate(response.json()) == item.record


async def test_unknown_and_malformed_disclosures_are_404_and_422(client: httpx.AsyncClient) -> None:
    assert (await client.get("/disclosures/" + "0" * 64)).status_code == 404
    assert (await client.get("/disclosures/" + "0" * 64 + "/findings")).status_code == 404
    assert (await client.get("/disclosures/not-a-hash")).status_code == 422


async def test_tables_are_the_records_tables_with_decimal_money(client: httpx.AsyncClient, api) -> None:
    record = api.store.sample
    tables = [
        Table.model_validate(t) for t in (await client.get(f"/disclosures/{record.sha256}/tables")).json()
    ]
    assert tables == record.tables
    raw = (await client.get(f"/disclosures/{record.sha256}/tables")).json()
    money = [v for t in raw for row in t["rows"] for v in row["values"].values() if v is not None]
    assert money and all(isinstance(v, str) for v in money)  # decimal text, never a JSON float
    revenue = (await client.get(f"/disclosures/{record.sha256}/tables", params={"kind": "revenue"})).json()
    assert [t["kind"] for t in revenue] == ["revenue"]


async def test_findings_carry_ids_and_match_the_record(client: httpx.AsyncClient, api) -> None:
    record = api.store.sample
    findings = (await client.get(f"/disclosures/{record.sha256}/findings")).json()
    assert [f["id"] for f in findings] == finding_ids(record.findings)
    assert [f["index"] for f in findings] == list(range(len(record.findings)))
    for view, finding in zip(findings, record.findings, strict=True):
        assert view["rule"] == finding.rule and view["message"] == finding.message
        assert (Decimal(view["expected"]) if view["expected"] else None) == finding.expected
        assert [e["text"] for e in view["evidence"]] == [e.text for e in finding.evidence]


async def test_comparison_puts_one_organizations_years_side_by_side(
    client: httpx.AsyncClient, api, corpus_loaded
) -> None:
    first = api.store.record("2018年度部门预算公开表")
    second = api.store.record("2019年度部门预算公开表格")
    organization = first.document.organization
    assert organization == second.document.organization
    body = (await client.get("/comparison", params={"organization": organization, "table_kind": KIND})).json()
    assert [d["year"] for d in body["documents"]] == [2018, 2019]
    old = next(t for t in first.tables if t.kind == KIND)
    new = next(t for t in second.tables if t.kind == KIND)
    coded = {(r.side or "", r.code): r for r in old.rows if r.code}
    compared = 0
    for row in new.rows:
        if not row.code or (row.side or "", row.code) not in coded:
            continue
        line = next(
            r for r in body["rows"] if r["code"] == row.code and (r["side"] or "") == (row.side or "")
        )
        before, after = line["values"]
        old_values = coded[(row.side or "", row.code)].values
        assert {k: Decimal(v) if v is not None else None for k, v in before.items()} == old_values
        assert {k: Decimal(v) if v is not None else None for k, v in after.items()} == row.values
        compared += 1
    assert compared >= 3  # the two years share codes


async def test_comparison_of_an_unknown_organization_is_empty(client: httpx.AsyncClient) -> None:
    body = (
        await client.get("/comparison", params={"organization": "nobody", "table_kind": "revenue"})
    ).json()
    assert body["documents"] == [] and body["rows"] == []


async def test_facets_list_the_stored_values(client: httpx.AsyncClient, api) -> None:
    body = (await client.get("/facets")).json()
    records = [p.record for p in api.store.processed]
    assert body["organizations"] == sorted(
        {r.document.organization for r in records if r.document.organization}
    )
    assert body["years"] == sorted({r.document.year for r in records if r.document.year})
    assert set(body["rules"]) == {f.rule for r in records for f in r.findings}
