"""`load --sync` against the real Neo4j: what a folder no longer holds leaves the graph,
everything else stays, nothing another source wrote is touched, and a second sync is a no-op.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.issues import DatasetError
from loaders.load import prepare_load
from loaders.sync import GONE, UNLISTED, WITH_ENTITY, Removal
from tests.loaders.helpers import dump_graph, replace_in, write_csv


def _other_source(tmp_path: Path, links: list[list[str]]) -> Path:
    """Dataset `extra`: an agency in tiny's park p-zgc, and links of its own to tiny."""
    folder = tmp_path / "extra"
    folder.mkdir()
    write_csv(folder / "agencies.csv", ["id", "name", "kind", "park_id"],
              [["a-x", "Extra agency", "incubator", "p-zgc"]])
    write_csv(folder / "links.csv", ["source_id", "type", "target_id", "year"], links)
    return folder


def _edit(folder: Path) -> None:
    """Drop a talent team, a park's industry, a MEMBER_OF link and a funding row."""
    replace_in(folder, "talent_teams.csv",
               "t-lead,IP leading talent,知识产权领军人才,leading_talent,1,2013,p-zgc,a-ttc,"
               "intellectual_property,i-it\n", "")
    replace_in(folder, "parks.csv", ",i-mob;i-bio", ",i-mob")
    replace_in(folder, "links.csv", "a-vc,MEMBER_OF,c-mob,,,,\n", "")
    replace_in(folder, "funding.csv", "r-bj,p-zgc,provincial_match,30,2014\n", "")


async def test_sync_removes_what_the_folder_no_longer_holds_and_nothing_else(
        load, clean_db, settings, dataset_copy, tmp_path) -> None:
    db = settings.neo4j_database
    folder = dataset_copy("tiny")
    extra = _other_source(tmp_path, [["a-x", "SUPPORTS", "pr-5g", "2020"],
                                     ["a-x", "PARTNERS_WITH", "a-vc", "2021"]])
    _edit(folder)
    # the expected graph: the edited folder and `extra` loaded into an empty database
    await load(folder)
    await load(extra)
    expected = await dump_graph(clean_db, db, timestamps=False)

    await clean_db.execute_query("MATCH (n:Entity) DETACH DELETE n", database_=db)
    await load("tiny")
    await load(extra)
    report = await prepare_load(clean_db, folder, sync=True, database=db)
    assert report.sync is not None
    assert sorted(report.sync.removals, key=repr) == sorted([
        Removal("TalentTeam", "t-lead (IP leading talent)", GONE),
        Removal(":MEMBER_OF", "a-vc -> c-mob", GONE),
        Removal(":FUNDS", "r-bj -> p-zgc (provincial_match, 2014)", GONE),
        Removal(":FOCUSES_ON", "p-sz -> i-bio (parks.industries)", UNLISTED),
        Removal(":LOCATED_IN", "t-lead -> p-zgc", WITH_ENTITY),
        Removal(":AFFILIATED_WITH", "t-lead -> a-ttc", WITH_ENTITY),
        Removal(":PROVIDES", "t-lead -> intellectual_property", WITH_ENTITY),
        Removal(":SERVES_INDUSTRY", "t-lead -> i-it", WITH_ENTITY),
    ], key=repr)
    assert report.sync.problems == []
    assert await dump_graph(clean_db, db, timestamps=False) != expected  # prepare wrote nothing

    synced = await load(folder, sync=True)
    assert await dump_graph(clean_db, db, timestamps=False) == expected
    assert synced.summary is not None
    assert synced.summary.entities["TalentTeam"].deleted == 1
    assert synced.summary.relationships["FUNDS"].deleted == 1
    assert synced.summary.relationships["MEMBER_OF"].deleted == 1
    assert synced.summary.relationships["FOCUSES_ON"].deleted == 1
    assert synced.summary.relationships["AFFILIATED_WITH"].deleted == 1

    before = await dump_graph(clean_db, db)
    again = await load(folder, sync=True)
    assert again.sync is not None and again.sync.empty
    assert again.summary is not None
    assert all(c.created == c.updated == c.deleted == 0
               for c in [*again.summary.entities.values(), *again.summary.relationships.values()])
    assert await dump_graph(clean_db, db) == before


async def test_a_dry_run_sync_shows_the_diff_and_writes_nothing(load, clean_db, settings,
                                                                dataset_copy) -> None:
    db = settings.neo4j_database
    folder = dataset_copy("tiny")
    await load(folder)
    _edit(folder)
    before = await dump_graph(clean_db, db)
    report = await load(folder, sync=True, dry_run=True)
    assert report.summary is None
    assert report.sync is not None and report.sync.counts() == {
        "TalentTeam": 1, ":AFFILIATED_WITH": 1, ":FOCUSES_ON": 1, ":FUNDS": 1,
        ":LOCATED_IN": 1, ":MEMBER_OF": 1, ":PROVIDES": 1, ":SERVES_INDUSTRY": 1}
    assert await dump_graph(clean_db, db) == before


