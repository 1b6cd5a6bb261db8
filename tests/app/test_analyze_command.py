"""`stsgraph analyze ... --as-of` and `stsgraph analyze timeline`, run as real subprocesses
against the dated graph of tests/fixtures/dated_graph.py in the test Neo4j."""

from __future__ import annotations

import json

from graph.repository import wipe_entities
from tests.conftest import FIXTURES
from tests.fixtures.dated_graph import dated_graph, write_graph
from tests.loaders.test_cli import stsgraph


async def _dated(driver, settings) -> None:  # type: ignore[no-untyped-def]
    await wipe_entities(driver, settings.neo4j_database)
    await write_graph(driver, dated_graph(), settings.neo4j_database)


async def test_timeline_json_gives_each_year(driver, settings) -> None:
    await _dated(driver, settings)
    result = stsgraph(settings, "analyze", "timeline", "--park", "park-a", "--from", "2011",
                      "--to", "2014", "--chain", "default", "--json")
    assert result.returncode == 0, result.stderr + result.stdout
    payload = json.loads(result.stdout)
    assert (payload["scope"]["id"], payload["from"], payload["to"]) == ("park-a", 2011, 2014)
    testing = [next(s["status"] for s in y["gaps"]["stages"]
                    if s["stage"]["code"] == "testing_certification") for y in payload["years"]]
    assert testing == ["THIN", "MISSING", "THIN", "THIN"]
    assert [y["score"]["score"] for y in payload["years"]] == [18.33, 18.06, 28.3, 24.55]


async def test_timeline_table_shows_years_as_columns(driver, settings) -> None:
    await _dated(driver, settings)
    result = stsgraph(settings, "analyze", "timeline", "--park", "park-new", "--from", "2013",
                      "--to", "2015", "--lang", "en")
    assert result.returncode == 0, result.stderr + result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "New Park: 2013–2015 (chain 'default')"
    header = next(line for line in lines if "Stage" in line)
    assert header.index("2013") < header.index("2014") < header.index("2015")
    incubation = next(line for line in lines
                      if line.lstrip("│ ").startswith("Startup incubation"))
    assert incubation.count("—") == 1 and incubation.count("THIN") == 2   # approved 2014
    assert any("score" in line and "—" in line for line in lines)


async def test_gaps_as_of_a_year(driver, settings) -> None:
    await _dated(driver, settings)
    statuses = {}
    for year in ("2012", "2013"):
        result = stsgraph(settings, "analyze", "gaps", "--park", "park-a", "--chain", "default",
                          "--as-of", year, "--json")
        assert result.returncode == 0, result.stderr + result.stdout
        stages = json.loads(result.stdout)["stages"]
        statuses[year] = next(s["status"] for s in stages
                              if s["stage"]["code"] == "testing_certification")
    assert statuses == {"2012": "MISSING", "2013": "THIN"}


async def test_bad_years_are_refused(driver, settings) -> None:
    for args, message in ((["--from", "2015", "--to", "2010"], "must not be after"),
                          (["--from", "1900", "--to", "1910"], "--from must be a year"),
                          (["--from", "2010"], "needs --from YEAR and --to YEAR")):
        result = stsgraph(settings, "analyze", "timeline", "--park", "park-a", *args)
        assert result.returncode != 0
        assert message in result.stdout + result.stderr


async def test_tables_are_in_chinese_by_default(driver, settings) -> None:
    await _dated(driver, settings)
    result = stsgraph(settings, "analyze", "timeline", "--park", "park-new", "--from", "2013",
                      "--to", "2015")
    assert result.returncode == 0, result.stderr + result.stdout
    lines = result.stdout.splitlines()
    assert "2013–2015年" in lines[0]
    incubation = next(line for line in lines if line.lstrip("│ ").startswith("创业孵化"))
    assert incubation.count("—") == 1 and incubation.count("薄弱") == 2
    assert "THIN" not in result.stdout
    assert any(line.lstrip("│ ").startswith("服务链覆盖度") for line in lines)


async def test_an_unknown_language_is_refused(settings) -> None:
    result = stsgraph(settings, "analyze", "progress", "--lang", "fr")
    assert result.returncode == 2
    assert "--lang: unknown language 'fr'; expected zh or en" in result.stdout


async def test_analyze_funding_per_province(load, settings) -> None:
    """`analyze funding` on `tiny` plus its pilots: Beijing's 2013 grants (tiny's funding
    file) against the Torch money of its pilot park."""
    await load("tiny")
    await load(FIXTURES / "pilots")
    result = stsgraph(settings, "analyze", "funding", "--year", "2013", "--region", "r-bj",
                      "--json")
    assert result.returncode == 0, result.stderr + result.stdout
    rows = json.loads(result.stdout)
    assert [r["province"]["id"] for r in rows] == ["r-bj"]
    assert rows[0]["year"] == 2013
    assert sorted(p["id"] for p in rows[0]["pilots"]) == ["c-mob", "p-zgc"]
    assert (rows[0]["matchingMillionCny"], rows[0]["torchMillionCny"], rows[0]["ratio"]) == (
        20.0, 0.0, None)
    table = stsgraph(settings, "analyze", "funding", "--year", "2013", "--lang", "en")
    assert table.returncode == 0 and "National: matching funds (1:2) in 2013" in table.stdout
    zh = stsgraph(settings, "analyze", "funding", "--year", "2013", "--region", "r-bj")
    assert zh.returncode == 0 and "2013年专项配套资金（1:2）" in zh.stdout
    assert "2,000.00万元" in zh.stdout  # 20 million CNY of matching, in 万元
