"""Which of the items an analysis counted rest on a missing date (DESIGN.md section 8).

Unknown years are never guessed: an undated entity or link counts as existing in every
year. So every analysis reports, next to each figure, how many of the items it counted
were undated (`undated_count`), and a planner knows how much of the figure rests on
missing dates. The record-level rule is in analysis/asof.py; the items built from several
records are undated when any record they rest on is:

- an **actor in a scope**: it has no start year, or none of the links placing it in the
  scope (LOCATED_IN one of the scope's parks, MEMBER_OF the cluster) has a `since`;
- a **provision** (an actor providing a stage in a scope): the actor in the scope is
  undated (a PROVIDES link starts with its actor unless it has a `since` of its own);
- a **collaboration tie** between two actors: none of the links it rests on is dated (a
  PARTNERS_WITH link with a `year`/`since`; a BRANCH_OF, OPERATES or AFFILIATED_WITH link
  with a `since`, or between two actors with start years; a shared project both of whose
  SUPPORTS links carry a year).

The network measures (analysis/network.py) count ties and members; their undated counts
are `undated_ties_of` (a centrality entry: the actor's ties), `undated_members` (a
community) and `undated_broker_ties` (a broker: the ties that make it one).

>>> from analysis.builder import GraphBuilder
>>> from analysis.scope import resolve_scope
>>> G = (GraphBuilder().park("p")
...      .agency("a", foundedYear=2010, stages=["finance"]).agency("b", park="p")
...      .link("a", "LOCATED_IN", "p", since=2012).link("a", "PARTNERS_WITH", "b", year=2013)
...      .build())
>>> scope = resolve_scope(G, "p")
>>> actor_undated(G, scope, "a"), actor_undated(G, scope, "b")
(False, True)
>>> provision_undated(G, scope, "a", "finance"), provision_undated(G, scope, "b", "finance")
(False, True)
>>> tie_undated(G, "a", "b")      # the partnership has a year
False
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import networkx as nx

from analysis._graph import edge_type, in_adjacency, out_adjacency, out_edges, successors
from analysis.asof import dated_link, link_dated, node_undated
from analysis.collab import collaboration_neighbours
from analysis.scope import Scope
from analysis.vocab import DIRECT_COLLABORATION_TYPES


def placement_undated(G: nx.MultiDiGraph, scope: Scope, actor: str) -> bool:
    """No link placing `actor` in the scope has a start year."""
    if any(dated_link(G, actor, park, "LOCATED_IN") for park in scope.parks):
        return False
    return not (scope.label == "Cluster" and dated_link(G, actor, scope.id, "MEMBER_OF"))


def actor_undated(G: nx.MultiDiGraph, scope: Scope, actor: str) -> bool:
    """The actor's presence in the scope rests on a missing date."""
    return node_undated(G, actor) or placement_undated(G, scope, actor)


def provision_undated(G: nx.MultiDiGraph, scope: Scope, actor: str, code: str) -> bool:
    """The actor's provision of stage `code` in the scope rests on a missing date."""
    return actor_undated(G, scope, actor) or not dated_link(G, actor, code, "PROVIDES")


def undated_actors(G: nx.MultiDiGraph, scope: Scope) -> frozenset[str]:
    """The scope's actors whose presence in it is undated (so are all their provisions: a
    PROVIDES link without a `since` starts with its actor, and a dated actor's does)."""
    return frozenset(a for a in scope.actors if actor_undated(G, scope, a))


_TIES: ContextVar[tuple[nx.MultiDiGraph, dict[tuple[str, str], bool]] | None] = ContextVar(
    "undated_ties_memo", default=None)


@contextmanager
def memoized_tie_dates(G: nx.MultiDiGraph) -> Iterator[None]:
    """Within the block, `tie_undated(G, a, b)` looks at each pair once (the score asks
    about the same ties for cohesion, brokerage and outside links); G must not change."""
    token = _TIES.set((G, {}))
    try:
        yield
    finally:
        _TIES.reset(token)


def tie_undated(G: nx.MultiDiGraph, a: str, b: str) -> bool:
    """No link the collaboration tie between `a` and `b` rests on is dated."""
    memo = _TIES.get()
    if memo is None or memo[0] is not G:
        return _tie_undated(G, a, b)
    pair = (a, b) if a < b else (b, a)
    found = memo[1].get(pair)
    if found is None:
        found = memo[1][pair] = _tie_undated(G, a, b)
    return found


def _tie_undated(G: nx.MultiDiGraph, a: str, b: str) -> bool:
    for source, target, keyed in ((a, b, out_adjacency(G, a).get(b, {})),
                                  (b, a, in_adjacency(G, a).get(b, {}))):
        for key, data in keyed.items():
            if edge_type(key, data) in DIRECT_COLLABORATION_TYPES and \
                    link_dated(G, source, target, data):
                return False
    supported = {p for p, d in out_edges(G, a, "SUPPORTS") if link_dated(G, a, p, d)}
    return not any(p in supported and link_dated(G, b, p, d)
                   for p, d in out_edges(G, b, "SUPPORTS"))


def count_undated_ties(G: nx.MultiDiGraph, pairs: Iterable[tuple[str, str]]) -> int:
    """How many of the distinct (unordered) actor pairs are undated ties."""
    distinct = {(a, b) if a < b else (b, a) for a, b in pairs}
    return sum(1 for a, b in distinct if tie_undated(G, a, b))


def undated_ties_of(G: nx.MultiDiGraph, actor: str) -> int:
    """How many of the actor's collaboration ties are undated."""
    return sum(1 for other in collaboration_neighbours(G, actor) if tie_undated(G, actor, other))


def undated_members(G: nx.MultiDiGraph, members: Iterable[str], scope: Scope | None = None
                    ) -> int:
    """Members without a start year (or, in a scope, whose presence there is undated)."""
    if scope is None:
        return sum(1 for m in members if node_undated(G, m))
    return sum(1 for m in members if actor_undated(G, scope, m))


def undated_broker_ties(G: nx.MultiDiGraph, scope: Scope, actor: str,
                        bridged_to: Iterable[str], outside: Iterable[str]) -> int:
    """Undated ties among those making `actor` a broker: to scope actors providing a stage
    it bridges to, and to the outside partners."""
    stages = set(bridged_to)
    ties = [(actor, o) for o in collaboration_neighbours(G, actor)
            if o in scope.actor_set and stages & set(successors(G, o, "PROVIDES"))]
    return count_undated_ties(G, [*ties, *((actor, o) for o in outside)])
