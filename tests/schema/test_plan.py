"""planProgress by province and year, and `indicators`, over HTTP against the real app, on
tests/fixtures/plan_graph.py written into Neo4j with its indicators loaded from a file."""

from __future__ import annotations

import networkx as nx
import pytest
import pytest_asyncio
from neo4j import AsyncDriver

import analysis
from app.settings import Settings
from graph.repository import wipe_entities
from loaders.load import load_dataset
from schema.analysis import invalidate_whole_graph
from tests.fixtures.dated_graph import write_graph
from tests.fixtures.plan_graph import seed_graph
from tests.schema.conftest import GraphQL, error_code

INDICATORS_CSV = """region_id,indicator,year,value,unit,source,synthetic
,tech_contract_turnover,2013,746913,million_cny,https://example.org/2013,false
,tech_contract_turnover,2015,983500,million_cny,https://example.org/2015,false
prov-a,tech_contract_turnover,2015,98350,million_cny,,true
"""
PROGRESS = """query($year: Int!, $region: ID) { planProgress(year: $year, regionId: $region) {
  target label labelZh quote goal comparison actual ratio met unit unitLabelZh year regionId
  basis { code labelZh } shareOfNational counting countingZh why
  window { code from to label labelZh } area { code label labelZh }
  readings { reading default value rule ruleZh } undatedCount
  caveats { code count label labelZh } missing { code label labelZh }
  byYear { year actual met alternative } } }"""


