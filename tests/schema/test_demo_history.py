"""The demo's history as data/demo/README.md tells it ("Two parks from 2010 to 2015"),
checked against the loaded demo through the API, and the demo reloads unchanged.

The README's tables are parsed, so the numbers a planner reads there are the numbers the
API gives for `asOf: 2010` and `asOf: 2015`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from app.settings import PROJECT_ROOT, Settings
from loaders.load import load_dataset
from tests.schema.conftest import GraphQL, reload

DEMO = PROJECT_ROOT / "data" / "demo"
CHAIN = ("research_development", "testing_certification", "intellectual_property",
         "technology_transfer", "incubation", "finance")
KINDS = {"agencies located": "agencies", "platforms located": "platforms",
         "talent teams located": "talentTeams"}


@pytest.fixture(scope="module", autouse=True)
async def demo(driver: AsyncDriver, settings: Settings) -> None:
    await reload(driver, settings, Path(DEMO))


def readme_tables() -> dict[str, dict[int, dict[str, int]]]:
    """park -> year -> measure -> number, from README.md's tables headed `| \\`park-...\\` |`."""
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Two parks from 2010 to 2015", 1)[1]
    tables: dict[str, dict[int, dict[str, int]]] = {}
    for block in re.findall(r"^\| `(park-[a-z-]+)` \| (\d{4}) \| (\d{4}) \|\n\|---\|---\|---\|\n"
                            r"((?:\|.*\|\n)+)", section, re.MULTILINE):
        park, first, second, body = block
        years = (int(first), int(second))
        table: dict[int, dict[str, int]] = {y: {} for y in years}
        for row in body.strip().split("\n"):
            measure, *cells = (c.strip() for c in row.strip("|").split("|"))
            for year, cell in zip(years, cells, strict=True):
                table[year][measure] = int(cell.split()[0])
        tables[park] = table
    return tables


PARKS = """query($year: Int, $ids: [String!]) { parks(asOf: $year, where: {id_in: $ids}) {
  edges { node { id
    agencies(first: 100) { totalCount edges { node { stages { code } } } }
    platforms(first: 100) { totalCount edges { node { stages { code } } } }
    talentTeams(first: 100) { totalCount edges { node { stages { code } } } } } } } }"""


def api_counts(gql: GraphQL, year: int, park: str) -> dict[str, int]:
    data = gql.data(PARKS, {"year": year, "ids": [park]})["parks"]["edges"]
    assert [e["node"]["id"] for e in data] == [park]
    node = data[0]["node"]
    counts = {measure: node[field]["totalCount"] for measure, field in KINDS.items()}
    stages = [s["code"] for field in KINDS.values() for e in node[field]["edges"]
              for s in e["node"]["stages"]]
    counts.update({f"{stage} providers": stages.count(stage) for stage in CHAIN})
    return counts


def test_readme_names_two_parks_with_their_2010_and_2015_counts() -> None:
    tables = readme_tables()
    assert sorted(tables) == ["park-suzhou-industrial-park", "park-wuxi"]
    for table in tables.values():
        assert sorted(table) == [2010, 2015]
        assert set(table[2010]) == {*KINDS, *(f"{s} providers" for s in CHAIN)}
    # the story the README tells: Wuxi had no IP provider in 2010, one by 2015
    assert tables["park-wuxi"][2010]["intellectual_property providers"] == 0
    assert tables["park-wuxi"][2015]["intellectual_property providers"] == 1


@pytest.mark.parametrize("park", ["park-wuxi", "park-suzhou-industrial-park"])
@pytest.mark.parametrize("year", [2010, 2015])
def test_readme_counts_are_what_the_api_says(gql: GraphQL, park: str, year: int) -> None:
    assert api_counts(gql, year, park) == readme_tables()[park][year]


def test_the_years_matter_in_the_demo(gql: GraphQL) -> None:
    """Moving asOf changes what the API returns for both parks (else the test above would
    not show that asOf reaches the database)."""
    for park in ("park-wuxi", "park-suzhou-industrial-park"):
        assert api_counts(gql, 2010, park) != api_counts(gql, 2015, park)


def test_closed_demo_actors_are_listed_without_as_of_and_absent_with_it(gql: GraphQL) -> None:
    query = """query($year: Int) { agencies(asOf: $year, where: {id: "agency-suzhou-industrial-park-05"})
        { edges { node { id closedYear } } } }"""
    every = gql.data(query, {"year": None})["agencies"]["edges"]
    assert every == [{"node": {"id": "agency-suzhou-industrial-park-05", "closedYear": 2012}}]
    assert gql.data(query, {"year": 2011})["agencies"]["edges"] == every
    assert gql.data(query, {"year": 2012})["agencies"]["edges"] == []


async def test_reloading_the_demo_changes_nothing(driver: AsyncDriver, settings: Settings) -> None:
    report = await load_dataset(driver, Path(DEMO), database=settings.neo4j_database)
    summary = report.summary
    assert summary is not None
    changed: dict[str, Any] = {
        name: c for name, c in (*summary.entities.items(), *summary.relationships.items())
        if c.created or c.updated or c.deleted}
    assert changed == {}
    assert sum(c.unchanged for label, c in summary.entities.items() if label != "Pilot") == 1501
    assert summary.entities["Pilot"].unchanged == 18  # the pilot records (pilots.csv)


def _graphql_blocks(heading: str, until: str) -> list[str]:
    text = (PROJECT_ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split(until, 1)[0]
    return re.findall(r"```graphql\n(.*?)```", section, re.DOTALL)


AS_OF_EXAMPLES = _graphql_blocks("## As of a year", "## Analyses as of a year")


@pytest.mark.parametrize("query", AS_OF_EXAMPLES,
                         ids=[f"example-{i}" for i in range(len(AS_OF_EXAMPLES))])
def test_as_of_examples_of_the_api_docs_work_on_the_demo(gql: GraphQL, query: str) -> None:
    data = gql.data(query)
    assert all(value for value in data.values()), data  # each root field found something


def test_the_docs_examples_show_what_they_say(gql: GraphQL) -> None:
    wuxi = gql.data(AS_OF_EXAMPLES[0])
    ip = {year: wuxi[year]["edges"][0]["node"]["ipProviders"]["edges"]
          for year in ("in2010", "in2015")}
    assert ip["in2010"] == []
    assert [e["node"]["id"] for e in ip["in2015"]] == ["agency-wuxi-04"]
    assert ip["in2015"][0]["properties"] == {"since": 2013, "until": None}
    search = gql.data(AS_OF_EXAMPLES[3])
    closed = "agency-suzhou-industrial-park-05"
    assert search["past"][0]["node"] == {"id": closed, "name": search["past"][0]["node"]["name"],
                                         "closedYear": 2012}
    assert closed not in [h["node"]["id"] for h in search["now"]]


async def test_the_year_mutation_example_of_the_api_docs(editor: GraphQL, driver: AsyncDriver,
                                                         settings: Settings) -> None:
    (mutation,) = _graphql_blocks("Years are set and cleared the same way", "\n## ")
    try:
        data = editor.data(mutation)
        assert data["updateAgency"] == {"id": "agency-wuxi-12", "closedYear": 2016}
        assert data["addRelationship"] == {"changed": 1}
    finally:
        await reload(driver, settings, Path(DEMO))
