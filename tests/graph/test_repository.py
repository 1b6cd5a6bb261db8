"""graph.repository read functions against the tiny dataset in the real Neo4j."""

from __future__ import annotations

import pytest
from neo4j.time import DateTime

from graph import queries, repository
from graph.model import ENTITY_LABELS, require_label, require_rel_type
from graph.repository import EntityRow, RelationshipRow
from tests.fixtures.tiny_graph import ENTITY_IDS

TINY_IDS = ENTITY_IDS


@pytest.fixture
async def tiny(load, clean_db):
    await load("tiny")
    return clean_db


async def test_get_entity_returns_typed_properties(tiny, settings):
    row = await repository.get_entity(tiny, "a-ttc", settings.neo4j_database)
    assert isinstance(row, EntityRow)
    assert row.label == "Agency"
    assert row.id == "a-ttc"
    props = {k: v for k, v in row.props.items() if k not in ("createdAt", "updatedAt")}
    assert props == {
        "id": "a-ttc", "name": "Zhongguancun Technology Transfer Center",
        "nameZh": "中关村技术转移中心", "kind": "tech_transfer", "level": "national",
        "backbone": True, "foundedYear": 2001, "staff": 120, "source": "tiny",
    }
    assert type(props["staff"]) is int and type(props["backbone"]) is bool
    assert isinstance(row.props["createdAt"], DateTime)
    assert row.props["createdAt"] == row.props["updatedAt"]

    project = await repository.get_entity(tiny, "pr-5g", settings.neo4j_database)
    assert project is not None and project.label == "Project"
    assert project.props["contractValueMillionCny"] == 350.5
    assert type(project.props["contractValueMillionCny"]) is float
    assert type(project.props["year"]) is int


@pytest.mark.parametrize("missing", ["nope", "", "finance", "A-TTC"])
async def test_get_entity_of_an_unknown_id_is_none(tiny, settings, missing):
    # "finance" is a ServiceStage code, not an entity id.
    assert await repository.get_entity(tiny, missing, settings.neo4j_database) is None


async def test_get_entities_returns_only_the_found_ids(tiny, settings):
    rows = await repository.get_entities(tiny, ["p-zgc", "nope", "t-lead", "p-zgc"],
                                         settings.neo4j_database)
    assert sorted(rows) == ["p-zgc", "t-lead"]
    assert rows["p-zgc"].label == "Park"
    assert rows["p-zgc"].props["pilot"] is True
    assert rows["p-zgc"].props["pilotYear"] == 2012
    assert rows["t-lead"].label == "TalentTeam"
    assert rows["t-lead"].props["size"] == 1
    assert await repository.get_entities(tiny, [], settings.neo4j_database) == {}


@pytest.mark.parametrize("label", ENTITY_LABELS)
async def test_count_and_list_every_label(tiny, settings, label):
    db = settings.neo4j_database
    assert await repository.count_entities(tiny, label, db) == len(TINY_IDS[label])
    rows = await repository.list_entities(tiny, label, first=100, database=db)
    assert [r.id for r in rows] == TINY_IDS[label]
    assert {r.label for r in rows} == {label}


@pytest.mark.parametrize(("first", "after", "expected"), [
    (2, None, ["r-bj", "r-bjc"]),
    (2, "r-bjc", ["r-gd", "r-sz"]),
    (2, "r-sz", []),
    (1, "r-c", ["r-gd"]),  # `after` need not be an existing id
    (10, "", ["r-bj", "r-bjc", "r-gd", "r-sz"]),
    (0, None, []),
])
async def test_list_entities_paginates_by_id(tiny, settings, first, after, expected):
    rows = await repository.list_entities(tiny, "Region", first=first, after=after,
                                          database=settings.neo4j_database)
    assert [r.id for r in rows] == expected


async def test_paging_through_all_agencies_visits_each_once(tiny, settings):
    seen: list[str] = []
    after = None
    while True:
        page = await repository.list_entities(tiny, "Agency", first=1, after=after,
                                              database=settings.neo4j_database)
        if not page:
            break
        seen.extend(r.id for r in page)
        after = page[-1].id
    assert seen == ["a-ttc", "a-ttc-sz", "a-vc"]


# Links and funding rows carry the source of the dataset that loaded them.
TINY = {"source": "tiny"}


