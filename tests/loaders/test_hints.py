"""Loads that refuse what they cannot read and say what was meant: unknown columns,
names where ids belong, near-miss ids and codes, dates where years belong.

Each case edits a copy of `tiny` and loads it into the real Neo4j, expecting the exact
messages (`file:line: column: reason; hint`).
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import loaders.suggest
import loaders.years
from loaders.issues import DatasetError
from tests.loaders.helpers import EMPTY, counts, dump_graph, replace_in, write_csv

MISSING = "exists neither in the dataset nor in the graph"
STAGES = ("research_development, technology_transfer, testing_certification, incubation, "
          "intellectual_property, consulting, finance, popularization, comprehensive")
REGION_COLUMNS = "id, name, name_zh, kind, closed_year, synthetic, parent_id"


@pytest.mark.parametrize("module", [loaders.suggest, loaders.years])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


async def _problems(load, folder: Path, **kwargs: object) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(DatasetError) as info:
        await load(folder, **kwargs)
    return [str(i) for i in info.value.issues]


# --- unknown columns ---------------------------------------------------------------------


async def test_a_misspelled_column_is_an_error_with_the_column_meant(load, clean_db, settings,
                                                                   dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "parks.csv", "level,region_id,", "level,region,")
    assert await _problems(load, folder) == [
        "parks.csv:1: region: unknown column; did you mean 'region_id'? "
        "(--ignore-unknown-columns loads without it)"]
    assert await counts(clean_db, settings.neo4j_database) == EMPTY


async def test_an_unknown_column_without_a_likely_meaning_lists_the_columns(load,
                                                                          dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "regions.csv", "kind,parent_id", "kind,parent_id,population")
    assert await _problems(load, folder) == [
        f"regions.csv:1: population: unknown column (expected some of {REGION_COLUMNS}) "
        "(--ignore-unknown-columns loads without it)"]


async def test_unknown_columns_are_refused_even_when_skipping_invalid_rows(load,
                                                                         dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "links.csv", ",role,", ",roles,")
    assert await _problems(load, folder, skip_invalid=True) == [
        "links.csv:1: roles: unknown column; did you mean 'role'? "
        "(--ignore-unknown-columns loads without it)"]


async def test_ignore_unknown_columns_loads_the_rest_with_a_warning(load, clean_db, settings,
                                                                   dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "parks.csv", "level,region_id,", "level,region,")
    report = await load(folder, ignore_unknown_columns=True)
    assert [str(w) for w in report.warnings] == [
        "parks.csv:1: region: unknown column ignored; did you mean 'region_id'?"]
    records, _, _ = await clean_db.execute_query(
        "MATCH (p:Park) RETURN count(p) AS parks, COUNT { (:Park)-[:IN_REGION]->() } AS linked",
        database_=settings.neo4j_database)
    assert dict(records[0]) == {"parks": 2, "linked": 0}


# --- ids that hold names, near-miss ids, codes ----------------------------------------------


@pytest.mark.parametrize(("old", "new", "expected"), [
    # a Chinese name of a region of the dataset
    (",r-bjc,1988,", ",北京,1988,",
     f"parks.csv:2: region_id: '北京' {MISSING}; did you mean 'r-bjc' (北京)?"),
    # an English name, in another case
    (",r-bjc,1988,", ",beijing city,1988,",
     f"parks.csv:2: region_id: 'beijing city' {MISSING}; did you mean 'r-bjc' (Beijing City)?"),
    # an id in the wrong case
    (",r-bjc,1988,", ",R-BJC,1988,",
     f"parks.csv:2: region_id: 'R-BJC' {MISSING}; did you mean 'r-bjc' (Beijing City)? "
     "(ids are case-sensitive)"),
    # a near-miss id; the name shown follows the script of the cell
    (",r-bjc,1988,", ",r-bjcc,1988,",
     f"parks.csv:2: region_id: 'r-bjcc' {MISSING}; did you mean 'r-bjc' (Beijing City)?"),
    # a near-miss name
    (",r-sz,1991,", ",Shenzen,1991,",
     f"parks.csv:3: region_id: 'Shenzen' {MISSING}; did you mean 'r-sz' (Shenzhen)?"),
    # only entities of the expected kind are suggested (i-it is an Industry, named so)
    (",r-bjc,1988,", ",新一代信息技术,1988,", f"parks.csv:2: region_id: '新一代信息技术' {MISSING}"),
    # nothing close: no hint
    (",r-bjc,1988,", ",Atlantis,1988,", f"parks.csv:2: region_id: 'Atlantis' {MISSING}"),
])
async def test_a_reference_suggests_the_entity_meant(load, dataset_copy, old, new,
                                                     expected) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "parks.csv", old, new)
    assert await _problems(load, folder) == [expected]


async def test_names_in_the_graph_are_suggested_too(load, clean_db, settings,
                                                    tmp_path) -> None:
    """The issue's case: 江苏省 is the Chinese name of region-jiangsu, loaded earlier."""
    db = settings.neo4j_database
    await load("tiny")
    regions = tmp_path / "regions"
    regions.mkdir()
    write_csv(regions / "regions.csv", ["id", "name", "name_zh", "kind"],
              [["region-jiangsu", "Jiangsu", "江苏省", "province"]])
    await load(regions)
    before = await dump_graph(clean_db, db)
    parks = tmp_path / "parks"
    parks.mkdir()
    write_csv(parks / "parks.csv", ["id", "name", "region_id", "industries"],
              [["p-sip", "Suzhou Industrial Park", "region-jiangsu", ""],
               ["p-wx", "Wuxi Hi-tech Zone", "江苏省", "Mobile Internet"],
               ["p-nj", "Nanjing Hi-tech Zone", "Jiangsu", "i-moh"]])
    assert await _problems(load, parks) == [
        f"parks.csv:3: industries: 'Mobile Internet' {MISSING}; "
        "did you mean 'i-mob' (Mobile internet)?",
        f"parks.csv:3: region_id: '江苏省' {MISSING}; did you mean 'region-jiangsu' (江苏省)?",
        f"parks.csv:4: industries: 'i-moh' {MISSING}; did you mean 'i-mob' (Mobile internet)?",
        f"parks.csv:4: region_id: 'Jiangsu' {MISSING}; did you mean 'region-jiangsu' (Jiangsu)?",
    ]
    assert await dump_graph(clean_db, db) == before


