"""Hypothetical changes to a graph, applied to a copy (never to the input).

Operations: add_actor, remove_actor, update_actor, add_provision, remove_provision,
add_link, remove_link. Changes are validated in order against the graph as changed so far,
so a change may refer to an actor added by an earlier one.

>>> from analysis.builder import worked_example
>>> G = worked_example()
>>> H = apply_changes(G, [
...     {"op": "add_actor", "label": "Agency", "id": "new-tt", "parkId": "park-a",
...      "stages": ["technology_transfer"], "industries": ["new-materials"]},
...     {"op": "add_link", "type": "PARTNERS_WITH", "source": "new-tt", "target": "ag-ip"},
... ])
>>> "new-tt" in H, "new-tt" in G
(True, False)
>>> try:
...     apply_changes(G, [{"op": "remove_actor", "id": "park-a"}])
... except ChangeError as error:
...     print(error)
change 1 (remove_actor): 'park-a' is a Park, not an agency, platform or talent team
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import networkx as nx

from analysis._graph import edge_type, label_of, with_article
from analysis.vocab import (
    ACTOR_LABELS,
    KINDS,
    LINK_RULES,
    STAGE_CODES,
    STAGE_LABEL,
    STAGE_NAMES,
)

PROTECTED_PROPERTIES = frozenset({"id", "label"})


class ChangeError(ValueError):
    """An invalid change; the message names the change's position and operation."""


class ChangeOp(StrEnum):
    ADD_ACTOR = "add_actor"
    REMOVE_ACTOR = "remove_actor"
    UPDATE_ACTOR = "update_actor"
    ADD_PROVISION = "add_provision"
    REMOVE_PROVISION = "remove_provision"
    ADD_LINK = "add_link"
    REMOVE_LINK = "remove_link"


_ALIASES = {"parkId": "park_id", "actorId": "id", "sourceId": "source", "targetId": "target",
            "relationshipType": "type", "stageCode": "stage"}


@dataclass(frozen=True)
class Change:
    """One hypothetical change. Fields used per operation:

    add_actor: label, id, name, kind, park_id, stages, industries, properties;
    remove_actor: id; update_actor: id, properties; add/remove_provision: id, stage;
    add/remove_link: type, source, target, properties (add only).
    """

    op: ChangeOp
    id: str | None = None
    label: str | None = None
    name: str | None = None
    kind: str | None = None
    park_id: str | None = None
    stages: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    stage: str | None = None
    type: str | None = None
    source: str | None = None
    target: str | None = None
    properties: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        """A Change from a mapping with snake_case or camelCase keys (`parkId`)."""
        values = {_ALIASES.get(key, key): value for key, value in data.items()
                  if value is not None}
        allowed = set(cls.__dataclass_fields__)
        unknown = sorted(set(values) - allowed)
        if unknown:
            raise ChangeError(f"unknown change field(s): {', '.join(unknown)}")
        try:
            values["op"] = ChangeOp(str(values.get("op", "")).lower())
        except ValueError:
            ops = ", ".join(op.value for op in ChangeOp)
            raise ChangeError(
                f"unknown change op {data.get('op')!r}; expected one of {ops}"
            ) from None
        for key in ("stages", "industries"):
            if key in values:
                if isinstance(values[key], str) or not isinstance(values[key], Iterable):
                    raise ChangeError(f"{key} must be a list")
                values[key] = tuple(str(v) for v in values[key])
        if "properties" in values and not isinstance(values["properties"], Mapping):
            raise ChangeError("properties must be an object")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op.value}
        for name in ("id", "label", "name", "kind", "park_id", "stage", "type", "source",
                     "target"):
            value = getattr(self, name)
            if value is not None:
                out["parkId" if name == "park_id" else name] = value
        if self.stages:
            out["stages"] = list(self.stages)
        if self.industries:
            out["industries"] = list(self.industries)
        if self.properties:
            out["properties"] = dict(self.properties)
        return out


