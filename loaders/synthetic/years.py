"""The dates of generated rows (DESIGN.md section 8): closures, moves into and out of parks,
ended partnerships and cluster memberships.

Each writer draws them from its own random stream (`<part>:years`), so they came without
changing any other column. They obey the loader's rules: a closure comes after the start
year, a move into a park not before the actor's start or the park's approval, an end after
its beginning.

Example::

    import random
    years = Years(random.Random(1))
    closed = years.closed(2001, share=1.0)   # a year in 2002-2024
    assert 2001 < closed <= 2024
"""

from __future__ import annotations

import random

from loaders.synthetic.vocab import MAX_YEAR

CLOSED_SHARES = {"parks": 0.01, "clusters": 0.03, "actors": 0.04}
MOVE_SHARE = 0.15  # actors that arrived in their park after they started (`park_since`)
LEAVE_SHARE = 0.03  # actors that left it (`park_until`)
END_SHARES = {"PARTNERS_WITH": 0.10, "MEMBER_OF": 0.10}
MAX_LINK_YEARS = 8

Cell = int | str  # a year, or "" for unknown / never


class Years:
    """Dates drawn from one random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def closed(self, start: int | None, share: float) -> Cell:
        """With probability `share`, the year something that started in `start` closed."""
        if self.rng.random() >= share or start is None or start >= MAX_YEAR:
            return ""
        return self.rng.randint(start + 1, MAX_YEAR)

    def park(self, start: int, park_start: int | None) -> tuple[Cell, Cell]:
        """`park_since` and `park_until` of an actor that started in `start`, in a park
        approved in `park_start` (None: unknown)."""
        since: Cell = ""
        arrived = max(start, park_start or start)
        if self.rng.random() < MOVE_SHARE and arrived < MAX_YEAR:
            since = self.rng.randint(arrived + 1, MAX_YEAR)
        until: Cell = ""
        first = (since if isinstance(since, int) else start) + 1
        if self.rng.random() < LEAVE_SHARE and first <= MAX_YEAR:
            until = self.rng.randint(first, MAX_YEAR)
        return since, until

    def ended(self, since: int, share: float) -> Cell:
        """With probability `share`, the first year a link that began in `since` no longer
        held."""
        if self.rng.random() >= share:
            return ""
        return since + self.rng.randint(1, MAX_LINK_YEARS)

    def joined(self, earliest: int) -> int:
        """A year within five years from `earliest` (cluster memberships)."""
        first = min(earliest, MAX_YEAR)
        return self.rng.randint(first, min(first + 5, MAX_YEAR))
