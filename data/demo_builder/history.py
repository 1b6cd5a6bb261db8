"""Give the built demo its years (DESIGN.md section 8): consistent link years, moves into
parks during the plan (2011-2015), closures, ended partnerships and cluster memberships.

Runs after the builder with its own random stream, so the rows and the present-day findings
stay what the builder made. Every year it sets is synthetic; the real years (the zones'
approval years, the 2013 cluster pilots) are only read, as bounds:

- a link never starts before either end exists (a partnership, a project's support or an
  investment takes the later of its year and its ends' start years), a cluster membership
  not before 2013 (the first-batch pilots), a project not before its park's approval;
- `park_since` (a move into the park) only for actors that existed before 2011 and only in
  2011-2015, never before the park's approval year;
- closures, ended partnerships and ended memberships all lie in 2011-2016, and each one is
  kept only if the present-day default-chain statuses and handoffs of every featured park
  and cluster stay exactly what they were (so the findings table holds in the present);
  closures also stay out of the findings' parks and of the national agencies and their
  branches (the gap-filling candidates the README names).

The two named parks (`NAMED_STORIES`) get their history by hand so that README.md can
tell a planner what changes between 2010 and 2015 there.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from demo_builder.checks import Graph
from demo_builder.dataset import Dataset
from demo_builder.paths import SEED
from demo_builder.plan import CLUSTERS, FEATURED, FINDINGS, NATIONAL

PLAN_START, PLAN_END, LAST_EVENT = 2011, 2015, 2016
MOVE_SHARE, CLOSE_SHARE, END_PARTNER_SHARE, END_MEMBER_SHARE = 0.15, 0.06, 0.08, 0.2

# Hand-written histories of the two parks README.md walks through from 2010 to 2015:
# actor -> ("since", year) for a move into its park, ("closed", year) for a closure.
NAMED_STORIES: dict[str, dict[str, tuple[str, int]]] = {
    # Wuxi smart-sensing cluster pilot (2013): its only IP agency and a testing platform
    # arrive around the pilot, so IP goes from missing to thin and testing from thin to
    # covered.
    "park-wuxi": {
        "agency-wuxi-04": ("since", 2013),
        "platform-wuxi-02": ("since", 2012),
        "team-wuxi-01": ("since", 2011),
    },
    # Suzhou Industrial Park, S&T service pilot (2013): technology transfer and finance
    # providers move in with the pilot; the oldest IP agency closes in 2012.
    "park-suzhou-industrial-park": {
        "agency-suzhou-industrial-park-06": ("since", 2013),
        "agency-suzhou-industrial-park-10": ("since", 2013),
        "platform-suzhou-industrial-park-03": ("since", 2014),
        "agency-suzhou-industrial-park-05": ("closed", 2012),
    },
}
NAMED_PARKS = tuple(NAMED_STORIES)
# Parks whose present-day actors the findings describe (and Shenyang, whose testing
# platform README.md names as a candidate for Benxi): no random closures there.
FINDING_PARKS = frozenset({s for s, _, _ in FINDINGS if s.startswith("park-")}
                          | {park for _, _, _, park, _ in CLUSTERS} | {"park-shenyang"})
FEATURED_SCOPES = (*FEATURED, *(f"cluster-{c[0]}" for c in CLUSTERS))


@dataclass
class HistoryLog:
    """What the history pass did, for README.md."""

    moves: int = 0
    closures: list[tuple[str, int]] = field(default_factory=list)
    ended_partnerships: int = 0
    ended_memberships: int = 0
    refused: int = 0  # random events dropped because they changed a present finding


class History:
    def __init__(self, data: Dataset):
        self.data = data
        self.rng = random.Random(f"{SEED}:history")
        self.log = HistoryLog()
        self.rows: dict[str, dict[str, Any]] = {
            r["id"]: r for file in ("parks", "clusters", "agencies", "platforms",
                                    "talent_teams", "projects") for r in data.rows[file]}
        nationals = {f"agency-{key}" for key, *_ in NATIONAL}
        self.national = nationals | {r["id"] for r in data.rows["agencies"]
                                     if r.get("parent_id") in nationals}
        self.members = {r["source_id"] for r in data.rows["links"] if r["type"] == "MEMBER_OF"}
        self.baseline = self._present()

    def start(self, entity: str) -> int | None:
        row = self.rows.get(entity, {})
        value = next((row[k] for k in ("founded_year", "established_year", "approved_year",
                                       "year") if row.get(k)), None)
        return int(value) if value is not None else None

    def actors(self) -> list[dict[str, Any]]:
        return [r for file in ("agencies", "platforms", "talent_teams")
                for r in self.data.rows[file] if r.get("synthetic")]

    # --- the pass -----------------------------------------------------------------------

    def run(self) -> HistoryLog:
        self.link_years()
        self.named_stories()
        self.baseline = self._present()  # the named closure is part of the present
        self.moves()
        self.closures()
        self.ended_links()
        return self.log

    def link_years(self) -> None:
        """No link before its ends; memberships from the 2013 pilots; projects after
        their park's approval."""
        for project in self.data.rows["projects"]:
            approved = self.start(project["park_id"])
            if approved is not None and approved > project["year"]:
                project["year"] = approved
        for link in self.data.rows["links"]:
            ends = [self.start(link["source_id"]), self.start(link["target_id"])]
            floor = max([y for y in ends if y is not None], default=None)
            if link["type"] == "MEMBER_OF":
                link["year"] = max(2013, floor or 2013)
            elif floor is not None and link.get("year") is not None:
                link["year"] = max(int(link["year"]), floor)
        for grant in self.data.rows["funding"]:
            begun = self.start(grant["recipient_id"])
            if grant["recipient_id"] in self.rows and begun is not None:
                grant["year"] = max(int(grant["year"]), begun)

    def named_stories(self) -> None:
        for story in NAMED_STORIES.values():
            for actor, (what, year) in story.items():
                row = self.rows[actor]
                assert (self.start(actor) or 0) < year, (actor, year)
                if what == "since":
                    row["park_since"] = year
                    self.log.moves += 1
                else:
                    self._close(row, year, guarded=False)

    def moves(self) -> None:
        for row in self.actors():
            start = self.start(row["id"])
            park = row.get("park_id")
            if (not park or park in NAMED_PARKS or row["id"] in self.national
                    or start is None or start >= PLAN_START
                    or self.rng.random() >= MOVE_SHARE):
                continue
            year = max(self.rng.randint(PLAN_START, PLAN_END), self.start(park) or 0)
            if year <= PLAN_END:
                row["park_since"] = year
                self.log.moves += 1

    def closures(self) -> None:
        for row in self.actors():
            start = self.start(row["id"])
            if (row.get("park_id") in FINDING_PARKS or row.get("park_id") in NAMED_PARKS
                    or row["id"] in self.national or row["id"] in self.members
                    or start is None or start > 2013 or self.rng.random() >= CLOSE_SHARE):
                continue
            self._close(row, self.rng.randint(max(start + 1, PLAN_START), LAST_EVENT))

    def ended_links(self) -> None:
        """Some partnerships end, and some local cluster memberships (the cross-park members
        README.md names stay)."""
        closed = {a for a, _ in self.log.closures}
        for link in self.data.rows["links"]:
            kind = link["type"]
            share = {"PARTNERS_WITH": END_PARTNER_SHARE, "MEMBER_OF": END_MEMBER_SHARE}.get(kind)
            if share is None or self.rng.random() >= share or link["source_id"] in closed:
                continue
            if kind == "MEMBER_OF" and self.rows[link["source_id"]].get("park_id") not in \
                    self.rows[link["target_id"]]["park_ids"]:
                continue
            until = min(LAST_EVENT, int(link["year"]) + self.rng.randint(1, 3))
            if until <= int(link["year"]):
                continue
            if self._keeps_findings(lambda: link.__setitem__("until", until),
                                    lambda: link.pop("until")):
                if kind == "PARTNERS_WITH":
                    self.log.ended_partnerships += 1
                else:
                    self.log.ended_memberships += 1

    # --- guard --------------------------------------------------------------------------

    def _close(self, row: dict[str, Any], year: int, guarded: bool = True) -> None:
        def apply() -> None:
            row["closed_year"] = year

        def undo() -> None:
            row.pop("closed_year")

        if not guarded:
            apply()
        elif not self._keeps_findings(apply, undo):
            return
        self.log.closures.append((row["id"], year))

    def _present(self) -> dict[str, Any]:
        g = Graph(self.data.text_rows())
        reports = {s: g.report(s) for s in FEATURED_SCOPES}
        return {s: (r["status"], r["handoffs"]) for s, r in reports.items()}

    def _keeps_findings(self, apply: Callable[[], None], undo: Callable[[], None]) -> bool:
        apply()
        if self._present() == self.baseline:
            return True
        undo()
        self.log.refused += 1
        return False
