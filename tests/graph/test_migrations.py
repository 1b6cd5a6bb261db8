"""Schema migrations against the real Neo4j: idempotent, enforcing, with the cjk analyzer."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver
from neo4j.exceptions import ConstraintError

from graph import queries
from graph.migrations import SCHEMA_VERSION, apply_migrations

EXPECTED_STAGES = [
    ("research_development", "Research and development", "研究开发", 1),
    ("technology_transfer", "Technology transfer", "技术转移", 2),
    ("testing_certification", "Testing, inspection and certification", "检验检测认证", 3),
    ("incubation", "Startup incubation", "创业孵化", 4),
    ("intellectual_property", "Intellectual property", "知识产权", 5),
    ("consulting", "S&T consulting", "科技咨询", 6),
    ("finance", "S&T finance", "科技金融", 7),
    ("popularization", "Science popularization", "科学技术普及", 8),
    ("comprehensive", "Comprehensive S&T services", "综合科技服务", 9),
]


async def _schema(driver: AsyncDriver, database: str) -> tuple[list[dict[str, Any]], ...]:
    indexes, _, _ = await driver.execute_query(
        "SHOW INDEXES YIELD id, name, type, entityType, labelsOrTypes, properties, options, "
        "owningConstraint, state RETURN * ORDER BY name", database_=database)
    constraints, _, _ = await driver.execute_query(
        "SHOW CONSTRAINTS YIELD id, name, type, entityType, labelsOrTypes, properties, "
        "ownedIndex RETURN * ORDER BY name", database_=database)
    return [dict(r) for r in indexes], [dict(r) for r in constraints]


async def _stages(driver: AsyncDriver, database: str) -> list[tuple[str, str, str, int]]:
    records, _, _ = await driver.execute_query(
        "MATCH (s:ServiceStage) RETURN s.code AS code, s.name AS name, s.nameZh AS zh, "
        "s.order AS ord ORDER BY s.order", database_=database)
    return [(r["code"], r["name"], r["zh"], r["ord"]) for r in records]


async def test_applying_migrations_twice_leaves_the_same_schema(clean_db, settings):
    db = settings.neo4j_database
    before = await _schema(clean_db, db)
    first = await apply_migrations(clean_db, db)
    second = await apply_migrations(clean_db, db)
    after = await _schema(clean_db, db)

    assert before == after
    assert first == second
    assert first.version == SCHEMA_VERSION == len(queries.MIGRATIONS)
    assert first.applied == tuple(name for name, _ in queries.MIGRATIONS)
    assert await _stages(clean_db, db) == EXPECTED_STAGES
    meta, _, _ = await clean_db.execute_query(
        "MATCH (m:StsgraphMeta {key: 'schema'}) RETURN m.key AS key, m.version AS version, "
        "m.migrations AS names", database_=db)
    assert [dict(r) for r in meta] == [
        {"key": "schema", "version": SCHEMA_VERSION, "names": list(first.applied)}]


async def test_every_migration_created_its_index_or_constraint(clean_db, settings):
    indexes, constraints = await _schema(clean_db, settings.neo4j_database)
    index_names = {i["name"] for i in indexes}
    assert {name for name, _ in queries.MIGRATIONS} <= index_names
    assert all(i["state"] == "ONLINE" for i in indexes)
    by_name = {c["name"]: c for c in constraints}
    for name, label, prop in (("entity_id_unique", "Entity", "id"),
                              ("stage_code_unique", "ServiceStage", "code"),
                              ("meta_key_unique", "StsgraphMeta", "key")):
        assert by_name[name]["type"] == "UNIQUENESS"
        assert by_name[name]["entityType"] == "NODE"
        assert by_name[name]["labelsOrTypes"] == [label]
        assert by_name[name]["properties"] == [prop]
    name_indexes = {i["name"]: (i["type"], i["labelsOrTypes"], i["properties"]) for i in indexes}
    assert name_indexes["agency_name"] == ("RANGE", ["Agency"], ["name"])
    assert name_indexes["talentteam_name"] == ("RANGE", ["TalentTeam"], ["name"])
    assert name_indexes["project_status_year"] == ("RANGE", ["Project"], ["status", "year"])


async def test_fulltext_index_uses_the_cjk_analyzer(clean_db, settings):
    indexes, _ = await _schema(clean_db, settings.neo4j_database)
    fulltext = [i for i in indexes if i["name"] == queries.FULLTEXT_INDEX]
    assert len(fulltext) == 1
    index = fulltext[0]
    assert index["type"] == "FULLTEXT"
    assert index["entityType"] == "NODE"
    assert index["labelsOrTypes"] == ["Entity"]
    assert index["properties"] == ["name", "nameZh"]
    assert index["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
    assert index["options"]["indexConfig"]["fulltext.eventually_consistent"] is False


async def test_fulltext_index_finds_chinese_and_english_names(load, clean_db, settings):
    await load("tiny")

    async def ids(text: str) -> set[str]:
        records, _, _ = await clean_db.execute_query(
            "CALL db.index.fulltext.queryNodes($index, $text) YIELD node RETURN node.id AS id",
            index=queries.FULLTEXT_INDEX, text=text, database_=settings.neo4j_database)
        return {r["id"] for r in records}

    # The cjk analyzer indexes Chinese as overlapping bigrams, so words are found inside
    # names written without spaces; a bare query ORs its bigrams, a quoted one needs all.
    assert await ids('"技术转移"') == {"a-ttc", "a-ttc-sz"}
    assert await ids("技术转移") == {"a-ttc", "a-ttc-sz", "i-it", "p-sz"}
    assert await ids("深圳") == {"r-sz", "p-sz", "a-vc", "a-ttc-sz"}
    assert await ids("Shenzhen") == {"r-sz", "p-sz", "a-vc", "a-ttc-sz"}
    assert await ids('"生物医药"') == {"i-bio"}


@pytest.mark.parametrize("labels", ["Entity", "Entity:Agency", "Entity:Park"])
async def test_entity_id_uniqueness_constraint_rejects_a_duplicate(clean_db, settings, labels):
    db = settings.neo4j_database
    await clean_db.execute_query("CREATE (:Entity:Region {id: 'dup', name: 'first'})",
                                 database_=db)
    with pytest.raises(ConstraintError):
        await clean_db.execute_query(f"CREATE (:{labels} {{id: 'dup', name: 'second'}})",
                                     database_=db)
    records, _, _ = await clean_db.execute_query(
        "MATCH (n:Entity {id: 'dup'}) RETURN n.name AS name, labels(n) AS labels",
        database_=db)
    assert [(r["name"], sorted(r["labels"])) for r in records] == [
        ("first", ["Entity", "Region"])]


async def test_stage_code_constraint_rejects_a_duplicate_stage(clean_db, settings):
    with pytest.raises(ConstraintError):
        await clean_db.execute_query("CREATE (:ServiceStage {code: 'finance'})",
                                     database_=settings.neo4j_database)
    assert await _stages(clean_db, settings.neo4j_database) == EXPECTED_STAGES


async def test_migrations_restore_edited_and_missing_stages(clean_db, settings):
    db = settings.neo4j_database
    await clean_db.execute_query(
        "MATCH (s:ServiceStage {code: 'finance'}) SET s.name = 'changed', s.order = 99",
        database_=db)
    await clean_db.execute_query("MATCH (s:ServiceStage {code: 'consulting'}) DETACH DELETE s",
                                 database_=db)
    await apply_migrations(clean_db, db)
    assert await _stages(clean_db, db) == EXPECTED_STAGES


async def test_wiping_entities_keeps_stages_and_schema(load, clean_db, settings):
    db = settings.neo4j_database
    await load("tiny")
    schema = await _schema(clean_db, db)
    from graph.repository import wipe_entities

    await wipe_entities(clean_db, db)
    records, _, _ = await clean_db.execute_query("MATCH (n:Entity) RETURN count(n) AS c",
                                                 database_=db)
    assert records[0]["c"] == 0
    assert await _stages(clean_db, db) == EXPECTED_STAGES
    assert await _schema(clean_db, db) == schema


DUPLICATED = """
CREATE (a:Entity:Agency {id: 'a-1', name: 'A'}), (b:Entity:Agency {id: 'a-2', name: 'B'}),
       (r:Entity:Region {id: 'r-1', name: 'R'}), (p:Entity:Park {id: 'p-1', name: 'P'})
