"""Plan progress: the nine quantitative targets of the Torch plan (seed/DIGEST.md) by year,
for the nation or one province. (The matching-funds check is analysis/funding.py.)
The rules are analysis/targets.py; how each is counted, analysis/target_counts.py.

>>> from analysis.builder import worked_example
>>> G = worked_example()
>>> rows = {row.target: row for row in plan_progress(G, 2015)}
>>> rows["projects_landed"].actual, rows["projects_landed"].goal, rows["projects_landed"].met
(0.0, 1000.0, False)
>>> rows["tech_contract_turnover"].actual, rows["tech_contract_turnover"].missing
(None, 'no_indicator')
>>> rows = {r.target: r for r in plan_progress(G, 2015, indicators={(None,
...         "tech_contract_turnover", 2015): 983_500.0})}
>>> rows["tech_contract_turnover"].actual, rows["tech_contract_turnover"].met
(983500.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from analysis import lifecycle
from analysis._graph import (
    as_bool,
    first_year,
    label_of,
    prop,
)
from analysis.asof import History
from analysis.scope import parks_in_region, province_of_park
from analysis.target_counts import COUNTS, Area, Count, Indicators
from analysis.targets import PLAN_START, RULES, TargetRule, is_met, rule_text, window_span
from analysis.text import label

TARGETS = RULES  # the nine rules, in DIGEST order
MAX_BY_YEAR = 30  # byYear holds at most this many years (the last ones)


class RegionError(ValueError):
    """A regionId that is not a province: `unknown` when no such entity exists."""

    def __init__(self, message: str, unknown: bool) -> None:
        super().__init__(message)
        self.unknown = unknown


@dataclass(frozen=True)
class YearValue:
    """A target's value in one year (None: no value, e.g. no official figure)."""

    year: int
    actual: float | None
    met: bool | None
    alternative: float | None
    province_wide: float | None = None  # a province asked: its own contributions too

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "actual": self.actual, "met": self.met,
                "alternative": self.alternative, "provinceWide": self.province_wide}


@dataclass(frozen=True)
class TargetProgress:
    """One target for the nation (`region_id` None) or a province: the goal is for `year`
    (the plan's end, 2015), `actual` is counted as of `as_of` (≤ year; = year by default).

    `goal` is always the seed's national goal; for a province `met` is None (the seed sets
    no provincial goals), `ratio` is the province's actual over the national goal and
    `share_of_national` its share of the national actual. `undated_count`: counted items
    resting on a missing date; `caveats`: (plan_caveat code, how many items)."""

    target: str
    goal: float
    comparison: str
    actual: float | None
    ratio: float | None
    met: bool | None
    unit: str
    year: int
    region_id: str | None
    window: str
    window_from: int | None
    window_to: int
    area: str
    alternative: float | None
    undated_count: int
    caveats: tuple[tuple[str, int], ...]
    missing: str | None
    share_of_national: float | None
    by_year: tuple[YearValue, ...]
    as_of: int = 0  # the year counted; plan_progress always sets it
    expected: float | None = None  # the straight line from the 2011 value to the goal
    on_track: bool | None = None
    # A province asked and a pilot-area target: the same rule counted in every park of the
    # province, pilot or not (its own contributions: rule_text("plan_province", ...)).
    province_wide: float | None = None

    @property
    def rule(self) -> TargetRule:
        return next(r for r in RULES if r.id == self.target)

    @property
    def description(self) -> str:
        return rule_text("plan_target", self.target, "en")

    @property
    def counting(self) -> str:
        return rule_text("plan_rule", self.target, "en")

    @property
    def basis(self) -> str:
        return "national" if self.region_id is None else "province_share"

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "description": self.description, "goal": self.goal,
                "comparison": self.comparison, "actual": self.actual, "ratio": self.ratio,
                "met": self.met, "unit": label("plan_unit", self.unit, "en"),
                "year": self.year, "regionId": self.region_id, "basis": self.basis,
                "counting": self.counting, "quote": self.rule.quote, "window": self.window,
                "windowFrom": self.window_from, "windowTo": self.window_to,
                "area": self.area, "alternative": self.alternative,
                "undatedCount": self.undated_count, "caveats": dict(self.caveats),
                "missing": self.missing, "shareOfNational": self.share_of_national,
                "byYear": [y.to_dict() for y in self.by_year], "asOf": self.as_of,
                "expected": self.expected, "onTrack": self.on_track,
                "provinceWide": self.province_wide}


