"""Plan progress: the nine quantitative targets of the Torch plan (seed/DIGEST.md) as of a
year. Counting rules: docs/analysis.md. (The matching-funds check is analysis/funding.py.)

>>> from analysis.builder import worked_example
>>> rows = {row.target: row for row in plan_progress(worked_example(), 2015)}
>>> rows["projects_landed"].actual, rows["projects_landed"].goal, rows["projects_landed"].met
(2.0, 1000.0, False)
>>> rows["tech_contract_turnover"].actual        # million CNY
500.0
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from analysis._graph import (
    as_bool,
    as_float,
    first_year,
    is_landed_project,
    label_of,
    out_edges,
    prop,
    successors,
)
from analysis.asof import dated_link, graph_as_of
from analysis.score import integration_score

PLAN_START = 2011  # the plan covers 2011-2015 (12th Five-Year Plan)
ABOUT_MET_RATIO = 0.9  # "about N" counts as met from 90% of N
AGGLOMERATION_SCORE_THRESHOLD = 60.0  # integration score of a "strongly integrated" zone


@dataclass(frozen=True)
class TargetProgress:
    """One plan target as of `year`: goal, comparison, actual, ratio = actual / goal, met;
    `undated_count`: how many of the items counted in `actual` rest on a missing date."""

    target: str
    description: str
    goal: float
    comparison: str
    actual: float
    ratio: float
    met: bool
    unit: str
    year: int
    counting: str
    undated_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "description": self.description, "goal": self.goal,
                "comparison": self.comparison, "actual": self.actual, "ratio": self.ratio,
                "met": self.met, "unit": self.unit, "year": self.year,
                "counting": self.counting, "undatedCount": self.undated_count}


def is_pilot_park(G: nx.MultiDiGraph, park: str, year: int | None = None) -> bool:
    """pilot true, and (with a year) pilotYear <= year or pilotYear unknown."""
    if label_of(G, park) != "Park" or as_bool(prop(G, park, "pilot")) is not True:
        return False
    pilot_year = first_year(G, park, "pilotYear")
    return year is None or pilot_year is None or pilot_year <= year


def pilot_parks(G: nx.MultiDiGraph, year: int | None = None) -> set[str]:
    """All pilot parks of G as of `year` (any year when None)."""
    return {n for n in G if is_pilot_park(G, n, year)}


def _existed(G: nx.MultiDiGraph, node: str, year: int, *names: str) -> bool:
    """Founded/established by `year`; an unknown year counts (no evidence it is later)."""
    known = first_year(G, node, *names)
    return known is None or known <= year


def _of_label(G: nx.MultiDiGraph, label: str) -> list[str]:
    return [n for n in G if label_of(G, n) == label]


def _in_pilot_area(G: nx.MultiDiGraph, actor: str, pilots: set[str]) -> bool:
    return any(park in pilots for park in successors(G, actor, "LOCATED_IN"))


def _dated_in_pilot_area(G: nx.MultiDiGraph, actor: str, pilots: set[str]) -> bool:
    """Located in a pilot park by a link with a `since`, in a park with a known pilotYear."""
    return any(dated_link(G, actor, park, "LOCATED_IN")
               and first_year(G, park, "pilotYear") is not None for park in pilots)


# Each count returns (actual, how many of the counted items rest on a missing date).
Tally = tuple[float, int]


def count_pilot_agencies(G: nx.MultiDiGraph, year: int, backbone_only: bool) -> Tally:
    pilots = pilot_parks(G, year)
    counted = [a for a in _of_label(G, "Agency")
               if _in_pilot_area(G, a, pilots) and _existed(G, a, year, "foundedYear")
               and (not backbone_only or as_bool(prop(G, a, "backbone")) is True)]
    return float(len(counted)), sum(
        1 for a in counted
        if first_year(G, a, "foundedYear") is None or not _dated_in_pilot_area(G, a, pilots))


def count_new_platforms(G: nx.MultiDiGraph, year: int) -> Tally:
    pilots = pilot_parks(G, year)
    counted = [p for p in _of_label(G, "Platform")
               if _in_pilot_area(G, p, pilots)
               and (y := first_year(G, p, "establishedYear")) is not None
               and PLAN_START <= y <= year]
    return float(len(counted)), sum(1 for p in counted
                                    if not _dated_in_pilot_area(G, p, pilots))


def count_teams(G: nx.MultiDiGraph, year: int, kind: str) -> Tally:
    counted = [t for t in _of_label(G, "TalentTeam")
               if prop(G, t, "kind") == kind and _existed(G, t, year, "establishedYear")]
    return float(len(counted)), sum(1 for t in counted
                                    if first_year(G, t, "establishedYear") is None)


def landing_year(G: nx.MultiDiGraph, project: str) -> int | None:
    """The earliest LANDED_IN edge year, else the project's `year`."""
    years = [y for _, d in out_edges(G, project, "LANDED_IN")
             if (y := as_float(d.get("year"))) is not None]
    return int(min(years)) if years else first_year(G, project, "year")


