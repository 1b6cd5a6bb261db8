"""Mutations set and clear the years of DESIGN.md section 8 (`closedYear`, `parkSince`,
`parkUntil`, a relationship's `since` / `until`), with the loader's year rules checked
against what the graph already holds, and nothing written on error.

Every test starts from the `dated` fixture graph (tests/loaders/test_dates.py describes it):
a-ttc-sz (founded 2010) located in p-sz since 2012, a-vc (founded 2008) closed in 2014,
a-ttc-sz a member of c-mob 2013-2015, a-ttc partner of a-ttc-sz 2011-2013.
"""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver

from app.settings import Settings
from tests.conftest import FIXTURES
from tests.schema.conftest import GraphQL, error_code, reload
from tests.schema.test_mutations import ADD, mutation_error, snapshot

_PRISTINE: dict[str, Any] = {}


@pytest.fixture(autouse=True)
async def dated(driver: AsyncDriver, settings: Settings) -> None:
    if "dated" not in _PRISTINE or await snapshot(driver) != _PRISTINE["dated"]:
        await reload(driver, settings, FIXTURES / "dated")
        _PRISTINE["dated"] = await snapshot(driver)


async def rel_props(driver: AsyncDriver, source: str, rel_type: str,
                    target: str) -> dict[str, Any] | None:
    records, _, _ = await driver.execute_query(
        "MATCH (:Entity {id: $s})-[r]->(t {id: $t}) WHERE type(r) = $type "
        "RETURN properties(r) AS props", s=source, t=target, type=rel_type)
    if not records:
        return None
    # relKey: the uniqueness constraint's bookkeeping (graph/queries.py), not a date
    return {k: v for k, v in records[0]["props"].items() if k != "relKey"}


async def closed_year(driver: AsyncDriver, entity_id: str) -> Any:
    records, _, _ = await driver.execute_query(
        "MATCH (n:Entity {id: $id}) RETURN n.closedYear AS closed", id=entity_id)
    return records[0]["closed"]


# --- entities -----------------------------------------------------------------------------


async def test_create_with_closed_year_and_park_years(editor: GraphQL, gql: GraphQL,
                                                      driver: AsyncDriver) -> None:
    created = editor.data(
        'mutation { createAgency(input: {id: "a-new", name: "Shut incubator", kind: INCUBATOR,'
        ' foundedYear: 2009, closedYear: 2016, parkId: "p-zgc", parkSince: 2011, '
        "parkUntil: 2015}) { id foundedYear closedYear park { id } } }")["createAgency"]
    assert created == {"id": "a-new", "foundedYear": 2009, "closedYear": 2016,
                       "park": {"id": "p-zgc"}}
    assert await rel_props(driver, "a-new", "LOCATED_IN", "p-zgc") == {"since": 2011,
                                                                       "until": 2015}
    park = gql.data('{ node(id: "p-zgc") { ... on Park { agencies(where: {id: "a-new"}) '
                    "{ edges { properties { since until } } } } } }")["node"]
    assert park["agencies"]["edges"] == [{"properties": {"since": 2011, "until": 2015}}]


async def test_update_sets_and_clears_closed_year(editor: GraphQL, driver: AsyncDriver) -> None:
    editor.data('mutation { updateAgency(id: "a-ttc", input: {closedYear: 2020}) { id } }')
    assert await closed_year(driver, "a-ttc") == 2020
    editor.data('mutation { updateAgency(id: "a-vc", input: {closedYear: null}) { id } }')
    assert await closed_year(driver, "a-vc") is None


async def test_update_park_until_alone_keeps_the_park_and_its_since(editor: GraphQL,
                                                                    driver: AsyncDriver) -> None:
    editor.data('mutation { updateAgency(id: "a-ttc-sz", input: {parkUntil: 2016}) { id } }')
    assert await rel_props(driver, "a-ttc-sz", "LOCATED_IN", "p-sz") == {"since": 2012,
                                                                         "until": 2016}
    editor.data('mutation { updateAgency(id: "a-ttc-sz", input: {parkSince: null}) { id } }')
    assert await rel_props(driver, "a-ttc-sz", "LOCATED_IN", "p-sz") == {"until": 2016}


