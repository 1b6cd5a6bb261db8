"""Loading datasets into the real Neo4j: round trips, reloads, edits, refusals, formats,
interrupted loads and hostile text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from neo4j.time import DateTime

from loaders.issues import DatasetError
from loaders.progress import ENTITIES, LINKS, RELATIONSHIPS
from loaders.writer import Counts
from tests.fixtures.tiny_graph import RELATIONSHIPS as TINY_RELATIONSHIPS
from tests.loaders.helpers import (
    EMPTY,
    append_line,
    counts,
    csv_folder_to_jsonl,
    csv_folder_to_xlsx,
    dump_graph,
    read_csv,
    replace_in,
    write_csv,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "datasets"

# Every entity of `tiny` with every property except the timestamps, as the graph must hold it.
TINY_ENTITIES: dict[str, tuple[str, dict[str, Any]]] = {
    "r-bj": ("Region", {"name": "Beijing", "nameZh": "北京市", "kind": "province"}),
    "r-bjc": ("Region", {"name": "Beijing City", "nameZh": "北京", "kind": "city"}),
    "r-gd": ("Region", {"name": "Guangdong", "nameZh": "广东省", "kind": "province"}),
    "r-sz": ("Region", {"name": "Shenzhen", "nameZh": "深圳", "kind": "city"}),
    "i-it": ("Industry", {"name": "Next-generation information technology",
                          "nameZh": "新一代信息技术", "category": "strategic_emerging"}),
    "i-mob": ("Industry", {"name": "Mobile internet", "nameZh": "移动互联网",
                           "category": "strategic_emerging"}),
    "i-bio": ("Industry", {"name": "Biomedicine", "nameZh": "生物医药",
                           "category": "strategic_emerging"}),
    "p-zgc": ("Park", {"name": "Zhongguancun Science Park", "nameZh": "中关村科技园区",
                       "level": "national", "approvedYear": 1988, "pilot": True,
                       "pilotYear": 2012}),
    "p-sz": ("Park", {"name": "Shenzhen Hi-tech Industrial Park",
                      "nameZh": "深圳市高新技术产业园区", "level": "national",
                      "approvedYear": 1991, "pilot": False}),
    "c-mob": ("Cluster", {"name": "Zhongguancun mobile internet", "nameZh": "中关村移动互联网",
                          "kind": "industrial_cluster", "establishedYear": 2013}),
    "a-ttc": ("Agency", {"name": "Zhongguancun Technology Transfer Center",
                         "nameZh": "中关村技术转移中心", "kind": "tech_transfer",
                         "level": "national", "backbone": True, "foundedYear": 2001,
                         "staff": 120}),
    "a-ttc-sz": ("Agency", {"name": "ZTTC Shenzhen branch",
                            "nameZh": "中关村技术转移中心深圳分中心", "kind": "tech_transfer",
                            "level": "municipal", "backbone": False, "foundedYear": 2010,
                            "staff": 15}),
    "a-vc": ("Agency", {"name": "Shenzhen Angel Fund", "nameZh": "深圳天使基金",
                        "kind": "venture_capital", "level": "private", "backbone": False,
                        "foundedYear": 2008, "staff": 30}),
    "pl-test": ("Platform", {"name": "Beijing testing platform", "nameZh": "北京检测平台",
                             "kind": "testing_inspection", "open": True,
                             "establishedYear": 2011}),
    "t-lead": ("TalentTeam", {"name": "IP leading talent", "nameZh": "知识产权领军人才",
                              "kind": "leading_talent", "size": 1, "establishedYear": 2013}),
    "pr-5g": ("Project", {"name": "5G chip transfer", "nameZh": "5G芯片成果转化",
                          "program": "national_major", "status": "landed",
                          "contractValueMillionCny": 350.5, "year": 2014}),
}

# Every relationship of `tiny`: (source, type, target, properties).


def _typed(props: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Properties with their Python type, so 1 != 1.0 != True in comparisons."""
    return {k: (type(v).__name__, v) for k, v in props.items()}


def _props_key(props: dict[str, Any]) -> str:
    return repr(sorted(props.items()))


def _rel_key(rel: tuple[str, str, str, dict[str, Any]]) -> str:
    s, t, o, props = rel
    return repr((s, t, o, sorted(_typed(props).items())))


