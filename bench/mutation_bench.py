"""Mutation benchmark: change one printed number of a corpus document, does validation notice?

    uv run python bench/mutation_bench.py [--count N] [--seed S] [--corpus DIR] [--only SUBSTRING]
                                          [--seeds] [--show]

Each corpus PDF (and, with --seeds, each seed text) is extracted and parsed once (cached in
--cache, keyed by file hash and parser version). A mutant then changes ONE digit of ONE printed
number, chosen with a seeded random generator, and validates the document again:

- table mutant: a non-zero money cell of a parsed table (uniform over every such cell of every
  document; a column of serial numbers 1, 2, …, n is no money), its row value and its text on the
  page;
- narrative mutant: a number the narrative states (uniform over the claims' sentences), in the
  page text; the claims are then read again from the mutated pages with the parser's own claim
  reader, so the mutant is what the parser would hand validation had the publisher printed it.
  Years, list ordinals, subject codes and document numbers are no figure (`not_a_figure`).

The numbers left out as not a checkable figure are printed by reason.

Why the record and not the PDF bytes: the corpus PDFs print their digits through subset CID fonts
(Identity-H, glyph ids mapped back by ToUnicode), often in compressed object streams, so a rewrite
of the content stream must re-encode glyph ids font by font; and every mutant would then pay a
full table parse (seconds a document on this machine). The mutant is made where the parser's
output starts instead, assuming the parser reads the changed digit as printed (the parse
benchmarks measure that separately).

A mutant is DETECTED when validation gains an error or warning that names it: its row (location
row = the row's name or code) or its table and the changed value, its printed number in the
message or evidence, or the new value as the finding's actual/expected figure. The report gives
the detected share separately for table and narrative mutants, the share with any new error or
warning at all, and how many new findings (any severity) each mutant produced.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from inputs import add_input_arguments, input_paths

from disclosure_parse.extraction import extract_pages
from disclosure_parse.payload import PDF, parsed_payload
from disclosure_parse.structure.claims.extract import extract_claims
from disclosure_parse.version import PARSER_VERSION
from disclosure_shared.events import BlobRef, PageText, ParsedPayload
from disclosure_shared.records import Finding, Source, Table
from disclosure_shared.settings import Limits
from disclosure_shared.store_schema import is_related
from disclosure_validate.validation import validate

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


# ---- the documents, parsed once ------------------------------------------------------------------


def _parse(path: Path, cache: Path) -> tuple[Path, ParsedPayload]:
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    cached = cache / f"{sha[:24]}-{PARSER_VERSION}.json"
    if cached.exists():
        return path, ParsedPayload.model_validate_json(cached.read_text(encoding="utf-8"))
    content_type = PDF if path.suffix.lower() == ".pdf" else "text/plain"
    if content_type == PDF:
        pages = extract_pages(data, content_type, Limits(), sha)
    else:
        pages = [PageText(number=1, text=data.decode("utf-8"))]
    source = Source(
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        bytes=len(data),
        filename=path.name,
        content_type=content_type,
    )
    payload = parsed_payload(data, pages, source, BlobRef(store="file", sha256=sha, size=len(data)))
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_text(payload.model_dump_json(), encoding="utf-8")
    return path, payload


def parse_all(paths: list[Path], cache: Path, workers: int) -> list[tuple[Path, ParsedPayload]]:
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_parse, paths, [cache] * len(paths)))


# ---- mutants ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    kind: str  # "table" | "narrative"
    document: int
    description: str
    payload: ParsedPayload
    printed: str  # the new printed number
    value: Decimal | None
    rows: frozenset[str]  # names and codes of the mutated row (table mutants)
    table: str | None = None


def change_digit(text: str, rng: random.Random) -> str:
    """`text` with one of its digits replaced by another digit (never a new leading zero)."""
    positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    index = rng.choice(positions)
    first = index == positions[0] and len(positions) > 1 and "." not in text[: index + 2]
    choices = [d for d in "0123456789" if d != text[index] and not (first and d == "0")]
    return text[:index] + rng.choice(choices) + text[index + 1 :]


def plain(value: Decimal) -> str:
    return format(value, "f")


def with_commas(text: str) -> str:
    whole, dot, fraction = text.partition(".")
    return f"{int(whole):,}{dot}{fraction}" if whole.lstrip("-").isdigit() else text


def table_cells(payload: ParsedPayload, skipped: Counter[str] | None = None) -> list[tuple[int, int, str]]:
    """(table, row, column) of each non-zero cell; a column of serial numbers is not a money figure
    (counted in `skipped`)."""
    cells = []
    for t, table in enumerate(payload.tables):
        serial = serial_columns(table)
        for r, row in enumerate(table.rows):
            for column, value in row.values.items():
                if value is None or value == 0:
                    continue
                if column in serial:
                    if skipped is not None:
                        skipped["serial number (序号)"] += 1
                    continue
                cells.append((t, r, column))
    return cells


def serial_columns(table: Table) -> set[str]:
    """Columns whose values are 1, 2, …, n down the rows: the 序号 of a list (规划和自然资源局2024 p4 lists
    its units "序号 单位名称 备注 1 …本级 2 …"), which the parser reads as a column of figures."""
    columns: dict[str, list[Decimal]] = {}
    for row in table.rows:
        for column, value in row.values.items():
            if value is not None:
                columns.setdefault(column, []).append(value)
    return {
        column
        for column, values in columns.items()
        if len(values) >= 2 and values == [Decimal(n) for n in range(1, len(values) + 1)]
    }


def table_mutant(
    document: int, payload: ParsedPayload, cell: tuple[int, int, str], rng: random.Random
) -> Mutant:
    t, r, column = cell
    table = payload.tables[t]
    row = table.rows[r]
    old = row.values[column]
    assert old is not None
    old_text = plain(old)
    new_text = change_digit(old_text, rng)
    new = Decimal(new_text)
    rows = [*table.rows]
    rows[r] = row.model_copy(update={"values": {**row.values, column: new}})
    tables = [*payload.tables]
    tables[t] = table.model_copy(update={"rows": rows})
    pages = [*payload.pages]
    for i, page in enumerate(pages):  # the cell's text on its page, where the page text shows it
        if page.number == row.page and page.text:
            for printed, replacement in (
                (with_commas(old_text), with_commas(new_text)),
                (old_text, new_text),
            ):
                if printed in page.text:
                    pages[i] = page.model_copy(update={"text": page.text.replace(printed, replacement, 1)})
                    break
    mutated = payload.model_copy(update={"tables": tables, "pages": pages})
    names = frozenset(x for x in (row.name, row.code) if x)
    where = f"{table.kind} {row.code or ''} {row.name} [{column}] {old_text} -> {new_text}"
    return Mutant("table", document, where, mutated, new_text, new, names, table.title)


def narrative_spots(
    payload: ParsedPayload, skipped: Counter[str] | None = None
) -> list[tuple[int, int, int]]:
    """(page index, start, end) of each number in a claim's sentence, found in its page text; the
    numbers that are not a checkable figure are counted in `skipped`, by reason."""
    spots: set[tuple[int, int, int]] = set()
    passed: set[tuple[int, int, int]] = set()
    index = {p.number: i for i, p in enumerate(payload.pages)}
    for claim in payload.claims:
        i = index.get(claim.page or 0)
        if i is None:
            continue
        text = payload.pages[i].text
        if not text:
            continue
        for match in _NUMBER.finditer(claim.text):
            # the number with what follows it, so "20" finds this sentence's 20 and not a page number
            anchor = claim.text[match.start() : match.end() + 3]
            at = text.find(anchor)
            if at < 0 or not match.group().strip(","):
                continue
            spot = (i, at, at + len(match.group()))
            reason = not_a_figure(claim.text, match)
            if reason is None:
                spots.add(spot)
            elif skipped is not None and spot not in passed:
                passed.add(spot)
                skipped[reason] += 1
    return sorted(spots)


# "苏财行[2017]44 号", "沪财预〔2016〕53 号": the bracketed year and the serial before 号
_DOCUMENT_OPEN = re.compile(r"[〔\[【]\s*$")
_DOCUMENT_REST = re.compile(r"\s*[〕\]】]\s*\d+\s*号")
_DOCUMENT_CLOSE = re.compile(r"[〕\]】]\s*$")


def not_a_figure(sentence: str, match: re.Match[str]) -> str | None:
    """Why a number of a sentence is not a figure the narrative states, or None when it is one: a
    year or date ("2018 年"), a list ordinal ("3．", "10. “"), a subject code printed with its name
    ("2010105 人大立法"), or a document number ("苏财行[2017]44 号": its year and its serial)."""
    after = sentence[match.end() :].lstrip(" ")
    before = sentence[: match.start()]
    if after[:1] in ("年", "月", "日"):
        return "year or date"
    if after[:1] in ("、", ".", "．", "）", ")") and "." not in match.group() and not after[1:2].isdigit():
        return "list ordinal"
    if len(match.group()) >= 6 and match.group().isdigit():
        return "subject code"
    year = _DOCUMENT_OPEN.search(before) and _DOCUMENT_REST.match(after)
    serial = after[:1] == "号" and _DOCUMENT_CLOSE.search(before)
    if match.group().isdigit() and (year or serial):
        return "document number"
    return None


def narrative_mutant(
    document: int, payload: ParsedPayload, spot: tuple[int, int, int], rng: random.Random
) -> Mutant:
    i, start, end = spot
    page = payload.pages[i]
    text = page.text or ""
    old_text = text[start:end]
    new_text = change_digit(old_text, rng)
    pages = [*payload.pages]
    pages[i] = page.model_copy(update={"text": text[:start] + new_text + text[end:]})
    claims = extract_claims([p.text or "" for p in pages], payload.tables)
    mutated = payload.model_copy(update={"pages": pages, "claims": claims})
    context = text[max(0, start - 20) : end + 8].replace("\n", " ")
    try:
        value: Decimal | None = Decimal(new_text.replace(",", ""))
    except ArithmeticError:
        value = None
    return Mutant(
        "narrative",
        document,
        f"p{page.number} …{context}… {old_text} -> {new_text}",
        mutated,
        new_text,
        value,
        frozenset(),
    )


# ---- judging a mutant ------------------------------------------------------------------------------


def key(finding: Finding) -> tuple[str, str, str, str]:
    where = finding.location
    return (finding.rule, finding.message, str(where.row), str(where.column))


def new_findings(before: list[Finding], after: list[Finding]) -> list[Finding]:
    seen = Counter(key(f) for f in before)
    fresh = []
    for finding in after:
        k = key(finding)
        if seen[k]:
            seen[k] -= 1
        else:
            fresh.append(finding)
    return fresh


def names_mutant(finding: Finding, mutant: Mutant) -> bool:
    texts = [finding.message, *(e.text for e in finding.evidence)]
    printed = {mutant.printed, mutant.printed.replace(",", ""), with_commas(mutant.printed.replace(",", ""))}
    if any(p in text for text in texts for p in printed):
        return True
    row = finding.location.row or ""
    if mutant.rows and any(name and name in row for name in mutant.rows):
        return True
    if mutant.value is not None:
        scaled = {mutant.value, mutant.value * 10000, mutant.value / 10000}
        if finding.actual in scaled or finding.expected in scaled:
            return True
    return False


@dataclass(frozen=True)
class Result:
    mutant: Mutant
    fresh: list[Finding]

    @property
    def serious(self) -> list[Finding]:
        return [f for f in self.fresh if f.severity != "info"]

    @property
    def detected(self) -> bool:
        return any(names_mutant(f, self.mutant) for f in self.serious)


def judge(mutant: Mutant, baseline: list[Finding], related: list[ParsedPayload]) -> Result:
    record = validate(mutant.payload.blob.sha256, PARSER_VERSION, mutant.payload, related=related)
    return Result(mutant, new_findings(baseline, record.findings))


def related_of(documents: list[tuple[Path, ParsedPayload]]) -> list[list[ParsedPayload]]:
    """Each document's related disclosures in the run (same organization), as `disclosures process`
    validates them in its last step: a Jiangsu narrative reads its companion file's tables."""
    return [
        [o for j, (_, o) in enumerate(documents) if j != i and is_related(p.document, o.document)]
        for i, (_, p) in enumerate(documents)
    ]


