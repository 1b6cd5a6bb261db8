"""What-if analysis: the gap report and score of a scope before and after hypothetical
changes, computed on a copy (the input graph is never modified).

>>> from analysis.builder import worked_example
>>> G = worked_example()
>>> result = what_if(G, [{"op": "add_actor", "label": "Agency", "id": "new-tt",
...                       "parkId": "park-a", "stages": ["technology_transfer"],
...                       "industries": ["new-materials"]}], "cluster-a")
>>> result.before_score.score, result.after_score.score, result.delta
(40.03, 42.11, 2.08)
>>> result.stage_changes
(('technology_transfer', 'MISSING', 'THIN'),)
>>> "new-tt" in G
False
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from analysis.chains import Chain
from analysis.changes import Change, ChangeError, apply_changes, as_change
from analysis.gaps import GapReport, build_gap_report, resolve_chain
from analysis.scope import ScopeError, resolve_scope
from analysis.score import IntegrationScore, score_resolved, validate_weights

__all__ = ["WhatIfResult", "apply_changes", "what_if"]


@dataclass(frozen=True)
class WhatIfResult:
    """Before/after gap reports and scores; `delta` = after - before score (points)."""

    scope: str
    chain: str
    changes: tuple[Change, ...]
    before_gaps: GapReport
    after_gaps: GapReport
    before_score: IntegrationScore
    after_score: IntegrationScore
    delta: float
    component_deltas: tuple[tuple[str, float], ...]
    stage_changes: tuple[tuple[str, str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "chain": self.chain,
            "changes": [c.to_dict() for c in self.changes],
            "before": {"gaps": self.before_gaps.to_dict(), "score": self.before_score.to_dict()},
            "after": {"gaps": self.after_gaps.to_dict(), "score": self.after_score.to_dict()},
            "delta": self.delta,
            "componentDeltas": dict(self.component_deltas),
            "stageChanges": [
                {"stage": code, "before": before, "after": after}
                for code, before, after in self.stage_changes
            ],
        }


def _stage_changes(before: GapReport, after: GapReport) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (old.stage.code, old.status.value, new.status.value)
        for old, new in zip(before.stages, after.stages, strict=True)
        if old.status != new.status
    )


def what_if(
    G: nx.MultiDiGraph,
    changes: Iterable[Change | Mapping[str, Any]],
    scope_id: str,
    chain: Chain | str | None = None,
    weights: Mapping[str, float] | None = None,
    suggestions: int = 3,
    actions: int = 0,
) -> WhatIfResult:
    """Apply `changes` to a copy of G and compare the scope before and after.

    The chain chosen before the changes is kept after them, so the two are comparable.
    Raises ChangeError for invalid changes and ScopeError when the scope is unknown (or the
    changes remove it).
    """
    parsed = []
    for position, change in enumerate(changes, start=1):
        try:
            parsed.append(as_change(change))
        except (ChangeError, TypeError) as exc:
            raise ChangeError(f"change {position}: {exc}") from exc
    checked = validate_weights(weights)
    scope = resolve_scope(G, scope_id)
    used = resolve_chain(G, scope, chain)
    H = apply_changes(G, parsed)
    try:
        after_scope = resolve_scope(H, scope_id)
    except ScopeError as exc:
        raise ScopeError(f"the changes remove the scope: {exc}") from exc
    before_score = score_resolved(G, scope, used, checked, actions)
    after_score = score_resolved(H, after_scope, used, checked, actions)
    before_gaps = build_gap_report(G, scope, used, suggestions)
    after_gaps = build_gap_report(H, after_scope, used, suggestions)
    deltas = tuple(
        (old.name, new.contribution - old.contribution)
        for old, new in zip(before_score.components, after_score.components, strict=True)
    )
    return WhatIfResult(
        scope=scope_id,
        chain=used.name,
        changes=tuple(parsed),
        before_gaps=before_gaps,
        after_gaps=after_gaps,
        before_score=before_score,
        after_score=after_score,
        delta=round(after_score.score - before_score.score, 2),
        component_deltas=deltas,
        stage_changes=_stage_changes(before_gaps, after_gaps),
    )
