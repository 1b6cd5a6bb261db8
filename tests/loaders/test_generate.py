"""The synthetic generator: deterministic by seed, valid by the loader's own rules (no
Neo4j needed: every reference resolves inside the folder), and dated (DESIGN.md section 8)
so benchmarks at any size exercise the year columns."""

from __future__ import annotations

import asyncio
import csv
from collections import Counter
from pathlib import Path

import pytest

from loaders.generate import generate_dataset
from loaders.readers import read_dataset
from loaders.validate import validate_dataset


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def _rows(folder: Path, stem: str) -> list[dict[str, str]]:
    with (folder / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated") / "g"
    generate_dataset(folder, 6000, seed=11)
    return folder


def test_same_seed_same_bytes_other_seed_other_bytes(generated: Path, tmp_path: Path) -> None:
    generate_dataset(tmp_path / "again", 6000, seed=11)
    generate_dataset(tmp_path / "other", 6000, seed=12)
    assert _files(tmp_path / "again") == _files(generated)
    assert _files(tmp_path / "other") != _files(generated)


def test_generated_dataset_passes_every_loader_rule(generated: Path) -> None:
    dataset = asyncio.run(validate_dataset(read_dataset(generated), "g"))
    assert dataset.errors == []
    assert dataset.warnings == []


def test_generated_dataset_is_dated(generated: Path) -> None:
    for stem in ("agencies", "platforms", "talent_teams"):
        rows = _rows(generated, stem)
        filled = Counter(c for r in rows for c in ("closed_year", "park_since", "park_until")
                         if r[c])
        assert filled["closed_year"] > 0.01 * len(rows), stem
        assert filled["park_since"] > 0.08 * len(rows), stem
        assert filled["park_until"] > 0, stem
    links = _rows(generated, "links")
    ended = Counter(r["type"] for r in links if r["until"])
    assert set(ended) == {"PARTNERS_WITH", "MEMBER_OF"}
    assert all(r["year"] for r in links if r["type"] == "MEMBER_OF")
    # parks (1 %) and clusters (3 %) close too, too rarely to be sure of one at this size
    assert all("closed_year" in _rows(generated, stem)[0] for stem in ("parks", "clusters"))


def test_dates_follow_the_start_years(generated: Path) -> None:
    """Beyond the loader's rules: moves come after the actor's start and the park's
    approval, and members joined once both member and cluster existed."""
    parks = {r["id"]: r["approved_year"] for r in _rows(generated, "parks")}
    starts: dict[str, int] = {}
    for stem, column in (("agencies", "founded_year"), ("platforms", "established_year"),
                         ("talent_teams", "established_year"), ("clusters", "established_year")):
        for r in _rows(generated, stem):
            if r[column]:
                starts[r["id"]] = int(r[column])
            if r.get("park_since"):
                assert int(r["park_since"]) > starts.get(r["id"], 0)
                assert int(r["park_since"]) > int(parks[r["park_id"]] or 0)
    for r in _rows(generated, "links"):
        if r["type"] == "MEMBER_OF":
            assert int(r["year"]) >= starts.get(r["source_id"], 0)
            assert int(r["year"]) >= starts[r["target_id"]]
