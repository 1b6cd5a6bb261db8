"""`pilotCandidates(first, regionId, year, asOf)` on the loaded demo: one province's parks,
the zones of a year, pilots (per the records) excluded, thin parks reported as
`not_enough_data` instead of a score of zero."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import AsyncDriver

from app.settings import PROJECT_ROOT, Settings
from tests.schema.conftest import GraphQL, error_code, reload

DEMO = PROJECT_ROOT / "data" / "demo"
QUERY = """query($region: ID, $year: Int, $first: Int = 200) {
  pilotCandidates(regionId: $region, year: $year, first: $first) {
    park { id } rank score foundation status { code labelZh } details } }"""


@pytest.fixture(scope="module", autouse=True)
async def demo(driver: AsyncDriver, settings: Settings) -> None:
    await reload(driver, settings, Path(DEMO))


def test_one_province_ranked_then_not_enough_data(editor: GraphQL) -> None:
    rows = editor.data(QUERY, {"region": "region-zhejiang", "year": 2015})["pilotCandidates"]
    parks = [r["park"]["id"] for r in rows]
    assert "park-hangzhou" in parks and "park-wenzhou" in parks  # Hangzhou's bid was rejected
    assert all(p.startswith("park-") for p in parks)
    codes = [r["status"]["code"] for r in rows]
    assert codes == sorted(codes, key=lambda c: c != "ranked")  # ranked first
    ranked = [r for r in rows if r["status"]["code"] == "ranked"]
    thin = [r for r in rows if r["status"]["code"] == "not_enough_data"]
    assert ranked and thin
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert all(r["details"]["actors"] >= 3 for r in ranked)
    assert all(r["score"] is None and r["rank"] is None and r["details"]["actors"] < 3
               for r in thin)
    assert thin[0]["status"]["labelZh"] == "数据不足，无法排名"


def test_pilots_per_the_records_are_not_candidates(editor: GraphQL) -> None:
    parks = {r["park"]["id"] for r in editor.data(QUERY, {"year": 2015})["pilotCandidates"]}
    assert not parks & {"park-zhongguancun", "park-xian", "park-shenzhen",
                        "park-suzhou-industrial-park"}
    before = {r["park"]["id"] for r in editor.data(QUERY, {"year": 2012})["pilotCandidates"]}
    assert "park-shenzhen" in before  # its pilot was approved in 2013


def test_only_zones_that_existed_in_the_year(editor: GraphQL) -> None:
    def parks(year: int) -> set[str]:
        return {r["park"]["id"] for r in editor.data(
            QUERY, {"region": "region-shanxi", "year": year})["pilotCandidates"]}

    assert "park-changzhi" not in parks(2014) and "park-changzhi" in parks(2015)


@pytest.mark.parametrize(("region", "code"), [("region-hangzhou", "BAD_USER_INPUT"),
                                              ("region-atlantis", "NOT_FOUND")])
def test_the_region_must_be_a_province(editor: GraphQL, region: str, code: str) -> None:
    assert error_code(editor.error(QUERY, {"region": region, "year": 2015})) == code
