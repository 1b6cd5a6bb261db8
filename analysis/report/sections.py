"""One adapter per section of the annual report, each calling the analyses that compute its
figures (no figure is computed here) and keeping what concerns `region` in `year`.

Each adapter is the one place to change when an analysis changes: the targets come from
analysis.progress (one call, every year), the pilots from the lifecycle records
(analysis.lifecycle), the matching funds from analysis.funding per province.
`G` is the graph of the year (`graph_as_of`), `H` the history graph
(every year) where a section needs past years.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from analysis._graph import as_bool, first_year, is_actor, label_of, name_in, prop
from analysis.asof import History
from analysis.funding import ALT_MATCH_RATIO, MATCH_RATIO, funding_match
from analysis.gaps import find_stage_gaps, resolve_chain
from analysis.humanize import quantity
from analysis.lifecycle import is_active, pilot_areas, pilot_records, pilot_subject
from analysis.pilots import pilot_candidates
from analysis.progress import TargetProgress, plan_progress
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
    PilotRow,
    ProvinceFunding,
    SuggestionRow,
    TargetRow,
    TargetsSection,
    TrendPoint,
)
from analysis.scope import resolve_scope, scope_neighbourhood
from analysis.score import cluster_scores, integration_score
from analysis.suggest import Suggestion
from analysis.target_counts import Indicators
from analysis.targets import PLAN_START
from analysis.text import Lang, label, text
from analysis.timeline import MAX_SPAN, timeline
from analysis.vocab import PILOT_STEP_PROPS

TOP_ACTIONS = 3
SUGGESTIONS = 3
CANDIDATES = 5


def named(G: nx.MultiDiGraph, node: str, lang: Lang) -> Named:
    return Named(node, name_in(G, node, lang))


# --- targets --------------------------------------------------------------------------

def goal_text(row: TargetProgress, lang: Lang) -> str:
    """The goal in the seed's manner: 不少于100家, 8,000.00亿元左右…"""
    return text(f"comparison.{row.comparison}", lang, goal=quantity(row.goal, row.unit, lang))


def _growth(row: TargetProgress) -> float | None:
    """The actual of the year minus the year before's (None when either is unknown)."""
    if len(row.by_year) < 2:
        return None
    before, last = row.by_year[-2].actual, row.by_year[-1].actual
    return None if before is None or last is None else last - before


def targets(H: nx.MultiDiGraph, year: int, region: str | None, lang: Lang,
            indicators: Indicators | None = None,
            history: History | None = None) -> TargetsSection:
    """The nine plan targets as of `year` for the nation or the province `region`
    (analysis.plan_progress, one call: `by_year` is the trend since the plan started),
    with the growth in the year. A province has no goal of its own: its rows carry its
    count and its share of the national actual, and the note says so."""
    rows = tuple(
        TargetRow(row.target, label("plan_target", row.target, lang), row.goal,
                  row.comparison, goal_text(row, lang), row.actual, row.ratio, row.met,
                  row.unit, _growth(row), row.undated_count, row.counting,
                  tuple(TrendPoint(y.year, y.actual) for y in row.by_year),
                  row.share_of_national,
                  None if row.missing is None else label("plan_missing", row.missing, lang))
        for row in plan_progress(H, year, region, indicators, history=history))
    if region is None:
        return TargetsSection("national", rows, None)
    return TargetsSection("province_share", rows, text("report.targets_province", lang))


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


def _park_records(G: nx.MultiDiGraph, year: int) -> dict[str, str]:
    """The active pilot record of each park subject in `year`."""
    found: dict[str, str] = {}
    for pilot in pilot_records(G):
        data = G.nodes[pilot]
        subject = pilot_subject(G, pilot)
        if (subject is not None and data.get("type") == "service_system_park"
                and is_active(data, year)):
            found.setdefault(subject, pilot)
    return found