def as_change(change: Change | Mapping[str, Any]) -> Change:
    """Accept a Change or its dict form."""
    return change if isinstance(change, Change) else Change.from_dict(change)


def _require(value: str | None, what: str) -> str:
    if not value:
        raise ValueError(f"{what} is required")
    return value


def _require_label(G: nx.MultiDiGraph, node: str, labels: Iterable[str], what: str) -> None:
    if node not in G:
        raise ValueError(f"unknown {what} {node!r}")
    label = label_of(G, node)
    allowed = tuple(labels)
    if label not in allowed:
        raise ValueError(f"{node!r} is {with_article(str(label))}, not {what_of(allowed)}")


def what_of(labels: tuple[str, ...]) -> str:
    if labels == ACTOR_LABELS:
        return "an agency, platform or talent team"
    return " or ".join(labels)


def _ensure_stage(G: nx.MultiDiGraph, code: str) -> None:
    if code not in STAGE_CODES:
        raise ValueError(f"unknown stage {code!r}; expected one of {', '.join(STAGE_CODES)}")
    if code not in G:
        name, name_zh = STAGE_NAMES[code]
        G.add_node(code, label=STAGE_LABEL, code=code, name=name, nameZh=name_zh,
                   order=STAGE_CODES.index(code) + 1)


def _add_edge(G: nx.MultiDiGraph, source: str, rel: str, target: str,
              props: Mapping[str, Any] | None = None) -> None:
    key, number = rel, 1
    while G.has_edge(source, target, key):
        number += 1
        key = f"{rel}#{number}"
    G.add_edge(source, target, key=key, type=rel, **dict(props or {}))


def _add_actor(G: nx.MultiDiGraph, c: Change) -> None:
    label = _require(c.label, "label")
    if label not in ACTOR_LABELS:
        raise ValueError(f"label must be one of {', '.join(ACTOR_LABELS)}, not {label!r}")
    actor = _require(c.id, "id")
    if actor in G:
        raise ValueError(f"id {actor!r} already exists")
    if c.kind is not None and c.kind not in KINDS[label]:
        raise ValueError(f"unknown {label} kind {c.kind!r}; expected one of "
                         f"{', '.join(KINDS[label])}")
    if c.park_id is not None:
        _require_label(G, c.park_id, ("Park",), "park")
    for industry in c.industries:
        _require_label(G, industry, ("Industry",), "industry")
    for code in c.stages:
        _ensure_stage(G, code)
    props = _checked_properties(c.properties)
    G.add_node(actor, **props, label=label, id=actor, name=c.name or actor,
               **({} if c.kind is None else {"kind": c.kind}), hypothetical=True)
    if c.park_id is not None:
        _add_edge(G, actor, "LOCATED_IN", c.park_id)
    for code in c.stages:
        _add_edge(G, actor, "PROVIDES", code)
    for industry in c.industries:
        _add_edge(G, actor, "SERVES_INDUSTRY", industry)


def _checked_properties(properties: Mapping[str, Any]) -> dict[str, Any]:
    bad = sorted(PROTECTED_PROPERTIES & set(properties))
    if bad:
        raise ValueError(f"properties may not set {', '.join(bad)}")
    for key, value in properties.items():
        if not (value is None or isinstance(value, str | int | float | bool)):
            raise ValueError(f"property {key!r} must be a string, number, boolean or null")
    return dict(properties)


def _remove_actor(G: nx.MultiDiGraph, c: Change) -> None:
    actor = _require(c.id, "id")
    _require_label(G, actor, ACTOR_LABELS, "actor")
    G.remove_node(actor)


def _update_actor(G: nx.MultiDiGraph, c: Change) -> None:
    actor = _require(c.id, "id")
    _require_label(G, actor, ACTOR_LABELS, "actor")
    props = _checked_properties(c.properties)
    if "kind" in props and props["kind"] not in KINDS[str(label_of(G, actor))]:
        raise ValueError(f"unknown kind {props['kind']!r} for {label_of(G, actor)}")
    G.nodes[actor].update(props)


