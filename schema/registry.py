"""What the GraphQL object types expose, as data: scalar fields and relationship fields.

The types (schema/types.py), the filter and sort inputs (schema/inputs.py) and the Cypher
compiler (schema/compiler.py) are all generated from this one description, the way
`@neo4j/graphql` generates its API from type definitions. Relationship types and labels
here come from graph.model's allow-lists only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from graph.model import ENTITY_SPECS, FieldType
from schema.enums import field_enum


class Direction(str, Enum):
    OUT = "OUT"
    IN = "IN"
    BOTH = "BOTH"


class ScalarKind(str, Enum):
    ID = "ID"
    STRING = "String"
    INT = "Int"
    FLOAT = "Float"
    BOOLEAN = "Boolean"
    DATETIME = "DateTime"
    ENUM = "Enum"  # a GraphQL enum of the model's codes (ScalarField.enum says which)


@dataclass(frozen=True)
class ScalarField:
    name: str  # GraphQL field name == graph property name (camelCase)
    kind: ScalarKind
    description: str = ""
    required: bool = False
    filterable: bool = True
    sortable: bool = True
    enum: Any = None  # the strawberry enum of an ENUM field (schema/enums.py)


@dataclass(frozen=True)
class RelField:
    """A field that follows one relationship type to nodes of `target` type."""

    name: str
    rel_type: str
    direction: Direction
    target: str  # a GraphQL type name: a label, "ServiceStage" or "Entity"
    target_labels: tuple[str, ...]
    many: bool
    description: str

    def pattern(self, source: str, rel: str, node: str) -> str:
        """`(source)-[rel:TYPE]->(node:Label)` in this field's direction."""
        label = "ServiceStage" if self.target == "ServiceStage" else "Entity"
        if len(self.target_labels) == 1:
            label = self.target_labels[0]
        left = "<-" if self.direction is Direction.IN else "-"
        right = "->" if self.direction is Direction.OUT else "-"
        return f"({source}){left}[{rel}:{self.rel_type}]{right}({node}:{label})"


COMMON_SCALARS: tuple[ScalarField, ...] = (
    ScalarField("id", ScalarKind.ID, "Unique id across all entities.", required=True),
    ScalarField("name", ScalarKind.STRING, "English name.", required=True),
    ScalarField("nameZh", ScalarKind.STRING, "Chinese name."),
    ScalarField("synthetic", ScalarKind.BOOLEAN, "True for generated (non-factual) data."),
    ScalarField("source", ScalarKind.STRING, "Dataset the entity was loaded from."),
    ScalarField("createdAt", ScalarKind.DATETIME, filterable=False),
    ScalarField("updatedAt", ScalarKind.DATETIME, filterable=False),
)

_KIND_OF_FIELD = {
    FieldType.STR: ScalarKind.STRING,
    FieldType.ENUM: ScalarKind.ENUM,
    FieldType.INT: ScalarKind.INT,
    FieldType.FLOAT: ScalarKind.FLOAT,
    FieldType.BOOL: ScalarKind.BOOLEAN,
}

# Descriptions of entity properties that say more than their name.
_PROP_DESCRIPTIONS = {
    "closedYear": "First year in which it no longer exists (null: it still exists, or "
                  "unknown).",
}

ACTORS = ("Agency", "Platform", "TalentTeam")
ALL_ENTITIES = tuple(s.label for s in ENTITY_SPECS)


def _rel(name: str, rel_type: str, direction: Direction, target: str, many: bool,
         description: str, labels: tuple[str, ...] | None = None) -> RelField:
    return RelField(name, rel_type, direction, target, labels or (target,), many, description)


OUT, IN, BOTH = Direction.OUT, Direction.IN, Direction.BOTH

_PROVIDER_FIELDS = (
    _rel("park", "LOCATED_IN", OUT, "Park", False, "The park it is located in."),
    _rel("stages", "PROVIDES", OUT, "ServiceStage", True, "Service stages it provides."),
    _rel("industries", "SERVES_INDUSTRY", OUT, "Industry", True, "Industries it serves."),
    _rel("supports", "SUPPORTS", OUT, "Project", True, "Projects it supports (role, year)."),
    _rel("clusters", "MEMBER_OF", OUT, "Cluster", True, "Clusters it is a member of."),
)
_FUNDED = _rel("funders", "FUNDS", IN, "Entity", True,
               "Who funds it (program, amountMillionCny, year).", ALL_ENTITIES)
_PARTNERS = _rel("partners", "PARTNERS_WITH", BOTH, "Entity", True,
                 "Partners, in either direction (year, weight).", ("Agency", "Platform"))

