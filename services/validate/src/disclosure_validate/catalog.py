"""Rules as data: the catalog (rules.toml) names every rule, its scope and its default severity;
the checks package registers one check function per id. The catalog's version is the rule set
version. A catalog entry with no registered check, or a check with no catalog entry, fails at load.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import disclosure_validate.checks  # noqa: F401  (registers every check)
from disclosure_validate.registry import CheckFn, registered

Scope = Literal["table", "cross-table", "narrative", "text", "cross-document"]


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
    return registered()[rule_id]


def load_rule_set(catalog: str | None = None) -> RuleSet:
    """The packaged catalog (or the given TOML text) bound to the registered checks."""
    text = catalog or resources.files("disclosure_validate").joinpath("rules.toml").read_text("utf-8")
    data = tomllib.loads(text)
    entries = data.get("rules", {})
    checks = registered()
    missing = sorted(set(entries) - set(checks))
    unlisted = sorted(set(checks) - set(entries))
    if missing or unlisted:
        raise ValueError(
            f"rule catalog and checks disagree: no check for {missing}, not in catalog {unlisted}"
        )
    rules = [
        Rule(
            id=rule_id,
            title=entry["title"],
            scope=entry["scope"],
            run=checks[rule_id],
            enabled=entry.get("enabled", True),
        )
        for rule_id, entry in entries.items()
    ]
    return RuleSet(version=str(data["version"]), rules=rules)