async def _entities(driver, db) -> dict[str, tuple[list[str], dict[str, Any]]]:
    records, _, _ = await driver.execute_query(
        "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
        database_=db)
    return {r["id"]: (sorted(r["labels"]), r["props"]) for r in records}


async def _relationships(driver, db) -> list[tuple[str, str, str, dict[str, Any]]]:
    records, _, _ = await driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.code) AS s, type(r) AS t, "
        "coalesce(b.id, b.code) AS o, properties(r) AS props", database_=db)
    # relKey, derived from the ends, is checked by tests/loaders/test_relationship_keys.py
    return [(r["s"], r["t"], r["o"], {k: v for k, v in r["props"].items() if k != "relKey"})
            for r in records]


def _all_zero_changes(summary) -> bool:  # type: ignore[no-untyped-def]
    every = [*summary.entities.values(), *summary.relationships.values()]
    return all(c.created == 0 and c.updated == 0 and c.deleted == 0 for c in every)


# --- round trip ---------------------------------------------------------------------------


async def test_tiny_round_trips_every_property(load, clean_db, settings) -> None:
    report = await load("tiny")
    entities = await _entities(clean_db, settings.neo4j_database)
    assert sorted(entities) == sorted(TINY_ENTITIES)
    stamps = set()
    for entity_id, (label, expected) in TINY_ENTITIES.items():
        labels, props = entities[entity_id]
        assert labels == sorted(["Entity", label]), entity_id
        created, updated = props.pop("createdAt"), props.pop("updatedAt")
        assert isinstance(created, DateTime) and created == updated, entity_id
        assert created.tzinfo is not None
        stamps.add(created)
        want = {"id": entity_id, "source": "tiny", **expected}
        assert _typed(props) == _typed(want), entity_id
    assert len(stamps) == 1  # one load, one timestamp
    assert report.dataset.name == "tiny"
    assert report.notices == [] and report.warnings == [] and report.skipped == []


async def test_tiny_round_trips_every_relationship(load, clean_db, settings) -> None:
    await load("tiny")
    actual = await _relationships(clean_db, settings.neo4j_database)
    assert sorted(map(_rel_key, actual)) == sorted(map(_rel_key, TINY_RELATIONSHIPS))


async def test_first_load_summary_counts(load) -> None:
    report = await load("tiny")
    summary = report.summary
    assert summary is not None
    assert {k: v.created for k, v in summary.entities.items()} == {
        "Region": 4, "Industry": 3, "Park": 2, "Cluster": 1, "Agency": 3, "Platform": 1,
        "TalentTeam": 1, "Project": 1}
    expected_rels: dict[str, int] = {}
    for _, rel_type, _, _ in TINY_RELATIONSHIPS:
        expected_rels[rel_type] = expected_rels.get(rel_type, 0) + 1
    assert {k: v.created for k, v in summary.relationships.items()} == expected_rels
    assert all(c == Counts(created=c.created) for c in summary.entities.values())
    assert all(c == Counts(created=c.created) for c in summary.relationships.values())
    assert report.dataset.record_count == 16 + 4 + 2


async def test_synthetic_column_round_trips_as_booleans(load, clean_db, settings,
                                                        dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "regions.csv", "id,name,name_zh,kind,parent_id",
               "id,name,name_zh,kind,parent_id,synthetic")
    replace_in(folder, "regions.csv", "province,\n", "province,,true\n", count=2)
    replace_in(folder, "regions.csv", "city,r-bj\n", "city,r-bj,no\n")
    await load(folder)
    records, _, _ = await clean_db.execute_query(
        "MATCH (n:Region) RETURN n.id AS id, n.synthetic AS synthetic ORDER BY id",
        database_=settings.neo4j_database)
    assert [(r["id"], r["synthetic"]) for r in records] == [
        ("r-bj", True), ("r-bjc", False), ("r-gd", True), ("r-sz", None)]


# --- reload and edits ---------------------------------------------------------------------


async def test_reloading_the_same_folder_changes_nothing(load, clean_db, settings) -> None:
    db = settings.neo4j_database
    await load("tiny")
    before = await dump_graph(clean_db, db)
    report = await load("tiny")
    assert await dump_graph(clean_db, db) == before  # updatedAt included
    summary = report.summary
    assert summary is not None
    assert _all_zero_changes(summary)
    assert {k: v.unchanged for k, v in summary.entities.items()} == {
        "Region": 4, "Industry": 3, "Park": 2, "Cluster": 1, "Agency": 3, "Platform": 1,
        "TalentTeam": 1, "Project": 1}
    assert sum(c.unchanged for c in summary.relationships.values()) == len(TINY_RELATIONSHIPS)


