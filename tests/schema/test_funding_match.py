"""`fundingMatch(year, regionId)` on the loaded demo: the figures of data/demo/README.md's
matching-funds table are the API's (the table is parsed), grants are listed as counted or
excluded with their reason, and bad arguments are refused."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from app.settings import PROJECT_ROOT, Settings
from tests.schema.conftest import GraphQL, error_code, reload

DEMO = PROJECT_ROOT / "data" / "demo"
YEARS = range(2011, 2016)
QUERY = """query($year: Int, $region: ID) { fundingMatch(year: $year, regionId: $region) {
  province { id } year pilots { id } torchMillionCny matchingMillionCny ratio compliant
  compliantAltReading readings { reading { code labelZh } minimumRatio met default }
  counted { funder { id } recipient { id } program amountMillionCny role { code label labelZh } }
  excluded { funder { id } recipient { id } program amountMillionCny
             reason { code label labelZh } } } }"""


@pytest.fixture(scope="module", autouse=True)
async def demo(driver: AsyncDriver, settings: Settings) -> None:
    await reload(driver, settings, Path(DEMO))


def readme_rows() -> list[tuple[str, int, list[str], float, float, str, str, str]]:
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Funding: the 1:2 provincial match", 1)[1].split("\n### ", 1)[0]
    rows = []
    for line in section.splitlines():
        found = re.match(r"^\| `(region-[a-z-]+)` \| (\d{4}) \| (.*?) \| ([\d.]+) \| "
                         r"([\d.]+) \| ([\d.—]+) \| (.+?) \| (.+?) \|$", line)
        if found:
            province, year, pilots, torch, matching, ratio, twice, half = found.groups()
            rows.append((province, int(year), re.findall(r"`([^`]+)`", pilots), float(torch),
                         float(matching), ratio, twice, half))
    return rows


def _yes(value: bool | None) -> str:
    return "—" if value is None else "yes" if value else "**no**"


def api_rows(editor: GraphQL) -> list[tuple[Any, ...]]:
    rows = []
    for year in YEARS:
        for m in editor.data(QUERY, {"year": year})["fundingMatch"]:
            if m["torchMillionCny"] or m["matchingMillionCny"]:
                ratio = "—" if m["ratio"] is None else f"{m['ratio']:.2f}"
                rows.append((m["province"]["id"], m["year"], [p["id"] for p in m["pilots"]],
                             m["torchMillionCny"], m["matchingMillionCny"], ratio,
                             _yes(m["compliant"]), _yes(m["compliantAltReading"])))
    return rows


def test_the_readme_table_is_what_the_api_answers(editor: GraphQL) -> None:
    table = readme_rows()
    assert len(table) >= 15  # the table was found and parsed
    assert api_rows(editor) == table


def test_only_shaanxi_is_non_compliant_and_the_literal_reading_is_met_everywhere(
        editor: GraphQL) -> None:
    rows = api_rows(editor)
    assert {r[0] for r in rows if r[6] == "**no**"} == {"region-shaanxi"}
    assert {r[7] for r in rows} == {"yes"}


def test_one_province_lists_counted_and_excluded_grants_with_reasons(editor: GraphQL) -> None:
    rows = editor.data(QUERY, {"year": 2014, "region": "region-beijing"})["fundingMatch"]
    assert [r["province"]["id"] for r in rows] == ["region-beijing"]
    row = rows[0]
    roles = {g["role"]["code"] for g in row["counted"]}
    assert roles == {"torch", "matching"}
    torch = sum(g["amountMillionCny"] for g in row["counted"] if g["role"]["code"] == "torch")
    assert torch == pytest.approx(row["torchMillionCny"])
    reasons = {g["reason"]["code"]: g for g in row["excluded"]}
    assert "cluster_development" in {g["program"] for g in row["excluded"]
                                     if g["reason"]["code"] == "not_matching_programme"}
    assert reasons["not_matching_programme"]["reason"]["labelZh"] == "不属于专项配套计划的省级资助"
    default = [r for r in row["readings"] if r["default"]]
    assert [(r["reading"]["code"], r["minimumRatio"], r["met"]) for r in default] == [
        ("province_twice_torch", 2.0, True)]


@pytest.mark.parametrize(("region", "code"), [
    ("region-nowhere", "NOT_FOUND"), ("region-beijing-city", "BAD_USER_INPUT"),
    ("park-xian", "BAD_USER_INPUT")])
def test_a_region_that_is_not_a_province_is_refused(editor: GraphQL, region: str,
                                                    code: str) -> None:
    assert error_code(editor.error(QUERY, {"year": 2014, "region": region})) == code


def test_a_year_out_of_range_is_refused(editor: GraphQL) -> None:
    error = editor.error(QUERY, {"year": 1800})
    assert error_code(error) == "BAD_USER_INPUT" and "year" in error["message"]
