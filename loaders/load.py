"""Load a dataset folder into the graph: read, validate everything, then write.

Example (with a running Neo4j)::

    report = await load_dataset(driver, Path("data/demo"))
    print(report.summary.entities["Park"].created)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from neo4j import AsyncDriver

from graph import queries
from graph.migrations import apply_migrations
from loaders.issues import DatasetError, DatasetIssue
from loaders.readers import read_dataset
from loaders.validate import ValidatedDataset, validate_dataset
from loaders.writer import Progress, WriteSummary, write_dataset

LOOKUP_CHUNK = 50_000


@dataclass
class LoadReport:
    dataset: ValidatedDataset
    notices: list[str] = field(default_factory=list)
    summary: WriteSummary | None = None  # None for a dry run

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


async def validate_path(path: Path, driver: AsyncDriver | None, skip_invalid: bool = False,
                        database: str | None = None) -> LoadReport:
    """Read and validate; raise DatasetError listing every problem when not loadable."""
    read = read_dataset(path)
    lookup = graph_lookup(driver, database) if driver is not None else None
    dataset = await validate_dataset(read, dataset_name(path), lookup, skip_invalid)
    if dataset.errors:
        raise DatasetError(dataset.errors)
    return LoadReport(dataset, read.notices)


async def load_dataset(driver: AsyncDriver, path: Path, *, skip_invalid: bool = False,
                       dry_run: bool = False, batch_size: int = 5000,
                       database: str | None = None,
                       progress: Progress | None = None) -> LoadReport:
    """Validate the dataset at `path` and, unless `dry_run`, write it.

    Raises DatasetError (and writes nothing) when any row is invalid, unless `skip_invalid`,
    in which case the invalid rows, and rows that depend on them, are listed and left out.
    """
    await apply_migrations(driver, database)
    report = await validate_path(path, driver, skip_invalid, database)
    if not dry_run:
        report.summary = await write_dataset(driver, report.dataset, batch_size, database,
                                             progress)
    return report