async def test_an_edited_dataset_updates_the_graph(load, clean_db, settings,
                                                   dataset_copy) -> None:
    db = settings.neo4j_database
    await load("tiny")
    before_entities = await _entities(clean_db, db)
    folder = dataset_copy("tiny")
    replace_in(folder, "agencies.csv", ",2001,120,", ",2001,125,")  # a property
    replace_in(folder, "agencies.csv", ",30,p-sz,,finance,", ",30,p-zgc,,finance,")  # park
    replace_in(folder, "agencies.csv", ",technology_transfer;consulting,",
               ",technology_transfer,")  # a stage removed
    append_line(folder, "agencies.csv",
                "a-new,New incubator,新孵化器,incubator,municipal,no,2020,8,p-sz,,incubation,i-bio")
    report = await load(folder)

    summary = report.summary
    assert summary is not None
    assert summary.entities["Agency"] == Counts(created=1, updated=1, unchanged=2)
    assert summary.entities["Park"] == Counts(unchanged=2)
    assert summary.relationships["LOCATED_IN"] == Counts(created=2, unchanged=5, deleted=1)
    assert summary.relationships["PROVIDES"] == Counts(created=1, unchanged=5, deleted=1)
    assert summary.relationships["SERVES_INDUSTRY"] == Counts(created=1, unchanged=4)

    after = await _entities(clean_db, db)
    staff = after["a-ttc"][1]
    assert staff["staff"] == 125
    assert staff["updatedAt"] > before_entities["a-ttc"][1]["updatedAt"]
    assert staff["createdAt"] == before_entities["a-ttc"][1]["createdAt"]
    for unchanged in ("a-vc", "a-ttc-sz", "p-sz", "r-bj"):
        assert after[unchanged] == before_entities[unchanged], unchanged
    assert after["a-new"][1]["nameZh"] == "新孵化器"

    rel_list = await _relationships(clean_db, db)
    assert len(rel_list) == len(TINY_RELATIONSHIPS) + 3 - 1  # +a-new's three, -consulting
    rels = {(s, t, o) for s, t, o, _ in rel_list}
    assert ("a-vc", "LOCATED_IN", "p-zgc") in rels
    assert ("a-vc", "LOCATED_IN", "p-sz") not in rels
    assert ("a-ttc", "PROVIDES", "consulting") not in rels
    assert ("a-ttc", "PROVIDES", "technology_transfer") in rels
    assert {("a-new", "LOCATED_IN", "p-sz"), ("a-new", "PROVIDES", "incubation"),
            ("a-new", "SERVES_INDUSTRY", "i-bio")} <= rels


async def test_columns_absent_from_the_header_leave_properties_untouched(
        load, clean_db, settings, tmp_path) -> None:
    db = settings.neo4j_database
    await load("tiny")
    before = await dump_graph(clean_db, db)
    folder = tmp_path / "tiny"
    folder.mkdir()
    write_csv(folder / "agencies.csv", ["id", "name", "staff"],
              [["a-ttc", "Zhongguancun Technology Transfer Center", "121"],
               ["a-vc", "Shenzhen Angel Fund", "30"]])
    report = await load(folder)
    assert report.summary is not None
    assert report.summary.entities["Agency"] == Counts(updated=1, unchanged=1)
    assert report.summary.relationships == {}

    after = await dump_graph(clean_db, db)
    changed = {k for k in after[0] if after[0][k] != before[0][k]}
    assert changed == {"a-ttc"}
    assert after[1] == before[1]  # stages, park, industries, links: all kept
    props = dict(after[0]["a-ttc"][1])
    old = dict(before[0]["a-ttc"][1])
    assert props.pop("staff") == 121 and old.pop("staff") == 120
    assert props.pop("updatedAt") > old.pop("updatedAt")
    assert props == old  # kind, level, backbone, foundedYear, nameZh, source... untouched


