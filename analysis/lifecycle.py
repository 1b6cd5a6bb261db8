"""Which pilots are active in a year, from the pilot records (`:Pilot` nodes with
`PILOT_OF` to their subject and `PILOT_IN` to their province; docs/analysis.md).

A pilot is *active in year Y* when it was approved in Y or before, was not rejected, and
did not complete before Y (it is active in the year it completes). A park with `pilot`
true and no pilot record (a dataset without a `pilots` file) counts as a pilot park from
its `pilotYear` (or always, when that is unknown), as before the lifecycle existed.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("park-a", label="Park"); G.add_node("region-x", label="Region", kind="province")
>>> G.add_node("pilot-1", label="Pilot", type="service_system_park", yearApplied=2011,
...            yearRecommended=2011, yearApproved=2012, yearCompleted=2015)
>>> _ = G.add_edge("pilot-1", "park-a", key="PILOT_OF", type="PILOT_OF")
>>> _ = G.add_edge("pilot-1", "region-x", key="PILOT_IN", type="PILOT_IN")
>>> pilot_areas(G, 2011)["service_system_park"], pilot_areas(G, 2013)["service_system_park"]
([], ['park-a'])
>>> pilot_areas(G, 2016)["service_system_park"], pilot_areas(G, 2013, "region-y")
([], {'service_system_park': [], 'service_system_city': [], 'cluster_pilot': []})
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from analysis.scope import province_of_park
from analysis.vocab import PILOT_LABEL, PILOT_STEP_PROPS, PILOT_TYPES


def _year(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _target(G: nx.MultiDiGraph, node: str, rel_type: str) -> str | None:
    return next((t for _, t, d in G.out_edges(node, data=True) if d.get("type") == rel_type),
                None)


def pilot_records(G: nx.MultiDiGraph) -> list[str]:
    """The `:Pilot` nodes of G, sorted by id."""
    return sorted(n for n, d in G.nodes(data=True) if d.get("label") == PILOT_LABEL)


def is_active(data: dict[str, Any], year: int) -> bool:
    """Approved by `year`, not rejected, not completed before `year`."""
    approved = _year(data.get(PILOT_STEP_PROPS["approved"]))
    completed = _year(data.get(PILOT_STEP_PROPS["completed"]))
    return (approved is not None and approved <= year
            and data.get(PILOT_STEP_PROPS["rejected"]) is None
            and (completed is None or completed >= year))


def pilot_subject(G: nx.MultiDiGraph, pilot: str) -> str | None:
    return _target(G, pilot, "PILOT_OF")


def pilot_province(G: nx.MultiDiGraph, pilot: str) -> str | None:
    return _target(G, pilot, "PILOT_IN")


def recorded_subjects(G: nx.MultiDiGraph) -> set[str]:
    """Every subject some pilot record names, whatever its status."""
    return {s for p in pilot_records(G) if (s := pilot_subject(G, p)) is not None}


def legacy_pilot_parks(G: nx.MultiDiGraph, year: int, recorded: set[str]) -> set[str]:
    """Parks flagged `pilot` without any pilot record (datasets without a `pilots` file)."""
    found = set()
    for node, data in G.nodes(data=True):
        if data.get("label") != "Park" or node in recorded or data.get("pilot") is not True:
            continue
        since = _year(data.get("pilotYear"))
        if since is None or since <= year:
            found.add(node)
    return found


def pilot_areas(G: nx.MultiDiGraph, year: int,
                province: str | None = None) -> dict[str, list[str]]:
    """The subjects of the pilots active in `year` (in `province`, a Region id, when given),
    by pilot type: `service_system_park` (parks), `service_system_city` (city regions),
    `cluster_pilot` (clusters); each list sorted by id."""
    areas: dict[str, set[str]] = {t: set() for t in PILOT_TYPES}
    for pilot in pilot_records(G):
        data = G.nodes[pilot]
        subject = pilot_subject(G, pilot)
        if subject is None or data.get("type") not in areas or not is_active(data, year):
            continue
        if province is None or pilot_province(G, pilot) == province:
            areas[data["type"]].add(subject)
    for park in legacy_pilot_parks(G, year, recorded_subjects(G)):
        if province is None or province_of_park(G, park) == province:
            areas["service_system_park"].add(park)
    return {t: sorted(subjects) for t, subjects in areas.items()}
