"""Mutations over HTTP with an editor API key: create / update / delete every entity kind,
add and remove relationships, with the loader's validation and nothing written on error.

Every test starts from the `tiny` graph: it is reloaded whenever the previous test changed
anything (comparing full snapshots is much cheaper than reloading before every test).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from neo4j import AsyncDriver

from app.settings import Settings
from graph.model import ENTITY_LABELS
from schema.enums import enum_name
from tests.conftest import FIXTURES
from tests.schema.conftest import (
    VIEWER_KEY,
    Enum,
    GraphQL,
    as_variable,
    error_code,
    ids,
    reload,
    to_literal,
)
from tests.schema.tiny import ENTITY_COUNT, RELATIONSHIPS

_PRISTINE: dict[str, Any] = {}


@pytest.fixture(autouse=True)
async def tiny(driver: AsyncDriver, settings: Settings) -> None:
    if "tiny" not in _PRISTINE or await snapshot(driver) != _PRISTINE["tiny"]:
        await reload(driver, settings, FIXTURES / "tiny")
        _PRISTINE["tiny"] = await snapshot(driver)


async def snapshot(driver: AsyncDriver) -> tuple[list[Any], list[Any]]:
    """Every node's labels and properties, and every relationship, in a stable order."""
    nodes, _, _ = await driver.execute_query(
        "MATCH (n) WHERE n:Entity OR n:ServiceStage "
        "RETURN labels(n) AS labels, properties(n) AS props")
    # relKey is derived from the ends (tests/loaders/test_concurrency.py checks it)
    rels, _, _ = await driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.code) AS s, type(r) AS t, "
        "coalesce(b.id, b.code) AS o, properties(r) AS p")
    for r in rels:
        r["p"].pop("relKey", None)
    return (sorted((sorted(r["labels"]), sorted(map(str, r["props"].items())))
                   for r in nodes),
            sorted((r["s"], r["t"], r["o"], sorted(r["p"].items())) for r in rels))


def mutation_error(editor: GraphQL, query: str) -> dict[str, Any]:
    body = editor(query)
    assert body.get("errors"), body
    assert body.get("data") is None, body
    return body["errors"][0]  # type: ignore[no-any-return]


# --- create -------------------------------------------------------------------------------

# (label, input, selection to read back, expected read-back)
CREATE_CASES: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
    ("Region", {"id": "r-new", "name": "New City", "nameZh": "新市", "kind": Enum("CITY"),
                "parentId": "r-gd"},
     "kind nameZh parent { id }", {"kind": Enum("CITY"), "nameZh": "新市", "parent": {"id": "r-gd"}}),
    ("Industry", {"id": "i-new", "name": "Semiconductors", "category": Enum("LEADING"),
                  "parentId": "i-it"},
     "category parent { id }", {"category": Enum("LEADING"), "parent": {"id": "i-it"}}),
    ("Park", {"id": "p-new", "name": "New Park", "level": Enum("PROVINCIAL"), "regionId": "r-sz",
              "approvedYear": 2001, "pilot": False, "industries": ["i-bio", "i-it"]},
     "level approvedYear pilot pilotYear region { id } industries { edges { node { id } } }",
     {"level": Enum("PROVINCIAL"), "approvedYear": 2001, "pilot": False, "pilotYear": None,
      "region": {"id": "r-sz"},
      "industries": {"edges": [{"node": {"id": "i-bio"}}, {"node": {"id": "i-it"}}]}}),
    ("Cluster", {"id": "c-new", "name": "Service zone", "kind": Enum("SERVICE_ZONE"),
                 "parkIds": ["p-zgc", "p-sz"], "establishedYear": 2020},
     "kind establishedYear parks { totalCount }",
     {"kind": Enum("SERVICE_ZONE"), "establishedYear": 2020, "parks": {"totalCount": 2}}),
    ("Agency", {"id": "a-new", "name": "New incubator", "kind": Enum("INCUBATOR"),
                "level": Enum("PROVINCIAL"), "backbone": True, "foundedYear": 2019, "staff": 5,
                "parkId": "p-sz", "parentId": "a-ttc", "stages": [Enum("FINANCE"), Enum("INCUBATION")],
                "industries": ["i-bio"]},
     "kind level backbone foundedYear staff park { id } parent { id } stages { code } "
     "industries { edges { node { id } } }",
     {"kind": Enum("INCUBATOR"), "level": Enum("PROVINCIAL"), "backbone": True, "foundedYear": 2019,
      "staff": 5, "park": {"id": "p-sz"}, "parent": {"id": "a-ttc"},
      "stages": [{"code": "incubation"}, {"code": "finance"}],
      "industries": {"edges": [{"node": {"id": "i-bio"}}]}}),
    ("Platform", {"id": "pl-new", "name": "Info platform", "kind": Enum("INFORMATION"),
                  "open": True, "establishedYear": 2018, "parkId": "p-sz",
                  "operatorId": "a-vc", "stages": [Enum("COMPREHENSIVE")]},
     "kind open establishedYear park { id } operator { id } stages { code }",
     {"kind": Enum("INFORMATION"), "open": True, "establishedYear": 2018, "park": {"id": "p-sz"},
      "operator": {"id": "a-vc"}, "stages": [{"code": "comprehensive"}]}),
    ("TalentTeam", {"id": "t-new", "name": "Training base", "kind": Enum("TRAINING_BASE"),
                    "size": 12, "parkId": "p-sz", "affiliationId": "a-vc"},
     "kind size park { id } affiliation { id }",
     {"kind": Enum("TRAINING_BASE"), "size": 12, "park": {"id": "p-sz"},
      "affiliation": {"id": "a-vc"}}),
    ("Project", {"id": "pr-new", "name": "New project", "program": Enum("TORCH"),
                 "status": Enum("PROPOSED"), "contractValueMillionCny": 12.5, "year": 2020,
                 "parkId": "p-sz", "industries": ["i-bio"]},
     "program status contractValueMillionCny year park { id projects { edges { node { id } "
     "properties { year } } } }",
     {"program": Enum("TORCH"), "status": Enum("PROPOSED"), "contractValueMillionCny": 12.5,
      "year": 2020, "park": {"id": "p-sz", "projects": {"edges": [
          {"node": {"id": "pr-new"}, "properties": {"year": 2020}}]}}}),
]


