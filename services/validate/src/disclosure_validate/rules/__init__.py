"""Every rule module; importing this package registers their checks with the rulebook. Readers and
shared helpers (narrative_prose, narrative_support, performance_support, project_names, project_sheets,
self_evaluation_tables, table_compare, table_lookup) register nothing and are imported by the rules."""

from disclosure_validate.rules import (
    across,  # noqa: F401
    across_economic,  # noqa: F401
    across_units,  # noqa: F401
    cross_document,  # noqa: F401
    item_tables,  # noqa: F401
    narrative_amounts,  # noqa: F401
    narrative_lists,  # noqa: F401
    narrative_projects,  # noqa: F401
    narrative_rates,  # noqa: F401
    narrative_sections,  # noqa: F401
    performance_budget,  # noqa: F401
    performance_counts,  # noqa: F401
    performance_projects,  # noqa: F401
    performance_self_eval,  # noqa: F401
    project_sheet_text,  # noqa: F401
    text_names,  # noqa: F401
    text_pages,  # noqa: F401
    text_wording,  # noqa: F401
    within,  # noqa: F401
)
