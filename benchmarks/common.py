"""Shared benchmark plumbing: a dedicated local Neo4j, cached generated datasets, stats."""

from __future__ import annotations

import json
import shutil
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.neo4j_local import LocalNeo4j
from app.settings import PROJECT_ROOT, Settings

BENCH_DATA = PROJECT_ROOT / ".bench-data"
RESULTS = PROJECT_ROOT / "benchmarks" / "results"
BENCH_PORT = 7689


def bench_settings(heap: str = "4g", page_cache_mb: int = 2048) -> Settings:
    return Settings(
        local_neo4j_port=BENCH_PORT,
        local_neo4j_dir=PROJECT_ROOT / ".neo4j-local" / "bench",
        local_neo4j_heap=heap,
        local_neo4j_page_cache_mb=page_cache_mb,
    )


def fresh_neo4j(settings: Settings) -> LocalNeo4j:
    """Stop the benchmark Neo4j, delete its store and start it empty."""
    local = LocalNeo4j(settings)
    local.stop()
    shutil.rmtree(settings.local_neo4j_dir / "data", ignore_errors=True)
    local.start()
    return local


def generated_dataset(entities: int, seed: int = 42) -> Path:
    """The generated dataset of about `entities` rows, written once and reused."""
    from loaders.generate import generate_dataset

    out = BENCH_DATA / f"gen-{entities}-{seed}"
    marker = out / ".complete"
    if not marker.exists():
        shutil.rmtree(out, ignore_errors=True)
        generate_dataset(out, entities, seed)
        marker.write_text("ok")
    return out


def summarize(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95_index = max(0, round(0.95 * (len(ordered) - 1)))
    return {
        "runs": len(ordered),
        "median": statistics.median(ordered),
        "p95": ordered[p95_index],
        "min": ordered[0],
        "max": ordered[-1],
        "spread": (ordered[-1] - ordered[0]) / statistics.median(ordered) if ordered[0] else 0.0,
    }


def write_result(name: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return path
