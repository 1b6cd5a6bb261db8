"""How each target of analysis/targets.py is counted on the graph of one year.

Every count takes the graph of the year (`analysis.asof`: what existed and held then), the
year, the area (pilot areas, the province's parks) and the official figures (indicators),
and returns the default reading, the alternative one, how many counted items rest on a
missing date, and caveats (code -> how many items; texts in catalogue group plan_caveat).

>>> from analysis.builder import GraphBuilder
>>> G = (GraphBuilder().park("p", pilot=True, pilotYear=2012)
...      .agency("old", park="p", backbone=True, foundedYear=2005)
...      .agency("new", park="p", backbone=True, foundedYear=2013).build())
>>> c = COUNTS["backbone_agencies"](G, 2015, Area.of(G, {"p"}), {})
>>> c.value, c.alternative                       # grown during the plan; the stock
(1.0, 2.0)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from analysis._graph import EdgeData, as_bool, as_int, first_year, label_of, prop
from analysis.asof import Alive, link_since
from analysis.score import integration_score
from analysis.targets import (
    AGGLOMERATION_SCORE_THRESHOLD,
    ALT_LANDED_PROGRAMS,
    GDP_SHARE_BASELINE,
    KEY_RD_FIRST_YEAR,
    LANDED_PROGRAMS,
    PLAN_START,
)

# (region id or None for the nation, indicator code, year) -> value, in the indicator's unit
Indicators = Mapping[tuple[str | None, str, int], float]
TURNOVER = "tech_contract_turnover"
GDP_SHARE = "sts_output_gdp_share"
LANDED_STATUSES = ("landed", "industrialized")


@dataclass(frozen=True)
class Area:
    """`pilots`: the pilot areas counted (as of the year); `parks`: the parks of the province
    asked (None: the nation, where anything counts, located or not). `labels` and `located`
    index the graph of the year once (nodes by label; a node's LOCATED_IN / LANDED_IN
    targets), so the nine counts do not each walk it: build it with `Area.of`."""

    pilots: frozenset[str]
    parks: frozenset[str] | None = None
    province: str | None = None
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    located: Mapping[str, tuple[tuple[str, EdgeData], ...]] = field(default_factory=dict)
    # The graph of the year itself, made only when a count needs one (the zones' scores).
    year_graph: Callable[[], nx.MultiDiGraph] | None = None

    @classmethod
    def of(cls, G: nx.MultiDiGraph, pilots: Iterable[str], parks: Iterable[str] | None = None,
           province: str | None = None, alive: Alive | None = None,
           year_graph: Callable[[], nx.MultiDiGraph] | None = None) -> Area:
        """The area on G, or (with `alive`, from analysis.asof.History) on what of G exists
        and holds in one year, without cutting the graph of that year."""
        nodes, edges = alive if alive is not None else (
            tuple(G._node), tuple((u, v, k) for u, t in G._succ.items()
                                  for v, keyed in t.items() for k in keyed))
        attrs, adjacency = G._node, G._succ  # the raw dicts: views cost several times more
        labels: dict[str, list[str]] = {}
        for n in nodes:
            labels.setdefault(attrs[n].get("label"), []).append(n)
        located: dict[str, list[tuple[str, EdgeData]]] = {}
        for u, v, k in edges:
            d = adjacency[u][v][k]
            if d.get("type") in ("LOCATED_IN", "LANDED_IN"):
                located.setdefault(u, []).append((v, d))
        return cls(frozenset(pilots), None if parks is None else frozenset(parks), province,
                   {k: tuple(v) for k, v in labels.items()},
                   {k: tuple(v) for k, v in located.items()}, year_graph)

    def graph(self, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
        return G if self.year_graph is None else self.year_graph()

    def whole(self, node: str) -> bool:
        """The node is in the area asked: anywhere for the nation, else in a province park."""
        return self.parks is None or any(p in self.parks for p, _ in self.located.get(node, ()))


@dataclass(frozen=True)
class Count:
    value: float | None
    alternative: float | None = None
    undated: int = 0
    caveats: tuple[tuple[str, int], ...] = ()
    missing: str | None = None  # plan_missing.<code> when value is None


def _parks_of(area: Area, node: str) -> list[str]:
    """Where the node is located (a Project: where it landed)."""
    return [p for p, _ in area.located.get(node, ())]


def _pilot_links(G: nx.MultiDiGraph, node: str, area: Area) -> list[tuple[str, EdgeData]]:
    return [(p, d) for p, d in area.located.get(node, ()) if p in area.pilots]


def _rests_on_missing_date(G: nx.MultiDiGraph, node: str, area: Area) -> bool:
    """In a pilot area only by an undated location, or in a pilot of unknown pilot year."""
    return not any(link_since(d) is not None and first_year(G, p, "pilotYear") is not None
                   for p, d in _pilot_links(G, node, area))


def _of(G: nx.MultiDiGraph, area: Area, label: str, **equal: object) -> list[str]:
    nodes = G.nodes
    return [n for n in area.labels.get(label, ())
            if all(nodes[n].get(k) == v for k, v in equal.items())]


def _in_plan(year: int | None, until: int) -> bool:
    return year is not None and PLAN_START <= year <= until


def _caveats(**counts: int) -> tuple[tuple[str, int], ...]:
    return tuple((code, n) for code, n in counts.items() if n)


def _grown(G: nx.MultiDiGraph, year: int, area: Area, nodes: Iterable[str],
           start: str, weight: Callable[[str], float] = lambda _: 1.0,
           alt_anywhere: bool = False) -> tuple[float, float, int, int, list[str]]:
    """Nodes in a pilot area with `start` in the plan: (value, alternative, undated, start
    unknown, counted). The alternative is the stock in pilot areas, or (alt_anywhere) the
    same growth anywhere in the area asked."""
    nodes = list(nodes)
    in_pilot = [n for n in nodes if _pilot_links(G, n, area)]
    counted = [n for n in in_pilot if _in_plan(first_year(G, n, start), year)]
    alt = ([n for n in nodes if area.whole(n) and _in_plan(first_year(G, n, start), year)]
           if alt_anywhere else in_pilot)
    unknown = sum(1 for n in in_pilot if first_year(G, n, start) is None)
    undated = sum(1 for n in counted if _rests_on_missing_date(G, n, area))
    return (float(sum(map(weight, counted))), float(sum(map(weight, alt))), undated, unknown,
            counted)


def backbone_agencies(G: nx.MultiDiGraph, year: int, area: Area, _: Indicators) -> Count:
    agencies = [a for a in _of(G, area, "Agency") if as_bool(prop(G, a, "backbone")) is True]
    value, alt, undated, unknown, _c = _grown(G, year, area, agencies, "foundedYear")
    return Count(value, alt, undated, _caveats(start_unknown=unknown))


def _arrival(G: nx.MultiDiGraph, agency: str, area: Area) -> tuple[int | None, bool]:
    """The first year the agency is in a pilot area: the location's since, else (second
    value True) its founding year, read as founded there."""
    sinces = [s for _, d in _pilot_links(G, agency, area) if (s := link_since(d)) is not None]
    if sinces:
        return min(sinces), False
    return first_year(G, agency, "foundedYear"), True


def agencies_attracted(G: nx.MultiDiGraph, year: int, area: Area, _: Indicators) -> Count:
    present = [a for a in _of(G, area, "Agency") if _pilot_links(G, a, area)]
    arrivals = {a: _arrival(G, a, area) for a in present}
    counted = [a for a, (y, _f) in arrivals.items() if _in_plan(y, year)]
    undated = sum(1 for a in counted if _rests_on_missing_date(G, a, area))
    return Count(float(len(counted)), float(len(present)), undated, _caveats(
        arrival_from_founding=sum(1 for a in counted if arrivals[a][1]),
        start_unknown=sum(1 for y, _f in arrivals.values() if y is None)))


def new_platforms(G: nx.MultiDiGraph, year: int, area: Area, _: Indicators) -> Count:
    value, alt, undated, unknown, counted = _grown(G, year, area, _of(G, area, "Platform"),
                                                   "establishedYear")
    not_open = sum(1 for p in counted if as_bool(prop(G, p, "open")) is False)
    return Count(value, alt, undated, _caveats(start_unknown=unknown, not_open=not_open))


def _teams(kind: str) -> Callable[[nx.MultiDiGraph, int, Area, Indicators], Count]:
    def count(G: nx.MultiDiGraph, year: int, area: Area, _: Indicators) -> Count:
        value, alt, undated, unknown, _c = _grown(G, year, area, _of(G, area, "TalentTeam", kind=kind),
                                                  "establishedYear", alt_anywhere=True)
        return Count(value, alt, undated, _caveats(start_unknown=unknown))
    return count


def _persons(G: nx.MultiDiGraph, team: str) -> float:
    """A leading-talent team's size; an unknown size counts as one person (its leader)."""
    size = as_int(prop(G, team, "size"))
    return 1.0 if size is None else float(size)