@pytest.mark.parametrize(("file", "old", "new", "entity", "prop", "value"), [
    pytest.param("agencies.csv", ",private,no,2008,30,", ",private,no,2008,,", "a-vc", "staff",
                 None, id="empty-cell-removes"),
    pytest.param("parks.csv", ",1991,no,,", ",1991,no,2020,", "p-sz", "pilotYear", 2020,
                 id="value-for-absent-property"),
    pytest.param("parks.csv", ",1991,no,,", ",1991,yes,,", "p-sz", "pilot", True,
                 id="bool-changed"),
    pytest.param("projects.csv", ",350.5,", ",351,", "pr-5g", "contractValueMillionCny", 351.0,
                 id="float-changed"),
    pytest.param("regions.csv", "r-gd,Guangdong,广东省,", "r-gd,Guangdong,,", "r-gd", "nameZh",
                 None, id="name-zh-cleared"),
])
async def test_one_changed_cell_updates_one_entity(load, clean_db, settings, dataset_copy,
                                                   file, old, new, entity, prop, value):
    db = settings.neo4j_database
    await load("tiny")
    before = await _entities(clean_db, db)
    folder = dataset_copy("tiny")
    replace_in(folder, file, old, new)
    report = await load(folder)
    assert report.summary is not None
    changed = {k: c for k, c in report.summary.entities.items() if c.updated}
    label = TINY_ENTITIES[entity][0]
    total = sum(1 for lbl, _ in TINY_ENTITIES.values() if lbl == label)
    assert changed == {label: Counts(updated=1, unchanged=total - 1)}
    after = await _entities(clean_db, db)
    assert after[entity][1].get(prop) == value
    assert type(after[entity][1].get(prop)) is type(value)
    assert after[entity][1]["updatedAt"] > before[entity][1]["updatedAt"]
    assert {k for k in after if after[k] != before[k]} == {entity}


async def test_cleared_reference_cells_remove_relationships_and_their_properties(
        load, clean_db, settings, dataset_copy):
    db = settings.neo4j_database
    await load("tiny")
    folder = dataset_copy("tiny")
    replace_in(folder, "agencies.csv", ",p-sz,a-ttc,technology_transfer,i-mob",
               ",,a-ttc,technology_transfer,i-mob")
    replace_in(folder, "projects.csv", ",350.5,2014,p-zgc,", ",350.5,,p-zgc,")
    report = await load(folder)
    summary = report.summary
    assert summary is not None
    assert summary.relationships["LOCATED_IN"] == Counts(unchanged=5, deleted=1)
    assert summary.relationships["LANDED_IN"] == Counts(updated=1)
    assert summary.entities["Project"] == Counts(updated=1)
    rels = await _relationships(clean_db, db)
    assert not any(s == "a-ttc-sz" and t == "LOCATED_IN" for s, t, _, _ in rels)
    assert [(s, o, p) for s, t, o, p in rels if t == "LANDED_IN"] == [("pr-5g", "p-zgc", {})]
    again = await load(folder)
    assert again.summary is not None and _all_zero_changes(again.summary)


async def test_a_new_dataset_name_is_an_update_of_source(load, clean_db, settings, tmp_path):
    db = settings.neo4j_database
    await load("tiny")
    other = tmp_path / "renamed"
    other.mkdir()
    (other / "regions.csv").write_bytes((FIXTURES / "tiny" / "regions.csv").read_bytes())
    report = await load(other)
    assert report.summary is not None
    assert report.summary.entities["Region"] == Counts(updated=4)
    entities = await _entities(clean_db, db)
    assert {k: v[1]["source"] for k, v in entities.items() if v[0][1] == "Region"} == {
        "r-bj": "renamed", "r-bjc": "renamed", "r-gd": "renamed", "r-sz": "renamed"}
    assert entities["p-zgc"][1]["source"] == "tiny"


# --- refused datasets write nothing; skip_invalid ---------------------------------------------


@pytest.mark.parametrize(("old", "new", "file"), [
    pytest.param(",p-sz,,finance,", ",p-nowhere,,finance,", "agencies.csv", id="dangling"),
    pytest.param("a-ttc-sz,ZTTC", "a-vc,ZTTC", "agencies.csv", id="duplicate-id"),
    pytest.param(",venture_capital,", ",angel,", "agencies.csv", id="unknown-enum"),
    pytest.param(",testing_certification,", ",testing_certification;inspection,",
                 "platforms.csv",
                 id="unknown-stage"),
])
async def test_a_refused_dataset_changes_nothing(load, clean_db, settings, dataset_copy,
                                                 old, new, file) -> None:
    db = settings.neo4j_database
    await load("tiny")
    before = await dump_graph(clean_db, db)
    before_counts = await counts(clean_db, db)
    folder = dataset_copy("tiny")
    # valid edits that would write something, next to the one invalid cell
    replace_in(folder, "regions.csv", "Guangdong", "Guangdong Province")
    append_line(folder, "industries.csv", "i-new,New materials,新材料,strategic_emerging,")
    append_line(folder, "links.csv", "a-ttc-sz,PARTNERS_WITH,pl-test,2020,1,,")
    replace_in(folder, file, old, new)
    with pytest.raises(DatasetError) as info:
        await load(folder)
    assert len(info.value.issues) == 1
    assert info.value.issues[0].file == file
    assert await dump_graph(clean_db, db) == before
    assert await counts(clean_db, db) == before_counts


