"""When a known detail page or attachment is asked again (config.Recheck): a disclosure, once
published, rarely changes, so a re-crawl need not ask for every file it ever saw."""

from __future__ import annotations

from datetime import datetime, timedelta

from disclosure_crawl.config import Recheck
from disclosure_crawl.state import UrlState


def recheck_due(known: UrlState, policy: Recheck, at: datetime) -> bool:
    """True when `known` should be asked on a run at `at`."""
    if policy.backoff == 0:
        return True
    age = at - (known.last_changed or known.first_seen)
    if age <= timedelta(days=policy.every_run_days):
        return True
    wait = min(age * policy.backoff, timedelta(days=policy.max_interval_days))
    return at - known.last_checked >= wait
