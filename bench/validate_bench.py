"""Validation benchmark over the corpus: parse + validate every PDF, findings by rule and severity.

    uv run python bench/validate_bench.py [--corpus DIR] [--only SUBSTRING] [--seeds] [--errors]

Each input goes through the embedded pipeline's stage functions (`disclosures process`: extract
pages, parse, validate, then validate again with the run's related records). Per document it prints
the verdict and, per rule, the count of errors / warnings / infos; then the totals by rule. `--errors`
lists every error finding (file, rule, location, message): each should be a real inconsistency of
the publisher, never our parse (SPEC §3.0); `--warnings` lists the warnings too. `--seeds` adds the
seed texts (../shared/seeds/*.txt). Per document it also prints the share of the narrative's amounts
(claims of kind amount) that the tables account for (`narrative-amount-unreconciled` lists the
others), and the share over all documents at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from inputs import add_input_arguments, input_paths

from disclosure_cli.embedded import EmbeddedRun
from disclosure_shared.records import Finding, ProcessedDisclosure
from disclosure_shared.settings import Limits
from disclosure_shared.store_schema import is_related

SEVERITIES = ("error", "warning", "info")


def by_rule(findings: list[Finding]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for finding in findings:
        counts[finding.rule][finding.severity] += 1
    return counts


def counts_text(counts: Counter[str]) -> str:
    """ "2/0/5": errors / warnings / infos."""
    return "/".join(str(counts[s]) for s in SEVERITIES)


def listing(name: str, finding: Finding) -> str:
    where = finding.location
    place = f"{where.table or '-'} p{where.page or '-'} {where.row or '-'} [{where.column or '-'}]"
    cause = finding.probable_cause
    return f"    {finding.severity[0].upper()} {name} {finding.rule} {place} ({cause}) {finding.message}"


UNRECONCILED = "narrative-amount-unreconciled"


def reconciled(record: ProcessedDisclosure, others: list[ProcessedDisclosure]) -> tuple[int, int]:
    """(amounts accounted for, amounts stated) in the narrative of one record. A narrative whose
    tables are a separate file (Jiangsu) is accounted against its companion in the run, if any."""
    stated = sum(c.kind == "amount" and c.unit in ("yuan", "wan_yuan") for c in record.claims)
    companion = any(
        o is not record
        and is_related(record.document, o.document)
        and (o.document.kind, o.document.year) == (record.document.kind, record.document.year)
        and any(t.rows for t in o.tables)
        for o in others
    )
    if not any(t.rows for t in record.tables) and not companion:
        return 0, 0  # nothing to account with: the rule does not run
    missing = sum(f.rule == UNRECONCILED for f in record.findings)
    return stated - missing, stated


def process_all(paths: list[Path]) -> tuple[list[tuple[Path, ProcessedDisclosure]], float]:
    """Every input as `disclosures process` runs them (isolated workers, then `finish`, which
    validates each record again with the run's related records)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        run = EmbeddedRun(Limits(), Path(out))
        outcomes = run.finish(asyncio.run(run.process_all([str(p) for p in paths])))
    failed = [o for o in outcomes if o.error]
    if failed:
        raise SystemExit(f"not processed: {[(o.input, o.error) for o in failed]}")
    processed = [(Path(o.input), o.record) for o in outcomes if o.record is not None]  # not duplicates
    return processed, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_input_arguments(parser)
    parser.add_argument("--errors", action="store_true", help="list every error finding")
    parser.add_argument("--warnings", action="store_true", help="list every warning finding too")
    args = parser.parse_args()
    inputs = input_paths(args)
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    verdicts: Counter[str] = Counter()
    print(f"{'document':46} {'pages':>5} {'verdict':>7} {'e/w/i':>9} {'recon':>7}  findings by rule (e/w/i)")
    accounted = Counter[str]()
    processed, seconds = process_all(inputs)
    for path, record in processed:
        verdicts[record.verdict] += 1
        counts = by_rule(record.findings)
        for rule, c in counts.items():
            totals[rule].update(c)
        overall = Counter[str](f.severity for f in record.findings)
        name = path.name[-46:]
        rules = " ".join(f"{rule}:{counts_text(c)}" for rule, c in sorted(counts.items()))
        done, stated = reconciled(record, [r for _, r in processed])
        accounted.update(done=done, stated=stated)
        share = f"{done}/{stated}" if stated else "-"
        print(
            f"{name:46} {len(record.pages):5} {record.verdict:>7} {counts_text(overall):>9} "
            f"{share:>7}  {rules}"
        )
        shown = {"error"} | ({"warning"} if args.warnings else set())
        if args.errors or args.warnings:
            for finding in record.findings:
                if finding.severity in shown:
                    print(listing(path.name, finding))
    print(f"\nTOTAL {len(inputs)} documents in {seconds:.1f}s, verdicts: {dict(verdicts)}")
    if accounted["stated"]:
        percent = 100 * accounted["done"] / accounted["stated"]
        print(f"narrative amounts reconciled: {accounted['done']}/{accounted['stated']} = {percent:.1f}%")
    grand = Counter[str]()
    for rule, c in sorted(totals.items()):
        grand.update(c)
        print(f"  {rule:32} {counts_text(c):>12}")
    print(f"  {'all rules':32} {counts_text(grand):>12}  (errors/warnings/infos)")


if __name__ == "__main__":
    main()