async def test_dry_run_writes_nothing(load, clean_db, settings) -> None:
    report = await load("tiny", dry_run=True)
    assert report.summary is None
    assert report.dataset.record_count == 22
    assert await counts(clean_db, settings.neo4j_database) == EMPTY


async def test_skip_invalid_loads_the_rest_and_lists_the_skipped_rows(load, clean_db, settings,
                                                                      dataset_copy) -> None:
    db = settings.neo4j_database
    folder = dataset_copy("tiny")
    replace_in(folder, "agencies.csv", ",venture_capital,", ",angel,")
    report = await load(folder, skip_invalid=True)
    assert [str(i) for i in report.skipped] == [
        "agencies.csv:4: kind: unknown value 'angel' (expected one of tech_transfer, "
        "incubator, productivity_center, venture_capital, rd_design, testing, ip_service, "
        "consulting, finance, internationalization, research_institute, comprehensive, "
        "other)",
        "links.csv:2: target_id: 'a-vc' is skipped because its own row is invalid",
        "links.csv:4: source_id: 'a-vc' is skipped because its own row is invalid",
        "links.csv:5: source_id: 'a-vc' is skipped because its own row is invalid",
    ]
    entities = await _entities(clean_db, db)
    assert sorted(entities) == sorted(set(TINY_ENTITIES) - {"a-vc"})
    rels = await _relationships(clean_db, db)
    expected = [r for r in TINY_RELATIONSHIPS if "a-vc" not in (r[0], r[2])]
    assert sorted(map(_rel_key, rels)) == sorted(map(_rel_key, expected))


async def test_skip_invalid_cascades_through_references(load, clean_db, settings,
                                                        dataset_copy) -> None:
    """A bad region drops its city, the city's park, everything in that park, and on."""
    db = settings.neo4j_database
    folder = dataset_copy("tiny")
    replace_in(folder, "regions.csv", "r-bj,Beijing,北京市,province,", "r-bj,Beijing,北京市,state,")
    report = await load(folder, skip_invalid=True)
    # each skipped row is listed once, with the first reason found for it
    skipped = [(i.file, i.line, i.column, i.reason.split("'")[1]) for i in report.skipped]
    assert skipped == [
        ("agencies.csv", 2, "park_id", "p-zgc"),         # a-ttc in p-zgc
        ("agencies.csv", 3, "parent_id", "a-ttc"),       # a-ttc-sz, branch of a-ttc
        ("clusters.csv", 2, "park_ids", "p-zgc"),        # c-mob in p-zgc
        ("funding.csv", 2, "funder_id", "r-bj"),
        ("funding.csv", 3, "funder_id", "r-bj"),
        ("links.csv", 2, "source_id", "a-ttc"),
        ("links.csv", 3, "source_id", "a-ttc"), ("links.csv", 3, "target_id", "pr-5g"),
        ("links.csv", 4, "target_id", "pr-5g"),
        ("links.csv", 5, "target_id", "c-mob"),
        ("parks.csv", 2, "region_id", "r-bjc"),          # p-zgc in r-bjc
        ("platforms.csv", 2, "park_id", "p-zgc"),
        ("projects.csv", 2, "park_id", "p-zgc"),
        ("regions.csv", 2, "kind", "state"),             # the cause
        ("regions.csv", 3, "parent_id", "r-bj"),         # r-bjc in r-bj
        ("talent_teams.csv", 2, "park_id", "p-zgc"),
    ]
    assert str(report.skipped[13]) == (
        "regions.csv:2: kind: unknown value 'state' (expected one of province, city)")
    assert str(report.skipped[14]) == (
        "regions.csv:3: parent_id: 'r-bj' is skipped because its own row is invalid")
    entities = await _entities(clean_db, db)
    assert sorted(entities) == ["a-vc", "i-bio", "i-it", "i-mob", "p-sz", "r-gd", "r-sz"]
    rels = {(s, t, o) for s, t, o, _ in await _relationships(clean_db, db)}
    assert rels == {
        ("r-sz", "PART_OF", "r-gd"), ("i-mob", "PART_OF", "i-it"),
        ("p-sz", "IN_REGION", "r-sz"), ("p-sz", "FOCUSES_ON", "i-mob"),
        ("p-sz", "FOCUSES_ON", "i-bio"), ("a-vc", "LOCATED_IN", "p-sz"),
        ("a-vc", "PROVIDES", "finance"),
    }


