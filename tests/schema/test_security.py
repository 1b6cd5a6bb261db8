"""Values that look like Cypher (or Lucene) are data: filters, ids, search text and
mutation inputs never change the statement, and the graph stays intact. Names that are not
in the schema never reach Cypher: GraphQL validation rejects them first."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest
from neo4j import AsyncDriver

from tests.schema.conftest import GraphQL, error_code, ids, to_literal
from tests.schema.tiny import ENTITY_COUNT, RELATIONSHIPS

pytestmark = pytest.mark.usefixtures("tiny_graph")

INJECTIONS = [
    '"}) MATCH (n) DETACH DELETE n //',
    "'}) MATCH (n) DETACH DELETE n //",
    "x` DETACH DELETE n //",
    "a-vc' OR '1'='1",
    '" OR true OR "',
    "*/ MATCH (n) DETACH DELETE n /*",
    "$p1",
    "a-vc\n}) DETACH DELETE n",
]

# (query with $v, path to the answer, expected answer)
READS: list[tuple[str, list[str], Any]] = [
    ("query($v: String) { agencies(where: {name: $v}) { totalCount } }",
     ["agencies", "totalCount"], 0),
    ("query($v: String) { agencies(where: {name_contains: $v}) { totalCount } }",
     ["agencies", "totalCount"], 0),
    ("query($v: String) { agencies(where: {nameZh_startsWith: $v}) { totalCount } }",
     ["agencies", "totalCount"], 0),
    ("query($v: String!) { agencies(where: {name_in: [$v, \"Shenzhen Angel Fund\"]}) "
     "{ totalCount } }", ["agencies", "totalCount"], 1),
    ("query($v: String) { agencies(where: {id: $v}) { totalCount } }",
     ["agencies", "totalCount"], 0),
    ("query($v: String) { agencies(where: {id_startsWith: $v}) { totalCount } }",
     ["agencies", "totalCount"], 0),
    ("query($v: String) { parks(where: {region: {parent: {name: $v}}}) { totalCount } }",
     ["parks", "totalCount"], 0),
    ("query($v: String) { agencies(where: {stages_some: {code: $v}}) { totalCount } }",
     ["agencies", "totalCount"], 0),
    ("query($v: String) { agencies(where: {OR: [{name: $v}, {NOT: {nameZh: $v}}]}) "
     "{ totalCount } }", ["agencies", "totalCount"], 3),
    ("query($v: String) { parks { edges { node { agencies(where: {name_contains: $v}) "
     "{ totalCount } } } } }", ["parks", "edges"],
     [{"node": {"agencies": {"totalCount": 0}}}] * 2),
    ("query($v: ID!) { node(id: $v) { id } }", ["node"], None),
    ("query($v: ID!) { nodes(ids: [$v, \"a-vc\"]) { id } }", ["nodes"], [None, {"id": "a-vc"}]),
    ("query($v: String!) { search(text: $v) { node { id } } }", ["search"], None),
]


async def assert_graph_intact(driver: AsyncDriver) -> None:
    records, _, _ = await driver.execute_query(
        "RETURN COUNT { (:Entity) } AS entities, COUNT { (:ServiceStage) } AS stages, "
        "COUNT { ()-[]->() } AS relationships")
    assert dict(records[0]) == {"entities": ENTITY_COUNT, "stages": 9,
                                "relationships": len(RELATIONSHIPS)}


def _dig(data: Any, path: list[str]) -> Any:
    for key in path:
        data = data[key]
    return data


@pytest.mark.parametrize("value", INJECTIONS)
async def test_cypher_in_values_is_data(gql: GraphQL, driver: AsyncDriver, value: str) -> None:
    for query, path, expected in READS:
        for method in ("POST", "GET"):
            answer = _dig(gql.data(query, {"v": value}, method), path)
            if expected is not None or path != ["search"]:
                assert answer == expected, query
            else:
                assert isinstance(answer, list), query
    # The same values written into the query text as literals.
    literal = gql.data(f"{{ agencies(where: {{OR: [{{name_contains: {to_literal(value)}}}, "
                       f"{{id: {to_literal(value)}}}]}}) {{ totalCount }} "
                       f"node(id: {to_literal(value)}) {{ id }} "
                       f"search(text: {to_literal(value)}) {{ score }} }}")
    assert literal["agencies"]["totalCount"] == 0 and literal["node"] is None
    await assert_graph_intact(driver)


@pytest.mark.parametrize("value", INJECTIONS[:4])
async def test_cypher_in_subgraph_arguments_is_data(gql: GraphQL, client: httpx.Client,
                                                    driver: AsyncDriver, value: str) -> None:
    cases: list[tuple[str, dict[str, Any], str]] = [
        ("query($v: ID!) { neighborhood(id: $v) { truncated } }", {"v": value}, "NOT_FOUND"),
        ('query($v: ID!) { shortestPath(fromId: $v, toId: "a-vc") { truncated } }',
         {"v": value}, "NOT_FOUND"),
        # enum arguments: refused by variable coercion, naming the enum
        ('query($v: RelationshipType!) { neighborhood(id: "a-vc", relationshipTypes: [$v]) '
         "{ truncated } }", {"v": value}, "BAD_USER_INPUT"),
        ('query($v: RelationshipType!) { shortestPath(fromId: "a-vc", toId: "r-bj", '
         "relationshipTypes: [FUNDS, $v]) { truncated } }", {"v": value}, "BAD_USER_INPUT"),
        ('query($v: EntityKind!) { search(text: "x", kinds: [$v]) { score } }', {"v": value},
         "BAD_USER_INPUT"),
        ("query($v: ServiceStageCode!) { serviceStage(code: $v) { code } }", {"v": value},
         "BAD_USER_INPUT"),
    ]
    for query, variables, code in cases:
        assert error_code(gql.error(query, variables)) == code, query
    segment = quote(value.replace("/", ""), safe="")
    assert client.get(f"/export/neighborhood/{segment}").status_code == 404
    assert client.get("/export/neighborhood/a-vc", params={"type": value}).status_code == 400
    assert client.get("/export/shortest-path",
                      params={"from": "a-vc", "to": value}).status_code == 404
    await assert_graph_intact(driver)


@pytest.mark.parametrize("query", [
    '{ parks(where: {name: "x", `DETACH`: 1}) { totalCount } }',
    '{ parks(where: {name_contains_or_delete: "x"}) { totalCount } }',
    '{ parks(where: {agencies_all: {name: "x"}}) { totalCount } }',
    '{ parks(orderBy: [{field: "name` DESC, n.x //"}]) { totalCount } }',
    '{ parks(orderBy: [{field: NAME, direction: "DESC //"}]) { totalCount } }',
    '{ parks { edges { node { id labels } } } }',
    '{ parks { edges { node { id __typename ... on Agency { staff } } } } }',
    '{ node(id: "a-vc") { ... on Nope { id } } }',
    '{ neighborhood(id: "a-vc", depth: "1; DETACH DELETE n") { truncated } }',
])
async def test_names_outside_the_schema_fail_validation(gql: GraphQL, driver: AsyncDriver,
                                                        query: str) -> None:
    body = gql(query)
    assert body.get("data") is None, body
    assert {error_code(e) for e in body["errors"]} == {"BAD_USER_INPUT"}
    assert body["extensions"]["cypherRoundTrips"] == 0
    await assert_graph_intact(driver)


def test_lucene_syntax_in_search_text_is_plain_text(gql: GraphQL) -> None:
    for text in ("*:*", "name:*", "id:a-vc OR *", "/.*/", "深圳~10", "中关村^100 OR *"):
        body = gql('query($t: String!) { search(text: $t) { node { id } } }', {"t": text})
        assert not body.get("errors"), (text, body)
        found = {h["node"]["id"] for h in body["data"]["search"]}
        assert len(found) < ENTITY_COUNT, text  # never "match everything"


async def test_cypher_in_mutation_input_is_stored_as_data(editor: GraphQL, gql: GraphQL,
                                                          driver: AsyncDriver) -> None:
    name = INJECTIONS[0]
    created = editor.data("mutation($name: String!) { createAgency(input: {id: \"a-inj\", "
                          "name: $name, nameZh: $name, kind: OTHER}) { id name nameZh } }",
                          {"name": name})
    try:
        assert created["createAgency"] == {"id": "a-inj", "name": name, "nameZh": name}
        found = gql.data("query($v: String) { agencies(where: {name: $v}) "
                         "{ edges { node { id } } } }", {"v": name})
        assert ids(found["agencies"]) == ["a-inj"]
        records, _, _ = await driver.execute_query(
            "MATCH (n:Agency {id: 'a-inj'}) RETURN n.name AS name")
        assert records[0]["name"] == name
        bad = editor("mutation($id: ID!) { updateAgency(id: $id, input: {staff: 1}) { id } }",
                     {"id": "a-inj'}) DETACH DELETE n //"})
        assert error_code(bad["errors"][0]) == "NOT_FOUND"
    finally:
        editor.data('mutation { deleteAgency(id: "a-inj") { id } }')
    await assert_graph_intact(driver)
