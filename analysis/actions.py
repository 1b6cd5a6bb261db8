"""Actions that would raise a scope's integration score, each priced by re-scoring a copy.

Candidates come from the weak spots of the assessment (gap stages, broken handoffs, split
collaboration groups, closed platforms, stages without outside ties, thin talent). Each is
expressed as what-if changes (analysis.changes), applied to a copy of the scope's
neighbourhood (analysis.scope.scope_neighbourhood: everything the score reads), and
re-scored; the gain is the score difference in points. Only actions with a gain are kept.

>>> from analysis.builder import worked_example
>>> from analysis.chains import get_chain
>>> from analysis.components import assess
>>> from analysis.scope import resolve_scope
>>> from analysis.score import DEFAULT_WEIGHTS
>>> G = worked_example()
>>> a = assess(G, resolve_scope(G, "cluster-a"), get_chain("default"))
>>> [(x.kind, x.gain) for x in propose_actions(G, a, DEFAULT_WEIGHTS, 2)]
[('connect_handoff', 3.83), ('add_talent', 3.33)]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from analysis._graph import as_bool, label_of, names_of, prop
from analysis.changes import apply_changes
from analysis.collab import collaboration_graph
from analysis.components import Assessment, assess, weighted_total
from analysis.gaps import GAP_STATUSES, HandoffStatus, StageStatus
from analysis.scope import resolve_scope, scope_neighbourhood
from analysis.text import Lang, Phrase, coded, phrase
from analysis.vocab import TALENT_KINDS

KIND_ORDER = ("add_provider", "connect_handoff", "join_groups", "open_platform",
              "external_partner", "add_talent")
STAGE_AGENCY_KIND = {
    "research_development": "rd_design",
    "technology_transfer": "tech_transfer",
    "testing_certification": "testing",
    "incubation": "incubator",
    "intellectual_property": "ip_service",
    "consulting": "consulting",
    "finance": "finance",
    "popularization": "other",
    "comprehensive": "comprehensive",
}
MAX_EXTERNAL_CANDIDATES = 3
SEVERITY = (StageStatus.MISSING, StageStatus.MISMATCHED, StageStatus.THIN)

Change = dict[str, Any]


@dataclass(frozen=True)
class Action:
    """A change that would raise the score; `gain` in score points (2 decimals).

    `changes` are what-if change dicts (analysis.changes) that reproduce the action.
    """

    kind: str
    phrase: Phrase
    gain: float
    components: tuple[str, ...]
    changes: tuple[Mapping[str, Any], ...]

    @property
    def description(self) -> str:
        """In English (what the API has always answered)."""
        return self.phrase.render("en")

    def description_in(self, lang: Lang) -> str:
        return self.phrase.render(lang)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "description": self.description, "gain": self.gain,
                "components": list(self.components),
                "changes": [dict(c) for c in self.changes]}


@dataclass(frozen=True)
class Candidate:
    kind: str
    description: Phrase
    components: tuple[str, ...]
    changes: tuple[Change, ...]


def _fresh_id(G: nx.MultiDiGraph, base: str) -> str:
    candidate, number = base, 1
    while candidate in G:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _new_actor(G: nx.MultiDiGraph, a: Assessment, actor: Change
               ) -> tuple[list[Change], Phrase | None]:
    """Changes adding `actor` to the scope (in its first park, or as a cluster member) and
    the words saying where; no changes when the scope has neither."""
    scope = a.scope
    if scope.parks:
        park = scope.parks[0]
        return ([{"op": "add_actor", **actor, "parkId": park}],
                phrase("action.in_park", park=names_of(G, park)))
    if scope.label == "Cluster":
        member = {"op": "add_link", "type": "MEMBER_OF", "source": actor["id"],
                  "target": scope.id}
        return ([{"op": "add_actor", **actor}, member],
                phrase("action.as_member", scope=names_of(G, scope.id)))
    return [], None


def _add_providers(G: nx.MultiDiGraph, a: Assessment) -> Iterator[Candidate]:
    focus = a.scope.focus_industries[0] if a.scope.focus_industries else None
    gaps = [r for r in a.report.stages if not r.supporting and r.status in GAP_STATUSES]
    for report in sorted(gaps, key=lambda r: SEVERITY.index(r.status)):  # stable: chain order
        code = report.stage.code
        actor = {"label": "Agency", "id": _fresh_id(G, f"proposed-{code}-provider"),
                 "name": f"Proposed {report.stage.name} provider",
                 "kind": STAGE_AGENCY_KIND[code], "stages": [code],
                 "industries": [focus] if focus else []}
        changes, where = _new_actor(G, a, actor)
        if changes:
            serving = phrase("action.serving", industry=names_of(G, focus)) if focus else ""
            yield Candidate("add_provider", phrase("action.add_provider",
                                                   stage=coded("stage", code),
                                                   serving=serving, where=where),
                            ("chain_coverage", "handoff_connectivity"), tuple(changes))


def _linkable(G: nx.MultiDiGraph, a: Assessment, code: str) -> str | None:
    """The provider to link for a stage: an agency or platform, matching ones first."""
    report = a.report.stage(code)
    for group in (report.matched_providers, report.providers):
        ids = sorted(p.id for p in group if label_of(G, p.id) in ("Agency", "Platform"))
        if ids:
            return ids[0]
    return None


def _partner(source: str, target: str) -> Change:
    return {"op": "add_link", "type": "PARTNERS_WITH", "source": source, "target": target}


def _connect_handoffs(G: nx.MultiDiGraph, a: Assessment) -> Iterator[Candidate]:
    for handoff in a.report.handoffs:
        if handoff.status != HandoffStatus.BROKEN:
            continue
        left = _linkable(G, a, handoff.from_stage.code)
        right = _linkable(G, a, handoff.to_stage.code)
        if left and right and left != right:
            yield Candidate(
                "connect_handoff",
                phrase("action.connect_handoff", left=names_of(G, left),
                       left_stage=coded("stage", handoff.from_stage.code),
                       right=names_of(G, right),
                       right_stage=coded("stage", handoff.to_stage.code)),
                ("handoff_connectivity", "collaboration_cohesion", "brokerage"),
                (_partner(left, right),),
            )


def _group_stages(a: Assessment, members: set[str]) -> set[str]:
    return {code for code in a.chain.stages
            if members & {p.id for p in a.report.stage(code).providers}}


def _representative(G: nx.MultiDiGraph, a: Assessment, members: set[str]) -> str | None:
    linkable = sorted(m for m in members if label_of(G, m) in ("Agency", "Platform"))
    providers = [m for m in linkable if _group_stages(a, {m})]
    chosen = providers or linkable
    return chosen[0] if chosen else None


def _join_groups(G: nx.MultiDiGraph, a: Assessment) -> Iterator[Candidate]:
    groups = [set(g) for g in nx.connected_components(collaboration_graph(G, a.scope.actors))]
    if len(groups) < 2:
        return
    groups.sort(key=lambda g: (-len(_group_stages(a, g)), -len(g), min(g)))
    best, others = groups[0], groups[1:]
    covered = _group_stages(a, best)
    others.sort(key=lambda g: (-len(_group_stages(a, g) - covered), min(g)))
    target = others[0]
    left, right = _representative(G, a, best), _representative(G, a, target)
    if left and right and _group_stages(a, target) - covered:
        yield Candidate(
            "join_groups",
            phrase("action.join_groups", left=names_of(G, left), right=names_of(G, right)),
            ("collaboration_cohesion", "brokerage"), (_partner(left, right),),
        )


def _open_platforms(G: nx.MultiDiGraph, a: Assessment) -> Iterator[Candidate]:
    open_stages = set(_details(a, "platform_openness")["openStages"])
    for actor in a.scope.actors:
        if label_of(G, actor) != "Platform" or as_bool(prop(G, actor, "open")) is True:
            continue
        if _group_stages(a, {actor}) - open_stages:
            yield Candidate("open_platform",
                            phrase("action.open_platform", platform=names_of(G, actor)),
                            ("platform_openness",),
                            ({"op": "update_actor", "id": actor, "properties": {"open": True}},))


def _details(a: Assessment, name: str) -> dict[str, Any]:
    return next(c.details for c in a.components if c.name == name)


def _external_partners(G: nx.MultiDiGraph, a: Assessment) -> Iterator[Candidate]:
    linked = set(_details(a, "brokerage")["externallyLinkedStages"])
    outsider = _fresh_id(G, "proposed-outside-partner")
    seen: set[str] = set()
    for code in a.chain.stages:
        provider = _linkable(G, a, code)
        if code in linked or provider is None or provider in seen:
            continue
        seen.add(provider)
        new = {"op": "add_actor", "label": "Agency", "id": outsider,
               "name": "Proposed outside partner", "kind": "comprehensive"}
        yield Candidate(
            "external_partner",
            phrase("action.external_partner", provider=names_of(G, provider),
                   stage=coded("stage", code)),
            ("brokerage", "external_reach"), (new, _partner(provider, outsider)),
        )
        if len(seen) >= MAX_EXTERNAL_CANDIDATES:
            return


def _add_talent(G: nx.MultiDiGraph, a: Assessment) -> Iterator[Candidate]:
    details = _details(a, "talent_depth")
    kinds = [k for k in TALENT_KINDS if k not in details["kinds"]]
    stages = [c for c in a.chain.stages if c not in details["stagesWithTeams"]]
    if not kinds and not stages:
        return
    kind, code = (kinds or ["innovation_team"])[0], (stages or [a.chain.stages[0]])[0]
    focus = a.scope.focus_industries[:1]
    actor = {"label": "TalentTeam", "id": _fresh_id(G, "proposed-talent-team"),
             "name": f"Proposed {kind.replace('_', ' ')}", "kind": kind, "stages": [code],
             "industries": list(focus)}
    changes, where = _new_actor(G, a, actor)
    if changes:
        yield Candidate("add_talent", phrase("action.add_talent", kind=coded("talent", kind),
                                             stage=coded("stage", code), where=where),
                        ("talent_depth",), tuple(changes))


def candidates(G: nx.MultiDiGraph, a: Assessment) -> list[Candidate]:
    """All candidate actions for an assessment, before pricing."""
    found: list[Candidate] = []
    for generate in (_add_providers, _connect_handoffs, _join_groups, _open_platforms,
                     _external_partners, _add_talent):
        found.extend(generate(G, a))
    unique: dict[tuple[str, ...], Candidate] = {}
    for candidate in found:
        key = tuple(sorted(str(sorted(c.items())) for c in candidate.changes))
        unique.setdefault(key, candidate)
    return list(unique.values())


def propose_actions(
    G: nx.MultiDiGraph, a: Assessment, weights: Mapping[str, float], limit: int
) -> tuple[Action, ...]:
    """The `limit` candidate actions with the largest score gain (> 0), best first."""
    found = candidates(G, a)
    if not found or limit <= 0:
        return ()
    local = G.subgraph(scope_neighbourhood(G, a.scope)).copy()
    base = weighted_total(assess(local, resolve_scope(local, a.scope.id), a.chain), weights)
    priced = []
    for candidate in found:
        H = apply_changes(local, candidate.changes)
        after = weighted_total(assess(H, resolve_scope(H, a.scope.id), a.chain), weights)
        gain = round(after - base, 2)
        if gain > 0:
            priced.append(Action(candidate.kind, candidate.description, gain,
                                 candidate.components, candidate.changes))
    priced.sort(key=lambda x: (-x.gain, KIND_ORDER.index(x.kind)))  # stable: generation order
    return tuple(priced[:limit])
