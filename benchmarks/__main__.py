"""Every benchmark, one table: `python -m benchmarks` (what `make bench` runs).

    python -m benchmarks                      # the full set (about an hour on 2 cores)
    python -m benchmarks --only load api      # some of them
    python -m benchmarks --quick              # tiny sizes: checks the harness, not speed

Each benchmark prints its own table as it finishes; at the end the rows of all of them are
printed together and written, with the machine they ran on, to
benchmarks/results/summary.json (each benchmark also writes its own JSON there).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.settings import PROJECT_ROOT
from benchmarks.common import Row, print_rows, rows_payload, write_result

BENCHMARKS = ("load", "api", "payload", "analysis", "as_of", "timeline", "algorithms",
              "explorer", "annual")


def _arguments(quick: bool, runs: int | None) -> dict[str, list[str]]:
    if quick:
        return {"load": ["--entities", "400", "--runs", "1"],
                "api": ["--entities", "400", "--runs", "1", "--quick"],
                "payload": ["--nodes", "300", "--edges", "1200", "--runs", "1",
                            "--entities", "400", "--port", "0"],
                "analysis": ["--sizes", "400", "800", "--runs", "1"],
                "as_of": ["--entities", "400", "--runs", "1", "--requests", "3",
                          "--warmup", "1"],
                "timeline": ["--entities", "400", "--runs", "1"],
                "algorithms": ["--sizes", "400", "--runs", "1"],
                "explorer": ["--agencies", "300", "--partners", "900", "--limit", "500",
                             "--runs", "1"],
                "annual": ["--entities", "400", "--runs", "1", "--datasets", "generated"]}
    extra = ["--runs", str(runs)] if runs else []
    return {"load": ["--entities", "100000", *extra], "api": ["--entities", "100000", *extra],
            "payload": ["--entities", "100000", *extra],
            "analysis": ["--sizes", "10000", "100000", "1000000", *extra],
            "as_of": ["--entities", "100000", *extra],
            "timeline": ["--entities", "100000", *extra],
            "algorithms": ["--sizes", "10000", "100000", "1000000", *extra],
            "explorer": [*extra],
            "annual": ["--entities", "100000", *extra]}


def _runner(name: str) -> Callable[[list[str]], list[Row]]:
    module = __import__(f"benchmarks.{name}", fromlist=["main"])
    main: Callable[[list[str]], list[Row]] = module.main
    return main


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        cpuinfo, meminfo = [], []
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo
                  if line.startswith("model name")), "")
    mem_kib = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, check=False).stdout.strip()
    return {"cpu": model, "cores": os.cpu_count(), "memory_gib": round(mem_kib / 2**20, 1),
            "python": platform.python_version(), "system": platform.platform(),
            "neo4j": "5.26.0 Community, embedded (neo4j-local/)", "commit": commit,
            "date": datetime.now(UTC).isoformat(timespec="seconds")}


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=list(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run")
    parser.add_argument("--runs", type=int, help="runs per measurement (default: each's own)")
    args = parser.parse_args(argv)
    arguments = _arguments(args.quick, args.runs)
    rows: list[Row] = []
    seconds: dict[str, float] = {}
    for name in BENCHMARKS:
        if name not in args.only:
            continue
        start = time.perf_counter()
        rows.extend(_runner(name)(arguments[name]))
        seconds[name] = round(time.perf_counter() - start, 1)
    print_rows(rows, "stsgraph benchmarks: ours vs peer (ratio = ours / peer)")
    missed = [r for r in rows if r.meets is False]
    print(f"{sum(r.meets is True for r in rows)} targets met, {len(missed)} missed"
          + (": " + "; ".join(r.case for r in missed) if missed else ""))
    write_result("summary" if not args.quick else "summary-quick",
                 {"machine": machine(), "seconds": seconds, "rows": rows_payload(rows)})
    return rows


if __name__ == "__main__":
    main()
