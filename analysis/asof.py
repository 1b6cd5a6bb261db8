"""The graph as of a year (DESIGN.md section 8), and which records lack their dates.

An entity *exists in year Y* when its start year is unknown or <= Y and its `closedYear` is
unknown or > Y. A relationship *holds in Y* when its `since` (else its `year`: a
partnership's, a grant's, a landing's) is unknown or <= Y, its `until` is unknown or > Y,
and both its ends exist in Y. The projections (graph/projections.py) apply these rules in
Cypher when they read one year; `graph_as_of` applies them to a projection holding several
years (the timeline's history), so both give an analysis the same graph.

A record is *undated* when nothing says when it began:

- an entity of a kind with a start year (Park, Cluster, Agency, Platform, TalentTeam,
  Project) whose start year is unknown;
- a relationship without `since` (or `year`) of a type whose start the dataset records
  apart from its ends (OWN_YEAR_RELATIONSHIPS: a location's `park_since`, the `year` of a
  links or funding row, a project's landing year);
- any other relationship (PROVIDES, SERVES_INDUSTRY, BRANCH_OF, OPERATES, ... read from
  an entity's own row) without `since` when one of its ends is undated: such a link
  starts with its ends.

Unknown years are never guessed: an undated record counts as existing in every year, and
the analyses report how many of the items they counted rest on one (analysis/undated.py).

>>> from analysis.builder import GraphBuilder
>>> G = (GraphBuilder().park("p", approvedYear=1991)
...      .agency("old", park="p", foundedYear=2005, closedYear=2012)
...      .agency("new", park="p", foundedYear=2013)
...      .agency("undated", park="p")
...      .build())
>>> sorted(graph_as_of(G, 2011).predecessors("p"))
['old', 'undated']
>>> sorted(graph_as_of(G, 2013).predecessors("p"))
['new', 'undated']
>>> node_undated(G, "undated"), node_undated(G, "new"), dated_link(G, "new", "p", "LOCATED_IN")
(True, False, False)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from analysis._graph import EdgeData, as_int, edge_type, label_of, out_adjacency, prop
from analysis.vocab import (
    CLOSED_YEAR_PROP,
    EVENT_YEAR_PROP,
    SINCE_PROP,
    START_YEAR_PROPS,
    UNTIL_PROP,
)

# graph/time.py's start_year(): the coalesce of every label's start-year property (a node
# of a given label holds only its own), so Python and Cypher agree on every node.
_START_PROPS = tuple(dict.fromkeys(START_YEAR_PROPS.values()))
AS_OF_KEY = "asOf"  # G.graph[AS_OF_KEY]: the year G was read as of (None: every year)
# Relationships whose start the dataset records apart from their ends: without a `since`
# (or `year`) of their own they are undated, whatever the dates of their ends.
OWN_YEAR_RELATIONSHIPS: frozenset[str] = frozenset({
    "LOCATED_IN", "MEMBER_OF", "PARTNERS_WITH", "SUPPORTS", "INVESTS_IN", "FUNDS", "LANDED_IN",
})


def _year(value: Any) -> int | None:
    """A year property as an int (None when unknown); ints and None, the usual cases, go
    straight."""
    if value is None or type(value) is int:
        return value
    return as_int(value)


def start_year(attrs: Mapping[str, Any]) -> int | None:
    """The start year in a node's attributes (None when unknown)."""
    for name in _START_PROPS:
        year = _year(attrs.get(name))
        if year is not None:
            return year
    return None


def exists_in(attrs: Mapping[str, Any], year: int) -> bool:
    """A node with these attributes exists in `year` (true when its years are unknown)."""
    start = start_year(attrs)
    closed = _year(attrs.get(CLOSED_YEAR_PROP))
    return (start is None or start <= year) and (closed is None or closed > year)


def link_since(data: EdgeData) -> int | None:
    """The first year a relationship holds: its `since`, else its `year` (None: unknown)."""
    since = _year(data.get(SINCE_PROP))
    return since if since is not None else _year(data.get(EVENT_YEAR_PROP))


def holds_in(data: EdgeData, year: int) -> bool:
    """The relationship with these attributes holds in `year` (its ends are not checked)."""
    since = link_since(data)
    until = _year(data.get(UNTIL_PROP))
    return (since is None or since <= year) and (until is None or until > year)


def _same(attrs: dict[str, Any]) -> dict[str, Any]:
    return attrs


EdgeId = tuple[str, str, Any]
Alive = tuple[tuple[str, ...], tuple[EdgeId, ...]]


