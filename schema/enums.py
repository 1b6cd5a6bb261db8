"""GraphQL enums for every enum-like value, generated from the model's allow-lists.

One place: each enum below is built from a tuple of graph/model.py (or graph/lifecycle.py
for pilots), so a code added there appears in the schema. GraphQL values are UPPER_CASE
(`TECH_TRANSFER`) and stand for the stored lower-case code (`tech_transfer`): the Python
member's value is the code, which is what Neo4j and the dataset files keep. Labels and
relationship types keep their stored spelling as the value (`TalentTeam` is
`TALENT_TEAM`; `PARTNERS_WITH` is itself).

A typo is then a validation error naming the enum ("Value 'TECH_TRANSFR' does not exist
in 'AgencyKind' enum"), not an empty answer.

No `from __future__ import annotations`: the enums are built at import time.
"""

import enum
from typing import Any

import strawberry

from analysis.text import has, label
from graph.lifecycle import PILOT_TYPES, STATUSES
from graph.model import (
    ACTOR_LABELS,
    ENTITY_LABELS,
    ENTITY_SPECS,
    INDICATOR_UNITS,
    RELATIONSHIP_TYPES,
    STAGE_CODES,
    FieldType,
)


def enum_name(code: str) -> str:
    """The GraphQL value of a stored code: `tech_transfer` → `TECH_TRANSFER`,
    `TalentTeam` → `TALENT_TEAM`, `PARTNERS_WITH` stays."""
    if code.isupper():
        return code
    spaced = "".join(f"_{c}" if c.isupper() and i else c for i, c in enumerate(code))
    return spaced.upper()


def _value(code: str, group: str | None) -> Any:
    """The member's value: the code, described by the catalogue's text when it has one."""
    if group is None or not has(group, code):
        return code
    return strawberry.enum_value(code, description=f"{label(group, code, 'zh')} "
                                                   f"({label(group, code, 'en')})")


def code_enum(name: str, codes: tuple[str, ...], description: str,
              group: str | None = None) -> Any:
    """A strawberry enum named `name` whose members are `codes` (UPPER_CASE names,
    the codes as values); `group`: the catalogue group describing each value."""
    members = {enum_name(code): _value(code, group) for code in codes}
    return strawberry.enum(enum.Enum(name, members),  # type: ignore[misc]
                           description=description)


def _field_enum_name(entity: str, prop: str) -> str:
    return f"{entity}{prop[0].upper()}{prop[1:]}"


def _field_enums() -> dict[tuple[str, str], Any]:
    """(label, property) -> enum, for every enum field of every entity kind."""
    found: dict[tuple[str, str], Any] = {}
    for spec in ENTITY_SPECS:
        for field in spec.all_fields:
            if field.type is FieldType.ENUM:
                group = "talent" if spec.label == "TalentTeam" else None
                found[(spec.label, field.prop)] = code_enum(
                    _field_enum_name(spec.label, field.prop), field.choices,
                    f"`{field.prop}` of {spec.label} entities (stored as the lower-case "
                    "code).",
                    group)
    return found


FIELD_ENUMS: dict[tuple[str, str], Any] = _field_enums()

EntityKind = code_enum("EntityKind", ENTITY_LABELS,
                       "Kinds of entity: the labels of the graph model.")
ActorKind = code_enum("ActorKind", ACTOR_LABELS,
                      "Kinds of service actor (the collaboration graph's nodes).")
RelationshipType = code_enum("RelationshipType", RELATIONSHIP_TYPES,
                             "Relationship types of the graph model.")
ServiceStageCode = code_enum("ServiceStageCode", STAGE_CODES,
                             "The nine stages of the S&T service chain (State Council 2014).",
                             "stage")
PilotType = code_enum(
    "PilotType", tuple(PILOT_TYPES),
    "Kinds of pilot: S&T service system pilot park (试点园区) or city (试点城市), innovative "
    "industrial cluster pilot (创新型产业集群试点).", "pilot_type")
PilotStatus = code_enum(
    "PilotStatus", STATUSES,
    "Steps of the lifecycle: APPLIED → RECOMMENDED → APPROVED → IN_CONSTRUCTION → "
    "EVALUATED → COMPLETED, or REJECTED (from APPLIED or RECOMMENDED).", "pilot_status")

IndicatorCode = code_enum("IndicatorCode", tuple(INDICATOR_UNITS),
                          "Official statistics of the dataset file `indicators`.", "indicator")


def field_enum(entity: str, prop: str) -> Any:
    """The enum of `entity`'s property `prop` (KeyError if it is not an enum field)."""
    return FIELD_ENUMS[(entity, prop)]


def to_code(enum_type: Any, value: Any) -> str:
    """The stored code of a value of `enum_type` as resolvers and the selection tree give
    it: a member (coerced variables and arguments) or its GraphQL name (a literal in the
    selection tree); ValueError for anything else."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    member = enum_type.__members__.get(str(value))
    if member is None:
        raise ValueError(f"{value!r} is not a value of {enum_type.__name__}")
    return str(member.value)


def codes(values: Any) -> Any:
    """Members (or lists of members) as their stored codes; anything else unchanged."""
    if isinstance(values, list):
        return [codes(v) for v in values]
    return values.value if isinstance(values, enum.Enum) else values
