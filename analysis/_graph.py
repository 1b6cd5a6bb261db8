"""Read helpers over the projected `networkx.MultiDiGraph` (the input contract).

Node key = entity id (stage code for ServiceStage nodes), node attributes = properties plus
`label`; every edge carries `type` (its key is the type too). Missing nodes, missing
properties and unexpected value types all read as "unknown" (None) rather than failing.

>>> from analysis.builder import worked_example
>>> G = worked_example()
>>> label_of(G, "ag-rd"), label_of(G, "nowhere"), successors(G, "ag-rd", "LOCATED_IN")
('Agency', None, ['park-a'])
>>> as_bool("yes"), as_int("2014"), as_float("n/a"), round(saturate(5, 5), 4)
(True, 2014, None, 0.6321)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import networkx as nx

from analysis.text import Bilingual, Lang
from analysis.vocab import ACTOR_LABELS, LANDED_STATUSES

EdgeData = Mapping[str, Any]


@dataclass(frozen=True)
class EntityRef:
    """An entity as results show it: id, display name and label."""

    id: str
    name: str
    label: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "label": self.label}


def label_of(G: nx.MultiDiGraph, node: str) -> str | None:
    """The node's `label` attribute, or None when the node is absent or unlabelled."""
    attrs = node_attributes(G, node)
    value = None if attrs is None else attrs.get("label")
    return value if isinstance(value, str) else None


def node_attributes(G: nx.MultiDiGraph, node: str) -> Mapping[str, Any] | None:
    """The node's attribute dict, or None when absent (raw dict access: views are slow)."""
    raw = getattr(G, "_node", None)
    if isinstance(raw, dict):
        attrs: Mapping[str, Any] | None = raw.get(node)
        return attrs
    return G.nodes[node] if node in G else None


def is_actor(G: nx.MultiDiGraph, node: str) -> bool:
    """True for Agency, Platform and TalentTeam nodes."""
    return label_of(G, node) in ACTOR_LABELS


def prop(G: nx.MultiDiGraph, node: str, name: str) -> Any:
    """A node property, or None when the node or the property is absent."""
    attrs = node_attributes(G, node)
    return None if attrs is None else attrs.get(name)


def name_of(G: nx.MultiDiGraph, node: str) -> str:
    """The node's `name`, falling back to `nameZh` and then to its id."""
    for key in ("name", "nameZh"):
        value = prop(G, node, key)
        if isinstance(value, str) and value:
            return value
    return str(node)


def name_in(G: nx.MultiDiGraph, node: str, lang: Lang) -> str:
    """The node's name for people reading `lang`: `nameZh` in Chinese when there is one,
    else `name_of`."""
    if lang == "zh":
        value = prop(G, node, "nameZh")
        if isinstance(value, str) and value:
            return value
    return name_of(G, node)


def names_of(G: nx.MultiDiGraph, node: str) -> Bilingual:
    """Both names of the node, for a Phrase rendered later in either language."""
    return Bilingual(name_of(G, node), name_in(G, node, "zh"))


_REFS: ContextVar[dict[str, EntityRef] | None] = ContextVar("entity_refs", default=None)


@contextmanager
def memoized_refs() -> Iterator[None]:
    """Within the block, `ref` makes each node's EntityRef once, whatever the graph: for
    analyses of several graphs of one history (a timeline), whose nodes keep their names."""
    token = _REFS.set({})
    try:
        yield
    finally:
        _REFS.reset(token)


def ref(G: nx.MultiDiGraph, node: str) -> EntityRef:
    """An `EntityRef` for `node` (works for nodes absent from G, with label None)."""
    memo = _REFS.get()
    if memo is None or node not in G:
        return EntityRef(str(node), name_of(G, node), label_of(G, node))
    found = memo.get(node)
    if found is None:
        found = memo[node] = EntityRef(str(node), name_of(G, node), label_of(G, node))
    return found


def edge_type(key: Any, data: EdgeData) -> str:
    """The relationship type of an edge: its `type` attribute, else its key."""
    value = data.get("type", key)
    return str(value)