CREATE (a)-[:PARTNERS_WITH {year: 2012}]->(b), (b)-[:PARTNERS_WITH {weight: 0.5}]->(a),
       (b)-[:PARTNERS_WITH {year: 1999}]->(a)
CREATE (r)-[:FUNDS {program: 'x', year: 2013}]->(p),
       (r)-[:FUNDS {program: 'x', year: 2013, amountMillionCny: 1.5}]->(p),
       (r)-[:FUNDS {program: 'x'}]->(p), (r)-[:FUNDS {program: 'x'}]->(p),
       (r)-[:FUNDS {program: 'y', year: 2013}]->(p)
"""
RELATIONSHIPS = """
MATCH (s:Entity)-[r]->(t:Entity)
RETURN s.id AS s, type(r) AS type, t.id AS t, properties(r) AS props
ORDER BY s, type, t, r.program, r.year
"""


async def test_repairs_merge_duplicated_relationships_once(clean_db, settings):
    """Data the previous code could leave: PARTNERS_WITH both ways and twice, FUNDS doubled
    (null year included), none with a relKey. The repairs leave one of each, in the
    canonical direction, with the duplicates' properties filled in and their keys set."""
    db = settings.neo4j_database
    await clean_db.execute_query(DUPLICATED, database_=db)
    await clean_db.execute_query("MATCH (m:StsgraphMeta {key: 'schema'}) REMOVE m.repairs",
                                 database_=db)
    first = await apply_migrations(clean_db, db)
    assert first.repaired == tuple(name for name, _ in queries.REPAIRS)
    records, _, _ = await clean_db.execute_query(RELATIONSHIPS, database_=db)
    assert [(r["s"], r["type"], r["t"], r["props"]) for r in records] == [
        ("a-1", "PARTNERS_WITH", "a-2", {"year": 2012, "weight": 0.5, "since": 2012,
                                      "relKey": "3:a-1~3:a-2"}),
        ("r-1", "FUNDS", "p-1", {"program": "x", "year": 2013, "amountMillionCny": 1.5,
                                 "relKey": "3:r-1>3:p-1|1:x|2013"}),
        ("r-1", "FUNDS", "p-1", {"program": "x", "relKey": "3:r-1>3:p-1|1:x|"}),
        ("r-1", "FUNDS", "p-1", {"program": "y", "year": 2013,
                                 "relKey": "3:r-1>3:p-1|1:y|2013"}),
    ]
    # recorded: not run again; and running the statements again changes nothing
    assert (await apply_migrations(clean_db, db)).repaired == ()
    async with clean_db.session(database=db) as session:
        for _name, statement in queries.REPAIRS:
            await (await session.run(statement)).consume()
    again, _, _ = await clean_db.execute_query(RELATIONSHIPS, database_=db)
    assert [dict(r) for r in again] == [dict(r) for r in records]