def test_create_cases_cover_every_kind() -> None:
    assert [c[0] for c in CREATE_CASES] == list(ENTITY_LABELS)


@pytest.mark.parametrize(("label", "values", "selection", "expected"), CREATE_CASES,
                         ids=[c[0] for c in CREATE_CASES])
async def test_create_each_kind(editor: GraphQL, gql: GraphQL, driver: AsyncDriver,
                                label: str, values: dict[str, Any], selection: str,
                                expected: dict[str, Any]) -> None:
    """Enum values (`kind: CITY`) are sent and read back in UPPER_CASE and stored as the
    lower-case codes of the dataset files."""
    expected = as_variable(expected)
    created = editor.data(f"mutation {{ create{label}(input: {to_literal(values)}) "
                          f"{{ __typename id name source createdAt {selection} }} }}")
    node = created[f"create{label}"]
    assert node["__typename"] == label
    assert node["id"] == values["id"] and node["name"] == values["name"]
    assert node["source"] == "api" and node["createdAt"]
    assert {k: node[k] for k in expected} == expected
    # Read back through the public read API, anonymously.
    read = gql.data(f'{{ node(id: "{values["id"]}") {{ __typename id ... on {label} '
                    f"{{ {selection} }} }} }}")["node"]
    assert read == {"__typename": label, "id": values["id"], **expected}
    records, _, _ = await driver.execute_query("MATCH (n:Entity) RETURN count(n) AS n")
    assert records[0]["n"] == ENTITY_COUNT + 1
    stored, _, _ = await driver.execute_query("MATCH (n:Entity {id: $id}) RETURN n AS n",
                                              id=values["id"])
    sent = {k: v.value for k, v in values.items() if isinstance(v, Enum)}
    assert sent, "every kind has an enum field"
    assert {k: stored[0]["n"][k] for k in sent} == {k: v.lower() for k, v in sent.items()}


@pytest.mark.parametrize("label", ENTITY_LABELS)
async def test_create_with_only_id_and_name(editor: GraphQL, label: str) -> None:
    node = editor.data(f'mutation {{ create{label}(input: {{id: "x-min", name: "Minimal"}}) '
                       "{ __typename id name nameZh synthetic } }")[f"create{label}"]
    assert node == {"__typename": label, "id": "x-min", "name": "Minimal", "nameZh": None,
                    "synthetic": None}


async def test_created_entity_is_searchable(editor: GraphQL, gql: GraphQL) -> None:
    editor.data('mutation { createAgency(input: {id: "a-zh", name: "Tianjin Hub", '
                'nameZh: "天津科技枢纽", kind: CONSULTING}) { id } }')
    for text in ("天津", "Tianjin", "tianj"):
        found = gql.data(f'{{ search(text: "{text}") {{ node {{ id }} }} }}')["search"]
        assert [h["node"]["id"] for h in found] == ["a-zh"], text