async def test_skip_invalid_keeps_references_to_skipped_rows_already_in_the_graph(
        load, clean_db, settings, dataset_copy) -> None:
    db = settings.neo4j_database
    await load("tiny")
    folder = dataset_copy("tiny")
    replace_in(folder, "agencies.csv", ",venture_capital,", ",angel,")
    replace_in(folder, "links.csv", "a-ttc,PARTNERS_WITH,a-vc,2012,0.8",
               "a-ttc,PARTNERS_WITH,a-vc,2012,0.9")
    report = await load(folder, skip_invalid=True)
    assert [(i.file, i.line) for i in report.skipped] == [("agencies.csv", 4)]
    assert report.summary is not None
    assert report.summary.entities["Agency"] == Counts(unchanged=2)
    assert report.summary.relationships["PARTNERS_WITH"] == Counts(updated=1)
    assert report.summary.relationships["INVESTS_IN"] == Counts(unchanged=1)
    entities = await _entities(clean_db, db)
    assert entities["a-vc"][1]["kind"] == "venture_capital"  # the graph's version stays
    rels = await _relationships(clean_db, db)
    assert [p for s, t, o, p in rels if t == "PARTNERS_WITH"] == [
        {"year": 2012, "since": 2012, "weight": 0.9, "source": "tiny"}]


async def test_funding_rows_with_unknown_program_or_year_are_kept_apart(
        load, clean_db, settings, dataset_copy) -> None:
    db = settings.neo4j_database
    folder = dataset_copy("tiny")
    append_line(folder, "funding.csv", "r-bj,p-zgc,,5,")
    append_line(folder, "funding.csv", "r-bj,p-zgc,provincial_match,6,")
    append_line(folder, "funding.csv", "r-bj,p-zgc,,7,2013")
    await load(folder, batch_size=2)
    expected = sorted([
        {"program": "provincial_match", "amountMillionCny": 20.0, "year": 2013},
        {"program": "provincial_match", "amountMillionCny": 30.0, "year": 2014},
        {"amountMillionCny": 5.0},
        {"program": "provincial_match", "amountMillionCny": 6.0},
        {"amountMillionCny": 7.0, "year": 2013},
    ], key=_props_key)
    for props in expected:
        props["source"] = "tiny"

    async def funds() -> list[dict[str, Any]]:
        rels = await _relationships(clean_db, db)
        return sorted((p for s, t, o, p in rels if t == "FUNDS"), key=_props_key)

    assert await funds() == expected
    before = await dump_graph(clean_db, db)
    report = await load(folder, batch_size=2)
    assert report.summary is not None
    assert report.summary.relationships["FUNDS"] == Counts(unchanged=5)
    assert await dump_graph(clean_db, db) == before
    replace_in(folder, "funding.csv", "r-bj,p-zgc,,5,", "r-bj,p-zgc,,55,")
    report = await load(folder)
    assert report.summary is not None
    assert report.summary.relationships["FUNDS"] == Counts(updated=1, unchanged=4)
    assert {"amountMillionCny": 55.0, "source": "tiny"} in await funds()
    assert len(await funds()) == 5


# --- encodings and formats ------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
async def test_encoded_csv_round_trips_chinese_names(load, clean_db, settings, tmp_path,
                                                     encoding) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    header, rows = read_csv(FIXTURES / "tiny" / "regions.csv")
    write_csv(folder / "regions.csv", header, [[r[c] for c in header] for r in rows],
              encoding=encoding)
    report = await load(folder)
    if encoding.startswith("gb"):
        assert report.notices == [
            "regions.csv: not UTF-8; read as GBK/GB18030 (how Excel in China saves CSV). "
            "Save as 'CSV UTF-8' to avoid ambiguity."]
    else:
        assert report.notices == []
    entities = await _entities(clean_db, settings.neo4j_database)
    assert {k: (v[1]["id"], v[1]["nameZh"]) for k, v in entities.items()} == {
        "r-bj": ("r-bj", "北京市"), "r-bjc": ("r-bjc", "北京"), "r-gd": ("r-gd", "广东省"),
        "r-sz": ("r-sz", "深圳")}


