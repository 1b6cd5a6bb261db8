"""A load reports every phase with its total and advances exactly to it: validation, each
write phase and the removals of --sync (loaders/progress.py)."""

from __future__ import annotations

from loaders.progress import (
    CHECKING,
    ENTITIES,
    LINKS,
    READING,
    RELATIONSHIPS,
    REMOVING,
    SYNC_PLAN,
    VALIDATING,
    counted,
)
from tests.loaders.helpers import replace_in


class Recorder:
    """Records phases as [name, total, rows advanced, details seen]."""

    def __init__(self) -> None:
        self.phases: list[list[object]] = []

    def start(self, phase: str, total: int) -> None:
        if self.phases and self.phases[-1][0] == phase:  # the total became known
            self.phases[-1][1] = total
        else:
            self.phases.append([phase, total, 0, []])

    def advance(self, rows: int, detail: str = "") -> None:
        current = self.phases[-1]
        current[2] += rows  # type: ignore[operator]
        if detail and detail not in current[3]:  # type: ignore[operator]
            current[3].append(detail)  # type: ignore[attr-defined]


def test_counted_advances_in_steps_and_once_at_the_end() -> None:
    recorder = Recorder()
    recorder.start("x", 7)
    assert list(counted(range(7), recorder, step=3)) == list(range(7))
    assert recorder.phases == [["x", 7, 7, []]]


async def test_every_phase_of_a_load_advances_to_its_total(load, dataset_copy) -> None:
    folder = dataset_copy("tiny")
    await load(folder)
    replace_in(folder, "links.csv", "a-vc,MEMBER_OF,c-mob,,,,\n", "")
    recorder = Recorder()
    await load(folder, batch_size=2, sync=True, progress=recorder)
    names = [p[0] for p in recorder.phases]
    assert names == [READING, VALIDATING, CHECKING, SYNC_PLAN, ENTITIES, RELATIONSHIPS, LINKS,
                     REMOVING]
    totals = {p[0]: (p[1], p[2]) for p in recorder.phases}
    assert totals[VALIDATING] == (21, 21)  # every row of every file
    assert totals[ENTITIES] == (16, 16)
    assert totals[LINKS] == (5, 5)  # 3 links and 2 funding rows
    assert totals[REMOVING] == (1, 1)
    relationships = totals[RELATIONSHIPS]
    assert relationships[0] == relationships[1] > 0  # entity rows with relationship columns
    details = {p[0]: p[3] for p in recorder.phases}
    assert details[ENTITIES] == ["Region", "Industry", "Park", "Cluster", "Agency", "Platform",
                                 "TalentTeam", "Project"]
    assert ":IN_REGION (parks.region_id)" in details[RELATIONSHIPS]  # type: ignore[operator]
    assert ":OPERATES (platforms.operator_id)" in details[RELATIONSHIPS]  # type: ignore[operator]
    assert details[LINKS] == [":PARTNERS_WITH", ":SUPPORTS", ":INVESTS_IN", ":FUNDS"]
