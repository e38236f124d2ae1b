"""Scaling out is running more replicas: two parse workers in one group split the partitions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aiokafka.partitioner import murmur2

from disclosure_cli import submit_command
from disclosure_shared import topics
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.settings import PipelineSettings
from disclosure_shared.testing.pdfs import text_pdf
from disclosure_shared.testing.waiting import wait_group_stable, wait_stored

pytestmark = pytest.mark.integration


def inputs_covering_every_partition(directory: Path, per_partition: int) -> list[Path]:
    """Small PDFs whose sha256 keys land `per_partition` times on each partition."""
    partitions = PipelineSettings().kafka.partitions
    chosen: dict[int, list[Path]] = {p: [] for p in range(partitions)}
    index = 0
    while any(len(paths) < per_partition for paths in chosen.values()):
        data = text_pdf([f"测试单位{index} 2024 年部门预算"])
        partition = (murmur2(sha256_hex(data).encode()) & 0x7FFFFFFF) % partitions
        if len(chosen[partition]) < per_partition:
            path = directory / f"input-{index}.pdf"
            path.write_bytes(data)
            chosen[partition].append(path)
        index += 1
    return [p for paths in chosen.values() for p in paths]


async def test_two_parse_workers_split_the_work_without_overlap(
    start_workers, pipeline_env: dict[str, str], tmp_path: Path, mongo_db
) -> None:
    workers = start_workers(
        ("ingest", "ingest"),
        ("validate", "validate"),
        ("store", "store"),
        ("parse", "parse-a"),
        ("parse", "parse-b"),
    )
    group = pipeline_env["DISCLOSURE_KAFKA__TOPIC_PREFIX"] + topics.EXTRACT_GROUP
    await wait_group_stable(pipeline_env["KAFKA_BOOTSTRAP_SERVERS"], group, members=2)
    paths = inputs_covering_every_partition(tmp_path, per_partition=3)
    shas = [sha256_hex(p.read_bytes()) for p in paths]
    assert await submit_command.run([str(p) for p in paths], force=False) == 0
    await wait_stored(mongo_db, shas)

    done = {
        name: re.findall(r"extract done for (\w+)", workers[name].log()) for name in ("parse-a", "parse-b")
    }
    assert done["parse-a"] and done["parse-b"], f"one worker did everything: {done}"
    everything = done["parse-a"] + done["parse-b"]
    assert sorted(everything) == sorted(shas), "each input extracted exactly once across the group"