async def test_undecodable_csv_is_refused_naming_encoding_and_line(load, clean_db, settings,
                                                                   dataset_copy) -> None:
    folder = dataset_copy("tiny")
    path = folder / "regions.csv"
    path.write_bytes(path.read_bytes().replace(b"Guangdong", b"Guang\xffdong"))
    with pytest.raises(DatasetError) as info:
        await load(folder)
    issues = [str(i) for i in info.value.issues]
    assert issues[-1] == (
        "regions.csv:4: -: not valid UTF-8 (byte 0xff at character 11) and not GBK/GB18030 "
        "either; save the file as UTF-8")
    # the regions file could not be read, so what refers to its regions is reported too
    assert issues[:-1] == [
        "funding.csv:2: funder_id: 'r-bj' exists neither in the dataset nor in the graph",
        "funding.csv:3: funder_id: 'r-bj' exists neither in the dataset nor in the graph",
        "parks.csv:2: region_id: 'r-bjc' exists neither in the dataset nor in the graph",
        "parks.csv:3: region_id: 'r-sz' exists neither in the dataset nor in the graph",
    ]
    assert await counts(clean_db, settings.neo4j_database) == EMPTY


@pytest.mark.parametrize("fmt", ["jsonl", "xlsx", "xlsx-in-folder"])
async def test_jsonl_and_xlsx_load_the_same_graph_as_csv(load, clean_db, settings, tmp_path,
                                                         fmt) -> None:
    db = settings.neo4j_database
    await load("tiny")
    expected = await dump_graph(clean_db, db, timestamps=False)
    if fmt == "jsonl":
        path = tmp_path / "jsonl" / "tiny"
        csv_folder_to_jsonl(FIXTURES / "tiny", path)
    elif fmt == "xlsx":
        path = tmp_path / "tiny.xlsx"
        csv_folder_to_xlsx(FIXTURES / "tiny", path)
    else:
        path = tmp_path / "tiny"
        csv_folder_to_xlsx(FIXTURES / "tiny", path / "workbook.xlsx")
    await clean_db.execute_query("MATCH (n:Entity) DETACH DELETE n", database_=db)
    report = await load(path)
    assert report.notices == []
    assert await dump_graph(clean_db, db, timestamps=False) == expected
    again = await load(path)
    assert again.summary is not None and _all_zero_changes(again.summary)


async def test_xlsx_problems_name_the_sheet_and_row(load, clean_db, settings, dataset_copy,
                                                    tmp_path) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "agencies.csv", ",2010,15,", ",2010,-15,")
    replace_in(folder, "links.csv", "a-vc,MEMBER_OF,c-mob", "a-vc,JOINS,c-mob")
    workbook = tmp_path / "book.xlsx"
    csv_folder_to_xlsx(folder, workbook)
    with pytest.raises(DatasetError) as info:
        await load(workbook)
    assert [str(i) for i in info.value.issues] == [
        "book.xlsx#agencies:3: staff: -15 is below the minimum 0",
        "book.xlsx#links:5: type: unknown link type 'JOINS' "
        "(expected one of PARTNERS_WITH, SUPPORTS, INVESTS_IN, MEMBER_OF)",
    ]
    assert await counts(clean_db, settings.neo4j_database) == EMPTY


# --- interrupted loads ------------------------------------------------------------------------


class Interrupted(Exception):
    pass


class CountBatches:
    """A Progress that counts written batches and calls `on_batch(n)` after each."""

    def __init__(self, on_batch: Callable[[int], None]) -> None:
        self.on_batch, self.phase, self.batches = on_batch, "", 0

    def start(self, phase: str, total: int) -> None:
        self.phase = phase

    def advance(self, rows: int, detail: str = "") -> None:
        if self.phase in (ENTITIES, RELATIONSHIPS, LINKS):
            self.batches += 1
            self.on_batch(self.batches)