def _edges_between(G: nx.MultiDiGraph, source: str, target: str, rel: str) -> list[Any]:
    if not G.has_edge(source, target):
        return []
    return [k for k, d in G[source][target].items() if edge_type(k, d) == rel]


def _add_provision(G: nx.MultiDiGraph, c: Change) -> None:
    actor, code = _require(c.id, "id"), _require(c.stage, "stage")
    _require_label(G, actor, ACTOR_LABELS, "actor")
    _ensure_stage(G, code)
    if not _edges_between(G, actor, code, "PROVIDES"):
        _add_edge(G, actor, "PROVIDES", code)


def _remove_provision(G: nx.MultiDiGraph, c: Change) -> None:
    actor, code = _require(c.id, "id"), _require(c.stage, "stage")
    keys = _edges_between(G, actor, code, "PROVIDES") if actor in G else []
    if not keys:
        raise ValueError(f"{actor!r} does not provide {code!r}")
    for key in keys:
        G.remove_edge(actor, code, key)


def _link_endpoints(G: nx.MultiDiGraph, c: Change) -> tuple[str, str, str]:
    rel = _require(c.type, "type")
    if rel not in LINK_RULES:
        raise ValueError(f"unknown relationship type {rel!r}; expected one of "
                         f"{', '.join(LINK_RULES)}")
    return rel, _require(c.source, "source"), _require(c.target, "target")


def _add_link(G: nx.MultiDiGraph, c: Change) -> None:
    rel, source, target = _link_endpoints(G, c)
    sources, targets = LINK_RULES[rel]
    _require_label(G, source, sources, f"{rel} source")
    _require_label(G, target, targets, f"{rel} target")
    if rel == "PART_OF" and label_of(G, source) != label_of(G, target):
        raise ValueError("PART_OF links a region to a region or an industry to an industry")
    if source == target:
        raise ValueError("a link needs two different nodes")
    _add_edge(G, source, rel, target, _checked_properties(c.properties))


def _remove_link(G: nx.MultiDiGraph, c: Change) -> None:
    rel, source, target = _link_endpoints(G, c)
    keys = _edges_between(G, source, target, rel)
    if not keys and rel == "PARTNERS_WITH":  # undirected meaning: either direction
        source, target = target, source
        keys = _edges_between(G, source, target, rel)
    if not keys:
        raise ValueError(f"no {rel} link from {c.source!r} to {c.target!r}")
    for key in keys:
        G.remove_edge(source, target, key)


_APPLY = {
    ChangeOp.ADD_ACTOR: _add_actor,
    ChangeOp.REMOVE_ACTOR: _remove_actor,
    ChangeOp.UPDATE_ACTOR: _update_actor,
    ChangeOp.ADD_PROVISION: _add_provision,
    ChangeOp.REMOVE_PROVISION: _remove_provision,
    ChangeOp.ADD_LINK: _add_link,
    ChangeOp.REMOVE_LINK: _remove_link,
}


def apply_changes(
    G: nx.MultiDiGraph, changes: Iterable[Change | Mapping[str, Any]]
) -> nx.MultiDiGraph:
    """A copy of G with `changes` applied in order; G itself is never modified.

    Raises ChangeError ("change <n> (<op>): <reason>", n from 1) for the first bad change.
    """
    H = G.copy()
    for position, raw in enumerate(changes, start=1):
        try:
            change = as_change(raw)
        except (ChangeError, TypeError) as exc:
            raise ChangeError(f"change {position}: {exc}") from exc
        try:
            _APPLY[change.op](H, change)
        except ValueError as exc:
            raise ChangeError(f"change {position} ({change.op.value}): {exc}") from exc
    return H