def leading_talents(G: nx.MultiDiGraph, year: int, area: Area, _: Indicators) -> Count:
    teams = _of(G, area, "TalentTeam", kind="leading_talent")
    value, alt, undated, unknown, counted = _grown(
        G, year, area, teams, "establishedYear", lambda t: _persons(G, t), alt_anywhere=True)
    sizeless = sum(1 for t in counted if as_int(prop(G, t, "size")) is None)
    return Count(value, alt, undated, _caveats(unknown_size=sizeless, start_unknown=unknown))


def landing_year(G: nx.MultiDiGraph, area: Area, project: str) -> int | None:
    """The earliest LANDED_IN year (of the landings holding that year), else the project's
    `year`."""
    years = [y for _, d in area.located.get(project, ())
             if d.get("type") == "LANDED_IN" and (y := link_since(d)) is not None]
    return min(years) if years else first_year(G, project, "year")


def projects_landed(G: nx.MultiDiGraph, year: int, area: Area, _: Indicators) -> Count:
    landed = [p for p in _of(G, area, "Project")
              if any(label_of(G, park) == "Park" for park in _parks_of(area, p))
              and area.whole(p)]
    when = {p: landing_year(G, area, p) for p in landed}

    def counted(programs: tuple[str, ...]) -> list[str]:
        return [p for p in landed if prop(G, p, "program") in programs
                and prop(G, p, "status") in LANDED_STATUSES and _in_plan(when[p], year)]

    default = counted(LANDED_PROGRAMS)
    early_key_rd = sum(1 for p in default if prop(G, p, "program") == "key_rd"
                       and (when[p] or 0) < KEY_RD_FIRST_YEAR)
    qualifying = [p for p in landed if prop(G, p, "program") in LANDED_PROGRAMS]
    return Count(float(len(default)), float(len(counted(ALT_LANDED_PROGRAMS))), 0, _caveats(
        key_rd_before_2016=early_key_rd,
        status_unknown=sum(1 for p in qualifying if prop(G, p, "status") is None),
        start_unknown=sum(1 for p in qualifying if when[p] is None)))