async def test_entities_another_source_relies_on_are_not_removed(load, clean_db, settings,
                                                                 dataset_copy, tmp_path) -> None:
    db = settings.neo4j_database
    folder = dataset_copy("tiny")
    await load(folder)
    # another dataset's link to the cluster, and one added through the API (no source)
    await load(_other_source(tmp_path, [["a-x", "MEMBER_OF", "c-mob", ""]]))
    await clean_db.execute_query(
        "MATCH (a:Agency {id: 'a-ttc'}), (c:Cluster {id: 'c-mob'}) MERGE (a)-[:MEMBER_OF]->(c)",
        database_=db)
    replace_in(folder, "clusters.csv", "c-mob,Zhongguancun mobile internet,中关村移动互联网,"
               "industrial_cluster,p-zgc,i-mob,2013\n", "")
    replace_in(folder, "links.csv", "a-vc,MEMBER_OF,c-mob,,,,\n", "")
    before = await dump_graph(clean_db, db)
    with pytest.raises(DatasetError) as info:
        await load(folder, sync=True)
    assert [str(i) for i in info.value.issues] == [
        "clusters:0: -: 'c-mob' (Cluster) is no longer in the folder, but --sync cannot remove "
        "it: (a-ttc)-[:MEMBER_OF]->(c-mob) was written by 'the API'; put its row back, or "
        "remove that relationship first",
        "clusters:0: -: 'c-mob' (Cluster) is no longer in the folder, but --sync cannot remove "
        "it: (a-x)-[:MEMBER_OF]->(c-mob) was written by 'extra'; put its row back, or remove "
        "that relationship first",
    ]
    assert await dump_graph(clean_db, db) == before


async def test_an_entity_of_another_source_in_the_column_of_a_removed_one_blocks(
        load, clean_db, settings, dataset_copy, tmp_path) -> None:
    """`extra`'s agency sits in tiny's park p-zgc through its own park_id column."""
    db = settings.neo4j_database
    folder = dataset_copy("tiny")
    await load(folder)
    await load(_other_source(tmp_path, []))
    for file in ("parks.csv", "agencies.csv", "platforms.csv", "talent_teams.csv",
                 "projects.csv", "clusters.csv", "links.csv", "funding.csv"):
        (folder / file).unlink()
    before = await dump_graph(clean_db, db)
    with pytest.raises(DatasetError) as info:
        await load(folder, sync=True)
    assert [str(i) for i in info.value.issues] == [
        "parks:0: -: 'p-zgc' (Park) is no longer in the folder, but --sync cannot remove it: "
        "(a-x)-[:LOCATED_IN]->(p-zgc) was written by 'extra'; put its row back, or remove that "
        "relationship first"]
    assert await dump_graph(clean_db, db) == before


async def test_rows_that_refer_to_a_removed_entity_are_errors(load, clean_db, settings,
                                                              dataset_copy) -> None:
    folder = dataset_copy("tiny")
    await load(folder)
    replace_in(folder, "clusters.csv", "c-mob,Zhongguancun mobile internet,中关村移动互联网,"
               "industrial_cluster,p-zgc,i-mob,2013\n", "")
    with pytest.raises(DatasetError) as info:
        await load(folder, sync=True)
    assert [str(i) for i in info.value.issues] == [
        "links.csv:5: target_id: 'c-mob' is no longer in the folder, so --sync would remove it; "
        "put its row back, or remove this reference"]


async def test_sync_never_removes_what_another_source_wrote(load, clean_db, settings,
                                                            dataset_copy, tmp_path) -> None:
    """Syncing `extra` after removing its link leaves tiny's identical-looking data alone."""
    db = settings.neo4j_database
    await load(dataset_copy("tiny"))
    extra = _other_source(tmp_path, [["a-x", "SUPPORTS", "pr-5g", "2020"]])
    await load(extra)
    write_csv(extra / "links.csv", ["source_id", "type", "target_id", "year"], [])
    (extra / "agencies.csv").unlink()
    write_csv(extra / "regions.csv", ["id", "name"], [["r-extra", "Extra region"]])
    report = await load(extra, sync=True)
    assert report.sync is not None
    assert sorted(r.text for r in report.sync.removals) == [
        "a-x (Extra agency)", "a-x -> p-zgc", "a-x -> pr-5g"]
    nodes, rels = await dump_graph(clean_db, db)
    assert "a-x" not in nodes and "r-extra" in nodes
    assert len([n for n in nodes.values() if ("source", "tiny") in n[1]]) == 16
    assert len(rels) == 36


async def test_sync_and_skip_invalid_do_not_go_together(load, dataset_copy) -> None:
    with pytest.raises(ValueError, match="--sync cannot be combined with --skip-invalid"):
        await load(dataset_copy("tiny"), sync=True, skip_invalid=True)
