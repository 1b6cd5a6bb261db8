"""`asOf` on the read side of GraphQL (DESIGN.md section 8), over HTTP on the `dated` graph.

The `dated` fixture (tests/loaders/test_dates.py): p-zgc hosts a-ttc (since always),
a-left (until 2013), a-late (founded 2015), pl-test (2011), t-lead (arrived 2014); p-sz
hosts a-ttc-sz (founded 2010, arrived 2012) and a-vc (founded 2008, closed 2014); p-old
(approved 1995) closed in 2011; c-mob was established in 2013, a-ttc-sz a member 2013-2015,
a-vc a member (undated); a-ttc partners a-ttc-sz 2011-2013 and a-vc from 2012; a-ttc-sz
is a branch of a-ttc (undated).
"""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver

from app.settings import Settings
from tests.conftest import FIXTURES
from tests.schema.conftest import GraphQL, error_code, ids, reload


@pytest.fixture(scope="module", autouse=True)
async def dated_graph(driver: AsyncDriver, settings: Settings) -> None:
    await reload(driver, settings, FIXTURES / "dated")


def as_of(year: int | None) -> str:
    return "" if year is None else f"asOf: {year}"


def one_root_field(gql: GraphQL, query: str) -> dict[str, Any]:
    """The data of a one-root-field query, which must have cost one Cypher round-trip."""
    body = gql(query)
    assert not body.get("errors"), body["errors"]
    assert body["extensions"]["cypherRoundTrips"] == 1
    return body["data"]  # type: ignore[no-any-return]


PARK_AGENCIES = """{{ parks(first: 50 {as_of}) {{ totalCount edges {{ node {{ id closedYear
    agencies {{ totalCount edges {{ node {{ id }} properties {{ since until }} }} }} }} }} }} }}"""


@pytest.mark.parametrize(("year", "expected"), [
    (2010, {"p-old": [], "p-sz": ["a-vc"], "p-zgc": ["a-left", "a-ttc"]}),
    (2013, {"p-sz": ["a-ttc-sz", "a-vc"], "p-zgc": ["a-ttc"]}),
    (2015, {"p-sz": ["a-ttc-sz"], "p-zgc": ["a-late", "a-ttc"]}),
    # without asOf: every park, closed ones included, and every location
    (None, {"p-old": [], "p-sz": ["a-ttc-sz", "a-vc"],
            "p-zgc": ["a-late", "a-left", "a-ttc"]}),
])
def test_parks_and_their_agencies_as_of_a_year(gql: GraphQL, year: int | None,
                                               expected: dict[str, list[str]]) -> None:
    parks = one_root_field(gql, PARK_AGENCIES.format(as_of=as_of(year)))["parks"]
    found = {e["node"]["id"]: ids(e["node"]["agencies"]) for e in parks["edges"]}
    assert found == expected
    assert parks["totalCount"] == len(expected)
    for edge in parks["edges"]:
        assert edge["node"]["agencies"]["totalCount"] == len(expected[edge["node"]["id"]])


def test_without_as_of_closed_entities_say_so_and_edges_carry_their_years(gql: GraphQL) -> None:
    parks = one_root_field(gql, PARK_AGENCIES.format(as_of=""))["parks"]["edges"]
    closed = {e["node"]["id"]: e["node"]["closedYear"] for e in parks}
    assert closed == {"p-old": 2011, "p-sz": None, "p-zgc": None}
    years = {a["node"]["id"]: a["properties"] for p in parks
             for a in p["node"]["agencies"]["edges"]}
    assert years["a-ttc-sz"] == {"since": 2012, "until": None}
    assert years["a-left"] == {"since": None, "until": 2013}
    assert years["a-ttc"] is None  # a relationship without properties


def test_pages_and_counts_are_of_the_year(gql: GraphQL) -> None:
    """The year condition runs before SKIP / LIMIT in the database: a page of two of the
    three agencies of 2014 has a next page, and the count is of that year."""
    data = one_root_field(gql, """{ agencies(asOf: 2014, first: 2) { totalCount
        pageInfo { hasNextPage } edges { node { id } } } }""")["agencies"]
    assert data["totalCount"] == 3  # a-left, a-ttc, a-ttc-sz; a-vc closed, a-late not yet
    assert ids(data) == ["a-left", "a-ttc"]
    assert data["pageInfo"]["hasNextPage"] is True
    everyone = one_root_field(gql, "{ agencies { totalCount } }")["agencies"]
    assert everyone["totalCount"] == 5