REL_FIELDS: dict[str, tuple[RelField, ...]] = {
    "Region": (
        _rel("parent", "PART_OF", OUT, "Region", False, "The province of a city."),
        _rel("children", "PART_OF", IN, "Region", True, "Cities of a province."),
        _rel("parks", "IN_REGION", IN, "Park", True, "Parks in this region (not recursive)."),
        _rel("funds", "FUNDS", OUT, "Entity", True, "What this region funds.",
             ("Park", "Agency", "Platform")),
    ),
    "Industry": (
        _rel("parent", "PART_OF", OUT, "Industry", False, "The broader industry."),
        _rel("children", "PART_OF", IN, "Industry", True, "Narrower industries."),
        _rel("parks", "FOCUSES_ON", IN, "Park", True, "Parks focusing on it."),
        _rel("clusters", "FOCUSES_ON", IN, "Cluster", True, "Clusters focusing on it."),
        _rel("providers", "SERVES_INDUSTRY", IN, "Entity", True,
             "Agencies, platforms and teams serving it.", ACTORS),
        _rel("projects", "IN_INDUSTRY", IN, "Project", True, "Projects in this industry."),
    ),
    "Park": (
        _rel("region", "IN_REGION", OUT, "Region", False, "The city (or province) it is in."),
        _rel("industries", "FOCUSES_ON", OUT, "Industry", True, "Focus industries."),
        _rel("agencies", "LOCATED_IN", IN, "Agency", True, "Service agencies located here."),
        _rel("platforms", "LOCATED_IN", IN, "Platform", True, "Public platforms located here."),
        _rel("talentTeams", "LOCATED_IN", IN, "TalentTeam", True, "Talent teams located here."),
        _rel("clusters", "LOCATED_IN", IN, "Cluster", True, "Clusters in this park."),
        _rel("projects", "LANDED_IN", IN, "Project", True, "Projects landed here (year)."),
        _FUNDED,
    ),
    "Cluster": (
        _rel("parks", "LOCATED_IN", OUT, "Park", True, "Parks the cluster spans."),
        _rel("industries", "FOCUSES_ON", OUT, "Industry", True, "Focus industries."),
        _rel("members", "MEMBER_OF", IN, "Entity", True,
             "Explicit members (beyond location).", ALL_ENTITIES),
    ),
    "Agency": (
        *_PROVIDER_FIELDS,
        _rel("parent", "BRANCH_OF", OUT, "Agency", False, "The agency this is a branch of."),
        _rel("branches", "BRANCH_OF", IN, "Agency", True, "Branches of this agency."),
        _rel("platforms", "OPERATES", OUT, "Platform", True, "Platforms it operates."),
        _rel("teams", "AFFILIATED_WITH", IN, "TalentTeam", True, "Affiliated talent teams."),
        _rel("investments", "INVESTS_IN", OUT, "Project", True,
             "Projects it invests in (amountMillionCny, year)."),
        _PARTNERS,
        _FUNDED,
        _rel("funds", "FUNDS", OUT, "Entity", True, "What it funds.",
             ("Park", "Agency", "Platform")),
    ),
    "Platform": (
        *_PROVIDER_FIELDS,
        _rel("operator", "OPERATES", IN, "Agency", False, "The agency operating it."),
        _PARTNERS,
        _FUNDED,
    ),
    "TalentTeam": (
        *_PROVIDER_FIELDS,
        _rel("affiliation", "AFFILIATED_WITH", OUT, "Agency", False, "Its host agency."),
    ),
    "Project": (
        _rel("park", "LANDED_IN", OUT, "Park", False, "Where it landed (year)."),
        _rel("industries", "IN_INDUSTRY", OUT, "Industry", True, "Its industries."),
        _rel("supporters", "SUPPORTS", IN, "Entity", True, "Supporting actors (role, year).",
             ACTORS),
        _rel("investors", "INVESTS_IN", IN, "Agency", True,
             "Investing agencies (amountMillionCny, year)."),
    ),
    "ServiceStage": (
        _rel("providers", "PROVIDES", IN, "Entity", True,
             "Agencies, platforms and talent teams providing this stage.", ACTORS),
    ),
}

STAGE_SCALARS: tuple[ScalarField, ...] = (
    ScalarField("code", ScalarKind.ID, "Stage code (State Council 2014 taxonomy).", True),
    ScalarField("name", ScalarKind.STRING, required=True),
    ScalarField("nameZh", ScalarKind.STRING),
    ScalarField("order", ScalarKind.INT, "Position in the taxonomy."),
)


def scalar_fields(type_name: str) -> tuple[ScalarField, ...]:
    """Scalar fields of a GraphQL type: common entity fields plus its own properties."""
    if type_name == "ServiceStage":
        return STAGE_SCALARS
    if type_name == "Entity":
        return COMMON_SCALARS
    spec = next(s for s in ENTITY_SPECS if s.label == type_name)
    own = tuple(
        ScalarField(f.prop, _KIND_OF_FIELD[f.type], _PROP_DESCRIPTIONS.get(f.prop, ""),
                    enum=field_enum(type_name, f.prop) if f.type is FieldType.ENUM else None)
        for f in spec.all_fields
        if f.prop not in {"id", "name", "nameZh", "synthetic"}
    )
    return COMMON_SCALARS + own


def rel_fields(type_name: str) -> tuple[RelField, ...]:
    return REL_FIELDS.get(type_name, ())


def rel_field(type_name: str, name: str) -> RelField | None:
    return next((r for r in rel_fields(type_name) if r.name == name), None)


OBJECT_TYPES: tuple[str, ...] = (*ALL_ENTITIES, "ServiceStage")
ROOT_LIST_FIELDS: dict[str, str] = {
    "regions": "Region", "industries": "Industry", "parks": "Park", "clusters": "Cluster",
    "agencies": "Agency", "platforms": "Platform", "talentTeams": "TalentTeam",
    "projects": "Project",
}
