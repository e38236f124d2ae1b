"""Only disclosures are disclosures: what a parsed input must show before it is validated and stored."""

from __future__ import annotations

from disclosure_shared.errors import NotADisclosure
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import DisclosureView


def require_disclosure(parsed: DisclosureView, sha256: str) -> None:
    """NotADisclosure unless the input is recognisably a 预算/决算 disclosure: identified (kind,
    year and organization read from it), or printing a table of a known kind, or stating amounts in a
    narrative. Such an input is dead-lettered with its bytes kept, never stored with a verdict."""
    document = parsed.document
    identified = None not in (document.kind, document.year, document.organization)
    known_table = any(table.kind != TableKind.UNKNOWN for table in parsed.tables)
    narrative = any(claim.kind == "amount" for claim in parsed.claims)
    if identified or known_table or narrative:
        return
    read = ", ".join(
        f"{name} {value}" for name, value in (("kind", document.kind), ("year", document.year)) if value
    )
    raise NotADisclosure(
        "no disclosure recognised: no organization, year and kind"
        + (f" (only {read})" if read else "")
        + ", no table of a known kind, no amount stated in a narrative",
        sha256=sha256,
    )