async def test_key_constraints_refuse_a_second_partnership_either_way(clean_db, settings):
    db = settings.neo4j_database
    await clean_db.execute_query(
        "CREATE (:Entity:Agency {id: 'a-1'}), (:Entity:Agency {id: 'a-2'})", database_=db)
    add = ("MATCH (s {id: $s}), (t {id: $t}) CREATE (s)-[r:PARTNERS_WITH]->(t) "
           f"SET r.relKey = {queries.relationship_key('PARTNERS_WITH', 's', 't', 'r')}")
    await clean_db.execute_query(add, s="a-1", t="a-2", database_=db)
    with pytest.raises(ConstraintError):
        await clean_db.execute_query(add, s="a-2", t="a-1", database_=db)


async def _partner_years(driver: AsyncDriver, db: str) -> dict[str, tuple[Any, Any]]:
    records, _, _ = await driver.execute_query(
        "MATCH (a)-[r:PARTNERS_WITH]->() RETURN a.id AS a, r.year AS year, r.since AS since",
        database_=db)
    return {r["a"]: (r["year"], r["since"]) for r in records}


async def test_partnerships_loaded_before_the_as_of_work_get_their_since_once(clean_db,
                                                                              settings):
    """A graph whose PARTNERS_WITH carry only `year` (as loaded before DESIGN.md section 8)
    gets `since` = `year` from the repair `partners_since_from_year`, once: it is recorded and not re-run."""
    db = settings.neo4j_database
    await clean_db.execute_query(
        "CREATE (:Entity:Agency {id: 'old-a'})-[:PARTNERS_WITH {year: 2012}]->"
        "(:Entity:Agency {id: 'old-b'}), "
        "(:Entity:Agency {id: 'undated'})-[:PARTNERS_WITH {weight: 1.0}]->(:Entity:Agency "
        "{id: 'other'})", database_=db)
    await clean_db.execute_query(
        "MATCH (m:StsgraphMeta {key: 'schema'}) "
        "SET m.repairs = [n IN m.repairs WHERE n <> 'partners_since_from_year']",
        database_=db)
    await apply_migrations(clean_db, db)
    assert await _partner_years(clean_db, db) == {"old-a": (2012, 2012),
                                                  "undated": (None, None)}
    # recorded now: a partnership written later without `since` is not touched again
    await clean_db.execute_query(
        "MATCH (a {id: 'undated'})-[r:PARTNERS_WITH]->() SET r.year = 2014", database_=db)
    await apply_migrations(clean_db, db)
    assert await _partner_years(clean_db, db) == {"old-a": (2012, 2012),
                                                  "undated": (2014, None)}