# (mutation, message fragment, error column)
INVALID_CREATES: list[tuple[str, str, str]] = [
    ('createAgency(input: {id: "a-bad", name: "Bad", parkId: "p-nope"})',
     "'p-nope' exists neither in the dataset nor in the graph", "park_id"),
    ('createAgency(input: {id: "a-bad", name: "Bad", parkId: "a-ttc"})', "a-ttc", "park_id"),
    ('createAgency(input: {id: "a-bad", name: "Bad", parentId: "a-bad"})',
     "refers to itself", "parent_id"),
    ('createAgency(input: {id: "a-bad", name: "Bad", staff: -1})', "", "staff"),
    ('createAgency(input: {id: "a-bad", name: "Bad", foundedYear: 1800})', "", "founded_year"),
    ('createPark(input: {id: "p-bad", name: "Bad", industries: ["i-bio", "i-nope"]})',
     "'i-nope'", "industries"),
    ('createProject(input: {id: "pr-bad", name: "Bad", contractValueMillionCny: -5})', "",
     "contract_value_million_cny"),
    ('createRegion(input: {id: "r-bad", name: ""})', "", "name"),
    ('createCluster(input: {id: "c-bad", name: "Bad", parkIds: ["p-zgc", "r-bj"]})', "r-bj",
     "park_ids"),
    ('createPlatform(input: {id: "pl-bad", name: "Bad", operatorId: "t-lead"})', "t-lead",
     "operator_id"),
]


@pytest.mark.parametrize(("mutation", "fragment", "column"), INVALID_CREATES,
                         ids=[m.split("(")[0] + ":" + c for m, _, c in INVALID_CREATES])
async def test_invalid_create_reports_the_loader_message_and_writes_nothing(
        editor: GraphQL, driver: AsyncDriver, mutation: str, fragment: str,
        column: str) -> None:
    before = await snapshot(driver)
    error = mutation_error(editor, f"mutation {{ {mutation} {{ id }} }}")
    assert error_code(error) == "BAD_USER_INPUT"
    assert fragment in error["message"]
    issues = error["extensions"]["issues"]
    assert [i["column"] for i in issues] == [column]
    assert f"{column}:" in error["message"]  # file:line: column: reason, as the loader says
    assert await snapshot(driver) == before


# (mutation, the enum and the value its message names): refused by validation, before the
# resolver runs: nothing is written, nothing is even read.
ENUM_TYPOS: list[tuple[str, str, str]] = [
    ('createAgency(input: {id: "a-bad", name: "Bad", kind: NOPE})', "AgencyKind", "NOPE"),
    ('createAgency(input: {id: "a-bad", name: "Bad", kind: "incubator"})', "AgencyKind",
     "incubator"),  # the stored code is not the GraphQL value
    ('createPark(input: {id: "p-bad", name: "Bad", level: STATE})', "ParkLevel", "STATE"),
    ('createProject(input: {id: "pr-bad", name: "Bad", status: DONE, parkId: "p-sz"})',
     "ProjectStatus", "DONE"),
    ('createProject(input: {id: "pr-bad", name: "Bad", program: TORCHH})', "ProjectProgram",
     "TORCHH"),
    ('createRegion(input: {id: "r-bad", name: "Bad", kind: COUNTY})', "RegionKind", "COUNTY"),
    ('createIndustry(input: {id: "i-bad", name: "Bad", category: LEADNG})',
     "IndustryCategory", "LEADNG"),
    ('createTalentTeam(input: {id: "t-bad", name: "Bad", kind: TEAM, size: 3})',
     "TalentTeamKind", "TEAM"),
    ('updateAgency(id: "a-vc", input: {staff: 99, kind: NOPE})', "AgencyKind", "NOPE"),
    ('createAgency(input: {id: "a-bad", name: "Bad", stages: [FINANCE, NOPE]})',
     "ServiceStageCode", "NOPE"),
    ('updateAgency(id: "a-vc", input: {staff: 99, stages: ["finance"]})', "ServiceStageCode",
     "finance"),
    ('addRelationship(input: {type: LOCATED_INN, sourceId: "a-vc", targetId: "p-sz"})',
     "RelationshipType", "LOCATED_INN"),
]


@pytest.mark.parametrize(("mutation", "enum", "value"), ENUM_TYPOS,
                         ids=[f"{m.split('(')[0]}:{v}" for m, _, v in ENUM_TYPOS])
async def test_an_enum_typo_in_a_mutation_is_a_validation_error(
        editor: GraphQL, driver: AsyncDriver, mutation: str, enum: str, value: str) -> None:
    before = await snapshot(driver)
    body = editor(f"mutation {{ {mutation} {{ __typename }} }}")
    assert "data" not in body or body["data"] is None
    (error,) = body["errors"]
    assert error_code(error) == "BAD_USER_INPUT"
    assert enum in error["message"] and value in error["message"]
    assert body["extensions"]["cypherRoundTrips"] == 0
    assert await snapshot(driver) == before


