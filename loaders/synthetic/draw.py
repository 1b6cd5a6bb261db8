"""Drawing numbers and writing rows: weighted picks, heavy tails, CSV tables, ids."""

from __future__ import annotations

import bisect
import csv
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from loaders.synthetic.vocab import _PARETO_MEAN, MAX_YEAR, MIN_YEAR, PARETO_ALPHA


class _Picker:
    """Draw items with fixed weights in O(log n) per draw (bisect on cumulative weights)."""

    def __init__(self, rng: random.Random, items: Sequence[Any], weights: Sequence[float]):
        self._rng = rng
        self._items = items
        self._cum = list(itertools.accumulate(weights))
        self._total = self._cum[-1]

    def __call__(self) -> Any:
        i = bisect.bisect_right(self._cum, self._rng.random() * self._total)
        return self._items[min(i, len(self._items) - 1)]


def _weighted(rng: random.Random, table: dict[str, int]) -> _Picker:
    return _Picker(rng, list(table), list(table.values()))


def _zipf_weights(rng: random.Random, n: int, exponent: float) -> list[float]:
    """Zipf weights 1/rank**exponent, assigned to the n items in a random order."""
    weights = [1.0 / (rank ** exponent) for rank in range(1, n + 1)]
    rng.shuffle(weights)
    return weights


def _heavy(rng: random.Random, mean: float) -> int:
    """A non-negative integer with about the given mean and a Pareto (power-law) tail."""
    scale = (mean + 0.5) / _PARETO_MEAN
    return int(scale * rng.paretovariate(PARETO_ALPHA))


def _past_year(rng: random.Random, mean_age: float, newest: int = MAX_YEAR) -> int:
    """A year in [MIN_YEAR, newest], exponentially more likely to be recent."""
    age = int(rng.expovariate(1.0 / mean_age))
    return max(MIN_YEAR, newest - age)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _money(value: float) -> str:
    return f"{value:.2f}"


class _Table:
    """One CSV file being written: rows are given by column name, in any order."""

    def __init__(self, handle: TextIO, columns: Sequence[str]):
        self._writer = csv.writer(handle, lineterminator="\n")
        self._columns = tuple(columns)
        self._writer.writerow(self._columns)
        self.rows = 0

    def row(self, **values: object) -> None:
        self._writer.writerow([values.get(c, "") for c in self._columns])
        self.rows += 1


@contextmanager
def _csv_file(out_dir: Path, stem: str, columns: Sequence[str]) -> Iterator[_Table]:
    with (out_dir / f"{stem}.csv").open("w", encoding="utf-8", newline="") as handle:
        yield _Table(handle, columns)


def _ids(prefix: str, width: int) -> Callable[[int], str]:
    """Index (0-based) -> id such as `park-000001`."""
    template = f"{prefix}-{{:0{width}d}}"
    return lambda i: template.format(i + 1)

