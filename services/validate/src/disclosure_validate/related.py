"""The related disclosures of a document, read from the store: the same organization's documents of
the same year (a 决算's 预算) and of the previous year (the figures "比上年" refers to)."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_shared.mongo import stored_record
from disclosure_shared.records import DocumentInfo, ProcessedDisclosure

log = logging.getLogger(__name__)

LIMIT = 20


def related_years(document: DocumentInfo) -> list[int]:
    """The years whose documents a rule may compare with: this year's and the previous year's."""
    return [] if document.year is None else [document.year, document.year - 1]


def organization_names(organization: str) -> list[str]:
    """The names one organization is printed under: Jiangsu's tables say "中共江苏省委办公厅" where
    its narrative says "江苏省委办公厅"."""
    bare = organization.removeprefix("中共")
    return [bare, f"中共{bare}"]


def is_related(document: DocumentInfo, other: DocumentInfo) -> bool:
    """Same organization, this year or the year before: what `find_related` selects from the store."""
    return (
        bool(document.organization)
        and other.organization in organization_names(document.organization or "")
        and (other.year in related_years(document))
    )


async def find_related(
    db: AsyncDatabase[dict[str, Any]], document: DocumentInfo, *, exclude: str
) -> list[ProcessedDisclosure]:
    """Stored disclosures of `document`'s organization for its year and the year before."""
    if not document.organization or document.year is None:
        return []
    query = {
        "document.organization": {"$in": organization_names(document.organization)},
        "document.year": {"$in": related_years(document)},
        "_id": {"$ne": exclude},
    }
    related: list[ProcessedDisclosure] = []
    async for stored in db["disclosures"].find(query).limit(LIMIT):
        try:
            related.append(stored_record(stored))
        except ValidationError:
            log.warning(
                "stored disclosure %s does not fit the contract; not used as related", stored.get("_id")
            )
    return related