async def test_an_enum_typo_in_mutation_variables_is_refused(editor: GraphQL,
                                                             driver: AsyncDriver) -> None:
    before = await snapshot(driver)
    body = editor("mutation($input: AgencyCreateInput!) { createAgency(input: $input) { id } }",
                  {"input": {"id": "a-bad", "name": "Bad", "kind": "tech_transfer"}})
    assert "data" not in body or body["data"] is None
    assert error_code(body["errors"][0]) == "BAD_USER_INPUT"
    assert "AgencyKind" in body["errors"][0]["message"]
    assert await snapshot(driver) == before


async def test_update_with_an_enum_stores_the_lower_case_code(editor: GraphQL, gql: GraphQL,
                                                              driver: AsyncDriver) -> None:
    """Mutate with an enum, filter by it, read it back: UPPER_CASE in GraphQL, the dataset's
    lower-case code in Neo4j."""
    updated = editor.data("""mutation($k: AgencyKind!) { updateAgency(id: "a-vc",
        input: {kind: $k, level: NATIONAL}) { kind level } }""", {"k": "RD_DESIGN"})
    assert updated["updateAgency"] == {"kind": "RD_DESIGN", "level": "NATIONAL"}
    records, _, _ = await driver.execute_query(
        "MATCH (n:Agency {id: 'a-vc'}) RETURN n.kind AS kind, n.level AS level")
    assert (records[0]["kind"], records[0]["level"]) == ("rd_design", "national")
    found = gql.data("{ agencies(where: {kind: RD_DESIGN, level_in: [NATIONAL]}) "
                     "{ edges { node { id kind } } } }")["agencies"]["edges"]
    assert found == [{"node": {"id": "a-vc", "kind": "RD_DESIGN"}}]


@pytest.mark.parametrize(("mutation", "existing"), [
    ('createAgency(input: {id: "a-vc", name: "Duplicate"})', ("a-vc", "Agency")),
    ('createPark(input: {id: "a-vc", name: "Duplicate of another kind"})', ("a-vc", "Agency")),
    ('createRegion(input: {id: "r-bj", name: "Beijing again", kind: CITY})',
     ("r-bj", "Region")),
])
async def test_create_with_an_existing_id_is_a_conflict(editor: GraphQL, driver: AsyncDriver,
                                                        mutation: str,
                                                        existing: tuple[str, str]) -> None:
    before = await snapshot(driver)
    error = mutation_error(editor, f"mutation {{ {mutation} {{ id }} }}")
    assert error["extensions"] == {"code": "CONFLICT", "id": existing[0],
                                   "existingKind": existing[1]}
    assert error["message"] == f"id {existing[0]!r} already exists (as a {existing[1]})"
    assert await snapshot(driver) == before


# --- update -------------------------------------------------------------------------------

AGENCY = """query($id: ID!) { node(id: $id) { ... on Agency { id name nameZh kind staff
    updatedAt park { id } stages { code } } } }"""


async def test_update_a_field_leaves_the_others(editor: GraphQL, gql: GraphQL) -> None:
    before = gql.data(AGENCY, {"id": "a-vc"})["node"]
    updated = editor.data('mutation { updateAgency(id: "a-vc", input: {staff: 31}) '
                          "{ id staff name kind updatedAt createdAt } }")["updateAgency"]
    assert updated["staff"] == 31
    assert (updated["name"], updated["kind"]) == ("Shenzhen Angel Fund", "VENTURE_CAPITAL")
    assert datetime.fromisoformat(updated["updatedAt"]) > \
        datetime.fromisoformat(updated["createdAt"])
    after = gql.data(AGENCY, {"id": "a-vc"})["node"]
    assert after == {**before, "staff": 31, "updatedAt": updated["updatedAt"]}


async def test_update_relationship_column_moves_the_relationship(editor: GraphQL,
                                                                 gql: GraphQL) -> None:
    editor.data('mutation { updateAgency(id: "a-vc", input: {parkId: "p-zgc"}) { id } }')
    parks = gql.data("{ parks { edges { node { id agencies { edges { node { id } } } } } } }")
    agencies = {e["node"]["id"]: ids(e["node"]["agencies"]) for e in parks["parks"]["edges"]}
    assert agencies == {"p-sz": ["a-ttc-sz"], "p-zgc": ["a-ttc", "a-vc"]}
    # Other relationships of a-vc are untouched.
    node = gql.data(AGENCY, {"id": "a-vc"})["node"]
    assert node["stages"] == [{"code": "finance"}]


