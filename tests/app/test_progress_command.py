"""`stsgraph analyze progress --year Y [--region ID] [--json]`, run as a real subprocess
against tests/fixtures/plan_graph.py and its indicators in the test Neo4j."""

from __future__ import annotations

import json

from graph.repository import wipe_entities
from loaders.load import load_dataset
from tests.fixtures.dated_graph import write_graph
from tests.fixtures.plan_graph import seed_graph
from tests.loaders.test_cli import stsgraph
from tests.schema.test_plan import INDICATORS_CSV


async def _plan(driver, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    await wipe_entities(driver, settings.neo4j_database)
    await write_graph(driver, seed_graph(), settings.neo4j_database)
    (tmp_path / "indicators.csv").write_text(INDICATORS_CSV, encoding="utf-8")
    await load_dataset(driver, tmp_path, database=settings.neo4j_database)


async def test_progress_json_by_province_with_by_year(driver, settings, tmp_path) -> None:
    await _plan(driver, settings, tmp_path)
    result = stsgraph(settings, "analyze", "progress", "--year", "2015", "--region", "prov-b",
                      "--json")
    assert result.returncode == 0, result.stderr + result.stdout
    rows = {r["target"]: r for r in json.loads(result.stdout)}
    attracted = rows["agencies_attracted"]
    assert (attracted["actual"], attracted["met"], attracted["regionId"]) == (1, None, "prov-b")
    assert [y["actual"] for y in attracted["byYear"]] == [0, 0, 0, 1, 1]
    assert attracted["provinceWide"] is not None
    table = stsgraph(settings, "analyze", "progress", "--year", "2015", "--region", "prov-a",
                     "--lang", "en", COLUMNS="400")
    backbone = next(line for line in table.stdout.splitlines()
                    if "Backbone S&T service agencies grown in pilot areas" in line)
    assert "Province-wide reading" in table.stdout and backbone.split("│")[6].strip() == "2"
    national = json.loads(stsgraph(settings, "analyze", "progress", "--year", "2015",
                                   "--json").stdout)
    turnover = next(r for r in national if r["target"] == "tech_contract_turnover")
    assert (turnover["actual"], turnover["met"]) == (983500, True)


async def test_progress_table_shows_every_year_and_the_missing_figure(driver, settings,
                                                                      tmp_path) -> None:
    await _plan(driver, settings, tmp_path)
    result = stsgraph(settings, "analyze", "progress", "--year", "2014")
    assert result.returncode == 0, result.stderr + result.stdout
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "目标值" in line)
    assert header.index("2011") < header.index("2012") < header.index("2014")
    turnover = next(line for line in lines if "全国技术市场合同交易总额" in line)
    assert "指标数据中缺少该年的官方数字" in turnover and "746,913" in turnover


async def test_a_city_is_not_a_province(driver, settings, tmp_path) -> None:
    await _plan(driver, settings, tmp_path)
    result = stsgraph(settings, "analyze", "progress", "--region", "city-a")
    assert result.returncode == 1
    assert "'city-a' is a city region, not a province" in result.stdout


async def test_as_of_counts_an_earlier_year_towards_the_target_year(driver, settings,
                                                                    tmp_path) -> None:
    await _plan(driver, settings, tmp_path)
    result = stsgraph(settings, "analyze", "progress", "--year", "2015", "--as-of", "2013",
                      "--json")
    assert result.returncode == 0, result.stderr + result.stdout
    backbone = next(r for r in json.loads(result.stdout) if r["target"] == "backbone_agencies")
    assert (backbone["year"], backbone["asOf"], backbone["actual"]) == (2015, 2013, 1)
    assert (backbone["expected"], backbone["onTrack"]) == (50, False)
    assert [y["year"] for y in backbone["byYear"]] == [2011, 2012, 2013]
    table = stsgraph(settings, "analyze", "progress", "--year", "2015", "--as-of", "2013",
                     "--lang", "en", COLUMNS="400")
    assert "(goals of 2015)" in table.stdout and "On track" in table.stdout
    chinese = stsgraph(settings, "analyze", "progress", "--year", "2015", "--as-of", "2013",
                       COLUMNS="400")
    assert "（2015年目标）" in chinese.stdout and "进度达标" in chinese.stdout
    refused = stsgraph(settings, "analyze", "progress", "--year", "2015", "--as-of", "2016")
    assert refused.returncode != 0
    assert "--as-of: asOf must be between 2011" in refused.stderr + refused.stdout
