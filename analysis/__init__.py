"""Pure networkx analyses of the S&T service graph (DESIGN.md §5). Never imports neo4j.

Every function takes the projected `networkx.MultiDiGraph` G first (node key = entity id,
or stage code for ServiceStage nodes; node attributes = camelCase properties plus `label`;
edges keyed and typed by relationship type) and returns frozen dataclasses with `to_dict()`.

>>> from analysis import integration_score, find_stage_gaps
>>> from analysis.builder import worked_example
>>> integration_score(worked_example(), "cluster-a", actions=0).score
40.03
"""

from analysis._graph import EntityRef
from analysis.actions import Action
from analysis.asof import graph_as_of
from analysis.builder import GraphBuilder, worked_example
from analysis.chains import (
    Chain,
    ChainConfigError,
    ChainError,
    choose_chain,
    get_chain,
    load_chains,
)
from analysis.changes import Change, ChangeError, ChangeOp, apply_changes
from analysis.collab import collaboration_distances, collaboration_graph
from analysis.components import COMPONENTS
from analysis.funding import Grant, ProvinceMatch, funding_match
from analysis.gaps import (
    GapReport,
    HandoffReport,
    HandoffStatus,
    StageReport,
    StageStatus,
    find_stage_gaps,
)
from analysis.lifecycle import pilot_areas
from analysis.network import (
    Broker,
    CentralityEntry,
    Community,
    brokers,
    centrality,
    communities,
)
from analysis.pilots import PilotCandidate, pilot_candidates
from analysis.progress import (
    TARGETS,
    RegionError,
    TargetProgress,
    YearValue,
    check_as_of_year,
    plan_progress,
)
from analysis.scope import Scope, ScopeError, resolve_scope
from analysis.score import (
    DEFAULT_WEIGHTS,
    Component,
    IntegrationScore,
    WeightsError,
    cluster_scores,
    integration_score,
    normalize_weights,
    validate_weights,
)
from analysis.stages import StageRef
from analysis.suggest import Suggestion
from analysis.timeline import MAX_SPAN, Timeline, TimelineError, TimelineYear, check_span, timeline
from analysis.undated import undated_broker_ties, undated_members, undated_ties_of
from analysis.whatif import WhatIfResult, what_if

__all__ = [
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "MAX_SPAN",
    "TARGETS",
    "Action",
    "Broker",
    "CentralityEntry",
    "Chain",
    "ChainConfigError",
    "ChainError",
    "Change",
    "ChangeError",
    "ChangeOp",
    "Community",
    "Component",
    "EntityRef",
    "GapReport",
    "Grant",
    "GraphBuilder",
    "HandoffReport",
    "HandoffStatus",
    "IntegrationScore",
    "PilotCandidate",
    "ProvinceMatch",
    "RegionError",
    "Scope",
    "ScopeError",
    "StageRef",
    "StageReport",
    "StageStatus",
    "Suggestion",
    "TargetProgress",
    "Timeline",
    "TimelineError",
    "TimelineYear",
    "WeightsError",
    "WhatIfResult",
    "YearValue",
    "apply_changes",
    "brokers",
    "centrality",
    "check_as_of_year",
    "check_span",
    "choose_chain",
    "cluster_scores",
    "collaboration_distances",
    "collaboration_graph",
    "communities",
    "find_stage_gaps",
    "funding_match",
    "get_chain",
    "graph_as_of",
    "integration_score",
    "load_chains",
    "normalize_weights",
    "pilot_areas",
    "pilot_candidates",
    "plan_progress",
    "resolve_scope",
    "timeline",
    "undated_broker_ties",
    "undated_members",
    "undated_ties_of",
    "validate_weights",
    "what_if",
    "worked_example",
]