# ---- report ----------------------------------------------------------------------------------------


def report(kind: str, results: list[Result], names: list[str], show: bool) -> None:
    if not results:
        print(f"\n{kind}: no mutants")
        return
    detected = sum(r.detected for r in results)
    any_serious = sum(bool(r.serious) for r in results)
    counts = [len(r.fresh) for r in results]
    print(f"\n{kind} mutants: {len(results)}")
    print(
        f"  detected (new error/warning naming the value or its row): {detected} "
        f"= {100 * detected / len(results):.1f}%"
    )
    print(f"  any new error/warning: {any_serious} = {100 * any_serious / len(results):.1f}%")
    print(
        f"  new findings per mutant (any severity): mean {statistics.mean(counts):.2f}, "
        f"median {statistics.median(counts)}, max {max(counts)}, none {counts.count(0)}"
    )
    rules = Counter(f.rule for r in results for f in r.serious if names_mutant(f, r.mutant))
    print("  detecting rules: " + ", ".join(f"{rule} {n}" for rule, n in rules.most_common()))
    per_doc: dict[str, list[bool]] = {}
    for r in results:
        per_doc.setdefault(names[r.mutant.document], []).append(r.detected)
    for name, hits in sorted(per_doc.items()):
        print(f"    {name[-44:]:44} {sum(hits):3}/{len(hits):<3}")
    if show:
        for r in results:
            if not r.detected:
                extra = "; ".join(f"{f.severity[0]} {f.rule}" for f in r.fresh[:4])
                print(f"  MISSED {names[r.mutant.document][-30:]}: {r.mutant.description} [{extra}]")