def count_projects_landed(G: nx.MultiDiGraph, year: int) -> Tally:
    landed = [(p, landing_year(G, p)) for p in _of_label(G, "Project")
              if any(label_of(G, park) == "Park" for park in successors(G, p, "LANDED_IN"))
              and is_landed_project(G, p)]
    counted = [(p, y) for p, y in landed if y is None or y <= year]
    return float(len(counted)), sum(1 for _, y in counted if y is None)


def contract_turnover(G: nx.MultiDiGraph, year: int) -> Tally:
    """Money needs a known year, so nothing counted here is undated."""
    return sum(
        as_float(prop(G, p, "contractValueMillionCny")) or 0.0
        for p in _of_label(G, "Project")
        if (y := first_year(G, p, "year")) is not None and y <= year
    ), 0


def count_agglomeration_zones(G: nx.MultiDiGraph, year: int) -> Tally:
    zones = [c for c in _of_label(G, "Cluster")
             if prop(G, c, "kind") == "service_zone" and _existed(G, c, year, "establishedYear")]
    counted = [zone for zone in zones
               if integration_score(G, zone, actions=0).score >= AGGLOMERATION_SCORE_THRESHOLD]
    return float(len(counted)), sum(1 for zone in counted
                                    if first_year(G, zone, "establishedYear") is None)


@dataclass(frozen=True)
class TargetSpec:
    id: str
    description: str
    goal: float
    comparison: str
    unit: str
    counting: str
    count: Callable[[nx.MultiDiGraph, int], Tally]


TARGETS: tuple[TargetSpec, ...] = (
    TargetSpec("backbone_agencies", "backbone S&T service agencies grown in pilot areas",
               100, ">=", "agencies",
               "Agencies with backbone=true LOCATED_IN a pilot park, founded <= year",
               lambda G, y: count_pilot_agencies(G, y, backbone_only=True)),
    TargetSpec("agencies_attracted", "S&T service agencies gathered into pilot areas",
               1000, ">=", "agencies",
               "Agencies LOCATED_IN a pilot park, founded <= year",
               lambda G, y: count_pilot_agencies(G, y, backbone_only=False)),
    TargetSpec("new_platforms", "new public S&T innovation service platforms in pilot areas",
               100, "~", "platforms",
               f"Platforms LOCATED_IN a pilot park, established {PLAN_START}..year (known)",
               count_new_platforms),
    TargetSpec("talent_bases", "S&T service talent training bases", 10, "~", "bases",
               "TalentTeams of kind training_base, established <= year",
               lambda G, y: count_teams(G, y, "training_base")),
    TargetSpec("innovation_teams", "S&T service innovation teams", 100, ">=", "teams",
               "TalentTeams of kind innovation_team, established <= year",
               lambda G, y: count_teams(G, y, "innovation_team")),
    TargetSpec("leading_talents", "S&T service leading talents", 100, ">=", "talents",
               "TalentTeams of kind leading_talent, established <= year",
               lambda G, y: count_teams(G, y, "leading_talent")),
    TargetSpec("projects_landed",
               "major national S&T achievements and key projects transferred and landed",
               1000, ">=", "projects",
               "Projects LANDED_IN a park, status landed/industrialized/unknown, landed <= year",
               count_projects_landed),
    TargetSpec("tech_contract_turnover",
               "national technology-market contract turnover by end of 2015",
               800_000, ">", "million CNY",
               "sum of contractValueMillionCny of Projects with a known year <= year",
               contract_turnover),
    TargetSpec("agglomeration_zones",
               "S&T service agglomeration zones with strong integration", 20, "~", "zones",
               f"Clusters of kind service_zone established <= year with integration score >= "
               f"{AGGLOMERATION_SCORE_THRESHOLD:g} (scored on the graph of that year)",
               count_agglomeration_zones),
)


def is_met(actual: float, goal: float, comparison: str) -> bool:
    """'>=' at least, '>' more than, '~' about (met from ABOUT_MET_RATIO of the goal)."""
    if comparison == ">":
        return actual > goal
    if comparison == "~":
        return actual >= ABOUT_MET_RATIO * goal
    return actual >= goal


def plan_progress(G: nx.MultiDiGraph, year: int) -> list[TargetProgress]:
    """Every DIGEST target, in DIGEST order, as of the end of `year`, counted on the graph
    of that year (`graph_as_of`: closed entities and ended links are left out)."""
    G = graph_as_of(G, year)
    rows = []
    for spec in TARGETS:
        actual, undated = spec.count(G, year)
        rows.append(TargetProgress(
            spec.id, spec.description, float(spec.goal), spec.comparison, float(actual),
            actual / spec.goal, is_met(actual, spec.goal, spec.comparison), spec.unit, year,
            spec.counting, undated,
        ))
    return rows
