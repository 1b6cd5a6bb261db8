"""`stsgraph load`: progress, problem list, --sync diff and summary around loaders.load.

Exit codes: 0 loaded (or valid, for --dry-run); 1 invalid data, a refused or failed write, an
unreachable database, or a --sync the user declined; 2 a usage error (a path that is not a
dataset, options that do not go together). No traceback reaches the user: every failure is
one line saying what is wrong and what to do.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncDriver
from neo4j.exceptions import AuthError, DriverError, Neo4jError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from app.load_progress import RichProgress, progress_bar
from app.settings import Settings
from graph.driver import create_async_driver, verify_async
from graph.errors import DatabaseUnavailableError
from loaders.issues import DatasetError
from loaders.load import LoadReport, prepare_load, write_load
from loaders.scoped import OutsideProvincesError, write_in_one_transaction
from loaders.sync import GONE, UNLISTED, SyncPlan
from loaders.writer import Counts, WriteSummary

console = Console(stderr=True, soft_wrap=True)
SHOWN_PER_KIND = 5  # removals listed by name in the --sync diff, per kind


@dataclass(frozen=True)
class LoadOptions:
    skip_invalid: bool = False
    dry_run: bool = False
    batch_size: int = 5000
    quiet: bool = False
    ignore_unknown_columns: bool = False
    sync: bool = False
    yes: bool = False
    # Check the load as an editor limited to these provinces would (loaders/scoped.py).
    provinces: frozenset[str] | None = None


class UsageError(Exception):
    """A command line that cannot work; the message says what to change."""


def check_usage(path: Path, options: LoadOptions) -> None:
    """Raise UsageError for a path that is no dataset or options that do not go together."""
    if not path.exists():
        raise UsageError(f"no such dataset folder or workbook: {path}; give a folder of .csv/"
                         ".jsonl files (regions.csv, parks.csv, …) or one .xlsx workbook")
    if path.is_file() and path.suffix.lower() != ".xlsx":
        raise UsageError(f"{path} is a file, not a dataset: give the folder that holds it "
                         f"({path.parent}), or an .xlsx workbook")
    if options.sync and options.skip_invalid:
        raise UsageError("--sync cannot be combined with --skip-invalid: the skipped rows "
                         "would be removed from the graph as if they had left the folder")
    if options.provinces is not None and not options.provinces:
        raise UsageError("--provinces names no region id; give ids such as r-bj,r-gd")
    if options.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1 (got {options.batch_size})")


def _summary_table(summary: WriteSummary, synced: bool) -> Table:
    table = Table(title="load summary")
    for column in ("kind", "created", "updated", "unchanged", "deleted"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for label, c in summary.entities.items():
        if c.created or c.updated or c.unchanged or c.deleted:
            table.add_row(label, f"{c.created:,}", f"{c.updated:,}", f"{c.unchanged:,}",
                          f"{c.deleted:,}" if synced else "")
    for rel_type, c in summary.relationships.items():
        table.add_row(f":{rel_type}", f"{c.created:,}", f"{c.updated:,}",
                      f"{c.unchanged:,}", f"{c.deleted:,}")
    if summary.indicators.created or summary.indicators.updated or summary.indicators.unchanged:
        c = summary.indicators
        table.add_row("indicators", f"{c.created:,}", f"{c.updated:,}", f"{c.unchanged:,}", "")
    table.add_section()
    for name, counts in (("all entities", summary.entities.values()),
                         ("all relationships", summary.relationships.values())):
        c = _total(counts)
        table.add_row(name, f"{c.created:,}", f"{c.updated:,}", f"{c.unchanged:,}",
                      f"{c.deleted:,}" if synced or name != "all entities" else "")
    return table


def _total(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for c in counts:
        total.created += c.created
        total.updated += c.updated
        total.unchanged += c.unchanged
        total.deleted += c.deleted
    return total


def _print_report(report: LoadReport) -> None:
    # Dataset text is escaped: a value like "venture[bold]" must print as written.
    for notice in report.notices:
        console.print(f"[yellow]note:[/yellow] {escape(notice)}")
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(str(warning))}")
    if report.skipped:
        rows = {(i.file, i.line) for i in report.skipped}
        console.print(f"[yellow]skipped {len(rows)} row(s) ({len(report.skipped)} problems):"
                      "[/yellow]")
        for issue in report.skipped:
            console.print(f"  skipped {escape(str(issue))}")


def _print_sync_plan(plan: SyncPlan) -> None:
    if plan.empty:
        console.print(f"--sync: the graph holds nothing of source {plan.source!r} that the "
                      "folder does not; nothing to remove")
        return
    console.print(f"--sync: source {plan.source!r} wrote these and the folder no longer holds "
                  "them; they are removed:")
    for kind, count in plan.counts().items():
        items = [r for r in plan.removals if r.kind == kind]
        shown = ", ".join(escape(_removal_text(r.text, r.why)) for r in items[:SHOWN_PER_KIND])
        more = f", and {count - SHOWN_PER_KIND:,} more" if count > SHOWN_PER_KIND else ""
        console.print(f"  {escape(kind)} {count:,}: {shown}{more}")


def _removal_text(text: str, why: str) -> str:
    if why == GONE:
        return text
    return f"{text} no longer listed" if why == UNLISTED else f"{text} with a removed entity"


def _confirmed(plan: SyncPlan, options: LoadOptions) -> bool:
    """Whether to go on with a sync that removes something: --yes, or a yes on a terminal."""
    if plan.empty or options.yes:
        return True
    entities = len(plan.entities)
    relationships = len(plan.removals) - entities
    question = f"remove {entities:,} entities and {relationships:,} relationships?"
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise UsageError(f"--sync would {question[:-1]}; pass --yes to confirm when not on a "
                         "terminal (nothing was written)")
    answer = console.input(f"{question.capitalize()} [y/N] ")
    return answer.strip().lower() in ("y", "yes", "是")


def _print_timing(report: LoadReport) -> None:
    validation = report.timings.get("validation", 0.0)
    writing = report.timings.get("writing", 0.0)
    total = validation + writing
    rows = report.dataset.record_count
    rate = f" ({rows / total:,.0f} rows/s)" if total > 0 else ""
    console.print(f"loaded {rows:,} rows in {total:.1f} s{rate}: validation {validation:.1f} s, "
                  f"writing {writing:.1f} s")


async def run_load(settings: Settings, path: Path, options: LoadOptions) -> tuple[int, str]:
    """The whole command; returns its exit code and its outcome for /metrics: "loaded",
    "refused" (invalid data: nothing written), "failed" (Neo4j), "usage" or "dry-run"."""
    try:
        check_usage(path, options)
    except UsageError as e:
        console.print(f"[red]error:[/red] {escape(str(e))}")
        return 2, "usage"
    driver = create_async_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                                 settings.neo4j_password)
    try:
        code = await _load(driver, settings, path, options)
        return code, "dry-run" if options.dry_run and code == 0 else (
            "loaded" if code == 0 else "refused")
    except UsageError as e:
        console.print(f"[red]error:[/red] {escape(str(e))}")
        return 2, "usage"
    except OutsideProvincesError as e:
        _print_outside(e)
        return 1, "refused"
    except DatasetError as e:
        _print_problems(e)
        return 1, "refused"
    except DatabaseUnavailableError as e:
        console.print(f"[red]error:[/red] {escape(str(e))}; start it (stsgraph neo4j start) or "
                      "set NEO4J_URI")
        return 1, "failed"
    except AuthError as e:
        console.print(f"[red]error:[/red] Neo4j refused the credentials ({escape(str(e.message))});"
                      " set NEO4J_USER and NEO4J_PASSWORD")
        return 1, "failed"
    except (Neo4jError, DriverError) as e:
        console.print(f"[red]error:[/red] the load stopped: Neo4j said: {escape(str(e))}. What "
                      "was written stays, in whole batches; run the same command again to finish")
        return 1, "failed"
    finally:
        await driver.close()


def _print_issues(error: DatasetError) -> None:
    try:
        for issue in error.issues:
            print(issue)
        sys.stdout.flush()
    except BrokenPipeError:  # `stsgraph load … | head`: the reader has seen enough
        # Point stdout at /dev/null, or Python's final flush reports the broken pipe again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _print_outside(error: OutsideProvincesError) -> None:
    _print_issues(error)
    console.print(f"[red]{len(error.issues)} row(s) outside the provinces "
                  f"{', '.join(sorted(error.provinces))}; nothing was written.[/red] Only an "
                  "admin or an editor without a province limit may load them.")


def _print_problems(error: DatasetError) -> None:
    _print_issues(error)
    console.print(f"[red]{len(error.issues)} problem(s); nothing was written.[/red] "
                  "Fix them (each line is file:line: column: reason), or rerun with "
                  "--skip-invalid to load the valid rows.")


async def _load(driver: AsyncDriver, settings: Settings, path: Path,
                options: LoadOptions) -> int:
    await verify_async(driver)
    with progress_bar(console, disable=options.quiet) as bar:
        progress = RichProgress(bar)
        report = await prepare_load(driver, path, skip_invalid=options.skip_invalid,
                                    sync=options.sync,
                                    ignore_unknown_columns=options.ignore_unknown_columns,
                                    database=settings.neo4j_database, progress=progress)
        progress.finish()
    _print_report(report)
    if report.sync is not None:
        _print_sync_plan(report.sync)
    if options.provinces is not None:
        return await _load_in_scope(driver, settings, report, options)
    if options.dry_run:
        console.print(f"[green]valid:[/green] {report.dataset.record_count:,} records, "
                      "nothing written (dry run)")
        return 0
    if report.sync is not None and not _confirmed(report.sync, options):
        console.print("nothing was written (--sync not confirmed)")
        return 1
    with progress_bar(console, disable=options.quiet) as bar:
        progress = RichProgress(bar)
        await write_load(driver, report, batch_size=options.batch_size,
                         database=settings.neo4j_database, progress=progress)
        progress.finish()
    assert report.summary is not None
    console.print(_summary_table(report.summary, report.sync is not None))
    _print_timing(report)
    return 0


async def _load_in_scope(driver: AsyncDriver, settings: Settings, report: LoadReport,
                         options: LoadOptions) -> int:
    """--provinces: one transaction, refused whole (OutsideProvincesError) when a row is
    outside the provinces; a dry run rolls it back after the check."""
    assert options.provinces is not None
    if not options.dry_run and report.sync is not None and not _confirmed(report.sync, options):
        console.print("nothing was written (--sync not confirmed)")
        return 1
    started = time.perf_counter()
    summary = await write_in_one_transaction(driver, report, provinces=options.provinces,
                                             commit=not options.dry_run,
                                             database=settings.neo4j_database)
    report.timings["writing"] = time.perf_counter() - started
    scope = ", ".join(sorted(options.provinces))
    if options.dry_run:
        console.print(f"[green]valid:[/green] {report.dataset.record_count:,} records, all "
                      f"in {scope}; nothing written (dry run)")
        return 0
    console.print(_summary_table(summary, report.sync is not None))
    console.print(f"every row is in {scope}")
    _print_timing(report)
    return 0
