"""The check registry: every rule id's check function, registered by decorator.

    @check("I-05")
    def category_rows_sum_to_total(ctx: Context) -> Iterator[Finding]: ...

This module imports no check; `catalog.load_rule_set` imports the checks package (which fills the
registry) and binds each catalog entry to its check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from disclosure_shared.records import Finding
from disclosure_validate.context import Context

CheckFn = Callable[[Context], Iterable[Finding]]

_CHECKS: dict[str, CheckFn] = {}


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register `fn` as the check of `rule_id` (once: a second registration is a programming error)."""

    def register(fn: CheckFn) -> CheckFn:
        if rule_id in _CHECKS:
            raise ValueError(f"rule {rule_id} registered twice")
        _CHECKS[rule_id] = fn
        return fn

    return register


def registered() -> Mapping[str, CheckFn]:
    """Every check registered so far, by rule id (read-only view)."""
    return dict(_CHECKS)