async def test_update_list_column_replaces_the_list(editor: GraphQL, gql: GraphQL) -> None:
    editor.data('mutation { updateAgency(id: "a-ttc", input: {stages: [FINANCE, '
                "RESEARCH_DEVELOPMENT]}) { id } }")
    assert gql.data(AGENCY, {"id": "a-ttc"})["node"]["stages"] == [
        {"code": "research_development"}, {"code": "finance"}]
    stage = gql.data("{ serviceStage(code: CONSULTING) { providers { totalCount } } }")
    assert stage["serviceStage"]["providers"]["totalCount"] == 0


async def test_null_clears_a_property_and_a_relationship(editor: GraphQL, gql: GraphQL,
                                                         driver: AsyncDriver) -> None:
    updated = editor.data('mutation { updateAgency(id: "a-vc", input: {nameZh: null, '
                          "parkId: null, stages: null}) { nameZh park { id } stages { code } } }")
    assert updated["updateAgency"] == {"nameZh": None, "park": None, "stages": []}
    records, _, _ = await driver.execute_query(
        "MATCH (n:Agency {id: 'a-vc'}) RETURN keys(n) AS keys, "
        "COUNT { (n)-[:LOCATED_IN]->() } AS located")
    assert "nameZh" not in records[0]["keys"]
    assert records[0]["located"] == 0
    found = gql.data('{ search(text: "深圳天使基金") { node { id } } }')["search"]
    assert "a-vc" not in [h["node"]["id"] for h in found]


async def test_update_project_year_and_park(editor: GraphQL, gql: GraphQL) -> None:
    editor.data('mutation { updateProject(id: "pr-5g", input: {parkId: "p-sz", year: 2016}) '
                "{ id } }")
    park = gql.data('{ node(id: "p-sz") { ... on Park { projects { edges { node { id year } '
                    "properties { year } } } } } }")["node"]
    assert park["projects"]["edges"] == [
        {"node": {"id": "pr-5g", "year": 2016}, "properties": {"year": 2016}}]


@pytest.mark.parametrize(("mutation", "fragment"), [
    ('updateAgency(id: "a-vc", input: {staff: 99, parkId: "p-nope"})', "p-nope"),
    ('updateAgency(id: "a-vc", input: {name: null})', "name"),
    ('updatePark(id: "p-sz", input: {approvedYear: 3000})', "approved_year"),
])
async def test_invalid_update_writes_nothing(editor: GraphQL, driver: AsyncDriver,
                                             mutation: str, fragment: str) -> None:
    before = await snapshot(driver)
    error = mutation_error(editor, f"mutation {{ {mutation} {{ id }} }}")
    assert error_code(error) == "BAD_USER_INPUT"
    assert fragment in error["message"]
    assert await snapshot(driver) == before


@pytest.mark.parametrize("mutation", [
    'updateAgency(id: "a-nope", input: {staff: 1}) { id }',
    'updatePark(id: "a-vc", input: {pilot: true}) { id }',  # exists, but not as a Park
    'deleteAgency(id: "a-nope") { id }',
    'deletePark(id: "a-vc", cascade: true) { id }',
    'deleteRegion(id: "") { id }',
])
async def test_update_or_delete_an_unknown_id_is_not_found(editor: GraphQL,
                                                           driver: AsyncDriver,
                                                           mutation: str) -> None:
    before = await snapshot(driver)
    error = mutation_error(editor, f"mutation {{ {mutation} }}")
    assert error_code(error) == "NOT_FOUND"
    assert await snapshot(driver) == before


# --- delete -------------------------------------------------------------------------------

async def test_delete_refuses_a_referenced_entity(editor: GraphQL, driver: AsyncDriver) -> None:
    before = await snapshot(driver)
    for mutation in ('deletePark(id: "p-sz")', 'deleteAgency(id: "a-vc")',
                     'deleteAgency(id: "a-ttc", cascade: false)', 'deleteRegion(id: "r-bj")'):
        error = mutation_error(editor, f"mutation {{ {mutation} {{ id }} }}")
        assert error_code(error) == "CONFLICT", mutation
        assert "cascade" in error["message"]
    assert await snapshot(driver) == before


async def test_delete_an_unreferenced_entity_without_cascade(editor: GraphQL,
                                                             driver: AsyncDriver) -> None:
    deleted = editor.data('mutation { deleteTalentTeam(id: "t-lead") '
                          "{ id kind deletedRelationships } }")["deleteTalentTeam"]
    assert deleted == {"id": "t-lead", "kind": "TALENT_TEAM", "deletedRelationships": 4}
    nodes, rels = await snapshot(driver)
    assert len(nodes) == ENTITY_COUNT - 1 + 9
    assert len(rels) == len(RELATIONSHIPS) - 4


