"""The `stsgraph` command: local Neo4j, loading, generating, serving and analysing."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from app.settings import PROJECT_ROOT, Settings, get_settings

DEMO_DATASET = PROJECT_ROOT / "data" / "demo"
console = Console(stderr=True, soft_wrap=True)


def _ensure_neo4j(settings: Settings) -> None:
    """Start the local Neo4j when no NEO4J_URI is configured and none is running."""
    if not settings.uses_local_neo4j:
        return
    from app.neo4j_local import LocalNeo4j, bolt_answers

    if bolt_answers("127.0.0.1", settings.local_neo4j_port):
        return
    console.print(f"[dim]starting the local Neo4j on port {settings.local_neo4j_port}…[/dim]")
    LocalNeo4j(settings).start()


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


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    from app.load_command import run_load

    _ensure_neo4j(settings)
    return asyncio.run(run_load(settings, Path(args.path), skip_invalid=args.skip_invalid,
                                dry_run=args.dry_run, batch_size=args.batch_size,
                                quiet=args.quiet))


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


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    _ensure_neo4j(settings)
    host = args.host or settings.host
    port = args.port or settings.port
    console.print(f"GraphQL: http://{host}:{port}/graphql · explorer: http://{host}:{port}/")
    uvicorn.run("app.main:create_app", factory=True, host=host, port=port,
                workers=args.workers, log_level="info")
    return 0


def cmd_up(args: argparse.Namespace, settings: Settings) -> int:
    """Start Neo4j, load the demo dataset, serve GraphQL: the one-command main job."""
    from app.load_command import run_load

    _ensure_neo4j(settings)
    code = asyncio.run(run_load(settings, DEMO_DATASET, skip_invalid=False, dry_run=False,
                                batch_size=settings.load_batch_size, quiet=False))
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
    load.add_argument("--batch-size", type=int, default=get_settings().load_batch_size)
    load.add_argument("--quiet", action="store_true", help="no progress bar")
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
        p.set_defaults(func=func)
    from app.analyze_command import add_analyze_parser

    add_analyze_parser(sub)
    return parser


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from app.analyze_command import run_analyze

    _ensure_neo4j(settings)
    return run_analyze(args, settings)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "analyze", False):
        args.func = cmd_analyze
    settings = get_settings()
    try:
        code: int = args.func(args, settings)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]")
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
