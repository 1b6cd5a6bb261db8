"""The load's progress display: each phase's line shows rows, rate and ETA while it runs,
and stays, complete, when the next phase starts (driven with a fake clock)."""

from __future__ import annotations

import io

from rich.console import Console

from app.load_progress import RichProgress, progress_bar
from loaders.progress import CHECKING, ENTITIES, VALIDATING


def _lines(bar) -> list[str]:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(bar.make_tasks_table(bar.tasks))
    return [" ".join(line.split()) for line in out.getvalue().splitlines()]


def test_each_phase_shows_rows_rate_and_eta_and_stays_when_done() -> None:
    clock = [0.0]
    bar = progress_bar(Console(file=io.StringIO()))
    bar.get_time = lambda: clock[0]  # type: ignore[method-assign]
    progress = RichProgress(bar)

    progress.start(VALIDATING, 100)
    for _ in range(2):
        clock[0] += 1
        progress.advance(20)
    [line] = _lines(bar)
    assert line.startswith("validating rows")
    assert "40/100 rows 20 rows/s" in line and line.endswith("ETA 0:03")

    progress.start(CHECKING, 0)  # a phase without a row count: no rows, no rate, no ETA
    clock[0] += 1
    progress.start(ENTITIES, 10)
    clock[0] += 1
    progress.advance(5, "Region")
    validating, checking, entities = _lines(bar)
    assert "100/100 rows" in validating and "rows/s" in validating and "ETA" not in validating
    assert checking.startswith("checking ids in the graph") and "rows" not in checking
    assert entities.startswith("writing entities: Region") and "5/10 rows" in entities

    progress.finish()
    entities = _lines(bar)[-1]
    assert entities.startswith("writing entities ━") and "10/10 rows" in entities
    assert "ETA" not in entities