async def test_relationships_of_lists_both_directions_with_properties(tiny, settings):
    rows = await repository.relationships_of(tiny, "a-ttc", database=settings.neo4j_database)
    assert rows == [
        RelationshipRow("AFFILIATED_WITH", False, "t-lead", {}),
        RelationshipRow("BRANCH_OF", False, "a-ttc-sz", {}),
        RelationshipRow("LOCATED_IN", True, "p-zgc", {}),
        RelationshipRow("OPERATES", True, "pl-test", {}),
        RelationshipRow("PARTNERS_WITH", True, "a-vc", {"year": 2012, "since": 2012,
                                                        "weight": 0.8, **TINY}),
        RelationshipRow("PROVIDES", True, "consulting", {}),
        RelationshipRow("PROVIDES", True, "technology_transfer", {}),
        RelationshipRow("SERVES_INDUSTRY", True, "i-it", {}),
        RelationshipRow("SUPPORTS", True, "pr-5g", {"role": "transfer", "year": 2014, **TINY}),
    ]


@pytest.mark.parametrize(("entity", "types", "expected"), [
    ("p-zgc", ["FUNDS"], [
        RelationshipRow("FUNDS", False, "r-bj", {"program": "provincial_match",
                                                  "amountMillionCny": 20.0, "year": 2013, **TINY}),
        RelationshipRow("FUNDS", False, "r-bj", {"program": "provincial_match",
                                                  "amountMillionCny": 30.0, "year": 2014, **TINY}),
    ]),
    ("pr-5g", ["INVESTS_IN", "LANDED_IN"], [
        RelationshipRow("INVESTS_IN", False, "a-vc", {"amountMillionCny": 25.0, "year": 2014, **TINY}),
        RelationshipRow("LANDED_IN", True, "p-zgc", {"year": 2014}),
    ]),
    ("c-mob", None, [
        RelationshipRow("FOCUSES_ON", True, "i-mob", {}),
        RelationshipRow("LOCATED_IN", True, "p-zgc", {}),
        RelationshipRow("MEMBER_OF", False, "a-vc", TINY),
    ]),
    ("a-vc", ["NOT_A_TYPE"], []),
    ("nope", None, []),
])
async def test_relationships_of_filters_by_type(tiny, settings, entity, types, expected):
    rows = await repository.relationships_of(tiny, entity, types,
                                             database=settings.neo4j_database)
    assert sorted(rows, key=repr) == sorted(expected, key=repr)


async def test_graph_counts(tiny, settings):
    nodes, rels = await repository.graph_counts(tiny, settings.neo4j_database)
    assert nodes == {label: len(ids) for label, ids in TINY_IDS.items()}
    assert rels == {
        "PART_OF": 3, "IN_REGION": 2, "FOCUSES_ON": 4, "LOCATED_IN": 6, "BRANCH_OF": 1,
        "PROVIDES": 6, "SERVES_INDUSTRY": 4, "OPERATES": 1, "AFFILIATED_WITH": 1,
        "LANDED_IN": 1, "IN_INDUSTRY": 1, "PARTNERS_WITH": 1, "SUPPORTS": 1, "INVESTS_IN": 1,
        "MEMBER_OF": 1, "FUNDS": 2,
    }
    assert all(type(v) is int for v in (*nodes.values(), *rels.values()))


async def test_graph_counts_of_an_empty_graph(clean_db, settings):
    assert await repository.graph_counts(clean_db, settings.neo4j_database) == ({}, {})


BAD_LABELS = ["Entity", "ServiceStage", "agency", "Agency ", "", "StsgraphMeta",
              "Agency) DETACH DELETE (n", "Agency`:`Park"]


@pytest.mark.parametrize("label", BAD_LABELS)
async def test_invalid_labels_are_rejected_before_any_query(tiny, settings, label):
    db = settings.neo4j_database
    with pytest.raises(ValueError, match="unknown entity kind"):
        await repository.list_entities(tiny, label, first=10, database=db)
    with pytest.raises(ValueError, match="unknown entity kind"):
        await repository.count_entities(tiny, label, db)
    with pytest.raises(ValueError, match="unknown entity kind"):
        queries.upsert_entities(label)
    with pytest.raises(ValueError, match="unknown entity kind"):
        queries.update_entities(label)
    with pytest.raises(ValueError, match="unknown entity kind"):
        require_label(label)
    assert await repository.count_entities(tiny, "Agency", db) == 3


@pytest.mark.parametrize("rel_type", ["KNOWS", "funds", "FUNDS]->() DETACH DELETE (n", ""])
def test_invalid_relationship_types_are_rejected(rel_type):
    with pytest.raises(ValueError, match="unknown relationship type"):
        require_rel_type(rel_type)
    with pytest.raises(ValueError, match="unknown relationship type"):
        queries.merge_links(rel_type)