class History:
    """A graph of several years, cut into the graph of any one year.

    Every node's and edge's years are read once, so cutting many years costs one pass over
    plain tuples each; `alive(year)` lists what exists and holds that year, in G's order,
    so two years with equal `alive` have the same graph. Each year's `alive` and shared
    graph are kept: a caller asking twice for one year (the national and the provincial
    counts of the plan's targets) cuts it once. G must not change while a History of it
    is in use.
    """

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self._nodes = [(n, start_year(d), _year(d.get(CLOSED_YEAR_PROP)))
                       for n, d in G._node.items()]
        self._edges = [(u, v, k, link_since(d), _year(d.get(UNTIL_PROP)))
                       for u, targets in G._succ.items() for v, keyed in targets.items()
                       for k, d in keyed.items()]
        self._alive: dict[int, Alive] = {}
        self._shared: dict[int, nx.MultiDiGraph] = {}

    def alive(self, year: int) -> Alive:
        """(nodes existing in `year`, (source, target, key) of edges holding in it)."""
        if year not in self._alive:
            self._alive[year] = self._cut(year)
        return self._alive[year]

    def _cut(self, year: int) -> Alive:
        nodes = tuple(n for n, start, closed in self._nodes
                      if (start is None or start <= year) and (closed is None or closed > year))
        present = set(nodes)
        edges = tuple((u, v, k) for u, v, k, since, until in self._edges
                      if u in present and v in present
                      and (since is None or since <= year) and (until is None or until > year))
        return nodes, edges

    def graph(self, year: int, alive: Alive | None = None,
              shared: bool = False) -> nx.MultiDiGraph:
        """The graph of `year`: a new graph with copies of the kept attribute dicts (with
        `shared`, the very dicts of G, and the same graph each time: for a caller that only
        reads it)."""
        if shared and (alive is None or alive is self._alive.get(year)):
            if year not in self._shared:
                self._shared[year] = self._graph(year, self.alive(year), _same)
            return self._shared[year]
        return self._graph(year, self.alive(year) if alive is None else alive,
                           _same if shared else dict)

    def _graph(self, year: int, alive: Alive,
               own: Callable[[dict[str, Any]], dict[str, Any]]) -> nx.MultiDiGraph:
        nodes, edges = alive
        G = self.G
        H = nx.MultiDiGraph()
        H.graph.update(G.graph)
        H.graph.update({AS_OF_KEY: year, "years": (year, year)})
        # Filled in place (networkx's own layout: `_succ[u][v]` and `_pred[v][u]` are one
        # key dict), because add_nodes_from / add_edges_from cost several times as much.
        node_attrs, adjacency = G._node, G._succ
        H._node = {n: own(node_attrs[n]) for n in nodes}
        succ: dict[str, dict[str, dict[Any, dict[str, Any]]]] = {n: {} for n in nodes}
        pred: dict[str, dict[str, dict[Any, dict[str, Any]]]] = {n: {} for n in nodes}
        for u, v, k in edges:
            keyed = succ[u].get(v)
            if keyed is None:
                keyed = succ[u][v] = pred[v][u] = {}
            keyed[k] = own(adjacency[u][v][k])
        H._succ, H._pred = succ, pred
        return H


def graph_as_of(G: nx.MultiDiGraph, year: int) -> nx.MultiDiGraph:
    """The graph of `year`: the entities existing and the relationships holding in it.

    `G` should hold every year (a history projection, or a hand-made graph); a graph
    already read as of `year` (`G.graph["asOf"] == year`) is returned as it is. The result
    is a new graph sharing nothing mutable with `G`; `result.graph["asOf"]` is `year`.
    """
    if G.graph.get(AS_OF_KEY) == year:
        return G
    return History(G).graph(year)


def node_undated(G: nx.MultiDiGraph, node: str) -> bool:
    """True for an entity whose kind has a start year that this one lacks."""
    name = START_YEAR_PROPS.get(label_of(G, node) or "")
    return name is not None and _year(prop(G, node, name)) is None


def link_dated(G: nx.MultiDiGraph, source: str, target: str, data: EdgeData) -> bool:
    """Whether the relationship `source` -> `target` with attributes `data` is dated: its own
    `since`/`year`, or (for a type that starts with its ends) two dated ends."""
    if link_since(data) is not None:
        return True
    if edge_type(None, data) in OWN_YEAR_RELATIONSHIPS:
        return False
    return not node_undated(G, source) and not node_undated(G, target)


def dated_link(G: nx.MultiDiGraph, source: str, target: str, rel: str) -> bool:
    """Whether some `rel` relationship from `source` to `target` is dated."""
    if source not in G:
        return False
    keyed = out_adjacency(G, source).get(target, {})
    return any(edge_type(k, d) == rel and link_dated(G, source, target, d)
               for k, d in keyed.items())
