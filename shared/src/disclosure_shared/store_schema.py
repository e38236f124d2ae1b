"""The MongoDB database's layout, shared by every service that reads or writes it: the collection
names and the query by which a disclosure's related documents are found.

    disclosures           the newest revision of each input, _id = sha256 (written by the store service)
    disclosure_revisions  every revision (store service)
    disclosure_index      one small entry per disclosure, what lists and counts read (store service;
                          see `index_entry`)
    dead_letters          what failed and why (store service)
    intake                which bytes were admitted and published (ingest service)
    blobs.files/.chunks   the GridFS bucket of raw input bytes (blobs.py)

Related documents: the same organization's documents of the same year (a 决算's 预算) and of the
previous year (the figures "比上年" refers to). Validate reads them from `disclosures` (served by the
store's organization_year index); the embedded run and `revalidate DIR` select them with
`is_related` from records in hand.
"""

from __future__ import annotations

from typing import Any

from disclosure_shared.records import DocumentInfo

DISCLOSURES = "disclosures"
REVISIONS = "disclosure_revisions"
DISCLOSURE_INDEX = "disclosure_index"
DEAD_LETTERS = "dead_letters"
INTAKE = "intake"
BLOBS_BUCKET = "blobs"
BLOB_FILES = f"{BLOBS_BUCKET}.files"
BLOB_CHUNKS = f"{BLOBS_BUCKET}.chunks"


def index_entry(stored: dict[str, Any]) -> dict[str, Any]:
    """The `disclosure_index` entry of a stored disclosure: the fields a list filters and shows, at
    the same paths as in `disclosures` (so one query fits both), without page text, tables or claims.

    Why a second collection: FerretDB reads whole documents before projecting, so listing 50 of
    `disclosures` read every page's text of every stored document (seconds with the corpus loaded)."""
    document = stored.get("document") or {}
    source = stored.get("source") or {}
    findings = stored.get("findings") or []
    return {
        "_id": stored["_id"],
        "document": document,
        "source": {"filename": source.get("filename")},
        "verdict": stored.get("verdict"),
        "findings": [{"rule": f.get("rule"), "severity": f.get("severity")} for f in findings],
        "page_count": len(stored.get("pages") or []),
        "parser_version": stored.get("parser_version"),
        "rule_set_version": stored.get("rule_set_version"),
        "version_key": stored.get("version_key"),
        "stored_at": stored.get("stored_at"),
    }


def related_years(document: DocumentInfo) -> list[int]:
    """The years whose documents a rule may compare with: this year's and the previous year's."""
    return [] if document.year is None else [document.year, document.year - 1]


def organization_names(organization: str) -> list[str]:
    """The names one organization is printed under: Jiangsu's tables say "中共江苏省委办公厅" where
    its narrative says "江苏省委办公厅"."""
    bare = organization.removeprefix("中共")
    return [bare, f"中共{bare}"]


def is_related(document: DocumentInfo, other: DocumentInfo) -> bool:
    """Same organization, this year or the year before: what `related_query` selects from the store."""
    return (
        bool(document.organization)
        and other.organization in organization_names(document.organization or "")
        and (other.year in related_years(document))
    )


def related_query(document: DocumentInfo, *, exclude: str) -> dict[str, Any] | None:
    """The `disclosures` filter for `document`'s related documents other than `exclude` (a sha256);
    None when the document has no organization or year to relate by."""
    if not document.organization or document.year is None:
        return None
    return {
        "document.organization": {"$in": organization_names(document.organization)},
        "document.year": {"$in": related_years(document)},
        "_id": {"$ne": exclude},
    }
