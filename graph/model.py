"""The graph model of DESIGN.md section 3, as data.

Everything that turns user text into a label, a relationship type or a property name goes
through the allow-lists here; Cypher is only ever built from these constants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from graph.time import CLOSED_YEAR_PROP, SINCE_PROP, START_YEAR_PROPS, UNTIL_PROP


class FieldType(str, Enum):
    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    ENUM = "enum"


@dataclass(frozen=True)
class FieldSpec:
    """One scalar column of a dataset file and the node property it becomes."""

    column: str
    prop: str
    type: FieldType = FieldType.STR
    choices: tuple[str, ...] = ()
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class RefSpec:
    """A column holding one id (or a `;`-list) that becomes relationships.

    `outgoing` False means the relationship points from the referenced node to this one
    (a platform's `operator_id` becomes `(operator)-[:OPERATES]->(platform)`).
    `target_kinds` lists the labels the referenced node may carry; `ServiceStage`
    references are stage codes, not entity ids.
    """

    column: str
    rel_type: str
    target_kinds: tuple[str, ...]
    many: bool = False
    outgoing: bool = True
    year_from: str | None = None  # copy this column's value into the relationship's `year`
    # Columns of the same row that become properties of this column's relationship (the
    # `since` / `until` of an actor's park: `park_since`, `park_until`). Only single-valued
    # references have them: one pair of years cannot date a list.
    dates: tuple[FieldSpec, ...] = ()

    @property
    def date_columns(self) -> tuple[str, ...]:
        return tuple(f.column for f in self.dates)


@dataclass(frozen=True)
class EntitySpec:
    label: str
    file: str
    subtype: FieldSpec | None
    fields: tuple[FieldSpec, ...]
    refs: tuple[RefSpec, ...] = field(default_factory=tuple)

    @property
    def all_fields(self) -> tuple[FieldSpec, ...]:
        base = (
            FieldSpec("id", "id", required=True),
            FieldSpec("name", "name", required=True),
            FieldSpec("name_zh", "nameZh"),
        )
        sub = (self.subtype,) if self.subtype else ()
        return base + sub + self.fields + (CLOSED_YEAR,
                                           FieldSpec("synthetic", "synthetic", FieldType.BOOL))

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column of the file: fields, then each reference followed by its dates."""
        return tuple(f.column for f in self.all_fields) + tuple(
            column for r in self.refs for column in (r.column, *r.date_columns))

    @property
    def start_field(self) -> FieldSpec | None:
        """The field holding the start year (founded, established, approved; a project's
        year), the lower bound of `closed_year`; None for kinds without one."""
        return next((f for f in self.fields if f.prop in START_YEAR_PROPS.values()), None)


YEAR = {"minimum": 1900, "maximum": 2100}


def _year(column: str, prop: str) -> FieldSpec:
    return FieldSpec(column, prop, FieldType.INT, **YEAR)  # type: ignore[arg-type]


# DESIGN.md section 8: the first year in which an entity no longer exists (every kind).
CLOSED_YEAR = _year("closed_year", CLOSED_YEAR_PROP)
# The `since` / `until` of a relationship as dataset columns or mutation arguments.
SINCE = _year("since", SINCE_PROP)
UNTIL = _year("until", UNTIL_PROP)


def _enum(column: str, prop: str, choices: tuple[str, ...]) -> FieldSpec:
    return FieldSpec(column, prop, FieldType.ENUM, choices)


STAGE_CODES: tuple[str, ...] = (
    "research_development",
    "technology_transfer",
    "testing_certification",
    "incubation",
    "intellectual_property",
    "consulting",
    "finance",
    "popularization",
    "comprehensive",
)

# (code, English name, Chinese name) in the State Council's 2014 order (Guofa [2014] No. 49).
SERVICE_STAGES: tuple[tuple[str, str, str], ...] = (
    ("research_development", "Research and development", "研究开发"),
    ("technology_transfer", "Technology transfer", "技术转移"),
    ("testing_certification", "Testing, inspection and certification", "检验检测认证"),
    ("incubation", "Startup incubation", "创业孵化"),
    ("intellectual_property", "Intellectual property", "知识产权"),
    ("consulting", "S&T consulting", "科技咨询"),
    ("finance", "S&T finance", "科技金融"),
    ("popularization", "Science popularization", "科学技术普及"),
    ("comprehensive", "Comprehensive S&T services", "综合科技服务"),
)

AGENCY_KINDS = (
    "tech_transfer", "incubator", "productivity_center", "venture_capital", "rd_design",
    "testing", "ip_service", "consulting", "finance", "internationalization",
    "research_institute", "comprehensive", "other",
)
PLATFORM_KINDS = (
    "information", "testing_inspection", "pilot_incubation", "technology_trading", "finance",
    "internationalization", "research_infrastructure", "engineering", "comprehensive",
)
AGENCY_LEVELS = ("national", "provincial", "municipal", "private")
PROJECT_STATUSES = ("proposed", "transferring", "landed", "industrialized")
PROJECT_PROGRAMS = ("national_major", "torch", "innovation_fund", "key_rd", "other")

ACTOR_LABELS = ("Agency", "Platform", "TalentTeam")

_PROVIDER_REFS = (
    RefSpec("park_id", "LOCATED_IN", ("Park",),
            dates=(_year("park_since", SINCE_PROP), _year("park_until", UNTIL_PROP))),
    RefSpec("stages", "PROVIDES", ("ServiceStage",), many=True),
    RefSpec("industries", "SERVES_INDUSTRY", ("Industry",), many=True),
)

ENTITY_SPECS: tuple[EntitySpec, ...] = (
    EntitySpec(
        "Region", "regions", _enum("kind", "kind", ("province", "city")), (),
        (RefSpec("parent_id", "PART_OF", ("Region",)),),
    ),
    EntitySpec(
        "Industry", "industries",
        _enum("category", "category", ("strategic_emerging", "leading", "other")), (),
        (RefSpec("parent_id", "PART_OF", ("Industry",)),),
    ),
    EntitySpec(
        "Park", "parks", _enum("level", "level", ("national", "provincial")),
        (
            _year("approved_year", "approvedYear"),
            FieldSpec("pilot", "pilot", FieldType.BOOL),
            _year("pilot_year", "pilotYear"),
        ),
        (
            RefSpec("region_id", "IN_REGION", ("Region",)),
            RefSpec("industries", "FOCUSES_ON", ("Industry",), many=True),
        ),
    ),
    EntitySpec(
        "Cluster", "clusters", _enum("kind", "kind", ("industrial_cluster", "service_zone")),
        (_year("established_year", "establishedYear"),),
        (
            RefSpec("park_ids", "LOCATED_IN", ("Park",), many=True),
            RefSpec("industries", "FOCUSES_ON", ("Industry",), many=True),
        ),
    ),
    EntitySpec(
        "Agency", "agencies", _enum("kind", "kind", AGENCY_KINDS),
        (
            _enum("level", "level", AGENCY_LEVELS),
            FieldSpec("backbone", "backbone", FieldType.BOOL),
            _year("founded_year", "foundedYear"),
            FieldSpec("staff", "staff", FieldType.INT, minimum=0),
        ),
        (RefSpec("parent_id", "BRANCH_OF", ("Agency",)),) + _PROVIDER_REFS,
    ),
    EntitySpec(
        "Platform", "platforms", _enum("kind", "kind", PLATFORM_KINDS),
        (
            FieldSpec("open", "open", FieldType.BOOL),
            _year("established_year", "establishedYear"),
        ),
        (RefSpec("operator_id", "OPERATES", ("Agency",), outgoing=False),) + _PROVIDER_REFS,
    ),
    EntitySpec(
        "TalentTeam", "talent_teams",
        _enum("kind", "kind", ("innovation_team", "leading_talent", "training_base")),
        (
            FieldSpec("size", "size", FieldType.INT, minimum=0),
            _year("established_year", "establishedYear"),
        ),
        (RefSpec("affiliation_id", "AFFILIATED_WITH", ("Agency",)),) + _PROVIDER_REFS,
    ),
    EntitySpec(
        "Project", "projects", _enum("program", "program", PROJECT_PROGRAMS),
        (
            _enum("status", "status", PROJECT_STATUSES),
            FieldSpec("contract_value_million_cny", "contractValueMillionCny", FieldType.FLOAT,
                      minimum=0),
            _year("year", "year"),
        ),
        (
            RefSpec("park_id", "LANDED_IN", ("Park",), year_from="year"),
            RefSpec("industries", "IN_INDUSTRY", ("Industry",), many=True),
        ),
    ),
)

SPEC_BY_LABEL: dict[str, EntitySpec] = {s.label: s for s in ENTITY_SPECS}
SPEC_BY_FILE: dict[str, EntitySpec] = {s.file: s for s in ENTITY_SPECS}
ENTITY_LABELS: tuple[str, ...] = tuple(SPEC_BY_LABEL)


@dataclass(frozen=True)
class LinkSpec:
    """A relationship type that `links` or `funding` rows create."""

    rel_type: str
    source_kinds: tuple[str, ...]
    target_kinds: tuple[str, ...]
    props: tuple[FieldSpec, ...]
    key: tuple[str, ...] = ()  # properties that tell two parallel relationships apart
    # The property that also holds the `year` column as `since` (PARTNERS_WITH keeps its
    # `year` and gains the same value as `since`, DESIGN.md section 8).
    since_from: str | None = None


_LINK_YEAR = _year("year", "year")
_LINK_UNTIL = _year("until", UNTIL_PROP)
_AMOUNT = FieldSpec("amount_million_cny", "amountMillionCny", FieldType.FLOAT, minimum=0)

LINK_SPECS: dict[str, LinkSpec] = {
    "PARTNERS_WITH": LinkSpec(
        "PARTNERS_WITH", ("Agency", "Platform"), ("Agency", "Platform"),
        (_LINK_YEAR, FieldSpec("weight", "weight", FieldType.FLOAT, minimum=0), _LINK_UNTIL),
        since_from="year",
    ),
    "SUPPORTS": LinkSpec(
        "SUPPORTS", ACTOR_LABELS, ("Project",),
        (FieldSpec("role", "role"), _LINK_YEAR),
    ),
    "INVESTS_IN": LinkSpec("INVESTS_IN", ("Agency",), ("Project",), (_AMOUNT, _LINK_YEAR)),
    # a membership's `year` is its `since` (the year it joined)
    "MEMBER_OF": LinkSpec("MEMBER_OF", ENTITY_LABELS, ("Cluster",),
                          (_year("year", SINCE_PROP), _LINK_UNTIL)),
}
LINK_COLUMNS = ("source_id", "type", "target_id", "year", "weight", "role", "amount_million_cny",
                "until")

FUNDS_SPEC = LinkSpec(
    "FUNDS", ENTITY_LABELS, ("Park", "Agency", "Platform"),
    (FieldSpec("program", "program"), _AMOUNT, _LINK_YEAR),
    key=("program", "year"),
)
FUNDING_COLUMNS = ("funder_id", "recipient_id", "program", "amount_million_cny", "year")

# Every relationship type the graph may hold, for allow-listing user-supplied types.
RELATIONSHIP_TYPES: tuple[str, ...] = (
    "LOCATED_IN", "IN_REGION", "PART_OF", "PROVIDES", "SERVES_INDUSTRY", "FOCUSES_ON",
    "IN_INDUSTRY", "BRANCH_OF", "OPERATES", "AFFILIATED_WITH", "LANDED_IN", "SUPPORTS",
    "PARTNERS_WITH", "INVESTS_IN", "MEMBER_OF", "FUNDS",
)

# The pilot lifecycle (issue 10; loaders/pilots.py, graph/lifecycle.py): pilots are records
# of their own, not entities: `(:Pilot)-[:PILOT_OF]->(subject)`, `(:Pilot)-[:PILOT_IN]->
# (province)`, `(:Pilot)-[:HAS_EVALUATION]->(:PilotEvaluation)`.
PILOT_LABELS: tuple[str, ...] = ("Pilot", "PilotEvaluation")
PILOT_RELATIONSHIP_TYPES: tuple[str, ...] = ("PILOT_OF", "PILOT_IN", "HAS_EVALUATION")
PILOT_FILES: tuple[str, ...] = ("pilots", "pilot_evaluations")

DATASET_FILES: tuple[str, ...] = (tuple(s.file for s in ENTITY_SPECS) + ("links", "funding")
                                  + PILOT_FILES)


def require_label(label: str) -> str:
    """Return `label` if it is an entity label of the model, else raise ValueError."""
    if label not in SPEC_BY_LABEL:
        raise ValueError(f"unknown entity kind {label!r}; expected one of {', '.join(ENTITY_LABELS)}")
    return label


def require_rel_type(rel_type: str) -> str:
    """Return `rel_type` if the model has it, else raise ValueError."""
    if rel_type not in RELATIONSHIP_TYPES:
        raise ValueError(
            f"unknown relationship type {rel_type!r}; expected one of {', '.join(RELATIONSHIP_TYPES)}"
        )
    return rel_type


# --- indicators: official statistics the graph cannot derive (dataset file `indicators`) ---
# Stored as :Indicator nodes of their own (not entities), keyed by (area, indicator, year).
INDICATOR_LABEL = "Indicator"
INDICATOR_FILE = "indicators"
# The allow-list of indicator codes, each with the one unit its values are given in.
INDICATOR_UNITS: dict[str, str] = {
    "tech_contract_turnover": "million_cny",     # 技术市场合同成交额 (national or a province)
    "tech_contract_count": "contracts",          # 技术合同成交项数
    "sts_output": "million_cny",                 # 科技服务业产值 of an area
    "sts_output_gdp_share": "percent",           # 科技服务业产值占GDP比例 of an area
    "gdp": "million_cny",                        # 地区生产总值 of an area
    "national_hitech_zones": "zones",            # 国家高新区数量
    "tech_transfer_demo_agencies": "agencies",   # 国家技术转移示范机构数量
    "tech_property_trading_institutions": "institutions",  # 技术产权交易机构数量
    "national_incubators": "incubators",         # 国家级科技企业孵化器数量
    "cluster_pilots": "clusters",                # 创新型产业集群试点数量
}
# What a row's `region_id` may name (empty: the nation): a region, a park or a cluster
# (an agglomeration zone's output share of GDP).
INDICATOR_AREA_KINDS: tuple[str, ...] = ("Region", "Park", "Cluster")
INDICATOR_FIELDS: tuple[FieldSpec, ...] = (
    _enum("indicator", "indicator", tuple(INDICATOR_UNITS)),
    FieldSpec("year", "year", FieldType.INT, required=True, minimum=1949, maximum=2100),  # as-of years
    FieldSpec("value", "value", FieldType.FLOAT, required=True, minimum=0),
    FieldSpec("unit", "unit", required=True),
    FieldSpec("source", "source"),
    FieldSpec("synthetic", "synthetic", FieldType.BOOL),
)
INDICATOR_COLUMNS: tuple[str, ...] = ("region_id",) + tuple(f.column for f in INDICATOR_FIELDS)
INDICATOR_REQUIRED: tuple[str, ...] = ("indicator", "year", "value", "unit")
DATASET_FILES += (INDICATOR_FILE,)
