"""`stsgraph report`: the annual report of a province (or the nation) for a year, written
to a file in one of the formats (docs/reports.md).

Arguments are checked before anything is read (format, language, year) or computed
(region); a bad one ends the command with exit code 2 and a line naming it, and no file.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
from rich.console import Console
from rich.markup import escape

from analysis.report import ReportError, annual_report
from analysis.target_counts import Indicators
from analysis.targets import PLAN_START
from analysis.text import parse_lang
from app.progress_view import read_figures
from app.report.render import FORMATS, check_format, render, write_atomically
from app.settings import Settings
from graph import projections
from graph.driver import create_async_driver, verify_async
from graph.errors import GraphError
from graph.time import present_year

console = Console(stderr=True, soft_wrap=True)


async def project_history(settings: Settings) -> tuple[nx.MultiDiGraph, Indicators]:
    """The whole graph with every year (the report reads the year and the years before) and
    the official figures the plan's targets read."""
    driver = create_async_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                                 settings.neo4j_password)
    try:
        await verify_async(driver)
        return await asyncio.gather(  # at once: the database answers one while we decode
            projections.project_whole(driver, settings.neo4j_database, as_of=None),
            read_figures(driver, settings.neo4j_database))
    finally:
        await driver.close()


def default_path(region: str | None, year: int, fmt: str) -> Path:
    return Path(f"report-{region or 'national'}-{year}.{fmt}")


def _usage_error(message: str) -> int:
    console.print(f"[red]error:[/red] {escape(message)}")
    return 2


def run_report(args: argparse.Namespace, settings: Settings,
               before_read: Callable[[], None] = lambda: None) -> int:
    """Check the arguments, then (`before_read`: start the local Neo4j) read and write."""
    try:
        fmt = check_format(args.format)
        parse_lang(args.lang)
    except ValueError as e:
        return _usage_error(f"--{'format' if 'format' in str(e) else 'lang'}: {e}")
    if not PLAN_START <= args.year <= present_year():
        return _usage_error(f"--year: must be between {PLAN_START} and {present_year()}; "
                            f"got {args.year}")
    out = Path(args.output) if args.output else default_path(args.region, args.year, fmt)
    if not out.resolve().parent.is_dir():
        return _usage_error(f"-o: the folder {out.resolve().parent} does not exist")
    try:
        before_read()
        H, figures = asyncio.run(project_history(settings))
        report = annual_report(H, args.region, args.year, args.lang, latest=present_year(),
                               indicators=figures)
    except ReportError as e:
        return _usage_error(f"--{e.argument}: {e}")
    except GraphError as e:
        console.print(f"[red]error:[/red] {escape(str(e))}")
        return 1
    write_atomically(out, render(report, fmt))
    console.print(f"wrote {out} ({fmt}, {report.lang})")
    return 0


def add_report_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "report", help="write the annual report of a province (or the nation) for a year")
    parser.add_argument("--region", help="a province's region id (national when not given)")
    parser.add_argument("--year", type=int, required=True, help="the year reported on")
    parser.add_argument("--lang", default="zh", help="zh (default) or en")
    parser.add_argument("--format", default="pdf", help=f"one of {', '.join(FORMATS)} "
                        "(default pdf)")
    parser.add_argument("-o", "--output", help="file to write (default "
                        "report-REGION-YEAR.FORMAT in the current folder)")
    parser.set_defaults(func=None, report=True)
