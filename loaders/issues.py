"""Problems found in a dataset, each pinned to `file:line: column: reason`."""

from __future__ import annotations

from dataclasses import dataclass

FILE_LEVEL = "-"  # the column of a problem that concerns a whole file or line


@dataclass(frozen=True, order=True)
class DatasetIssue:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.reason}"


class DatasetError(Exception):
    """A dataset that cannot be loaded; `issues` lists every problem found."""

    def __init__(self, issues: list[DatasetIssue]) -> None:
        self.issues = sorted(issues)
        count = len(self.issues)
        head = "\n".join(str(i) for i in self.issues[:50])
        more = f"\n... and {count - 50} more" if count > 50 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in dataset:\n{head}{more}")