@pytest.mark.parametrize(("label", "entity_id"), [
    ("Park", "p-sz"), ("Agency", "a-ttc"), ("Region", "r-bj"), ("Project", "pr-5g"),
    ("Industry", "i-mob"), ("Cluster", "c-mob"),
])
async def test_cascade_deletes_the_node_and_its_relationships_only(
        editor: GraphQL, driver: AsyncDriver, label: str, entity_id: str) -> None:
    deleted = editor.data(f'mutation {{ delete{label}(id: "{entity_id}", cascade: true) '
                          "{ id kind deletedRelationships } }")[f"delete{label}"]
    touching = [r for r in RELATIONSHIPS if entity_id in (r[0], r[2])]
    assert deleted == {"id": entity_id, "kind": enum_name(label),  # an EntityKind
                       "deletedRelationships": len(touching)}
    nodes, rels = await snapshot(driver)
    assert len(nodes) == ENTITY_COUNT - 1 + 9  # no other node went
    assert rels == sorted((s, t, o, sorted(p.items())) for s, t, o, p in RELATIONSHIPS
                          if entity_id not in (s, o))


# --- relationships ------------------------------------------------------------------------

ADD = """mutation($input: RelationshipInput!) {
    addRelationship(input: $input) { type sourceId targetId changed } }"""
REMOVE = """mutation($input: RelationshipInput!) {
    removeRelationship(input: $input) { type sourceId targetId changed } }"""
PROPS = "properties { year weight role amountMillionCny program }"
BLANK = dict.fromkeys(("year", "weight", "role", "amountMillionCny", "program"))


def edges_of(gql: GraphQL, entity_id: str, label: str, field: str) -> list[tuple[str, Any]]:
    node = gql.data(f'{{ node(id: "{entity_id}") {{ ... on {label} {{ {field} '
                    f"{{ edges {{ node {{ id }} {PROPS} }} }} }} }} }}")["node"]
    return [(e["node"]["id"], e["properties"]) for e in node[field]["edges"]]


async def test_add_partners_with_year_and_weight(editor: GraphQL, gql: GraphQL) -> None:
    result = editor.data(ADD, {"input": {"type": "PARTNERS_WITH", "sourceId": "pl-test",
                                         "targetId": "a-vc", "year": 2020, "weight": 0.5}})
    assert result["addRelationship"] == {"type": "PARTNERS_WITH", "sourceId": "pl-test",
                                         "targetId": "a-vc", "changed": 1}
    both = {**BLANK, "year": 2020, "weight": 0.5}
    assert edges_of(gql, "a-vc", "Agency", "partners") == [
        ("a-ttc", {**BLANK, "year": 2012, "weight": 0.8}), ("pl-test", both)]
    assert edges_of(gql, "pl-test", "Platform", "partners") == [("a-vc", both)]
    # Adding again is idempotent and updates the properties.
    editor.data(ADD, {"input": {"type": "PARTNERS_WITH", "sourceId": "pl-test",
                                "targetId": "a-vc", "weight": 0.9}})
    assert edges_of(gql, "pl-test", "Platform", "partners") == [
        ("a-vc", {**both, "weight": 0.9})]


async def test_add_supports_with_role(editor: GraphQL, gql: GraphQL) -> None:
    editor.data(ADD, {"input": {"type": "SUPPORTS", "sourceId": "t-lead", "targetId": "pr-5g",
                                "role": "advisor", "year": 2015}})
    assert edges_of(gql, "pr-5g", "Project", "supporters") == [
        ("a-ttc", {**BLANK, "role": "transfer", "year": 2014}),
        ("t-lead", {**BLANK, "role": "advisor", "year": 2015})]


async def test_add_funds_with_program_amount_and_year(editor: GraphQL, gql: GraphQL) -> None:
    for year, amount in ((2020, 5.0), (2021, 6.0), (2020, 7.5)):  # the 3rd updates the 1st
        editor.data(ADD, {"input": {"type": "FUNDS", "sourceId": "r-gd", "targetId": "a-vc",
                                    "program": "angel_match", "amountMillionCny": amount,
                                    "year": year}})
    editor.data(ADD, {"input": {"type": "FUNDS", "sourceId": "a-ttc", "targetId": "a-vc",
                                "amountMillionCny": 1}})  # program and year unknown
    funders = edges_of(gql, "a-vc", "Agency", "funders")
    assert sorted(funders, key=lambda f: (f[0], f[1]["year"] or 0)) == [
        ("a-ttc", {**BLANK, "amountMillionCny": 1.0}),
        ("r-gd", {**BLANK, "program": "angel_match", "amountMillionCny": 7.5, "year": 2020}),
        ("r-gd", {**BLANK, "program": "angel_match", "amountMillionCny": 6.0, "year": 2021})]
    removed = editor.data(REMOVE, {"input": {"type": "FUNDS", "sourceId": "r-gd",
                                             "targetId": "a-vc", "program": "angel_match",
                                             "year": 2021}})
    assert removed["removeRelationship"]["changed"] == 1
    assert sorted(f[0] for f in edges_of(gql, "a-vc", "Agency", "funders")) == ["a-ttc", "r-gd"]


