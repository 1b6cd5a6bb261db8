"""The progress display of `stsgraph load`: one line per phase, kept when the phase ends.

Each line shows the phase (and the step within it), a bar, rows done of the phase's total,
rows per second, time elapsed and the time left. Updates come per batch or every few
thousand rows (loaders/progress.py), and rich redraws four times a second in its own thread,
so drawing costs the load nothing measurable.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


class RowsColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        if not task.fields.get("counted"):
            return Text("")
        return Text(f"{int(task.completed):,}/{int(task.total or 0):,} rows",
                    style="progress.download")


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not task.fields.get("counted") or not speed:
            return Text("")
        return Text(f"{speed:,.0f} rows/s", style="progress.data.speed")


class EtaColumn(ProgressColumn):
    """Time left while a counted phase runs; nothing once it is done."""

    max_refresh = 0.5

    def render(self, task: Task) -> Text:
        remaining = task.time_remaining
        if task.finished or not task.fields.get("counted") or remaining is None:
            return Text("")
        minutes, seconds = divmod(int(remaining), 60)
        return Text(f"ETA {minutes}:{seconds:02d}", style="progress.remaining")


def progress_bar(console: Console, disable: bool = False) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), RowsColumn(), RateColumn(),
        TimeElapsedColumn(), EtaColumn(),
        console=console, disable=disable, transient=False, refresh_per_second=4,
    )


class RichProgress:
    """loaders.progress.Progress drawn on a rich Progress: one task per phase."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.phase: str | None = None
        self.task: TaskID | None = None

    def start(self, phase: str, total: int) -> None:
        if phase == self.phase and self.task is not None:  # the total became known
            self.bar.update(self.task, total=total or None, counted=total > 0)
            return
        self.finish()
        self.phase = phase
        self.task = self.bar.add_task(phase, total=total or None, counted=total > 0)

    def advance(self, rows: int, detail: str = "") -> None:
        if self.task is None:
            return
        description = f"{self.phase}: {detail}" if detail else self.phase
        self.bar.update(self.task, advance=rows, description=description)

    def finish(self) -> None:
        """End the current phase: its line stays, complete, with its final rate."""
        if self.task is None:
            return
        task = next(t for t in self.bar.tasks if t.id == self.task)
        if task.fields.get("counted"):
            self.bar.update(self.task, completed=task.total, description=self.phase)
        else:
            self.bar.update(self.task, total=1, completed=1, description=self.phase)
        self.bar.stop_task(self.task)
        self.task = None