def tech_contract_turnover(_G: nx.MultiDiGraph, year: int, area: Area,
                           indicators: Indicators) -> Count:
    """The official figure of the year (the province's own when a province is asked)."""
    value = indicators.get((area.province, TURNOVER, year))
    return Count(value, None, 0, (), None if value is not None else "no_indicator")


def _share_rose(indicators: Indicators, zone: str, year: int) -> bool | None:
    """The zone's output share of GDP in `year` above its baseline (None: a figure missing)."""
    now = indicators.get((zone, GDP_SHARE, year))
    before = indicators.get((zone, GDP_SHARE, GDP_SHARE_BASELINE))
    return None if now is None or before is None else now > before


def agglomeration_zones(G: nx.MultiDiGraph, year: int, area: Area,
                        indicators: Indicators) -> Count:
    zones = [z for z in _of(G, area, "Cluster", kind="service_zone")
             if area.parks is None or any(p in area.parks for p in _parks_of(area, z))]
    H = area.graph(G) if zones else G
    strong = [z for z in zones
              if integration_score(H, z, actions=0).score >= AGGLOMERATION_SCORE_THRESHOLD]
    rose = {z: _share_rose(indicators, z, year) for z in strong}
    return Count(float(len(strong)), float(sum(1 for r in rose.values() if r)),
                 sum(1 for z in strong if first_year(G, z, "establishedYear") is None),
                 _caveats(gdp_share_missing=sum(1 for r in rose.values() if r is None)))


Counter = Callable[[nx.MultiDiGraph, int, Area, Indicators], Count]
COUNTS: dict[str, Counter] = {
    "backbone_agencies": backbone_agencies,
    "agencies_attracted": agencies_attracted,
    "new_platforms": new_platforms,
    "talent_bases": _teams("training_base"),
    "innovation_teams": _teams("innovation_team"),
    "leading_talents": leading_talents,
    "projects_landed": projects_landed,
    "tech_contract_turnover": tech_contract_turnover,
    "agglomeration_zones": agglomeration_zones,
}
