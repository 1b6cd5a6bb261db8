"""The last `make bench` table as Markdown (for docs/performance.md).

    python -m benchmarks.report [benchmarks/results/summary.json]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS

COLUMNS = ("benchmark", "case", "unit", "median", "p95", "spread", "runs", "peer",
           "peer median", "ratio", "target", "met")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def _cells(row: dict[str, Any]) -> list[str]:
    met = "" if row["meets"] is None else ("yes" if row["meets"] else "**no**")
    ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}×"
    return [row["benchmark"], row["case"], row["unit"], _number(row["median"]),
            _number(row["p95"]), f"{row['spread']:.0%}", str(row["runs"]), row["peer"] or "",
            _number(row["peer_median"]), ratio, row["target"], met]


def markdown(rows: Sequence[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |",
             "|" + "|".join("---" if c in ("benchmark", "case", "peer", "target") else "---:"
                            for c in COLUMNS) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in _cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else RESULTS / "summary.json"
    summary = json.loads(path.read_text(encoding="utf-8"))
    text = markdown(summary["rows"])
    print(text)
    return text


if __name__ == "__main__":
    main()