def is_pilot_park(G: nx.MultiDiGraph, park: str, year: int | None = None) -> bool:
    """pilot true, and (with a year) pilotYear <= year or pilotYear unknown."""
    if label_of(G, park) != "Park" or as_bool(prop(G, park, "pilot")) is not True:
        return False
    pilot_year = first_year(G, park, "pilotYear")
    return year is None or pilot_year is None or pilot_year <= year


def pilot_parks(G: nx.MultiDiGraph, year: int | None = None) -> set[str]:
    """All pilot parks of G as of `year` (any year when None)."""
    return {n for n in G if is_pilot_park(G, n, year)}


def target_pilot_parks(G: nx.MultiDiGraph, year: int,
                       province: str | None = None) -> frozenset[str]:
    """The parks of the pilot areas of `year` (in `province` when given): the one place the
    targets learn which areas are pilots (试点地区). The pilot parks, and every park of a
    pilot city, from the pilot records (analysis/lifecycle.py: approved and not yet completed
    or rejected), or parks flagged `pilot`/`pilotYear` in datasets without a `pilots` file.
    Cluster pilots are not areas: the targets count actors located in these parks."""
    areas = lifecycle.pilot_areas(G, year, province)
    parks = set(areas["service_system_park"])
    for city in areas["service_system_city"]:
        parks |= parks_in_region(G, city)
    return frozenset(parks)


def check_province(G: nx.MultiDiGraph, region_id: str) -> None:
    """RegionError unless `region_id` is a Region of kind province in G."""
    if region_id not in G:
        raise RegionError(f"no region with id {region_id!r}", unknown=True)
    kind = prop(G, region_id, "kind") if label_of(G, region_id) == "Region" else None
    if kind != "province":
        what = f"a {kind} region" if kind else f"a {label_of(G, region_id)}"
        raise RegionError(f"{region_id!r} is {what}, not a province", unknown=False)


def _area(G: nx.MultiDiGraph, history: History, year: int, province: str | None,
          province_parks: frozenset[str]) -> Area:
    """The area of `year` on the history G: what exists and holds that year, indexed."""
    alive = history.alive(year)
    present = set(alive[0])
    pilots = target_pilot_parks(G, year) & present
    if province is None:
        return Area.of(G, pilots, None, None, alive,
                       lambda: history.graph(year, alive, shared=True))
    return Area.of(G, pilots & province_parks, province_parks & present, province, alive,
                   lambda: history.graph(year, alive, shared=True))


def _counts(G: nx.MultiDiGraph, history: History, year: int, province: str | None,
            indicators: Indicators, province_parks: frozenset[str] = frozenset()
            ) -> tuple[dict[str, Count], Area]:
    area = _area(G, history, year, province, province_parks)
    return {rule.id: COUNTS[rule.id](G, year, area, indicators) for rule in RULES}, area


def _province_wide(G: nx.MultiDiGraph, year: int, area: Area,
                   indicators: Indicators) -> dict[str, float | None]:
    """The province's own contributions (seed 四（二）, 五（一）: the provincial department
    approves and organises S&T service system building in its whole region): each
    pilot-area target counted by the same rule on the province's `area` of the year with
    every park of the province, pilot or not, as its pilot areas. Targets already over the
    whole province (or its own indicator) are left out."""
    wide = replace(area, pilots=area.parks or frozenset())
    return {rule.id: COUNTS[rule.id](G, year, wide, indicators).value
            for rule in RULES if rule.area == "pilot_areas"}


def _met(rule: TargetRule, value: float | None, province: str | None) -> bool | None:
    if value is None or province is not None:
        return None
    return is_met(value, rule.goal, rule.comparison)


def linear_expectation(baseline: float | None, goal: float, as_of: int,
                       year: int) -> float | None:
    """Where a target should be in `as_of` on a straight line from its value in PLAN_START
    (the baseline) to its goal in `year`: a simple linear expectation, not a forecast.

    >>> linear_expectation(100.0, 500.0, 2013, 2015)
    300.0
    >>> linear_expectation(100.0, 500.0, 2015, 2015), linear_expectation(None, 5.0, 2013, 2015)
    (500.0, None)
    """
    if baseline is None or as_of < PLAN_START:
        return None
    if year <= PLAN_START:
        return goal
    return baseline + (goal - baseline) * (as_of - PLAN_START) / (year - PLAN_START)