def choose(rng: random.Random, pool: list[tuple[int, object]], count: int) -> Iterable[tuple[int, object]]:
    return rng.sample(pool, min(count, len(pool)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_input_arguments(parser)
    parser.add_argument("--count", type=int, default=100, help="mutants of each kind")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "mutation-bench-cache")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="list the missed mutants")
    args = parser.parse_args()
    inputs = input_paths(args)
    started = time.perf_counter()
    documents = parse_all(inputs, args.cache, args.workers)
    print(
        f"{len(documents)} documents parsed (or read from {args.cache}) "
        f"in {time.perf_counter() - started:.1f}s"
    )
    names = [p.name for p, _ in documents]
    started = time.perf_counter()
    related = related_of(documents)
    baselines = [
        validate(p.blob.sha256, PARSER_VERSION, p, related=related[i]).findings
        for i, (_, p) in enumerate(documents)
    ]
    validate_seconds = time.perf_counter() - started
    rng = random.Random(args.seed)
    skipped_cells = Counter[str]()
    cells = [(d, cell) for d, (_, p) in enumerate(documents) for cell in table_cells(p, skipped_cells)]
    skipped = Counter[str]()
    spots = [(d, spot) for d, (_, p) in enumerate(documents) for spot in narrative_spots(p, skipped)]
    print(
        f"candidates: {len(cells)} table cells, {len(spots)} narrative numbers; "
        f"baseline validation {validate_seconds:.1f}s for all documents"
    )
    print(
        "  not a checkable figure, left out: table cells: "
        + (", ".join(f"{reason} {n}" for reason, n in skipped_cells.most_common()) or "none")
        + "; narrative numbers: "
        + ", ".join(f"{reason} {n}" for reason, n in skipped.most_common())
    )
    started = time.perf_counter()
    table_results = [
        judge(table_mutant(d, documents[d][1], cell, rng), baselines[d], related[d])  # type: ignore[arg-type]
        for d, cell in choose(rng, cells, args.count)  # type: ignore[arg-type]
    ]
    narrative_results = [
        judge(narrative_mutant(d, documents[d][1], spot, rng), baselines[d], related[d])  # type: ignore[arg-type]
        for d, spot in choose(rng, spots, args.count)  # type: ignore[arg-type]
    ]
    print(
        f"{len(table_results) + len(narrative_results)} mutants validated "
        f"in {time.perf_counter() - started:.1f}s"
    )
    report("table", table_results, names, args.show)
    report("narrative", narrative_results, names, args.show)


if __name__ == "__main__":
    main()
