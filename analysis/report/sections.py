"""One adapter per section of the annual report, each calling the analyses that compute its
figures (no figure is computed here) and keeping what concerns `region` in `year`.

Each adapter is the one place to change when a richer analysis lands (province-level
targets, pilot lifecycle records, per-province funding match): the signatures already take
the region and the year. `G` is the graph of the year (`graph_as_of`), `H` the history graph
(every year) where a section needs past years.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from analysis._graph import as_bool, first_year, is_actor, label_of, name_in, prop
from analysis.gaps import find_stage_gaps, resolve_chain
from analysis.humanize import quantity
from analysis.pilots import pilot_candidates
from analysis.progress import (
    ALT_MATCH_RATIO,
    MATCH_RATIO,
    PLAN_START,
    TargetProgress,
    funding_match,
    pilot_parks,
    plan_progress,
)
from analysis.report.model import (
    ActionRow,
    CandidateRow,
    ClusterRow,
    ComponentRow,
    CountRow,
    DataQuality,
    GapRow,
    HeatMap,
    MatchingSection,
    Named,
    ParkFunding,
    PilotRow,
    SuggestionRow,
    TargetRow,
    TargetsSection,
    TrendPoint,
)
from analysis.scope import province_of_park, resolve_scope, scope_neighbourhood
from analysis.score import cluster_scores, integration_score
from analysis.suggest import Suggestion
from analysis.text import Lang, label, text
from analysis.timeline import MAX_SPAN, timeline

TOP_ACTIONS = 3
SUGGESTIONS = 3
CANDIDATES = 5


def named(G: nx.MultiDiGraph, node: str, lang: Lang) -> Named:
    return Named(node, name_in(G, node, lang))


def _in_region(G: nx.MultiDiGraph, park: str, region: str | None) -> bool:
    return region is None or province_of_park(G, park) == region


# --- targets --------------------------------------------------------------------------

def _goal_text(row: TargetProgress, lang: Lang) -> str:
    """The goal in the seed's manner: 不少于100家, 8,000.00亿元左右…"""
    return text(f"comparison.{row.comparison}", lang, goal=quantity(row.goal, row.unit, lang))


def targets(H: nx.MultiDiGraph, year: int, region: str | None, lang: Lang) -> TargetsSection:
    """The nine plan targets as of `year` (analysis.plan_progress), with the growth in the
    year and the trend since the plan started. Counted nationally for now: plan_progress has
    no region yet (the note says so in the report)."""
    by_year = {y: plan_progress(H, y) for y in range(min(PLAN_START, year), year + 1)}
    rows = []
    for index, row in enumerate(by_year[year]):
        previous = by_year.get(year - 1)
        rows.append(TargetRow(
            row.target, label("target", row.target, lang), row.goal, row.comparison,
            _goal_text(row, lang), row.actual, row.ratio, row.met,
            row.unit,
            None if previous is None else row.actual - previous[index].actual,
            row.undated_count, row.counting,
            tuple(TrendPoint(y, rows_of_year[index].actual)
                  for y, rows_of_year in sorted(by_year.items())),
        ))
    note = None if region is None else text("report.targets_national", lang)
    return TargetsSection("national", tuple(rows), note)


# --- pilots ---------------------------------------------------------------------------

def _heat_map(G: nx.MultiDiGraph, H: nx.MultiDiGraph, park: str, year: int,
              lang: Lang) -> HeatMap:
    """analysis.timeline of the park since the plan started, on the part of the history its
    score reads (scope_neighbourhood, as analysis.actions re-scores), with the chain of
    `year` chosen on the whole graph: the same rows, without walking a national history
    once per park."""
    start = max(min(PLAN_START, year), year - MAX_SPAN + 1)
    chain = resolve_chain(G, resolve_scope(G, park), None)
    local = H.subgraph(scope_neighbourhood(H, resolve_scope(H, park))).copy()
    result = timeline(local, park, start, year, chain)
    first = next((y.gaps for y in result.years if y.gaps is not None), None)
    stages = tuple(s.stage.code for s in first.stages) if first else ()
    cells = tuple(
        tuple(None if y.gaps is None else y.gaps.stages[i].status.value for y in result.years)
        for i in range(len(stages)))
    return HeatMap(tuple(y.year for y in result.years), stages,
                   tuple(label("stage", s, lang) for s in stages), cells,
                   tuple(None if y.score is None else y.score.score for y in result.years))


def _gaps(G: nx.MultiDiGraph, park: str, lang: Lang) -> tuple[GapRow, ...]:
    report = find_stage_gaps(G, park, None, SUGGESTIONS)
    return tuple(
        GapRow(s.stage.code, label("stage", s.stage.code, lang), s.status.value,
               label("status", s.status.value, lang),
               tuple(_suggestion(G, sug, lang) for sug in s.suggestions))
        for s in report.stages if s.status.value != "COVERED")


def _suggestion(G: nx.MultiDiGraph, s: Suggestion, lang: Lang) -> SuggestionRow:
    return SuggestionRow(named(G, s.actor.id, lang), s.rank, s.reasons_in(lang))