async def test_moving_to_another_park_starts_undated_unless_years_are_given(
        editor: GraphQL, driver: AsyncDriver) -> None:
    editor.data('mutation { updateAgency(id: "a-ttc-sz", input: {parkId: "p-zgc"}) { id } }')
    assert await rel_props(driver, "a-ttc-sz", "LOCATED_IN", "p-zgc") == {}
    assert await rel_props(driver, "a-ttc-sz", "LOCATED_IN", "p-sz") is None
    editor.data('mutation { updateAgency(id: "a-ttc-sz", input: {parkId: "p-sz", '
                "parkSince: 2017}) { id } }")
    assert await rel_props(driver, "a-ttc-sz", "LOCATED_IN", "p-sz") == {"since": 2017}


# (mutation, error column, message fragment): the rule sees the stored side of the pair
BAD_ENTITY_YEARS: list[tuple[str, str, str]] = [
    ('updateAgency(id: "a-vc", input: {closedYear: 2007})', "closed_year",
     "2007 is before founded_year 2008"),
    ('updateAgency(id: "a-vc", input: {foundedYear: 2015})', "closed_year",
     "2014 is before founded_year 2015"),
    ('updateAgency(id: "a-ttc-sz", input: {parkUntil: 2012})', "park_until",
     "2012 is not after park_since 2012"),
    ('updateAgency(id: "a-ttc-sz", input: {parkSince: 2020})', "park_until", ""),
    ('updateAgency(id: "a-ttc", input: {parkId: null, parkSince: 2012})', "park_since",
     "park_since given without a park_id"),
    ('createAgency(input: {id: "a-x", name: "X", parkSince: 2012})', "park_since",
     "park_since given without a park_id"),
    ('updateTalentTeam(id: "t-lead", input: {closedYear: 1890})', "closed_year",
     "below the minimum 1900"),
    ('updatePark(id: "p-old", input: {closedYear: 1994})', "closed_year",
     "1994 is before approved_year 1995"),
]


@pytest.mark.parametrize(("mutation", "column", "fragment"), BAD_ENTITY_YEARS,
                         ids=[f"{m.split('(')[0]}:{c}:{i}"
                              for i, (m, c, _) in enumerate(BAD_ENTITY_YEARS)])
async def test_bad_entity_years_are_refused_and_nothing_is_written(
        editor: GraphQL, driver: AsyncDriver, mutation: str, column: str, fragment: str) -> None:
    if "parkSince: 2020" in mutation:  # a-ttc-sz gets an until first, then a late since
        editor.data('mutation { updateAgency(id: "a-ttc-sz", input: {parkUntil: 2016}) '
                    "{ id } }")
    before = await snapshot(driver)
    error = mutation_error(editor, f"mutation {{ {mutation} {{ id }} }}")
    assert error_code(error) == "BAD_USER_INPUT"
    assert [i["column"] for i in error["extensions"]["issues"]] == [column]
    assert fragment in error["message"]
    assert await snapshot(driver) == before


# --- relationships ------------------------------------------------------------------------