def out_adjacency(G: nx.MultiDiGraph, node: str) -> Mapping[str, Mapping[Any, EdgeData]]:
    """{target: {key: attributes}} of `node` (the raw dict when available: views are slow)."""
    raw = getattr(G, "_succ", None)
    adjacency: Mapping[str, Mapping[Any, EdgeData]] = (
        raw[node] if isinstance(raw, dict) else G.succ[node]
    )
    return adjacency


def in_adjacency(G: nx.MultiDiGraph, node: str) -> Mapping[str, Mapping[Any, EdgeData]]:
    """{source: {key: attributes}} of `node`."""
    raw = getattr(G, "_pred", None)
    adjacency: Mapping[str, Mapping[Any, EdgeData]] = (
        raw[node] if isinstance(raw, dict) else G.pred[node]
    )
    return adjacency


def out_edges(G: nx.MultiDiGraph, node: str, rel: str) -> Iterator[tuple[str, EdgeData]]:
    """(target, edge attributes) for every `rel` edge leaving `node`."""
    if node not in G:
        return
    for target, keyed in out_adjacency(G, node).items():
        for key, data in keyed.items():
            if data.get("type", key) == rel:
                yield target, data


def in_edges(G: nx.MultiDiGraph, node: str, rel: str) -> Iterator[tuple[str, EdgeData]]:
    """(source, edge attributes) for every `rel` edge entering `node`."""
    if node not in G:
        return
    for source, keyed in in_adjacency(G, node).items():
        for key, data in keyed.items():
            if data.get("type", key) == rel:
                yield source, data


def successors(G: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Distinct targets of `rel` edges leaving `node`, in adjacency order."""
    return list(dict.fromkeys(target for target, _ in out_edges(G, node, rel)))


def predecessors(G: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    """Distinct sources of `rel` edges entering `node`, in adjacency order."""
    return list(dict.fromkeys(source for source, _ in in_edges(G, node, rel)))


def walk(G: nx.MultiDiGraph, start: Iterable[str], rel: str, *, upward: bool) -> list[str]:
    """Nodes reachable from `start` over `rel` edges (out if `upward`, else in), nearest first.

    The start nodes themselves are not included unless reached again through a cycle.
    """
    step = successors if upward else predecessors
    seen: set[str] = set(start)
    order: list[str] = []
    frontier = sorted(seen)
    while frontier:
        following: list[str] = []
        for node in frontier:
            for nxt in sorted(step(G, node, rel)):
                if nxt not in seen:
                    seen.add(nxt)
                    order.append(nxt)
                    following.append(nxt)
        frontier = following
    return order


def as_int(value: Any) -> int | None:
    """An int from an int, an integral float or a numeric string; else None."""
    number = as_float(value)
    return None if number is None else int(number)


def as_float(value: Any) -> float | None:
    """A finite float from a number or numeric string; booleans and junk read as None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def as_bool(value: Any) -> bool | None:
    """True/False from a bool, 0/1 or yes/no/true/false text; else None (unknown)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"true", "yes", "1", "y", "t"}:
            return True
        if text in {"false", "no", "0", "n", "f"}:
            return False
    return None


def first_year(G: nx.MultiDiGraph, node: str, *names: str) -> int | None:
    """The first of the named year properties that holds a number."""
    for name in names:
        year = as_int(prop(G, node, name))
        if year is not None:
            return year
    return None


def is_landed_project(G: nx.MultiDiGraph, project: str) -> bool:
    """A project counts as landed unless its status says it is still proposed/transferring."""
    status = prop(G, project, "status")
    return status is None or status in LANDED_STATUSES


def with_article(word: str) -> str:
    """ "an Agency", "a Park"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def saturate(value: float, scale: float) -> float:
    """The saturating transform 1 - exp(-value/scale): 0 at 0, 0.63 at `scale`, -> 1."""
    if value <= 0:
        return 0.0
    return 1.0 - math.exp(-value / scale)
