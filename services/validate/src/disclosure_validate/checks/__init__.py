"""Every check, by family. Importing this package registers each check with the registry
(`registry.check`); `catalog.load_rule_set` binds them to the catalog (rules.toml).

A check module imports only the registry, the readers, the judging helpers and the context,
never another check module (import-linter enforces it, see the root pyproject.toml).
"""

# ruff: noqa: F401  (imported for their registrations)
import disclosure_validate.checks.across.economic
import disclosure_validate.checks.across.item_tables
import disclosure_validate.checks.across.summary
import disclosure_validate.checks.across.units
import disclosure_validate.checks.cross_document
import disclosure_validate.checks.narrative.amounts
import disclosure_validate.checks.narrative.asset_thresholds
import disclosure_validate.checks.narrative.empty_tables
import disclosure_validate.checks.narrative.graded_projects
import disclosure_validate.checks.narrative.item_paragraphs
import disclosure_validate.checks.narrative.lists
import disclosure_validate.checks.narrative.outturn_words
import disclosure_validate.checks.narrative.procurement
import disclosure_validate.checks.narrative.projects
import disclosure_validate.checks.narrative.rates
import disclosure_validate.checks.narrative.reasons
import disclosure_validate.checks.narrative.reconciliation
import disclosure_validate.checks.narrative.sections
import disclosure_validate.checks.narrative.shares
import disclosure_validate.checks.narrative.staff_counts
import disclosure_validate.checks.narrative.stated_parts
import disclosure_validate.checks.narrative.subjects
import disclosure_validate.checks.narrative.targeted_projects
import disclosure_validate.checks.narrative.unit_counts
import disclosure_validate.checks.narrative.vehicle_purchases
import disclosure_validate.checks.narrative.vehicles
import disclosure_validate.checks.narrative.visit_counts
import disclosure_validate.checks.narrative.zero_pairs
import disclosure_validate.checks.performance.budget
import disclosure_validate.checks.performance.counts
import disclosure_validate.checks.performance.declared_funding
import disclosure_validate.checks.performance.fund_block
import disclosure_validate.checks.performance.projects
import disclosure_validate.checks.performance.self_evaluation
import disclosure_validate.checks.performance.sheet_text
import disclosure_validate.checks.text.codes
import disclosure_validate.checks.text.names
import disclosure_validate.checks.text.organization
import disclosure_validate.checks.text.pages
import disclosure_validate.checks.text.punctuation
import disclosure_validate.checks.text.table_references
import disclosure_validate.checks.text.wording
import disclosure_validate.checks.within.identities
import disclosure_validate.checks.within.item_groups
import disclosure_validate.checks.within.revenue_outline
