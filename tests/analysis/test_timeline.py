"""The timeline: each year equals the analyses run on the graph of that year, one chain for
all years, years without the scope marked, and the year range checked."""

from __future__ import annotations

import networkx as nx
import pytest

import analysis
from analysis.asof import graph_as_of
from analysis.timeline import MAX_SPAN, TimelineError, timeline
from tests.fixtures.dated_graph import dated_graph


@pytest.fixture(scope="module")
def history() -> nx.MultiDiGraph:
    return dated_graph()


@pytest.mark.parametrize("scope", ["park-a", "cluster-a", "prov-a"])
def test_each_year_equals_the_analyses_of_that_years_graph(history, scope):
    result = timeline(history, scope, 2009, 2016, chain="default")
    assert [y.year for y in result.years] == list(range(2009, 2017))
    for row in result.years:
        G = graph_as_of(history, row.year)
        if not row.exists:
            assert scope not in G
            continue
        gaps = analysis.find_stage_gaps(G, scope, "default", 0)
        score = analysis.integration_score(G, scope, chain="default", actions=0)
        assert row.gaps is not None and row.score is not None
        assert row.gaps.to_dict() == gaps.to_dict()
        assert row.score.to_dict() == score.to_dict()


def test_testing_is_missing_in_2012_only(history):
    result = timeline(history, "park-a", 2010, 2015)
    assert [y.gaps.stage("testing_certification").status.value for y in result.years
            if y.gaps is not None] == ["THIN", "THIN", "MISSING", "THIN", "THIN", "THIN"]
    assert result.chain == "default"
    assert result.to_dict()["from"] == 2010 and result.to_dict()["to"] == 2015


def test_years_before_the_scope_existed_have_no_report(history):
    result = timeline(history, "park-new", 2012, 2015)
    assert [(y.year, y.exists) for y in result.years] == [
        (2012, False), (2013, False), (2014, True), (2015, True)]
    assert result.years[0].gaps is None and result.years[0].score is None
    assert result.years[2].gaps.stage("incubation").status.value == "THIN"   # ag-new-inc


def test_one_chain_for_every_year_chosen_in_the_latest_year(history):
    G = history.copy()
    G.add_node("rail", label="Industry", name="Rail")
    G.add_edge("park-a", "rail", key="FOCUSES_ON", type="FOCUSES_ON", since=2014)
    G.remove_edge("park-a", "materials", key="FOCUSES_ON")
    result = timeline(G, "park-a", 2012, 2015)
    assert result.chain == "high_end_equipment"      # as chosen in 2015, used for 2012 too
    assert all(y.gaps.chain == "high_end_equipment" for y in result.years if y.gaps)
    assert timeline(G, "park-a", 2012, 2013).chain == "default"   # no focus before 2014


@pytest.mark.parametrize(("start", "end", "message"), [
    (2015, 2010, "must not be after"),
    (2000, 2000 + MAX_SPAN, f"at most {MAX_SPAN} years"),
])
def test_bad_ranges_are_refused(history, start, end, message):
    with pytest.raises(TimelineError, match=message):
        timeline(history, "park-a", start, end)


def test_a_span_of_max_years_is_allowed_and_unknown_scopes_refused(history):
    assert len(timeline(history, "park-a", 2000, 2000 + MAX_SPAN - 1).years) == MAX_SPAN
    with pytest.raises(analysis.ScopeError):
        timeline(history, "nowhere", 2010, 2012)
    with pytest.raises(analysis.ScopeError):
        timeline(history, "ag-rd", 2010, 2012)
