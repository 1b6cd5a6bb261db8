"""Root query fields for the analyses (names are DESIGN.md §6's contract).

Every analysis field takes `asOf` (DESIGN.md §8): the year whose graph it reads (the
present when not given: closed entities and ended links left out). `timeline` reads the
scope's history once and analyses it year by year.
"""

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

import analysis
from graph.results import SEED, freshness_rows
from schema import stored_answers
from schema.analysis import (
    Broker,
    CentralityEntry,
    CentralityMetric,
    ChangeInput,
    ClusterScoreOrder,
    Community,
    CommunityAlgorithm,
    Counted,
    GapReport,
    IntegrationScore,
    PilotCandidate,
    ScopeInput,
    Timeline,
    WhatIf,
    _check_first,
    changed_ids,
    run_analysis,
    scope_graph,
    whole_graph,
)
from schema.as_of import analysis_year, check_as_of
from schema.context import Info
from schema.enums import ActorKind
from schema.errors import BadUserInput, NotFound
from schema.freshness import Served, StoredAnalysisStatus, computed_freshness, statuses
from schema.funding import FundingMatch

MAX_SUGGESTIONS = 20
MAX_RESULTS = 500
AS_OF = "The year whose graph is read: entities existing and links holding in it (the " \
        "present when not given)."

AsOf = Annotated[int | None, strawberry.argument(description=AS_OF)]


def _computed(G: Any, found: list[Any]) -> list[Served]:
    """Results computed on request, stamped with the data version of their projection."""
    stamp = computed_freshness(G.graph["dataVersion"])
    return [Served(r, stamp) for r in found]


def _expect(G: Any, scope_id: str, label: str) -> None:
    actual = G.nodes[scope_id].get("label") if scope_id in G else None
    if actual is None:
        raise NotFound(f"no {label.lower()} with id {scope_id!r}")
    if actual != label:
        raise BadUserInput(f"{scope_id!r} is a {actual}, not a {label}")


async def _scoped(info: Info, scope: ScopeInput, year: int | None,
                  extra: list[str] | None = None, suggestions: int = 3,
                  during: tuple[int, int] | None = None) -> tuple[Any, str]:
    """The scope's projection as of `year`, else its history during the years `during`."""
    scope_id, label = scope.resolve()
    try:
        G = await scope_graph(info, scope_id, extra, suggestions, year, during)
    except ValueError as e:
        raise BadUserInput(str(e)) from e
    _expect(G, scope_id, label)
    return G, scope_id


def _province(G: Any, region_id: strawberry.ID | None) -> str | None:
    """The `regionId` argument, which must name a province (NOT_FOUND, BAD_USER_INPUT)."""
    if region_id is None:
        return None
    province = str(region_id)
    _expect(G, province, "Region")
    if G.nodes[province].get("kind") != "province":
        raise BadUserInput(f"{province!r} is not a province", extensions={"argument": "regionId"})
    return province


def _check_range(from_year: int, to_year: int) -> None:
    check_as_of(from_year, "from")
    check_as_of(to_year, "to")
    try:
        analysis.check_span(from_year, to_year)
    except analysis.TimelineError as e:
        argument = "from" if from_year > to_year else "to"
        raise BadUserInput(str(e), extensions={"argument": argument}) from e