def check_as_of_year(as_of: int, year: int) -> None:
    """ValueError unless PLAN_START <= as_of <= year (the year counted towards `year`'s
    goals)."""
    if not PLAN_START <= as_of <= year:
        raise ValueError(f"asOf must be between {PLAN_START} (the plan's start) and the target "
                         f"year {year}; got {as_of}")


def plan_progress(G: nx.MultiDiGraph, year: int, region_id: str | None = None,
                  indicators: Indicators | None = None,
                  as_of: int | None = None,
                  history: History | None = None) -> list[TargetProgress]:
    """Every target, in DIGEST order, for the goals of `year` (the plan's end: 2015) counted
    as of the end of `as_of` (default: `year`; else PLAN_START..year, ValueError otherwise),
    for the nation or the province `region_id`, with `by_year` for PLAN_START..as_of (at
    most MAX_BY_YEAR years) and, when as_of < year, whether each target is on track: at or
    past the straight line from its PLAN_START value to its goal in `year`.

    `G` holds the history (every year, or a graph of `year` alone for `year` only): each
    year is counted on what exists and holds that year (analysis.asof.History), the graph
    of the year being cut only for the zones' integration scores.
    `indicators` are the official figures, keyed (region id or None, code, year);
    `history`, `History(G)` when the caller has one already (the annual report).
    Raises RegionError when `region_id` is not a province.
    """
    if as_of is None:
        as_of = year
    else:
        check_as_of_year(as_of, year)
    if region_id is not None:
        check_province(G, region_id)
    figures = indicators or {}
    history = History(G) if history is None or history.G is not G else history
    years = list(range(max(min(PLAN_START, as_of), as_of - MAX_BY_YEAR + 1), as_of + 1))
    series: dict[int, dict[str, Count]] = {}
    national: dict[str, Count] = {}
    parks = frozenset() if region_id is None else frozenset(  # the province's, once
        p for p, d in G.nodes(data=True)
        if d.get("label") == "Park" and province_of_park(G, p) == region_id)
    wide: dict[int, dict[str, float | None]] = {}
    for y in years:  # each year's counts see only what exists and holds that year
        series[y], area = _counts(G, history, y, region_id, figures, parks)
        if region_id is not None:
            wide[y] = _province_wide(G, y, area, figures)
            if y == as_of:
                national = _counts(G, history, y, None, figures)[0]
    baseline = series.get(PLAN_START)
    if baseline is None and as_of >= PLAN_START:  # byYear cut off the plan's first year
        baseline = _counts(G, history, PLAN_START, region_id, figures, parks)[0]
    return [_row(rule, year, as_of, region_id, series, national, baseline, wide)
            for rule in RULES]


def _row(rule: TargetRule, year: int, as_of: int, region_id: str | None,
         series: dict[int, dict[str, Count]], national: dict[str, Count],
         baseline: dict[str, Count] | None,
         wide: dict[int, dict[str, float | None]]) -> TargetProgress:
    now = series[as_of][rule.id]
    whole = national.get(rule.id)
    share = (now.value / whole.value if now.value is not None and whole is not None
             and whole.value else None)
    start, end = window_span(rule, as_of)
    expected = None if baseline is None or region_id is not None else linear_expectation(
        baseline[rule.id].value, rule.goal, as_of, year)
    on_track = None if expected is None or now.value is None else \
        is_met(now.value, expected, rule.comparison)
    return TargetProgress(
        rule.id, rule.goal, rule.comparison, now.value,
        None if now.value is None else now.value / rule.goal,
        _met(rule, now.value, region_id), rule.unit, year,
        region_id, rule.window, start, end,
        rule.area, now.alternative, now.undated, now.caveats, now.missing, share,
        tuple(YearValue(y, c[rule.id].value, _met(rule, c[rule.id].value, region_id),
                        c[rule.id].alternative, wide.get(y, {}).get(rule.id))
              for y, c in series.items()),
        as_of, expected, on_track, wide.get(as_of, {}).get(rule.id))
