"""The provisioned Grafana dashboard asks only for series the services export."""

from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client import generate_latest

from disclosure_shared import metrics

REPO = Path(__file__).resolve().parents[2]
DASHBOARDS = sorted((REPO / "deploy" / "grafana" / "dashboards").glob("*.json"))
METRIC_NAME = re.compile(r"\b(disclosure_[a-z_]+|up)\b")


def panel_queries() -> list[tuple[str, str]]:
    queries = []
    for path in DASHBOARDS:
        for panel in json.loads(path.read_text())["panels"]:
            queries += [(panel["title"], target["expr"]) for target in panel["targets"]]
    return queries


def exported_names() -> set[str]:
    """Series names in this process's /metrics text (every metric is declared at import)."""
    names = {"up"}
    for line in generate_latest().decode().splitlines():
        if line.startswith("# TYPE disclosure_"):
            _, _, name, kind = line.split()
            suffixes = {"histogram": ["_bucket", "_sum", "_count"]}.get(kind, [""])
            names |= {name + suffix for suffix in suffixes}  # a counter's TYPE line names its _total
    return names


def test_every_panel_names_an_exported_metric() -> None:
    queries = panel_queries()
    assert DASHBOARDS and len(queries) >= 10
    exported = exported_names()
    assert exported == set(metrics.EXPORTED)
    for title, expr in queries:
        named = set(METRIC_NAME.findall(expr))
        assert named, f"panel {title!r} names no metric: {expr}"
        assert named <= exported, f"panel {title!r} asks for {named - exported}"


def test_every_exported_metric_has_a_panel() -> None:
    shown = {name for _, expr in panel_queries() for name in METRIC_NAME.findall(expr)}
    families = {re.sub(r"_(bucket|sum|count)$", "", name) for name in shown}
    assert {re.sub(r"_(bucket|sum|count)$", "", n) for n in metrics.EXPORTED} <= families


def test_the_alert_rules_name_exported_metrics_too() -> None:
    text = (REPO / "deploy" / "prometheus" / "alerts.yml").read_text()
    exprs = re.findall(r"expr: (?:\|\n((?:\s{10}.*\n)+)|(.*))", text)
    named = {n for block in exprs for part in block for n in METRIC_NAME.findall(part)}
    assert named and named <= exported_names()