async def test_add_relationship_sets_and_clears_since_and_until(editor: GraphQL,
                                                                driver: AsyncDriver) -> None:
    editor.data(ADD, {"input": {"type": "MEMBER_OF", "sourceId": "a-ttc", "targetId": "c-mob",
                                "since": 2014, "until": 2016}})
    assert await rel_props(driver, "a-ttc", "MEMBER_OF", "c-mob") == {"since": 2014,
                                                                      "until": 2016}
    editor.data(ADD, {"input": {"type": "MEMBER_OF", "sourceId": "a-ttc", "targetId": "c-mob",
                                "until": None}})  # null clears; since is kept (omitted)
    assert await rel_props(driver, "a-ttc", "MEMBER_OF", "c-mob") == {"since": 2014}
    editor.data(ADD, {"input": {"type": "LOCATED_IN", "sourceId": "c-mob", "targetId": "p-sz",
                                "since": 2016}})
    assert await rel_props(driver, "c-mob", "LOCATED_IN", "p-sz") == {"since": 2016}
    editor.data(ADD, {"input": {"type": "PROVIDES", "sourceId": "a-vc", "targetId": "finance",
                                "until": 2013}})
    records, _, _ = await driver.execute_query(
        "MATCH (:Agency {id: 'a-vc'})-[r:PROVIDES]->(:ServiceStage {code: 'finance'}) "
        "RETURN properties(r) AS p")
    assert records[0]["p"] == {"until": 2013}


async def test_a_partnerships_year_and_since_stay_one(editor: GraphQL,
                                                      driver: AsyncDriver) -> None:
    editor.data(ADD, {"input": {"type": "PARTNERS_WITH", "sourceId": "a-ttc-sz",
                                "targetId": "a-vc", "since": 2012, "until": 2014}})
    assert await rel_props(driver, "a-ttc-sz", "PARTNERS_WITH", "a-vc") == {
        "since": 2012, "year": 2012, "until": 2014}
    editor.data(ADD, {"input": {"type": "PARTNERS_WITH", "sourceId": "a-ttc-sz",
                                "targetId": "a-vc", "year": 2011}})
    assert await rel_props(driver, "a-ttc-sz", "PARTNERS_WITH", "a-vc") == {
        "since": 2011, "year": 2011, "until": 2014}


BAD_RELATIONSHIP_YEARS: list[tuple[dict[str, Any], str, str]] = [
    ({"type": "MEMBER_OF", "sourceId": "a-ttc-sz", "targetId": "c-mob", "until": 2013},
     "until", "2013 is not after since 2013"),
    ({"type": "MEMBER_OF", "sourceId": "a-ttc-sz", "targetId": "c-mob", "since": 2015},
     "until", "2015 is not after since 2015"),
    ({"type": "LOCATED_IN", "sourceId": "c-mob", "targetId": "p-sz", "since": 2016,
      "until": 2010}, "until", "2010 is not after since 2016"),
    ({"type": "PARTNERS_WITH", "sourceId": "a-ttc", "targetId": "a-vc", "since": 2013,
      "year": 2012}, "since", "differs from year 2012"),
    ({"type": "SUPPORTS", "sourceId": "a-vc", "targetId": "pr-5g", "since": 2014}, "since",
     "SUPPORTS relationships have no since"),
    ({"type": "MEMBER_OF", "sourceId": "a-ttc", "targetId": "c-mob", "year": 2014}, "year",
     "MEMBER_OF relationships have no year"),
    ({"type": "OPERATES", "sourceId": "a-vc", "targetId": "pl-test", "since": 1800}, "since",
     "below the minimum 1900"),
]


@pytest.mark.parametrize(("relationship", "column", "fragment"), BAD_RELATIONSHIP_YEARS,
                         ids=[f"{r['type']}:{c}:{i}"
                              for i, (r, c, _) in enumerate(BAD_RELATIONSHIP_YEARS)])
async def test_bad_relationship_years_are_refused_and_nothing_is_written(
        editor: GraphQL, driver: AsyncDriver, relationship: dict[str, Any], column: str,
        fragment: str) -> None:
    before = await snapshot(driver)
    body = editor(ADD, {"input": relationship})
    assert body.get("data") is None, body
    error = body["errors"][0]
    assert error_code(error) == "BAD_USER_INPUT"
    assert [i["column"] for i in error["extensions"]["issues"]] == [column]
    assert fragment in error["message"]
    assert await snapshot(driver) == before