async def test_add_provides_with_a_stage_code(editor: GraphQL, gql: GraphQL) -> None:
    editor.data(ADD, {"input": {"type": "PROVIDES", "sourceId": "a-vc",
                                "targetId": "incubation"}})
    assert gql.data(AGENCY, {"id": "a-vc"})["node"]["stages"] == [
        {"code": "incubation"}, {"code": "finance"}]


async def test_add_located_in_replaces_the_single_park(editor: GraphQL, gql: GraphQL) -> None:
    editor.data(ADD, {"input": {"type": "LOCATED_IN", "sourceId": "a-ttc",
                                "targetId": "p-sz"}})
    assert gql.data(AGENCY, {"id": "a-ttc"})["node"]["park"] == {"id": "p-sz"}
    parks = gql.data('{ parks { edges { node { id agencies { edges { node { id } } } } } } }')
    assert {e["node"]["id"]: ids(e["node"]["agencies"]) for e in parks["parks"]["edges"]} == {
        "p-sz": ["a-ttc", "a-ttc-sz", "a-vc"], "p-zgc": []}
    # A cluster may span several parks: LOCATED_IN adds to its list.
    editor.data(ADD, {"input": {"type": "LOCATED_IN", "sourceId": "c-mob",
                                "targetId": "p-sz"}})
    cluster = gql.data('{ node(id: "c-mob") { ... on Cluster { parks { edges { node { id } } '
                       "} } } }")["node"]
    assert ids(cluster["parks"]) == ["p-sz", "p-zgc"]


async def test_single_valued_relationships_replace_the_previous_one(editor: GraphQL,
                                                                   gql: GraphQL) -> None:
    """A platform has one operator (OPERATES is single per target), a team one affiliation,
    a branch one parent, a project one park."""
    for rel_type, source, target in (("OPERATES", "a-vc", "pl-test"),
                                     ("AFFILIATED_WITH", "t-lead", "a-vc"),
                                     ("BRANCH_OF", "a-ttc-sz", "a-vc"),
                                     ("LANDED_IN", "pr-5g", "p-sz")):
        editor.data(ADD, {"input": {"type": rel_type, "sourceId": source,
                                    "targetId": target}})
    data = gql.data("""{ a: node(id: "pl-test") { ... on Platform { operator { id } } }
        b: node(id: "t-lead") { ... on TalentTeam { affiliation { id } } }
        c: node(id: "a-ttc-sz") { ... on Agency { parent { id } } }
        d: node(id: "pr-5g") { ... on Project { park { id } } }
        e: node(id: "a-ttc") { ... on Agency { platforms { totalCount } teams { totalCount }
                                               branches { totalCount } } } }""")
    assert data == {"a": {"operator": {"id": "a-vc"}}, "b": {"affiliation": {"id": "a-vc"}},
                    "c": {"parent": {"id": "a-vc"}}, "d": {"park": {"id": "p-sz"}},
                    "e": {"platforms": {"totalCount": 0}, "teams": {"totalCount": 0},
                          "branches": {"totalCount": 0}}}


async def test_add_invests_in_and_member_of(editor: GraphQL, gql: GraphQL) -> None:
    editor.data(ADD, {"input": {"type": "INVESTS_IN", "sourceId": "a-ttc", "targetId": "pr-5g",
                                "amountMillionCny": 10, "year": 2015}})
    editor.data(ADD, {"input": {"type": "MEMBER_OF", "sourceId": "p-sz",
                                "targetId": "c-mob"}})
    assert edges_of(gql, "pr-5g", "Project", "investors") == [
        ("a-ttc", {**BLANK, "amountMillionCny": 10.0, "year": 2015}),
        ("a-vc", {**BLANK, "amountMillionCny": 25.0, "year": 2014})]
    members = gql.data('{ node(id: "c-mob") { ... on Cluster { members { edges { node '
                       "{ id __typename } } } } } }")["node"]["members"]["edges"]
    assert members == [{"node": {"id": "a-vc", "__typename": "Agency"}},
                       {"node": {"id": "p-sz", "__typename": "Park"}}]