async def test_two_entities_with_the_name_are_both_suggested(load, dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "regions.csv", "r-sz,Shenzhen,深圳,", "r-sz,Shenzhen,北京,")
    replace_in(folder, "parks.csv", ",r-bjc,1988,", ",北京,1988,")
    assert await _problems(load, folder) == [
        f"parks.csv:2: region_id: '北京' {MISSING}; did you mean 'r-bjc' (北京) or 'r-sz' (北京)?"]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("agencies.csv", ",finance,\n", ",科技金融,\n",
     f"agencies.csv:4: stages: unknown stage code '科技金融' (expected one of {STAGES}); "
     "did you mean 'finance' (科技金融)?"),
    ("agencies.csv", ",finance,\n", ",S&T finance,\n",
     f"agencies.csv:4: stages: unknown stage code 'S&T finance' (expected one of {STAGES}); "
     "did you mean 'finance' (科技金融)?"),
    ("agencies.csv", ",technology_transfer,i-mob", ",tech_transfer,i-mob",
     f"agencies.csv:3: stages: unknown stage code 'tech_transfer' (expected one of {STAGES}); "
     "did you mean 'technology_transfer' (技术转移)?"),
    ("agencies.csv", ",municipal,", ",Municpal,",
     "agencies.csv:3: level: unknown value 'Municpal' (expected one of national, provincial, "
     "municipal, private); did you mean 'municipal'?"),
    ("links.csv", "a-vc,MEMBER_OF,", "a-vc,member-of,",
     "links.csv:5: type: unknown link type 'member-of' (expected one of PARTNERS_WITH, "
     "SUPPORTS, INVESTS_IN, MEMBER_OF); did you mean 'MEMBER_OF'?"),
])
async def test_codes_suggest_the_code_meant(load, dataset_copy, file, old, new,
                                            expected) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, file, old, new)
    assert await _problems(load, folder) == [expected]


# --- years --------------------------------------------------------------------------------


@pytest.mark.parametrize(("new", "expected"), [
    (",1991-03-06,", "not a whole number: '1991-03-06'; a year column takes the year alone: 1991"),
    (",1991/3/6,", "not a whole number: '1991/3/6'; a year column takes the year alone: 1991"),
    (",1991年3月,", "not a whole number: '1991年3月'; a year column takes the year alone: 1991"),
    (",33304,", "33304 is above the maximum 2100; 33304 looks like an Excel date serial "
                "(1991-03-07): format the cells as numbers holding the year"),
    (",2101,", "2101 is above the maximum 2100"),
])
async def test_a_date_typed_in_a_year_column_gets_a_hint(load, dataset_copy, new,
                                                         expected) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "parks.csv", ",1991,", new)
    assert await _problems(load, folder) == [f"parks.csv:3: approved_year: {expected}"]
