"""How a load reports its progress: phases with a known number of rows, advanced in steps.

The loader calls `start(phase, total)` when a phase begins and `advance(rows)` as rows are
done (per batch when writing, every few thousand rows when validating); the CLI draws them
with rich (app/load_command.py). Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")

READING = "reading files"
VALIDATING = "validating rows"
CHECKING = "checking ids in the graph"
ENTITIES = "writing entities"
RELATIONSHIPS = "writing relationship columns"
LINKS = "writing links and funding"
SYNC_PLAN = "comparing with the graph (--sync)"
REMOVING = "removing (--sync)"

STEP = 2000  # rows between two progress updates while validating


class Progress(Protocol):
    def start(self, phase: str, total: int) -> None:
        """A phase begins; `total` rows will be advanced before the next one starts."""

    def advance(self, rows: int, detail: str = "") -> None:
        """`rows` more rows of the current phase are done; `detail` names the step."""


class NoProgress:
    def start(self, phase: str, total: int) -> None:
        pass

    def advance(self, rows: int, detail: str = "") -> None:
        pass


def counted(items: Iterable[T], progress: Progress, step: int = STEP) -> Iterator[T]:
    """Yield `items`, advancing `progress` every `step` items and once more at the end."""
    pending = 0
    for item in items:
        yield item
        pending += 1
        if pending == step:
            progress.advance(pending)
            pending = 0
    if pending:
        progress.advance(pending)
