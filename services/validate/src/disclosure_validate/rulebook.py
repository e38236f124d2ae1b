"""Rules as data: the catalog (rules.toml) names every rule, its scope and its default severity;
the code registers one check function per id. The catalog's version is the rule set version.

    @check("I-05")
    def category_rows_sum_to_total(ctx: Context) -> Iterator[Finding]: ...

A catalog entry with no registered check, or a check with no catalog entry, fails at load time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from disclosure_shared.records import Finding
from disclosure_validate.context import Context

Scope = Literal["table", "cross-table", "narrative", "text", "cross-document"]
CheckFn = Callable[[Context], Iterable[Finding]]

_CHECKS: dict[str, CheckFn] = {}


def check(rule_id: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        if rule_id in _CHECKS:
            raise ValueError(f"rule {rule_id} registered twice")
        _CHECKS[rule_id] = fn
        return fn

    return register


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    scope: Scope
    run: CheckFn
    enabled: bool = True


@dataclass(frozen=True)
class RuleSet:
    version: str
    rules: Sequence[Rule]

    def get(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


def registered_check(rule_id: str) -> CheckFn:
    """The check function registered for `rule_id`, whatever the catalog says (KeyError if none)."""
    import disclosure_validate.rules  # noqa: F401  (registers every check)

    return _CHECKS[rule_id]


def load_rule_set(catalog: str | None = None) -> RuleSet:
    """The packaged catalog (or the given TOML text) bound to the registered checks."""
    import disclosure_validate.rules  # noqa: F401  (registers every check)

    text = catalog or resources.files("disclosure_validate").joinpath("rules.toml").read_text("utf-8")
    data = tomllib.loads(text)
    entries = data.get("rules", {})
    missing = sorted(set(entries) - set(_CHECKS))
    unlisted = sorted(set(_CHECKS) - set(entries))
    if missing or unlisted:
        raise ValueError(
            f"rule catalog and checks disagree: no check for {missing}, not in catalog {unlisted}"
        )
    rules = [
        Rule(
            id=rule_id,
            title=entry["title"],
            scope=entry["scope"],
            run=_CHECKS[rule_id],
            enabled=entry.get("enabled", True),
        )
        for rule_id, entry in entries.items()
    ]
    return RuleSet(version=str(data["version"]), rules=rules)