@strawberry.type
class AnalysisQuery:
    @strawberry.field(description="Stage and handoff status of a scope's service chain, with "
                                  "ranked suggestions of who could fill each gap.")
    async def service_chain_gaps(self, info: Info, scope: ScopeInput, chain: str | None = None,
                                 suggestions: int = 3, as_of: AsOf = None) -> GapReport:
        year = analysis_year(as_of)
        if not 0 <= suggestions <= MAX_SUGGESTIONS:
            raise BadUserInput(f"suggestions must be between 0 and {MAX_SUGGESTIONS}")
        G, scope_id = await _scoped(info, scope, year, suggestions=suggestions)
        return await run_analysis(  # type: ignore[no-any-return]
            lambda: analysis.find_stage_gaps(G, scope_id, chain, suggestions))

    @strawberry.field(description="Resource-integration score (0-100) with its components and "
                                  "the actions that would raise it most.")
    async def integration_score(self, info: Info, scope: ScopeInput, chain: str | None = None,
                                weights: JSON | None = None, actions: int = 5,
                                as_of: AsOf = None) -> IntegrationScore:
        year = analysis_year(as_of)
        if not 0 <= actions <= 20:
            raise BadUserInput("actions must be between 0 and 20")
        # Outside candidates only serve the actions (external partners): none without them.
        G, scope_id = await _scoped(info, scope, year, suggestions=3 if actions else 0)
        return await run_analysis(  # type: ignore[no-any-return]
            lambda: analysis.integration_score(G, scope_id, weights, chain, actions))

    @strawberry.field(description="Every cluster's integration score, ranked.")
    async def cluster_scores(self, info: Info, first: int = 50,
                             order_by: ClusterScoreOrder = ClusterScoreOrder.SCORE_DESC,
                             weights: JSON | None = None,
                             as_of: AsOf = None) -> list[IntegrationScore]:
        year = analysis_year(as_of)
        _check_first(first, MAX_RESULTS)
        scores, version = await stored_answers.cluster_scores(info, year, weights,
                                                              order_by.value, first)
        if scores is None:
            G = await whole_graph(info, year, version)
            scores = _computed(G, await run_analysis(lambda: analysis.cluster_scores(G, weights)))
        if order_by is ClusterScoreOrder.SCORE_ASC:
            scores = sorted(scores, key=lambda s: (s.score, s.scope.id))
        elif order_by is ClusterScoreOrder.NAME_ASC:
            scores = sorted(scores, key=lambda s: (s.scope.name, s.scope.id))
        return scores[:first]

    @strawberry.field(description="The analysis results stored by `stsgraph analyze "
                                  "refresh` (of the year `asOf`, else of every year stored) "
                                  "and how many of them a load or mutation made stale.")
    async def analysis_freshness(self, info: Info,
                                 as_of: int | None = None) -> list[StoredAnalysisStatus]:
        check_as_of(as_of, "asOf")
        ctx = info.context
        ctx.cypher_calls += 1
        rows = await freshness_rows(ctx.driver, as_of, ctx.settings.neo4j_database)
        return statuses(rows)

    @strawberry.field(description="Matching funds per province in `year` (the present when "
                                  "not given): Torch funds to the pilots against the "
                                  "province's special matching funds, both readings of 1:2, "
                                  "with the grants counted and excluded.")
    async def funding_match(self, info: Info, year: int | None = None,
                            region_id: strawberry.ID | None = None) -> list[FundingMatch]:
        asked = analysis_year(year, "year")
        G = await whole_graph(info, asked)
        province = _province(G, region_id)
        return await run_analysis(  # type: ignore[no-any-return]
            lambda: analysis.funding_match(G, asked, province))

    @strawberry.field(description="Parks that are not pilots (per the pilot records) ranked "
                                  "by foundation, demonstration effect and distinctiveness; "
                                  "of one province (`regionId`) and of the zones that existed "
                                  "in `year` (approval year unknown counts); parks with too "
                                  "few actors are listed last as `not_enough_data`.")
    async def pilot_candidates(self, info: Info, first: int = 10,
                               region_id: strawberry.ID | None = None,
                               year: int | None = None,
                               as_of: AsOf = None) -> list[PilotCandidate]:
        check_as_of(year, "year")
        read = analysis_year(as_of if as_of is not None else year)
        _check_first(first, MAX_RESULTS)
        asked = None if region_id is None else str(region_id)
        served, version = await stored_answers.pilot_candidates(info, read, asked, first)
        if served is not None and year in (None, read):
            return served  # type: ignore[return-value]
        G = await whole_graph(info, read, version)
        province = _province(G, region_id)
        return _computed(G, await run_analysis(  # type: ignore[return-value]
            lambda: analysis.pilot_candidates(G, first, province=province,
                                              year=read if year is None else year)))

    @strawberry.field(description="The most central actors of the collaboration graph.")
    async def centrality(self, info: Info, kind: ActorKind | None = None,  # type: ignore[valid-type]
                         metric: CentralityMetric = CentralityMetric.DEGREE,
                         first: int = 10, as_of: AsOf = None) -> list[CentralityEntry]:
        year = analysis_year(as_of)
        _check_first(first, MAX_RESULTS)
        label = None if kind is None else str(kind.value)
        served, version = await stored_answers.centrality(info, year, metric.value, label, first)
        if served is not None:
            return served  # type: ignore[return-value]
        G = await whole_graph(info, year, version)
        stamp = computed_freshness(G.graph["dataVersion"])

        def run() -> list[Served]:
            entries = analysis.centrality(G, label, metric.value, first)
            return [Served(e, stamp, analysis.undated_ties_of(G, e.actor.id)) for e in entries]

        return await run_analysis(run)  # type: ignore[return-value]

    @strawberry.field(description="Communities of the collaboration graph (seeded).")
    async def communities(self, info: Info, scope: ScopeInput | None = None,
                          algorithm: CommunityAlgorithm = CommunityAlgorithm.LOUVAIN,
                          seed: int = 42, min_size: int = 2,
                          as_of: AsOf = None) -> list[Community]:
        year = analysis_year(as_of)
        stamp = None  # a scope's communities are not tracked
        if scope is not None:
            G, scope_id = await _scoped(info, scope, year)
        else:
            served, version = (await stored_answers.communities(
                info, year, algorithm.value, min_size) if seed == SEED else (None, None))
            if served is not None:
                return served  # type: ignore[return-value]
            G, scope_id = await whole_graph(info, year, version), None
            stamp = computed_freshness(G.graph["dataVersion"])

        def run() -> list[Served]:
            found = analysis.communities(G, scope_id, algorithm.value, seed, min_size)
            within = None if scope_id is None else analysis.resolve_scope(G, scope_id)
            return [Served(c, stamp,
                           analysis.undated_members(G, [m.id for m in c.members], within))
                    for c in found]

        return await run_analysis(run)  # type: ignore[return-value]

    @strawberry.field(description="Actors bridging chain stages or linking the scope outside.")
    async def brokers(self, info: Info, scope: ScopeInput, chain: str | None = None,
                      as_of: AsOf = None) -> list[Broker]:
        year = analysis_year(as_of)
        G, scope_id = await _scoped(info, scope, year)

        def run() -> list[Counted]:
            found = analysis.brokers(G, scope_id, chain)
            within = analysis.resolve_scope(G, scope_id)
            return [Counted(b, analysis.undated_broker_ties(
                G, within, b.actor.id, {t for _, t in b.bridges},
                [p.id for p in b.external_partners])) for b in found]

        return await run_analysis(run)  # type: ignore[return-value]

    @strawberry.field(description="Gap report and score as they would be after `changes`, "
                                  "computed on a copy: nothing is written.")
    async def what_if(self, info: Info, changes: list[ChangeInput], scope: ScopeInput,
                      chain: str | None = None, suggestions: int = 3,
                      as_of: AsOf = None) -> WhatIf:
        year = analysis_year(as_of)
        if not 1 <= len(changes) <= 100:
            raise BadUserInput("give between 1 and 100 changes")
        G, scope_id = await _scoped(info, scope, year, changed_ids(changes), suggestions)
        raw = [c.to_change() for c in changes]
        return await run_analysis(  # type: ignore[no-any-return]
            lambda: analysis.what_if(G, raw, scope_id, chain, suggestions=suggestions))

    @strawberry.field(description="A scope year by year, `from` to `to` (at most "
                                  f"{analysis.MAX_SPAN} years): stage statuses, handoffs and "
                                  "the integration score with its components, from one read "
                                  "of the scope's history.")
    async def timeline(self, info: Info, scope: ScopeInput,
                       from_year: Annotated[int, strawberry.argument(name="from")],
                       to_year: Annotated[int, strawberry.argument(name="to")],
                       chain: str | None = None, weights: JSON | None = None) -> Timeline:
        _check_range(from_year, to_year)
        G, scope_id = await _scoped(info, scope, None, suggestions=0,
                                    during=(from_year, to_year))
        return await run_analysis(  # type: ignore[no-any-return]
            lambda: analysis.timeline(G, scope_id, from_year, to_year, chain, weights))