@pytest.mark.parametrize("after_batches", [1, 4, 9, 20, 30])
async def test_an_interrupted_load_converges_when_rerun(load, clean_db, settings,
                                                        after_batches) -> None:
    db = settings.neo4j_database
    await load("tiny")
    expected = await dump_graph(clean_db, db, timestamps=False)
    await clean_db.execute_query("MATCH (n:Entity) DETACH DELETE n", database_=db)

    def interrupt(batches: int) -> None:
        if batches == after_batches:
            raise Interrupted(batches)

    with pytest.raises(Interrupted):
        await load("tiny", batch_size=2, progress=CountBatches(interrupt))
    partial = await dump_graph(clean_db, db, timestamps=False)
    assert partial != expected  # something is missing...
    assert len(partial[0]) >= 9 + 2  # ...but the committed batches stay (stages + 1 batch)

    report = await load("tiny", batch_size=2)
    assert await dump_graph(clean_db, db, timestamps=False) == expected
    assert report.summary is not None
    assert sum(c.created for c in report.summary.entities.values()) == 16 - (
        len(partial[0]) - 9)


async def test_a_cancelled_load_converges_when_rerun(load, clean_db, settings) -> None:
    import asyncio

    db = settings.neo4j_database
    await load("tiny")
    expected = await dump_graph(clean_db, db, timestamps=False)
    await clean_db.execute_query("MATCH (n:Entity) DETACH DELETE n", database_=db)

    started = asyncio.Event()

    def after(batches: int) -> None:
        if batches == 6:
            started.set()

    task = asyncio.ensure_future(load("tiny", batch_size=1, progress=CountBatches(after)))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    partial = await dump_graph(clean_db, db, timestamps=False)
    assert partial != expected
    await load("tiny")
    assert await dump_graph(clean_db, db, timestamps=False) == expected


# --- hostile and unusual text ------------------------------------------------------------------

STRANGE_NAMES = [
    'O\'Brien "the \\"quoted\\"" park',
    "C:\\new\\table\\",
    '"}) MATCH (n) DETACH DELETE n //',
    "'}) MATCH (n) DETACH DELETE n; //",
    "$name {id: 1} `backtick` :Label",
    "line one\nline two\n\nline four",
    "🚀 rocket 中关村科技园区 ümlaut ∑",
    "tab\tinside; semi;colon, comma",
    "zero\u200bwidth \u2028separator",
]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
async def test_strange_names_are_stored_verbatim(load, clean_db, settings, tmp_path,
                                                 fmt) -> None:
    db = settings.neo4j_database
    await load("tiny")
    before = await dump_graph(clean_db, db)
    rows = [[f"r-odd-{i}", name, name[::-1], "city", "r-bj"]
            for i, name in enumerate(STRANGE_NAMES)]
    rows.append(["区-🚀", "Unicode id", "统一码", "city", "r-gd"])
    src = tmp_path / "src" / "strange"
    src.mkdir(parents=True)
    write_csv(src / "regions.csv", ["id", "name", "name_zh", "kind", "parent_id"], rows)
    if fmt == "csv":
        path = src
    elif fmt == "jsonl":
        path = tmp_path / "jsonl" / "strange"
        csv_folder_to_jsonl(src, path)
        assert len(json.loads((path / "regions.jsonl").read_text().splitlines()[0])) == 5
    else:
        path = tmp_path / "strange.xlsx"
        csv_folder_to_xlsx(src, path)
    report = await load(path)
    assert report.summary is not None
    assert report.summary.entities["Region"] == Counts(created=len(rows))

    records, _, _ = await clean_db.execute_query(
        "MATCH (n:Region) WHERE n.source = 'strange' "
        "OPTIONAL MATCH (n)-[:PART_OF]->(p) "
        "RETURN n.id AS id, n.name AS name, n.nameZh AS zh, p.id AS parent",
        database_=db)
    stored = {r["id"]: (r["name"], r["zh"], r["parent"]) for r in records}
    assert stored == {row[0]: (row[1], row[2], row[4]) for row in rows}
    for row in rows:  # byte for byte
        assert stored[row[0]][0].encode("utf-8") == row[1].encode("utf-8")

    # nothing that was there before changed
    after = await dump_graph(clean_db, db)
    assert {k: v for k, v in after[0].items() if k in before[0]} == before[0]
    assert set(after[0]) - set(before[0]) == {row[0] for row in rows}
    assert set(before[1]) <= set(after[1])
    assert len(after[1]) == len(before[1]) + len(rows)
