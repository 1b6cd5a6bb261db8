"""The `pilots` and `pilot_evaluations` files: loaded into the real Neo4j as :Pilot records,
and every bad row refused as `file:line: column: reason` with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.issues import DatasetError
from loaders.writer import Counts

FIXTURES = Path(__file__).parent.parent / "fixtures" / "datasets"
HEADER = ("id,name,name_zh,type,subject_id,province_id,status,applied_year,recommended_year,"
          "approved_year,in_construction_year,rejected_year,build_start,build_end,synthetic")


async def _pilots(driver, settings):
    records, _, _ = await driver.execute_query(
        "MATCH (p:Pilot) OPTIONAL MATCH (p)-[:PILOT_OF]->(s) OPTIONAL MATCH (p)-[:PILOT_IN]->(r) "
        "RETURN p.id AS id, p.status AS status, s.id AS subject, r.id AS province, "
        "p.yearApproved AS approved, COUNT { (p)-[:HAS_EVALUATION]->() } AS evaluations "
        "ORDER BY id", database_=settings.neo4j_database)
    return [dict(r) for r in records]


async def test_pilots_load_with_subject_province_steps_and_evaluations(load, clean_db, settings):
    await load("tiny")
    report = await load(FIXTURES / "pilots")
    assert report.summary.entities["Pilot"].created == 4
    assert await _pilots(clean_db, settings) == [
        {"id": "pl-city", "status": "applied", "subject": "r-sz", "province": "r-gd",
         "approved": None, "evaluations": 0},
        {"id": "pl-mob", "status": "approved", "subject": "c-mob", "province": "r-bj",
         "approved": 2013, "evaluations": 0},
        {"id": "pl-sz", "status": "approved", "subject": "p-sz", "province": "r-gd",
         "approved": 2014, "evaluations": 0},
        {"id": "pl-zgc", "status": "in_construction", "subject": "p-zgc", "province": "r-bj",
         "approved": 2012, "evaluations": 1},
    ]
    again = await load(FIXTURES / "pilots")  # idempotent: nothing created or updated
    assert again.summary.entities["Pilot"] == Counts(unchanged=4)
    assert again.summary.relationships["HAS_EVALUATION"] == Counts(unchanged=1)
    assert len(await _pilots(clean_db, settings)) == 4


async def test_park_pilot_flags_are_derived_from_the_records(load, clean_db, settings):
    await load("tiny")  # p-sz: pilot "no" in parks.csv; its record says approved in 2014
    await load(FIXTURES / "pilots")
    records, _, _ = await clean_db.execute_query(
        "MATCH (p:Park) RETURN p.id AS id, p.pilot AS pilot, p.pilotYear AS year ORDER BY id",
        database_=settings.neo4j_database)
    assert [tuple(r.values()) for r in records] == [("p-sz", True, 2014), ("p-zgc", True, 2012)]


def _with_rows(tmp_path: Path, *rows: str, evaluations: tuple[str, ...] = ()) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "pilots.csv").write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    if evaluations:
        (folder / "pilot_evaluations.csv").write_text(
            "\n".join(("pilot_id,year,score,verdict,continued_support", *evaluations)) + "\n",
            encoding="utf-8")
    return folder


GOOD = "pl-ok,OK,,service_system_park,p-zgc,r-bj,,2011,2011,2012,,,,,"


@pytest.mark.parametrize(("row", "expected"), [
    ("pl-x,X,,service_system_park,p-nowhere,r-bj,,2011,,,,,,,",
     "pilots.csv:3: subject_id: 'p-nowhere' exists neither in the dataset nor in the graph"),
    ("pl-x,X,,service_system_park,c-mob,r-bj,,2011,,,,,,,",
     "pilots.csv:3: subject_id: 'c-mob' is a Cluster, expected Park"),
    ("pl-x,X,,cluster_pilot,p-sz,r-gd,,2011,,,,,,,",
     "pilots.csv:3: subject_id: 'p-sz' is a Park, expected Cluster"),
    ("pl-x,X,,service_system_park,p-sz,r-gd,,2011,,2012,,,,,",
     "pilots.csv:3: approved_year: skips a step: approved comes after recommended, which has "
     "no year"),
    ("pl-x,X,,service_system_park,p-sz,r-gd,,2013,2012,,,,,,",
     "pilots.csv:3: recommended_year: years out of order: recommended in 2012 is before "
     "applied in 2013"),
    ("pl-x,X,,pilot_zone,p-sz,r-gd,,2011,,,,,,,",
     "pilots.csv:3: type: unknown value 'pilot_zone' (expected one of service_system_park, "
     "service_system_city, cluster_pilot)"),
    ("pl-x,X,,service_system_park,p-sz,r-gd,finished,2011,,,,,,,",
     "pilots.csv:3: status: unknown value 'finished'"),
    ("pl-x,X,,service_system_park,p-sz,r-gd,approved,2011,2011,,,,,,",
     "pilots.csv:3: status: status 'approved' disagrees with the step years, which end at "
     "'recommended'"),
    ("pl-x,X,,service_system_park,p-sz,r-gd,,2011,2011,2012,,2013,,,",
     "pilots.csv:3: rejected_year: only an applied or recommended pilot can be rejected"),
    ("pl-x,X,,service_system_park,p-sz,r-gd,,,,,,,,,",
     "pilots.csv:3: applied_year: a pilot needs at least the year it applied"),
    ("pl-x,X,,service_system_park,p-sz,r-gd,,2011,2011,2012,,,2014,2013,",
     "pilots.csv:3: build_end: the build period ends (2013) before it starts (2014)"),
])
async def test_a_bad_pilot_row_is_refused_and_nothing_is_written(load, clean_db, settings,
                                                                tmp_path, row, expected):
    await load("tiny")
    with pytest.raises(DatasetError) as caught:
        await load(_with_rows(tmp_path, GOOD, row))
    assert any(str(issue).startswith(expected) for issue in caught.value.issues), \
        caught.value.issues
    assert await _pilots(clean_db, settings) == []


@pytest.mark.parametrize(("evaluation", "expected"), [
    ("pl-nope,2013,80,good,true",
     "pilot_evaluations.csv:2: pilot_id: 'pl-nope' is not a pilot of this dataset's pilots file"),
    ("pl-ok,2011,80,good,true",
     "pilot_evaluations.csv:2: year: 'pl-ok' was not approved by 2011"),
    ("pl-ok,2013,180,good,true", "pilot_evaluations.csv:2: score: 180 is above the maximum 100"),
    ("pl-ok,2013,80,superb,true", "pilot_evaluations.csv:2: verdict: unknown value 'superb'"),
])
async def test_a_bad_evaluation_is_refused(load, clean_db, settings, tmp_path, evaluation,
                                           expected):
    await load("tiny")
    with pytest.raises(DatasetError) as caught:
        await load(_with_rows(tmp_path, GOOD, evaluations=(evaluation,)))
    assert any(str(issue).startswith(expected) for issue in caught.value.issues), \
        caught.value.issues
    assert await _pilots(clean_db, settings) == []


async def test_skip_invalid_keeps_the_good_pilots(load, clean_db, settings, tmp_path):
    await load("tiny")
    folder = _with_rows(tmp_path, GOOD, "pl-x,X,,service_system_park,p-nowhere,r-bj,,2011,,,,,,,")
    report = await load(folder, skip_invalid=True)
    assert [str(i).split(":")[0:2] for i in report.skipped] == [["pilots.csv", "3"]]
    assert [p["id"] for p in await _pilots(clean_db, settings)] == ["pl-ok"]

