"""`stsgraph load`: progress bar, problem list and summary table around loaders.load."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.settings import Settings
from graph.driver import create_async_driver, verify_async
from graph.errors import DatabaseUnavailableError
from loaders.issues import DatasetError
from loaders.load import LoadReport, load_dataset
from loaders.writer import WriteSummary

console = Console(stderr=True, soft_wrap=True)


def _summary_table(summary: WriteSummary) -> Table:
    table = Table(title="load summary")
    for column in ("kind", "created", "updated", "unchanged", "deleted"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for label, c in summary.entities.items():
        if c.created or c.updated or c.unchanged:
            table.add_row(label, f"{c.created:,}", f"{c.updated:,}", f"{c.unchanged:,}", "")
    for rel_type, c in summary.relationships.items():
        table.add_row(f":{rel_type}", f"{c.created:,}", f"{c.updated:,}",
                      f"{c.unchanged:,}", f"{c.deleted:,}")
    return table


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


async def run_load(settings: Settings, path: Path, *, skip_invalid: bool, dry_run: bool,
                   batch_size: int, quiet: bool) -> int:
    driver = create_async_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                                 settings.neo4j_password)
    try:
        await verify_async(driver)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, disable=quiet or dry_run,
                      transient=True) as bar:
            task = bar.add_task("validating", total=None)

            def advance(phase: str, rows: int) -> None:
                bar.update(task, description=f"writing {phase}", advance=rows)

            report = await load_dataset(driver, path, skip_invalid=skip_invalid, dry_run=True,
                                        database=settings.neo4j_database)
            if not dry_run:
                bar.update(task, total=report.dataset.record_count, completed=0)
                from loaders.writer import write_dataset

                report.summary = await write_dataset(driver, report.dataset, batch_size,
                                                     settings.neo4j_database, advance)
    except DatasetError as e:
        for issue in e.issues:
            print(issue)
        console.print(f"[red]{len(e.issues)} problem(s); nothing was written.[/red] "
                      "Fix them, or rerun with --skip-invalid to load the valid rows.")
        return 2
    except DatabaseUnavailableError as e:
        console.print(f"[red]error:[/red] {e}")
        return 1
    finally:
        await driver.close()
    _print_report(report)
    if report.summary is None:
        console.print(f"[green]valid:[/green] {report.dataset.record_count:,} records, "
                      "nothing written (dry run)")
    else:
        console.print(_summary_table(report.summary))
    return 0
