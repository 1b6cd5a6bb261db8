"""GraphQL object types for every node label of the graph model."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

import strawberry


def _dt(value: Any) -> datetime | None:
    if value is None:
        return None
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native else value  # type: ignore[no-any-return]


@strawberry.interface(description="An object with a globally unique id (Relay).")
class Node:
    id: strawberry.ID


@strawberry.interface(description="Fields every entity of the graph carries.")
class Entity(Node):
    name: str
    name_zh: str | None
    synthetic: bool | None
    source: str | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> Self:
        values = {f: props.get(_camel(f)) for f in cls.__annotations__ if f != "id"}
        base = {
            "id": props["id"], "name": props.get("name", ""), "name_zh": props.get("nameZh"),
            "synthetic": props.get("synthetic"), "source": props.get("source"),
            "created_at": _dt(props.get("createdAt")), "updated_at": _dt(props.get("updatedAt")),
        }
        values.update(base)
        return cls(**values)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@strawberry.type
class Region(Entity):
    kind: str | None


@strawberry.type
class Industry(Entity):
    category: str | None


@strawberry.type
class Park(Entity):
    level: str | None
    approved_year: int | None
    pilot: bool | None
    pilot_year: int | None


@strawberry.type
class Cluster(Entity):
    kind: str | None
    established_year: int | None


@strawberry.type
class Agency(Entity):
    kind: str | None
    level: str | None
    backbone: bool | None
    founded_year: int | None
    staff: int | None


@strawberry.type
class Platform(Entity):
    kind: str | None
    open: bool | None
    established_year: int | None


@strawberry.type
class TalentTeam(Entity):
    kind: str | None
    size: int | None
    established_year: int | None


@strawberry.type
class Project(Entity):
    program: str | None
    status: str | None
    contract_value_million_cny: float | None
    year: int | None


TYPE_BY_LABEL: dict[str, type[Entity]] = {
    "Region": Region, "Industry": Industry, "Park": Park, "Cluster": Cluster,
    "Agency": Agency, "Platform": Platform, "TalentTeam": TalentTeam, "Project": Project,
}


def entity_from_record(label: str, props: dict[str, Any]) -> Entity:
    return TYPE_BY_LABEL[label].from_props(props)