@pytest.mark.parametrize(("year", "park_of", "partners_of_a_ttc"), [
    (2011, {"a-left": "p-zgc", "a-ttc": "p-zgc", "a-ttc-sz": None, "a-vc": "p-sz"},
     ["a-ttc-sz"]),
    (2012, {"a-left": "p-zgc", "a-ttc": "p-zgc", "a-ttc-sz": "p-sz", "a-vc": "p-sz"},
     ["a-ttc-sz", "a-vc"]),
    (2013, {"a-left": None, "a-ttc": "p-zgc", "a-ttc-sz": "p-sz", "a-vc": "p-sz"}, ["a-vc"]),
    (2014, {"a-left": None, "a-ttc": "p-zgc", "a-ttc-sz": "p-sz"}, []),
])
def test_nested_single_fields_and_connections_see_the_year(
        gql: GraphQL, year: int, park_of: dict[str, str | None],
        partners_of_a_ttc: list[str]) -> None:
    agencies = one_root_field(gql, f"""{{ agencies(first: 50 {as_of(year)}) {{ edges {{ node {{ id
        park {{ id }} stages {{ code }} partners {{ edges {{ node {{ id }} }} }} }} }} }} }}""")
    nodes = [e["node"] for e in agencies["agencies"]["edges"]]
    assert {n["id"]: (n["park"] or {}).get("id") for n in nodes} == park_of
    a_ttc = next(n for n in nodes if n["id"] == "a-ttc")
    assert ids(a_ttc["partners"]) == partners_of_a_ttc
    assert [s["code"] for s in a_ttc["stages"]] == ["technology_transfer", "consulting"]


@pytest.mark.parametrize(("year", "members"), [(2012, None), (2014, ["a-ttc-sz"]),
                                               (2015, []), (None, ["a-ttc-sz", "a-vc"])])
def test_cluster_membership_as_of_a_year(gql: GraphQL, year: int | None,
                                         members: list[str] | None) -> None:
    clusters = one_root_field(gql, f"""{{ clusters(first: 50 {as_of(year)}) {{ edges {{ node {{ id
        members {{ edges {{ node {{ id }} }} }} }} }} }} }}""")["clusters"]["edges"]
    if members is None:  # c-mob was established in 2013
        assert clusters == []
    else:
        assert [(c["node"]["id"], ids(c["node"]["members"])) for c in clusters] == [
            ("c-mob", members)]


@pytest.mark.parametrize(("year", "parks"), [(2010, []), (2012, ["p-sz"]), (2015, ["p-sz"])])
def test_relationship_filters_see_the_year(gql: GraphQL, year: int, parks: list[str]) -> None:
    data = one_root_field(gql, f"""{{ parks(asOf: {year}, where: {{agencies_some:
        {{id: "a-ttc-sz"}}}}) {{ edges {{ node {{ id }} }} }} }}""")
    assert ids(data["parks"]) == parks


@pytest.mark.parametrize(("year", "order"), [(2013, ["p-sz", "p-zgc"]),
                                             (2015, ["p-zgc", "p-sz"])])
def test_sorting_by_a_count_counts_the_year(gql: GraphQL, year: int, order: list[str]) -> None:
    data = one_root_field(gql, f"""{{ parks(asOf: {year}, orderBy: [{{field: AGENCIES_COUNT,
        direction: DESC}}]) {{ edges {{ node {{ id }} }} }} }}""")
    assert ids(data["parks"]) == order


# --- search, neighborhood, shortestPath: the present unless asOf says otherwise -----------


@pytest.mark.parametrize(("year", "found"), [
    (None, ["a-ttc-sz", "p-sz", "r-sz"]),  # a-vc closed in 2014: not in the present
    (2012, ["a-ttc-sz", "a-vc", "p-sz", "r-sz"]),
    (2009, ["a-vc", "p-sz", "r-sz"]),
])
def test_search_reads_the_present_or_the_year(gql: GraphQL, year: int | None,
                                              found: list[str]) -> None:
    hits = one_root_field(gql, f'{{ search(text: "深圳" {as_of(year)}) {{ node {{ id }} }} }}')
    assert sorted(h["node"]["id"] for h in hits["search"]) == found


