"""`stsgraph analyze refresh [--only a,b] [--as-of Y] [--stale-only]`: run the refresh job
(app/refresh.py) with a progress bar and print what it stored."""

from __future__ import annotations

import argparse
import asyncio

from rich.console import Console

from app.load_progress import RichProgress, progress_bar
from app.refresh import RefreshReport, refresh
from app.settings import Settings
from graph.driver import create_async_driver, verify_async
from graph.errors import GraphError
from graph.results import REFRESH_KINDS
from graph.time import MAX_AS_OF, MIN_AS_OF, present_year

console = Console(stderr=True, soft_wrap=True)


def parse_only(value: str | None) -> list[str] | None:
    """`--only cluster-scores,centrality` as a list; SystemExit naming an unknown name."""
    if value is None:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in REFRESH_KINDS]
    if unknown or not names:
        raise SystemExit(f"--only: unknown result {', '.join(unknown) or '(none)'}; expected "
                         f"names among {', '.join(REFRESH_KINDS)}")
    return names


async def _run(settings: Settings, as_of: int, only: list[str] | None,
               stale_only: bool) -> RefreshReport:
    driver = create_async_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                                 settings.neo4j_password)
    try:
        await verify_async(driver)
        with progress_bar(console) as bar:
            view = RichProgress(bar)
            report = await refresh(driver, as_of, only, stale_only,
                                   settings.neo4j_database, view)
            view.finish()
        return report
    finally:
        await driver.close()


def run_refresh(args: argparse.Namespace, settings: Settings) -> int:
    as_of = present_year() if args.as_of is None else args.as_of
    if not MIN_AS_OF <= as_of <= MAX_AS_OF:
        console.print(f"[red]error:[/red] --as-of must be between {MIN_AS_OF} and {MAX_AS_OF}")
        return 2
    only = parse_only(args.only)
    try:
        report = asyncio.run(_run(settings, as_of, only, args.stale_only))
    except GraphError as e:
        console.print(f"[red]error:[/red] {e}")
        return 1
    stored = ", ".join(f"{name} {count}" for name, count in report.written.items()) or "nothing"
    times = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.seconds.items())
    print(f"refreshed as of {report.as_of} on data version {report.version}: {stored}"
          f"{f'; removed {report.deleted}' if report.deleted else ''}"
          f"{f' ({times})' if times else ''}")
    return 0
