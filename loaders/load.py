"""Load a dataset folder into the graph: read, validate everything, then write.

Example (with a running Neo4j)::

    report = await load_dataset(driver, Path("data/demo"))
    print(report.summary.entities["Park"].created)
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import AsyncDriver

from graph import queries
from graph.migrations import apply_migrations
from graph.model import SPEC_BY_LABEL
from loaders.issues import DatasetError, DatasetIssue
from loaders.progress import READING, SYNC_PLAN, NoProgress, Progress
from loaders.readers import read_dataset
from loaders.suggest import Candidate, GraphCandidates
from loaders.sync import SyncPlan, apply_sync, plan_sync
from loaders.validate import ValidatedDataset, validate_dataset
from loaders.writer import WriteSummary, write_dataset

LOOKUP_CHUNK = 50_000
CANDIDATE_CAP = 20_000  # graph entities per kind compared with an unresolved id (beyond names)


@dataclass
class LoadReport:
    dataset: ValidatedDataset
    notices: list[str] = field(default_factory=list)
    summary: WriteSummary | None = None  # None for a dry run
    sync: SyncPlan | None = None  # what --sync removes; None without --sync
    timings: dict[str, float] = field(default_factory=dict)  # "validation", "writing": seconds

    @property
    def warnings(self) -> list[DatasetIssue]:
        return self.dataset.warnings

    @property
    def skipped(self) -> list[DatasetIssue]:
        return self.dataset.skipped


def dataset_name(path: Path) -> str:
    return path.stem if path.is_file() else path.resolve().name


def graph_lookup(driver: AsyncDriver, database: str | None = None):  # type: ignore[no-untyped-def]
    """An async function mapping ids to the label they have in the graph (absent: unknown)."""

    async def lookup(ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(ids), LOOKUP_CHUNK):
            records, _, _ = await driver.execute_query(
                queries.EXISTING_IDS, ids=ids[start:start + LOOKUP_CHUNK],
                database_=database, routing_="r",
            )
            found.update({r["id"]: r["label"] for r in records})
        return found

    return lookup


def graph_candidates(driver: AsyncDriver, database: str | None = None) -> GraphCandidates:
    """What an unresolved id may have meant: graph entities of the expected kinds named by
    the cell, plus a capped sample of the others for fuzzy matching (loaders/suggest.py)."""

    async def candidates(labels: list[str], words: list[str]) -> list[Candidate]:
        found: list[Candidate] = []
        for label in labels:
            if label not in SPEC_BY_LABEL:  # ServiceStage references are codes, not ids
                continue
            records, _, _ = await driver.execute_query(
                queries.entity_candidates(label), words=words, cap=CANDIDATE_CAP,
                database_=database, routing_="r")
            found += [Candidate(r["id"], label, r["name"], r["nameZh"]) for r in records]
        return found

    return candidates


async def validate_path(path: Path, driver: AsyncDriver | None, skip_invalid: bool = False,
                        database: str | None = None, *, ignore_unknown_columns: bool = False,
                        progress: Progress | None = None) -> LoadReport:
    """Read and validate; raise DatasetError listing every problem when not loadable."""
    progress = progress or NoProgress()
    started = time.perf_counter()
    progress.start(READING, 0)
    read = await asyncio.to_thread(read_dataset, path)  # off the event loop (POST /loads)
    progress.advance(0)
    lookup = graph_lookup(driver, database) if driver is not None else None
    candidates = graph_candidates(driver, database) if driver is not None else None
    dataset = await validate_dataset(read, dataset_name(path), lookup, skip_invalid,
                                     ignore_unknown_columns=ignore_unknown_columns,
                                     candidates=candidates, progress=progress)
    if dataset.errors:
        raise DatasetError(dataset.errors)
    report = LoadReport(dataset, read.notices + [str(n) for n in dataset.notices])
    report.timings["validation"] = time.perf_counter() - started
    return report


async def prepare_load(driver: AsyncDriver, path: Path, *, skip_invalid: bool = False,
                       sync: bool = False, ignore_unknown_columns: bool = False,
                       database: str | None = None,
                       progress: Progress | None = None) -> LoadReport:
    """Everything before the first write: migrations, reading, validation and, with `sync`,
    the diff of what would be removed. Raises DatasetError listing every problem."""
    if sync and skip_invalid:
        raise ValueError("--sync cannot be combined with --skip-invalid: the skipped rows "
                         "would count as removed from the folder")
    await apply_migrations(driver, database)
    report = await validate_path(path, driver, skip_invalid, database,
                                 ignore_unknown_columns=ignore_unknown_columns,
                                 progress=progress)
    if sync:
        started = time.perf_counter()
        (progress or NoProgress()).start(SYNC_PLAN, 0)
        report.sync = await plan_sync(driver, report.dataset, database)
        report.timings["validation"] += time.perf_counter() - started
        if report.sync.problems:
            raise DatasetError(report.sync.problems)
    return report


async def write_load(driver: AsyncDriver, report: LoadReport, *, batch_size: int = 5000,
                     database: str | None = None, progress: Progress | None = None) -> None:
    """Write a prepared load (and remove what its sync plan lists); fills `report.summary`."""
    started = time.perf_counter()
    report.summary = await write_dataset(driver, report.dataset, batch_size, database, progress)
    if report.sync is not None:
        await apply_sync(driver, report.sync, report.summary, batch_size, database, progress)
    report.timings["writing"] = time.perf_counter() - started


async def load_dataset(driver: AsyncDriver, path: Path, *, skip_invalid: bool = False,
                       dry_run: bool = False, batch_size: int = 5000,
                       database: str | None = None, progress: Progress | None = None,
                       ignore_unknown_columns: bool = False, sync: bool = False) -> LoadReport:
    """Validate the dataset at `path` and, unless `dry_run`, write it.

    Raises DatasetError (and writes nothing) when any row is invalid, unless `skip_invalid`,
    in which case the invalid rows, and rows that depend on them, are listed and left out.
    With `sync`, what the dataset's source wrote and the folder no longer holds is removed
    (loaders/sync.py); the CLI shows that diff and asks before calling write_load.
    """
    report = await prepare_load(driver, path, skip_invalid=skip_invalid, sync=sync,
                                ignore_unknown_columns=ignore_unknown_columns,
                                database=database, progress=progress)
    if not dry_run:
        await write_load(driver, report, batch_size=batch_size, database=database,
                         progress=progress)
    return report
