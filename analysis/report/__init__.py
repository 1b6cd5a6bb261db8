"""The provincial annual report's data (issue 11): the sections the seed asks every
province to report to the Torch Center each year ("按年度向火炬中心报告实施情况"), each
gathered from the analyses by one adapter (analysis/report/sections.py).

It lives in `analysis/` because it is a pure composition of analyses on the projected graph
and the GraphQL schema (which may not import `app/`) returns it; rendering it to PDF, Excel,
HTML and Markdown is `app/report/`.

>>> from analysis.builder import worked_example
>>> G = worked_example()
>>> G.nodes["park-a"].update(pilot=True, pilotYear=2012)
>>> report = annual_report(G, "prov-a", 2015, "en", generated="2026-01-01")
>>> [p.park.id for p in report.pilots], report.pilots[0].heat_map.years[:2]
(['park-a'], (2011, 2012))
>>> annual_report(G, "city-a", 2015, "en")
Traceback (most recent call last):
...
analysis.report.ReportError: region 'city-a' is a city; a province is needed
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from analysis._graph import label_of, prop
from analysis.asof import AS_OF_KEY, History
from analysis.report import sections
from analysis.report.model import AnnualReport
from analysis.target_counts import Indicators
from analysis.targets import PLAN_START
from analysis.text import Lang, parse_lang

__all__ = ["AnnualReport", "ReportError", "annual_report", "check_request"]


class ReportError(ValueError):
    """Bad report input; `argument` names the argument at fault (region, year, lang)."""

    def __init__(self, message: str, argument: str) -> None:
        super().__init__(message)
        self.argument = argument


def check_region(G: nx.MultiDiGraph, region: str | None) -> None:
    if region is None:
        return
    if region not in G or label_of(G, region) != "Region":
        raise ReportError(f"unknown region {region!r}", "region")
    kind = prop(G, region, "kind")
    if kind != "province":
        raise ReportError(f"region {region!r} is a {kind or 'region of unknown kind'}; "
                          "a province is needed", "region")


def check_year(year: int, latest: int) -> None:
    """The plan's years up to the present: before PLAN_START the plan did not exist."""
    if not PLAN_START <= year <= latest:
        raise ReportError(f"year must be between {PLAN_START} and {latest}; got {year}",
                          "year")


def check_request(G: nx.MultiDiGraph, region: str | None, year: int, lang: str | None,
                  latest: int) -> Lang:
    """Every check of the report's arguments, before anything is computed or written."""
    try:
        checked = parse_lang(lang)
    except ValueError as e:
        raise ReportError(str(e), "lang") from e
    check_year(year, latest)
    check_region(G, region)
    return checked


def annual_report(H: nx.MultiDiGraph, region: str | None, year: int, lang: str | None = None,
                  generated: str | None = None, latest: int | None = None,
                  indicators: Indicators | None = None) -> AnnualReport:
    """The annual report of `region` (a province id; None: national) for `year`, in `lang`,
    from `H`, the graph of every year (a history projection; a graph of one year works too),
    and `indicators`, the official figures the targets read (keyed (region id or None,
    code, year), as analysis.plan_progress takes them; app/progress_view.read_figures).

    Raises ReportError naming the argument for an unknown region, a region that is not a
    province, a year outside PLAN_START..`latest` (default: this year) or an unknown
    language.
    """
    today = dt.date.today()
    checked = check_request(H, region, year, lang, today.year if latest is None else latest)
    history = History(H)  # read once: the graph of the year, and each year's counts
    G = H if H.graph.get(AS_OF_KEY) == year else history.graph(year)  # graph_as_of's G
    targets = sections.targets(H, year, region, checked, indicators, history)
    pilots = sections.pilot_rows(G, H, year, region, checked)
    money = sections.matching(G, year, region, checked)
    cands = sections.candidates(G, year, region, checked)
    return AnnualReport(
        None if region is None else sections.named(G, region, checked), year, checked,
        generated or today.isoformat(), targets, pilots, money,
        sections.clusters(G, year, region, checked), cands,
        sections.quality(G, year, region, targets, pilots, cands, money, checked))
