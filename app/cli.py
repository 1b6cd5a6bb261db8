"""The `stsgraph` command: local Neo4j, loading, generating, serving and analysing.

No traceback reaches the user: bad settings, a configuration the server would refuse, an
unreadable file, a closed pipe (`stsgraph analyze … | head`) or a Neo4j that is not ours
each end the command with one line saying what is wrong and what to do
(`STSGRAPH_DEBUG=true` shows the traceback of an unexpected error).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from app.settings import PROJECT_ROOT, Settings, get_settings

DEMO_DATASET = PROJECT_ROOT / "data" / "demo"
console = Console(stderr=True, soft_wrap=True)


class CommandError(Exception):
    """Ends the command with `error: <message>` and exit code 1 (or `code`)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _ensure_neo4j(settings: Settings) -> None:
    """Start the local Neo4j when no NEO4J_URI is configured, reusing the one this checkout
    started; another server on the port is an error (app/neo4j_local.py)."""
    if not settings.uses_local_neo4j:
        return
    from app.neo4j_local import LocalNeo4j, LocalNeo4jError

    local = LocalNeo4j(settings)
    try:
        if not local.status().owned:
            console.print(f"[dim]starting the local Neo4j on port "
                          f"{settings.local_neo4j_port}…[/dim]")
        local.start()
    except LocalNeo4jError as e:
        raise CommandError(str(e)) from e


def _record_load(settings: Settings, path: Path, outcome: str) -> None:
    """Count the load's outcome in the graph, for the API's /metrics (best effort); usage
    errors and dry runs touched nothing and are not loads."""
    from graph import queries
    from graph.driver import create_driver
    from loaders.load import dataset_name

    if outcome in ("usage", "dry-run"):
        return
    try:
        with create_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                           settings.neo4j_password, timeout_s=5) as driver:
            driver.execute_query(queries.RECORD_LOAD_OUTCOME, outcome=outcome,
                                 dataset=dataset_name(path), database_=settings.neo4j_database)
    except Exception as e:  # Neo4j down (the load failed for it too): nothing to count in
        console.print(f"[dim]the load's outcome was not recorded: {escape(str(e))}[/dim]")


def cmd_neo4j(args: argparse.Namespace, settings: Settings) -> int:
    from app.neo4j_local import LocalNeo4j, LocalNeo4jError

    local = LocalNeo4j(settings)
    try:
        if args.action == "start":
            status = local.start()
            console.print(f"Neo4j is running at {status.uri} (log: {status.log_file})")
        elif args.action == "stop":
            stopped = local.stop()
            console.print("Neo4j stopped" if stopped else "no local Neo4j was running")
        elif args.action == "build":
            local.build(force=True)
            console.print("neo4j-local built")
        else:
            status = local.status()
            state = "running" if status.running else "not running"
            console.print(f"local Neo4j {state} at {status.uri} (pid {status.pid}, log {status.log_file})")
            return 0 if status.running else 3
    except LocalNeo4jError as e:
        console.print(f"[red]error:[/red] {e}")
        return 1
    return 0


