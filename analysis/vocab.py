"""The graph vocabulary the analyses read (DESIGN.md section 3), kept local to `analysis/`.

`analysis/` must stay importable without the Neo4j driver, so it does not import `graph/`;
`tests/analysis/test_vocab.py` checks that these constants agree with `graph.model`.
"""

from __future__ import annotations

from typing import Final

STAGE_CODES: Final[tuple[str, ...]] = (
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

# code -> (English name, Chinese name), State Council 2014 order (Guofa [2014] No. 49).
STAGE_NAMES: Final[dict[str, tuple[str, str]]] = {
    "research_development": ("Research and development", "研究开发"),
    "technology_transfer": ("Technology transfer", "技术转移"),
    "testing_certification": ("Testing, inspection and certification", "检验检测认证"),
    "incubation": ("Startup incubation", "创业孵化"),
    "intellectual_property": ("Intellectual property", "知识产权"),
    "consulting": ("S&T consulting", "科技咨询"),
    "finance": ("S&T finance", "科技金融"),
    "popularization": ("Science popularization", "科学技术普及"),
    "comprehensive": ("Comprehensive S&T services", "综合科技服务"),
}

ACTOR_LABELS: Final[tuple[str, ...]] = ("Agency", "Platform", "TalentTeam")
SCOPE_LABELS: Final[tuple[str, ...]] = ("Park", "Cluster", "Region")
ENTITY_LABELS: Final[tuple[str, ...]] = (
    "Region", "Industry", "Park", "Cluster", "Agency", "Platform", "TalentTeam", "Project",
)
STAGE_LABEL: Final[str] = "ServiceStage"

KINDS: Final[dict[str, tuple[str, ...]]] = {
    "Agency": (
        "tech_transfer", "incubator", "productivity_center", "venture_capital", "rd_design",
        "testing", "ip_service", "consulting", "finance", "internationalization",
        "research_institute", "comprehensive", "other",
    ),
    "Platform": (
        "information", "testing_inspection", "pilot_incubation", "technology_trading", "finance",
        "internationalization", "research_infrastructure", "engineering", "comprehensive",
    ),
    "TalentTeam": ("innovation_team", "leading_talent", "training_base"),
}
TALENT_KINDS: Final[tuple[str, ...]] = KINDS["TalentTeam"]
LANDED_STATUSES: Final[frozenset[str]] = frozenset({"landed", "industrialized"})

# Relationship type -> (allowed source labels, allowed target labels).
LINK_RULES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "LOCATED_IN": ((*ACTOR_LABELS, "Cluster"), ("Park",)),
    "IN_REGION": (("Park",), ("Region",)),
    "PART_OF": (("Region", "Industry"), ("Region", "Industry")),
    "PROVIDES": (ACTOR_LABELS, (STAGE_LABEL,)),
    "SERVES_INDUSTRY": (ACTOR_LABELS, ("Industry",)),
    "FOCUSES_ON": (("Park", "Cluster"), ("Industry",)),
    "IN_INDUSTRY": (("Project",), ("Industry",)),
    "BRANCH_OF": (("Agency",), ("Agency",)),
    "OPERATES": (("Agency",), ("Platform",)),
    "AFFILIATED_WITH": (("TalentTeam",), ("Agency",)),
    "LANDED_IN": (("Project",), ("Park",)),
    "SUPPORTS": (ACTOR_LABELS, ("Project",)),
    "PARTNERS_WITH": (("Agency", "Platform"), ("Agency", "Platform")),
    "INVESTS_IN": (("Agency",), ("Project",)),
    "MEMBER_OF": (ENTITY_LABELS, ("Cluster",)),
    "FUNDS": (ENTITY_LABELS, ("Park", "Agency", "Platform")),
}
RELATIONSHIP_TYPES: Final[tuple[str, ...]] = tuple(LINK_RULES)

# Relationship types that make two actors collaborators (DESIGN.md §5), besides a shared
# SUPPORTS of one Project.
DIRECT_COLLABORATION_TYPES: Final[frozenset[str]] = frozenset(
    {"PARTNERS_WITH", "BRANCH_OF", "OPERATES", "AFFILIATED_WITH"}
)

# Time (DESIGN.md section 8; mirrors graph/time.py). The property holding each label's
# start year; labels without one (Region, Industry, ServiceStage) have always existed.
START_YEAR_PROPS: Final[dict[str, str]] = {
    "Park": "approvedYear",
    "Cluster": "establishedYear",
    "Agency": "foundedYear",
    "Platform": "establishedYear",
    "TalentTeam": "establishedYear",
    "Project": "year",
}
CLOSED_YEAR_PROP: Final[str] = "closedYear"
SINCE_PROP: Final[str] = "since"
UNTIL_PROP: Final[str] = "until"
# A relationship's `year` (a partnership's start, a grant's, a landing's) is its `since`
# when no `since` is stored.
EVENT_YEAR_PROP: Final[str] = "year"

# The pilot lifecycle (mirrors graph/lifecycle.py): `:Pilot` records, the property holding
# the year of each step, and the types of pilot with the label of their subject.
PILOT_LABEL: Final[str] = "Pilot"
PILOT_STEP_PROPS: Final[dict[str, str]] = {
    "applied": "yearApplied", "recommended": "yearRecommended", "approved": "yearApproved",
    "in_construction": "yearInConstruction", "evaluated": "yearEvaluated",
    "completed": "yearCompleted", "rejected": "yearRejected",
}
PILOT_TYPES: Final[dict[str, str]] = {
    "service_system_park": "Park", "service_system_city": "Region", "cluster_pilot": "Cluster",
}