def _year_of(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else None


def _step(G: nx.MultiDiGraph, park: str, record: str | None, year: int,
          lang: Lang) -> tuple[int | None, str]:
    """The pilot's approval year and its latest lifecycle step by `year`, in words; for a
    park flagged `pilot` without a record, its pilotYear."""
    if record is None:
        since = first_year(G, park, "pilotYear")
        return since, text("report.step_pilot" if since is not None
                           else "report.step_pilot_undated", lang, year=since)
    data = G.nodes[record]
    reached = [(y, index, step) for index, (step, key) in enumerate(PILOT_STEP_PROPS.items())
               if (y := _year_of(data.get(key))) is not None and y <= year]
    when, _, step = max(reached)  # an active record is approved by `year`
    return _year_of(data.get(PILOT_STEP_PROPS["approved"])), text(
        "report.step_record", lang, step=label("pilot_status", step, lang), year=when)


def pilot_rows(G: nx.MultiDiGraph, H: nx.MultiDiGraph, year: int, region: str | None,
               lang: Lang) -> tuple[PilotRow, ...]:
    """Each pilot park of the region active in `year` (analysis.lifecycle's pilot records;
    `pilot`/`pilotYear` for a park without one): its step, score with components and top
    actions, the gaps with suggested providers, and the heat map of its chain since the
    plan started."""
    records = _park_records(G, year)
    rows = []
    for park in pilot_areas(G, year, region)["service_system_park"]:
        score = integration_score(G, park, actions=TOP_ACTIONS)
        since, step = _step(G, park, records.get(park), year, lang)
        rows.append(PilotRow(
            named(G, park, lang), since, step, score.score,
            tuple(ComponentRow(c.name, label("component", c.name, lang), c.value, c.weight,
                               c.contribution) for c in score.components),
            tuple(ActionRow(a.kind, a.description_in(lang), a.gain) for a in score.actions),
            _gaps(G, park, lang), _heat_map(G, H, park, year, lang)))
    return tuple(rows)


def unrecorded_pilots(G: nx.MultiDiGraph, year: int, pilots: tuple[PilotRow, ...]) -> bool:
    """Whether a pilot park of the report has no pilot record (its step is a guess)."""
    records = _park_records(G, year)
    return any(p.park.id not in records for p in pilots)


# --- matching funds -------------------------------------------------------------------

def matching(G: nx.MultiDiGraph, year: int, region: str | None, lang: Lang) -> MatchingSection:
    """analysis.funding_match of the region (every province for the national report), one
    row per province, summed; the total's ratio and both readings of 1:2 are
    funding_match's applied to the sums; the grants left out are counted by reason."""
    rows = funding_match(G, year, region)
    torch = sum(m.torch_million_cny for m in rows)
    provincial = sum(m.matching_million_cny for m in rows)
    ratio = provincial / torch if torch > 0 else None
    reasons = Counter(label("grant_reason", g.reason or "", lang)
                      for m in rows for g in m.excluded)
    return MatchingSection(
        torch, provincial, ratio, None if ratio is None else ratio >= MATCH_RATIO,
        None if ratio is None else ratio >= ALT_MATCH_RATIO,
        tuple(ProvinceFunding(named(G, m.province.id, lang),
                              tuple(named(G, p.id, lang) for p in m.pilots),
                              m.torch_million_cny, m.matching_million_cny, m.ratio,
                              m.compliant, m.compliant_alt_reading, len(m.counted),
                              len(m.excluded)) for m in rows),
        tuple(CountRow(r, n) for r, n in sorted(reasons.items())))


# --- clusters and candidates ----------------------------------------------------------

def clusters(G: nx.MultiDiGraph, year: int, region: str | None,
             lang: Lang) -> tuple[ClusterRow, ...]:
    """The region's clusters ranked by integration score (analysis.cluster_scores of the
    region's clusters alone: a cluster's score does not depend on the others)."""
    kept = cluster_scores(G, clusters=None if region is None else [
        n for n in G if label_of(G, n) == "Cluster"
        and region in resolve_scope(G, n).provinces])
    return tuple(ClusterRow(named(G, s.scope.id, lang), i + 1, s.score)
                 for i, s in enumerate(kept))


def candidates(G: nx.MultiDiGraph, year: int, region: str | None,
               lang: Lang) -> tuple[CandidateRow, ...]:
    """The region's best pilot candidates for next year (analysis.pilot_candidates of the
    province and year): ranked first; parks without enough data follow, unscored."""
    kept = pilot_candidates(G, first=CANDIDATES, province=region, year=year)
    return tuple(CandidateRow(named(G, c.park.id, lang), c.rank, c.score, c.foundation,
                              c.demonstration, c.distinctiveness, c.undated_count, c.status,
                              label("candidate_status", c.status, lang))
                 for c in kept[:CANDIDATES])


# --- data quality ---------------------------------------------------------------------

def _entities(G: nx.MultiDiGraph, region: str | None) -> Iterable[str]:
    if region is None:
        return [n for n in G if label_of(G, n) == "Park" or is_actor(G, n)]
    scope = resolve_scope(G, region)
    return [*scope.parks, *scope.actors]


def quality(G: nx.MultiDiGraph, year: int, region: str | None, section: TargetsSection,
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
    notes = [text("report.not_steps", lang)] if unrecorded_pilots(G, year, pilots) else []
    if section.note:
        notes.insert(0, section.note)
    notes += [text("report.not_computed_target", lang, target=r.name, reason=r.missing)
              for r in section.rows if r.missing]
    notes += [text("report.no_torch", lang, province=p.province.name)
              for p in money.provinces if p.ratio is None]
    if not pilots:
        notes.append(text("report.no_pilots", lang))
    return DataQuality(tuple(undated),
                       tuple(CountRow(s, n) for s, n in sorted(sources.items())),
                       synthetic, len(entities), tuple(notes))