def _provinces_option(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    return frozenset(p.strip() for p in text.split(",") if p.strip())


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    from app.load_command import LoadOptions, UsageError, check_usage, run_load
    from app.neo4j_local import LocalNeo4jError

    path = Path(args.path)
    options = LoadOptions(skip_invalid=args.skip_invalid, dry_run=args.dry_run,
                          batch_size=(settings.load_batch_size if args.batch_size is None
                                      else args.batch_size),
                          quiet=args.quiet, ignore_unknown_columns=args.ignore_unknown_columns,
                          sync=args.sync, yes=args.yes,
                          provinces=_provinces_option(args.provinces))
    try:
        check_usage(path, options)  # before starting a database for nothing
        _ensure_neo4j(settings)
    except UsageError as e:
        console.print(f"[red]error:[/red] {e}")
        return 2
    except LocalNeo4jError as e:
        console.print(f"[red]error:[/red] {e}")
        return 1
    code, outcome = asyncio.run(run_load(settings, path, options))
    _record_load(settings, path, outcome)
    return code


def cmd_generate(args: argparse.Namespace, settings: Settings) -> int:
    from loaders.generate import generate_dataset

    counts = generate_dataset(Path(args.out_dir), args.entities, args.seed)
    total = sum(counts.values())
    console.print(f"wrote {total:,} rows to {args.out_dir}: "
                  + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0


def cmd_export_schema(args: argparse.Namespace, settings: Settings) -> int:
    from schema.schema import schema

    Path(args.path).write_text(schema.as_str() + "\n", encoding="utf-8")
    console.print(f"wrote {args.path}")
    return 0


def check_server_config(settings: Settings) -> None:
    """What the app refuses at start-up, as a CommandError (one line) before uvicorn runs."""
    from app.auth import Authenticator

    try:
        Authenticator.from_settings(settings)
    except ValueError as e:
        raise CommandError(f"{e}; fix it and start again", 2) from e
    except OSError as e:
        raise CommandError(f"cannot read the API keys file {e.filename}: {e.strerror}; "
                           "check STSGRAPH_API_KEYS_FILE and the file's permissions", 2) from e


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    check_server_config(settings)
    _ensure_neo4j(settings)
    host = args.host or settings.host
    port = args.port or settings.port
    console.print(f"GraphQL: http://{host}:{port}/graphql · explorer: http://{host}:{port}/")
    # On SIGTERM uvicorn stops accepting, lets requests in flight finish (at most
    # shutdown_grace_s), then runs the lifespan's shutdown, which closes the driver.
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port,
                workers=args.workers, log_level="info", access_log=args.access_log,
                timeout_graceful_shutdown=settings.shutdown_grace_s)
    return 0


def cmd_up(args: argparse.Namespace, settings: Settings) -> int:
    """Start Neo4j, load the demo dataset, serve GraphQL: the one-command main job."""
    from app.load_command import LoadOptions, run_load

    check_server_config(settings)
    _ensure_neo4j(settings)
    code, outcome = asyncio.run(run_load(settings, DEMO_DATASET,
                                         LoadOptions(batch_size=settings.load_batch_size)))
    _record_load(settings, DEMO_DATASET, outcome)
    if code != 0:
        return code
    from app.local_key import start_local_session

    console.print(start_local_session(args.host or settings.host, args.port or settings.port),
                  markup=False, highlight=False)
    return cmd_serve(args, get_settings())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stsgraph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    neo = sub.add_parser("neo4j", help="build, start, stop or inspect the local embedded Neo4j")
    neo.add_argument("action", choices=["start", "stop", "status", "build"])
    neo.set_defaults(func=cmd_neo4j)

    load = sub.add_parser("load", help="validate and load a dataset folder (or .xlsx workbook)")
    load.add_argument("path", help="dataset folder with CSV/JSONL files, or one .xlsx workbook")
    load.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    load.add_argument("--skip-invalid", action="store_true",
                      help="load the valid rows and list the skipped ones")
    load.add_argument("--ignore-unknown-columns", action="store_true",
                      help="load files with columns the format does not know, ignoring those "
                      "columns (each is listed as a warning); without it they are errors")
    load.add_argument("--sync", action="store_true",
                      help="also remove the entities, links and funding rows this dataset's "
                      "source wrote that the folder no longer holds (shows them first)")
    load.add_argument("--yes", action="store_true",
                      help="with --sync, remove without asking (needed when not on a terminal)")
    load.add_argument("--batch-size", type=int, default=None,
                      help="rows per write transaction (default: STSGRAPH_LOAD_BATCH_SIZE)")
    load.add_argument("--quiet", action="store_true", help="no progress display")
    load.add_argument("--provinces", default=None, metavar="REGION_ID,…",
                      help="refuse the whole load if a row creates or touches an entity "
                           "outside these provinces (as for a province-limited editor); "
                           "written in one transaction")
    load.set_defaults(func=cmd_load)

    gen = sub.add_parser("generate", help="write a deterministic synthetic dataset")
    gen.add_argument("out_dir")
    gen.add_argument("--entities", type=int, default=10_000)
    gen.add_argument("--seed", type=int, default=42)
    gen.set_defaults(func=cmd_generate)

    export = sub.add_parser("export-schema", help="write the GraphQL SDL (schema.graphql)")
    export.add_argument("path", nargs="?", default=str(PROJECT_ROOT / "schema.graphql"))
    export.set_defaults(func=cmd_export_schema)

    for name, func, text in (("serve", cmd_serve, "serve the GraphQL API"),
                             ("up", cmd_up, "start Neo4j, load the demo dataset, serve GraphQL")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--host", default=None)
        p.add_argument("--port", type=int, default=None)
        p.add_argument("--workers", type=int, default=1)
        p.add_argument("--no-access-log", dest="access_log", action="store_false",
                       help="do not log each request")
        p.set_defaults(func=func)
    from app.analyze_command import add_analyze_parser

    add_analyze_parser(sub)
    from app.report.command import add_report_parser

    add_report_parser(sub)
    return parser


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from app.analyze_command import run_analyze

    _ensure_neo4j(settings)
    return run_analyze(args, settings)


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from app.report.command import run_report

    return run_report(args, settings, before_read=lambda: _ensure_neo4j(settings))


def _settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as e:
        problems = "; ".join(f"STSGRAPH_{'_'.join(map(str, err['loc'])).upper()}: {err['msg']}"
                             for err in e.errors())
        raise CommandError(f"invalid setting — {problems} (docs/operations.md lists the "
                           "settings)", 2) from e


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "analyze", False):
        args.func = cmd_analyze
    if getattr(args, "report", False):
        args.func = cmd_report
    try:
        code: int = args.func(args, _settings())
        sys.stdout.flush()
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]")
        return 130
    except BrokenPipeError:
        # The reader went away (`… | head`): stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except CommandError as e:
        console.print(f"[red]error:[/red] {escape(str(e))}")
        return e.code
    except OSError as e:
        where = f" {e.filename}" if e.filename else ""
        console.print(f"[red]error:[/red] cannot use{escape(where)}: {escape(e.strerror or str(e))}; "
                      "check the path and its permissions")
        return 1
    except Exception as e:
        if os.environ.get("STSGRAPH_DEBUG", "").lower() in ("1", "true", "yes"):
            raise
        console.print(f"[red]error:[/red] unexpected {type(e).__name__}: {escape(str(e))} "
                      "(rerun with STSGRAPH_DEBUG=true for the details, and report it)")
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
