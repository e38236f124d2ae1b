"""Every rule module; importing this package registers their checks with the rulebook."""

from disclosure_validate.rules import (
    across,  # noqa: F401
    across_economic,  # noqa: F401
    across_units,  # noqa: F401
    cross_document,  # noqa: F401
    item_tables,  # noqa: F401
    narrative_amounts,  # noqa: F401
    narrative_lists,  # noqa: F401
    narrative_rates,  # noqa: F401
    narrative_sections,  # noqa: F401
    performance_budget,  # noqa: F401
    performance_projects,  # noqa: F401
    performance_self_eval,  # noqa: F401
    text_names,  # noqa: F401
    text_pages,  # noqa: F401
    text_wording,  # noqa: F401
    within,  # noqa: F401
)