def test_search_hits_nested_fields_see_the_year(gql: GraphQL) -> None:
    hits = one_root_field(gql, """{ search(text: "Zhongguancun", asOf: 2010,
        kinds: [PARK]) { node { id ... on Park { agencies { edges { node { id } } } } } } }""")
    assert [(h["node"]["id"], ids(h["node"]["agencies"])) for h in hits["search"]] == [
        ("p-zgc", ["a-left", "a-ttc"])]


NEIGHBORHOOD = """{{ neighborhood(id: "{id}" {as_of}) {{ nodes {{ id }}
    edges {{ type source target properties }} }} }}"""


@pytest.mark.parametrize(("year", "nodes"), [
    (2012, ["a-ttc", "a-ttc-sz", "a-vc", "consulting", "i-it", "p-zgc", "pl-test",
            "technology_transfer"]),
    (None, ["a-ttc", "a-ttc-sz", "consulting", "i-it", "p-zgc", "pl-test", "pr-5g", "t-lead",
            "technology_transfer"]),
])
def test_neighborhood_as_of_a_year(gql: GraphQL, year: int | None, nodes: list[str]) -> None:
    sub = one_root_field(gql, NEIGHBORHOOD.format(id="a-ttc", as_of=as_of(year)))
    assert sorted(n["id"] for n in sub["neighborhood"]["nodes"]) == nodes
    partners = {(e["source"], e["target"]): e["properties"]
                for e in sub["neighborhood"]["edges"] if e["type"] == "PARTNERS_WITH"}
    if year == 2012:
        assert partners == {
            ("a-ttc", "a-ttc-sz"): {"year": 2011, "since": 2011, "until": 2013, "weight": 0.5,
                                    "source": "dated"},
            ("a-ttc", "a-vc"): {"year": 2012, "since": 2012, "weight": 0.8, "source": "dated"}}
    else:  # the partnership with a-ttc-sz ended in 2013, a-vc closed in 2014
        assert partners == {}


def test_neighborhood_of_an_entity_not_existing_in_the_year_is_empty(gql: GraphQL) -> None:
    sub = one_root_field(gql, NEIGHBORHOOD.format(id="a-late", as_of="asOf: 2012"))
    assert sub["neighborhood"] == {"nodes": [], "edges": []}
    body = gql(NEIGHBORHOOD.format(id="a-nope", as_of="asOf: 2012"))
    assert error_code(body["errors"][0]) == "NOT_FOUND"


PATH = """{{ shortestPath(fromId: "a-ttc-sz", toId: "a-vc", {as_of}
    relationshipTypes: [PARTNERS_WITH, BRANCH_OF]) {{ nodes {{ id }} }} }}"""


@pytest.mark.parametrize(("year", "path"), [
    (2011, []),  # a-ttc and a-vc became partners in 2012
    (2012, ["a-ttc-sz", "a-ttc", "a-vc"]),
    (2013, ["a-ttc-sz", "a-ttc", "a-vc"]),
    (None, []),  # a-vc closed in 2014
])
def test_shortest_path_as_of_a_year(gql: GraphQL, year: int | None, path: list[str]) -> None:
    sub = one_root_field(gql, PATH.format(as_of=as_of(year)))
    assert [n["id"] for n in sub["shortestPath"]["nodes"]] == path


# --- bad years ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    "{ parks(asOf: 1948) { totalCount } }",
    "{ agencies(asOf: 2101) { totalCount } }",
    '{ search(text: "深圳", asOf: 1900) { score } }',
    '{ neighborhood(id: "a-ttc", asOf: 3000) { truncated } }',
    '{ shortestPath(fromId: "a-ttc", toId: "a-vc", asOf: 0) { truncated } }',
])
def test_as_of_outside_1949_to_2100_is_bad_user_input_naming_the_argument(
        gql: GraphQL, query: str) -> None:
    body = gql(query)
    error = body["errors"][0]
    assert error_code(error) == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "asOf"
    assert "`asOf` must be a year between 1949 and 2100" in error["message"]
    assert body["extensions"]["cypherRoundTrips"] == 0
