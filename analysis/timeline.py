"""A scope's service chain and integration score year by year, from one graph of its history.

The graph holds the years asked (a history projection: `since`, `until`, start and closed
years as attributes); each year is analysed on the graph of that year (`analysis.asof`), so
one read of the database serves the whole timeline, and a year whose graph equals the
previous year's reuses its results. Every year uses one chain (the one given, else the one
chosen for the scope in the latest year it exists), so the rows compare.

>>> from analysis.builder import worked_example
>>> G = worked_example()
>>> G.nodes["ag-test"]["foundedYear"] = 2013        # the testing centre opens in 2013
>>> result = timeline(G, "cluster-a", 2012, 2015)     # partners, projects come 2014-15
>>> [(y.year, y.gaps.stage("testing_certification").status.value, y.score.score)
...  for y in result.years]
[(2012, 'THIN', 17.29), (2013, 'COVERED', 22.67), (2014, 'COVERED', 36.33), (2015, 'COVERED', 40.03)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from analysis._graph import EntityRef, memoized_refs, ref
from analysis.asof import Alive, History
from analysis.chains import Chain
from analysis.components import assess
from analysis.gaps import GapReport, resolve_chain
from analysis.scope import resolve_scope
from analysis.score import IntegrationScore, score_assessment, validate_weights

MAX_SPAN = 30  # years in one timeline


class TimelineError(ValueError):
    """A year range that is reversed or too long."""


@dataclass(frozen=True)
class TimelineYear:
    """One year: whether the scope exists, its gap report (no suggestions) and its score
    (no actions); both None in a year the scope does not exist."""

    year: int
    exists: bool
    gaps: GapReport | None
    score: IntegrationScore | None

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "exists": self.exists,
                "gaps": None if self.gaps is None else self.gaps.to_dict(),
                "score": None if self.score is None else self.score.to_dict()}


@dataclass(frozen=True)
class Timeline:
    """The years `from_year`..`to_year` of a scope, analysed with one chain."""

    scope: EntityRef
    chain: str
    from_year: int
    to_year: int
    years: tuple[TimelineYear, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"scope": self.scope.to_dict(), "chain": self.chain, "from": self.from_year,
                "to": self.to_year, "years": [y.to_dict() for y in self.years]}


def check_span(start: int, end: int) -> None:
    """TimelineError unless start <= end and the range covers at most MAX_SPAN years."""
    if start > end:
        raise TimelineError(f"from ({start}) must not be after to ({end})")
    if end - start + 1 > MAX_SPAN:
        raise TimelineError(f"a timeline covers at most {MAX_SPAN} years; {start}..{end} "
                            f"is {end - start + 1}")


def _chain(G: nx.MultiDiGraph, history: History, years: list[int], scope_id: str,
           chain: Chain | str | None) -> tuple[Chain, dict[int, nx.MultiDiGraph]]:
    """The chain given, else the one chosen in the latest year the scope exists (with the
    graph of that year, which the caller need not cut again)."""
    if isinstance(chain, Chain | str):
        return resolve_chain(G, resolve_scope(G, scope_id), chain), {}
    for year in reversed(years):
        nodes, _ = alive = history.alive(year)
        if scope_id in nodes:
            H = history.graph(year, alive, shared=True)
            return resolve_chain(H, resolve_scope(H, scope_id), None), {year: H}
    return resolve_chain(G, resolve_scope(G, scope_id), None), {}


def timeline(
    G: nx.MultiDiGraph,
    scope_id: str,
    from_year: int,
    to_year: int,
    chain: Chain | str | None = None,
    weights: Mapping[str, float] | None = None,
) -> Timeline:
    """Stage statuses, handoffs and the integration score of a scope for each year
    `from_year`..`to_year` (at most MAX_SPAN years), each computed on the graph of that year.

    Raises TimelineError for a bad range, ScopeError when the scope is not in G (in any
    year), ChainError and WeightsError as the score does.
    """
    check_span(from_year, to_year)
    checked = validate_weights(weights)
    resolve_scope(G, scope_id)  # a ScopeError for an unknown id or a non-scope entity
    history = History(G)
    years = list(range(from_year, to_year + 1))
    used, cut = _chain(G, history, years, scope_id, chain)
    rows: list[TimelineYear] = []
    previous: tuple[Alive, TimelineYear] | None = None
    with memoized_refs():  # names do not change from year to year
        for year in years:
            alive = history.alive(year)
            if previous is not None and previous[0] == alive:   # nothing changed
                rows.append(replace(previous[1], year=year))
                continue
            row = TimelineYear(year, False, None, None)
            if scope_id in alive[0]:
                H = cut.get(year) or history.graph(year, alive, shared=True)  # only read
                assessment = assess(H, resolve_scope(H, scope_id), used)
                row = TimelineYear(year, True, assessment.report,
                                   score_assessment(H, assessment, checked))
            rows.append(row)
            previous = (alive, row)
    return Timeline(ref(G, scope_id), used.name, from_year, to_year, tuple(rows))