@pytest_asyncio.fixture(scope="module")
async def plan_graph(driver: AsyncDriver, settings: Settings,
                     tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    await wipe_entities(driver, settings.neo4j_database)
    G = seed_graph()
    await write_graph(driver, G, settings.neo4j_database)
    folder = tmp_path_factory.mktemp("plan-indicators")
    (folder / "indicators.csv").write_text(INDICATORS_CSV, encoding="utf-8")
    await load_dataset(driver, folder, database=settings.neo4j_database)
    invalidate_whole_graph()
    return G


def _rows(editor: GraphQL, year: int, region: str | None = None) -> dict[str, dict]:
    body = editor.data(PROGRESS, {"year": year, "region": region})
    return {r["target"]: r for r in body["planProgress"]}


def test_national_progress_has_the_seed_readings_and_by_year(editor: GraphQL,
                                                             plan_graph: nx.MultiDiGraph) -> None:
    rows = _rows(editor, 2015)
    assert list(rows) == list(analysis.targets.TARGET_IDS)
    backbone = rows["backbone_agencies"]
    assert (backbone["actual"], backbone["goal"], backbone["met"]) == (1, 100, False)
    assert [(r["reading"], r["default"], r["value"]) for r in backbone["readings"]] == [
        ("default", True, 1), ("alternative", False, 3)]
    assert backbone["caveats"] == [{"code": "start_unknown", "count": 1,
                                    "label": "Left out: start year unknown",
                                    "labelZh": "未计入：起始年份未知"}]
    assert backbone["window"] == {"code": "plan", "from": 2011, "to": 2015,
                                  "label": "Growth during the plan: 2011 to 2015",
                                  "labelZh": "规划期内增量：2011年至2015年"}
    assert backbone["area"]["code"] == "pilot_areas" and "试点地区" in backbone["area"]["labelZh"]
    assert "培育成长" in backbone["quote"] and backbone["labelZh"].startswith("试点地区")
    assert [(y["year"], y["actual"]) for y in backbone["byYear"]] == [
        (2011, 0), (2012, 0), (2013, 1), (2014, 1), (2015, 1)]
    assert [y["actual"] for y in rows["agencies_attracted"]["byYear"]] == [0, 0, 2, 3, 3]
    talents = rows["leading_talents"]
    assert (talents["actual"], talents["unit"], talents["unitLabelZh"]) == (6, "persons", "名")
    assert rows["projects_landed"]["actual"] == 2
    assert {c["code"]: c["count"] for c in rows["projects_landed"]["caveats"]} == {
        "key_rd_before_2016": 1, "status_unknown": 1}
    turnover = rows["tech_contract_turnover"]
    assert (turnover["actual"], turnover["met"], turnover["missing"]) == (983500, True, None)
    assert [(y["year"], y["actual"]) for y in turnover["byYear"]] == [
        (2011, None), (2012, None), (2013, 746913), (2014, None), (2015, 983500)]
    assert [r["reading"] for r in turnover["readings"]] == ["default"]


def test_progress_over_http_equals_the_pure_analysis(editor: GraphQL,
                                                     plan_graph: nx.MultiDiGraph) -> None:
    figures = {(None, "tech_contract_turnover", 2013): 746913.0,
               (None, "tech_contract_turnover", 2015): 983500.0,
               ("prov-a", "tech_contract_turnover", 2015): 98350.0}
    for region in (None, "prov-a", "prov-b"):
        pure = analysis.plan_progress(plan_graph, 2015, region, figures)
        served = _rows(editor, 2015, region)
        assert [(p.target, p.actual, p.alternative, p.undated_count, p.met,
                 [y.actual for y in p.by_year]) for p in pure] == [
            (t, r["actual"], r["readings"][1]["value"] if len(r["readings"]) > 1 else None,
             r["undatedCount"], r["met"], [y["actual"] for y in r["byYear"]])
            for t, r in served.items()]


def test_a_province_is_measured_against_the_national_goal(editor: GraphQL,
                                                          plan_graph: nx.MultiDiGraph) -> None:
    rows = _rows(editor, 2015, "prov-b")
    attracted = rows["agencies_attracted"]
    assert (attracted["actual"], attracted["goal"], attracted["met"]) == (1, 1000, None)
    assert attracted["shareOfNational"] == pytest.approx(1 / 3)
    assert attracted["regionId"] == "prov-b" and attracted["basis"]["code"] == "province_share"
    assert [y["actual"] for y in attracted["byYear"]] == [0, 0, 0, 1, 1]   # ag-moved, 2014
    assert rows["tech_contract_turnover"]["actual"] is None
    assert rows["tech_contract_turnover"]["missing"]["code"] == "no_indicator"
    prov_a = _rows(editor, 2015, "prov-a")
    assert prov_a["tech_contract_turnover"]["shareOfNational"] == pytest.approx(0.1)
    assert prov_a["backbone_agencies"]["actual"] == 1


def test_one_read_of_the_history_and_one_of_the_indicators(editor: GraphQL,
                                                           plan_graph: nx.MultiDiGraph) -> None:
    invalidate_whole_graph()
    body = editor(PROGRESS, {"year": 2015, "region": "prov-a"})
    # the data fingerprint, the whole-graph projection (2), the indicators
    assert not body.get("errors") and body["extensions"]["cypherRoundTrips"] == 4


@pytest.mark.parametrize(("region", "code", "words"), [
    ("city-a", "BAD_USER_INPUT", "is a city region, not a province"),
    ("pilot-a", "BAD_USER_INPUT", "is a Park, not a province"),
    ("nowhere", "NOT_FOUND", "no region with id 'nowhere'"),
])
def test_a_region_that_is_not_a_province_names_the_argument(
        editor: GraphQL, plan_graph: nx.MultiDiGraph, region: str, code: str,
        words: str) -> None:
    error = editor.error(PROGRESS, {"year": 2015, "region": region})
    assert error_code(error) == code and words in error["message"]
    assert error["extensions"]["argument"] == "regionId"


def test_indicators_by_area_code_and_years(editor: GraphQL, plan_graph: nx.MultiDiGraph) -> None:
    query = """query($region: ID, $national: Boolean = false, $code: IndicatorCode,
                     $from: Int) {
      indicators(regionId: $region, national: $national, indicator: $code, from: $from) {
        regionId indicator year value unit source synthetic label labelZh } }"""
    national = editor.data(query, {"national": True})["indicators"]
    assert [(r["year"], r["value"], r["regionId"]) for r in national] == [
        (2013, 746913, None), (2015, 983500, None)]
    assert national[1]["source"] == "https://example.org/2015"
    assert (national[1]["labelZh"], national[1]["unit"]) == ("技术市场合同成交额", "million_cny")
    assert [r["regionId"] for r in editor.data(query, {"region": "prov-a"})["indicators"]] == [
        "prov-a"]
    assert len(editor.data(query, {"from": 2014})["indicators"]) == 2
    by_code = editor.data(query, {"national": True, "code": "TECH_CONTRACT_TURNOVER"})
    assert by_code["indicators"] == national  # the only national indicator of the fixture
    error = editor.error(query, {"code": "turnover"})  # refused naming the enum
    assert error_code(error) == "BAD_USER_INPUT" and "IndicatorCode" in error["message"]




AS_OF = """query($asOf: Int) { planProgress(year: 2015, asOf: $asOf) {
  target year asOf actual met expected onTrack window { from to label }
  byYear { year actual } } }"""


def test_as_of_over_http_equals_the_pure_analysis(editor: GraphQL,
                                                  plan_graph: nx.MultiDiGraph) -> None:
    figures = {(None, "tech_contract_turnover", 2013): 746913.0,
               (None, "tech_contract_turnover", 2015): 983500.0,
               ("prov-a", "tech_contract_turnover", 2015): 98350.0}
    pure = analysis.plan_progress(plan_graph, 2015, None, figures, as_of=2013)
    served = editor.data(AS_OF, {"asOf": 2013})["planProgress"]
    assert [(r["target"], r["year"], r["asOf"], r["actual"], r["expected"], r["onTrack"],
             [y["year"] for y in r["byYear"]]) for r in served] == [
        (p.target, 2015, 2013, p.actual, p.expected, p.on_track, [2011, 2012, 2013])
        for p in pure]
    backbone = next(r for r in served if r["target"] == "backbone_agencies")
    assert (backbone["expected"], backbone["onTrack"]) == (50, False)
    assert backbone["window"]["to"] == 2013 and "2013" in backbone["window"]["label"]


@pytest.mark.parametrize("as_of", [2010, 2016])
def test_as_of_outside_2011_and_year_names_the_argument(editor: GraphQL,
                                                        plan_graph: nx.MultiDiGraph,
                                                        as_of: int) -> None:
    error = editor.error(AS_OF, {"asOf": as_of})
    assert error_code(error) == "BAD_USER_INPUT" and error["extensions"]["argument"] == "asOf"
    assert f"got {as_of}" in error["message"]


WIDE = """query($region: ID) { planProgress(year: 2015, regionId: $region) {
  target actual provinceWide readings { reading default value rule ruleZh }
  byYear { year provinceWide } } }"""


def test_a_province_s_own_contributions_are_a_third_reading(editor: GraphQL,
                                                            plan_graph: nx.MultiDiGraph) -> None:
    rows = {r["target"]: r for r in editor.data(WIDE, {"region": "prov-a"})["planProgress"]}
    backbone = rows["backbone_agencies"]
    assert (backbone["actual"], backbone["provinceWide"]) == (1, 2)  # plain-a's agency too
    wide = backbone["readings"][-1]
    assert (wide["reading"], wide["default"], wide["value"]) == ("province_wide", False, 2)
    assert "every park of the province" in wide["rule"] and "本省全部园区" in wide["ruleZh"]
    assert backbone["byYear"][-1] == {"year": 2015, "provinceWide": 2}
    assert rows["projects_landed"]["provinceWide"] is None
    assert "province_wide" not in [r["reading"] for r in rows["projects_landed"]["readings"]]
    national = editor.data(WIDE, {"region": None})["planProgress"]
    assert all(r["provinceWide"] is None and len(r["readings"]) <= 2 for r in national)