@pytest.mark.parametrize(("relationship", "code", "fragment"), [
    ({"type": "LOCATED_IN", "sourceId": "a-ttc", "targetId": "a-vc"}, "BAD_USER_INPUT",
     "LOCATED_IN cannot link a Agency to a Agency"),
    ({"type": "OPERATES", "sourceId": "pl-test", "targetId": "a-ttc"}, "BAD_USER_INPUT",
     "OPERATES cannot link"),
    ({"type": "PROVIDES", "sourceId": "p-zgc", "targetId": "finance"}, "BAD_USER_INPUT",
     "PROVIDES cannot link a Park"),
    ({"type": "PROVIDES", "sourceId": "a-vc", "targetId": "nope"}, "BAD_USER_INPUT",
     "unknown stage code 'nope'"),
    ({"type": "SUPPORTS", "sourceId": "a-vc", "targetId": "pr-5g", "weight": 1},
     "BAD_USER_INPUT", "SUPPORTS relationships have no weight"),
    ({"type": "PARTNERS_WITH", "sourceId": "a-ttc", "targetId": "a-vc", "year": 1800},
     "BAD_USER_INPUT", "year"),
    ({"type": "PARTNERS_WITH", "sourceId": "a-ttc", "targetId": "a-vc", "weight": -1},
     "BAD_USER_INPUT", "weight"),
    ({"type": "PARTNERS_WITH", "sourceId": "a-vc", "targetId": "a-vc"}, "BAD_USER_INPUT",
     "links to itself"),
    ({"type": "MEMBER_OF", "sourceId": "a-vc", "targetId": "p-sz"}, "BAD_USER_INPUT",
     "MEMBER_OF cannot link"),
    ({"type": "PARTNERS_WITH", "sourceId": "a-nope", "targetId": "a-vc"}, "NOT_FOUND",
     "a-nope"),
    ({"type": "FUNDS", "sourceId": "r-bj", "targetId": "p-nope"}, "NOT_FOUND", "p-nope"),
])
async def test_invalid_add_relationship_writes_nothing(editor: GraphQL, driver: AsyncDriver,
                                                       relationship: dict[str, Any],
                                                       code: str, fragment: str) -> None:
    before = await snapshot(driver)
    body = editor(ADD, {"input": relationship})
    assert body.get("data") is None, body
    error = body["errors"][0]
    assert error_code(error) == code
    assert fragment in error["message"]
    assert await snapshot(driver) == before


def test_unknown_relationship_type_is_a_validation_error(editor: GraphQL) -> None:
    body = editor(ADD, {"input": {"type": "KNOWS", "sourceId": "a-vc", "targetId": "a-ttc"}})
    assert body.get("data") is None
    assert error_code(body["errors"][0]) == "BAD_USER_INPUT"


async def test_remove_relationship(editor: GraphQL, gql: GraphQL, driver: AsyncDriver) -> None:
    result = editor.data(REMOVE, {"input": {"type": "PARTNERS_WITH", "sourceId": "a-ttc",
                                            "targetId": "a-vc"}})
    assert result["removeRelationship"] == {"type": "PARTNERS_WITH", "sourceId": "a-ttc",
                                            "targetId": "a-vc", "changed": 1}
    assert edges_of(gql, "a-vc", "Agency", "partners") == []
    editor.data(REMOVE, {"input": {"type": "PROVIDES", "sourceId": "a-ttc",
                                   "targetId": "consulting"}})
    assert gql.data(AGENCY, {"id": "a-ttc"})["node"]["stages"] == [
        {"code": "technology_transfer"}]
    _, rels = await snapshot(driver)
    assert len(rels) == len(RELATIONSHIPS) - 2


@pytest.mark.parametrize("relationship", [
    {"type": "PARTNERS_WITH", "sourceId": "a-ttc", "targetId": "a-ttc-sz"},
    {"type": "SUPPORTS", "sourceId": "a-vc", "targetId": "pr-5g"},
    {"type": "PROVIDES", "sourceId": "a-vc", "targetId": "incubation"},
    {"type": "FUNDS", "sourceId": "r-bj", "targetId": "p-zgc", "program": "provincial_match",
     "year": 2015},
])
async def test_removing_a_missing_relationship_is_not_found(editor: GraphQL,
                                                            driver: AsyncDriver,
                                                            relationship: dict[str, Any]) -> None:
    before = await snapshot(driver)
    body = editor(REMOVE, {"input": relationship})
    assert body.get("data") is None
    assert error_code(body["errors"][0]) == "NOT_FOUND"
    assert await snapshot(driver) == before


async def test_mutations_need_the_editor_role(gql: GraphQL, editor: GraphQL,
                                              driver: AsyncDriver) -> None:
    before = await snapshot(driver)
    create = 'mutation { createRegion(input: {id: "r-x", name: "X"}) { id } }'
    anonymous = gql(create)
    assert error_code(anonymous["errors"][0]) == "UNAUTHENTICATED"
    viewer = GraphQL(editor.client, {"X-API-Key": VIEWER_KEY})(create)
    assert error_code(viewer["errors"][0]) == "FORBIDDEN"
    wrong = GraphQL(editor.client, {"X-API-Key": "not-a-key"}).raw(create)
    assert wrong.status_code == 401
    assert await snapshot(driver) == before