def pilot_rows(G: nx.MultiDiGraph, H: nx.MultiDiGraph, year: int, region: str | None,
               lang: Lang) -> tuple[PilotRow, ...]:
    """Each pilot park of the region as of `year`: its step (from `pilot`/`pilotYear` until
    lifecycle records exist), score with components and top actions, the gaps with
    suggested providers, and the heat map of its chain since the plan started."""
    rows = []
    for park in sorted(p for p in pilot_parks(G, year) if _in_region(G, p, region)):
        score = integration_score(G, park, actions=TOP_ACTIONS)
        since = first_year(G, park, "pilotYear")
        step = text("report.step_pilot" if since is not None else "report.step_pilot_undated",
                    lang, year=since)
        rows.append(PilotRow(
            named(G, park, lang), since, step, score.score,
            tuple(ComponentRow(c.name, label("component", c.name, lang), c.value, c.weight,
                               c.contribution) for c in score.components),
            tuple(ActionRow(a.kind, a.description_in(lang), a.gain) for a in score.actions),
            _gaps(G, park, lang), _heat_map(G, H, park, year, lang)))
    return tuple(rows)


# --- matching funds -------------------------------------------------------------------

def _ratio(torch: float, provincial: float) -> float | None:
    return provincial / torch if torch > 0 else None


def matching(G: nx.MultiDiGraph, year: int, region: str | None, lang: Lang) -> MatchingSection:
    """analysis.funding_match per pilot park, kept for the region and summed; the ratio and
    both readings of 1:2 are those of funding_match applied to the sums."""
    parks = [m for m in funding_match(G, year)
             if region is None or (m.province is not None and m.province.id == region)]
    torch = sum(m.torch_million_cny for m in parks)
    provincial = sum(m.provincial_million_cny for m in parks)
    ratio = _ratio(torch, provincial)
    return MatchingSection(
        torch, provincial, ratio, None if ratio is None else ratio >= MATCH_RATIO,
        None if ratio is None else ratio >= ALT_MATCH_RATIO,
        tuple(ParkFunding(named(G, m.park.id, lang), m.torch_million_cny,
                          m.provincial_million_cny, m.ratio, m.compliant,
                          m.compliant_alt_reading) for m in parks))


# --- clusters and candidates ----------------------------------------------------------

def clusters(G: nx.MultiDiGraph, year: int, region: str | None,
             lang: Lang) -> tuple[ClusterRow, ...]:
    """The region's clusters ranked by integration score (analysis.cluster_scores)."""
    kept = [s for s in cluster_scores(G)
            if region is None or region in resolve_scope(G, s.scope.id).provinces]
    return tuple(ClusterRow(named(G, s.scope.id, lang), i + 1, s.score)
                 for i, s in enumerate(kept))


def candidates(G: nx.MultiDiGraph, year: int, region: str | None,
               lang: Lang) -> tuple[CandidateRow, ...]:
    """The region's best pilot candidates for next year (analysis.pilot_candidates)."""
    kept = [c for c in pilot_candidates(G, first=None) if _in_region(G, c.park.id, region)]
    return tuple(CandidateRow(named(G, c.park.id, lang), i + 1, c.score, c.foundation,
                              c.demonstration, c.distinctiveness, c.undated_count)
                 for i, c in enumerate(kept[:CANDIDATES]))


# --- data quality ---------------------------------------------------------------------

def _entities(G: nx.MultiDiGraph, region: str | None) -> Iterable[str]:
    if region is None:
        return [n for n in G if label_of(G, n) == "Park" or is_actor(G, n)]
    scope = resolve_scope(G, region)
    return [*scope.parks, *scope.actors]


def quality(G: nx.MultiDiGraph, region: str | None, section: TargetsSection,
            pilots: tuple[PilotRow, ...], cands: tuple[CandidateRow, ...],
            money: MatchingSection, lang: Lang) -> DataQuality:
    """Undated items counted by the sections, the datasets (`source`) the region's parks
    and actors came from, and what the report could not compute, with why."""
    undated = [CountRow(r.name, r.undated_count) for r in section.rows if r.undated_count]
    undated += [CountRow(text("report.undated_candidate", lang, park=c.park.name),
                         c.undated_count) for c in cands if c.undated_count]
    entities = list(_entities(G, region))
    sources = Counter(str(prop(G, n, "source") or text("report.source_unknown", lang))
                      for n in entities)
    synthetic = sum(1 for n in entities if as_bool(prop(G, n, "synthetic")) is True)
    notes = [text("report.not_steps", lang), text("report.not_grants", lang)]
    if section.note:
        notes.insert(0, section.note)
    notes += [text("report.no_torch", lang, park=p.park.name)
              for p in money.parks if p.ratio is None]
    if not pilots:
        notes.append(text("report.no_pilots", lang))
    return DataQuality(tuple(undated),
                       tuple(CountRow(s, n) for s, n in sorted(sources.items())),
                       synthetic, len(entities), tuple(notes))
