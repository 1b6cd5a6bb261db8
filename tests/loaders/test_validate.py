"""Every validation problem is reported as `file:line: column: reason`, and nothing is written.

Each case edits a copy of the `tiny` dataset and loads it into the real Neo4j (the graph is
consulted for references), expecting the exact list of problems.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.model import AGENCY_KINDS, PROJECT_STATUSES, STAGE_CODES
from loaders.issues import DatasetError, DatasetIssue
from tests.loaders.helpers import EMPTY, append_line, counts, dump_graph, read_csv, replace_in, write_csv

KINDS = ", ".join(AGENCY_KINDS)
STAGES = ", ".join(STAGE_CODES)
LINK_TYPES = "PARTNERS_WITH, SUPPORTS, INVESTS_IN, MEMBER_OF"
MISSING = "exists neither in the dataset nor in the graph"

Edit = Callable[[Path], None]


def sub(file: str, old: str, new: str) -> Edit:
    return lambda folder: replace_in(folder, file, old, new)


def add(file: str, line: str) -> Edit:
    return lambda folder: append_line(folder, file, line)


def drop_column(file: str, column: str) -> Edit:
    def edit(folder: Path) -> None:
        header, rows = read_csv(folder / file)
        kept = [c for c in header if c != column]
        write_csv(folder / file, kept, [[row[c] for c in kept] for row in rows])

    return edit


def regions_as_jsonl_with_bad_line(folder: Path) -> None:
    _, rows = read_csv(folder / "regions.csv")
    (folder / "regions.csv").unlink()
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[2] = lines[2].replace('"name": "Guangdong"', '"name": Guangdong')
    (folder / "regions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def multi_line_names(folder: Path) -> None:
    replace_in(folder, "agencies.csv", "a-ttc,Zhongguancun Technology Transfer Center,",
               'a-ttc,"Zhongguancun\nTechnology Transfer\nCenter",')
    replace_in(folder, "agencies.csv", ",tech_transfer,national,true,2001,120,",
               ",tech_transfer,national,true,2001,lots,")
    replace_in(folder, "agencies.csv", ",venture_capital,", ",angel,")


def both(*edits: Edit) -> Edit:
    def edit(folder: Path) -> None:
        for e in edits:
            e(folder)

    return edit


CASES: list[tuple[str, Edit, list[str]]] = [
    # enums
    ("unknown-enum", sub("agencies.csv", ",venture_capital,", ",angel_investor,"),
     [f"agencies.csv:4: kind: unknown value 'angel_investor' (expected one of {KINDS})"]),
    ("unknown-enum-level", sub("agencies.csv", ",municipal,", ",county,"),
     ["agencies.csv:3: level: unknown value 'county' "
      "(expected one of national, provincial, municipal, private)"]),
    ("unknown-enum-status", sub("projects.csv", ",landed,", ",done,"),
     [f"projects.csv:2: status: unknown value 'done' "
      f"(expected one of {', '.join(PROJECT_STATUSES)})"]),
    # numbers and booleans
    ("bad-int", sub("agencies.csv", ",2001,120,", ",2001,120 people,"),
     ["agencies.csv:2: staff: not a whole number: '120 people'"]),
    ("fractional-int", sub("talent_teams.csv", ",leading_talent,1,", ",leading_talent,1.5,"),
     ["talent_teams.csv:2: size: not a whole number: '1.5'"]),
    ("bad-float", sub("projects.csv", ",350.5,", ",350.5m,"),
     ["projects.csv:2: contract_value_million_cny: not a number: '350.5m'"]),
    ("bad-float-in-link", sub("links.csv", ",2012,0.8,", ",2012,high,"),
     ["links.csv:2: weight: not a number: 'high'"]),
    ("bad-bool", sub("parks.csv", ",yes,2012,", ",sure,2012,"),
     ["parks.csv:2: pilot: not a boolean: 'sure' (use true/false, 1/0 or yes/no)"]),
    ("year-too-early", sub("agencies.csv", ",2001,", ",1850,"),
     ["agencies.csv:2: founded_year: 1850 is below the minimum 1900"]),
    ("year-too-late-in-funding", sub("funding.csv", ",30,2014", ",30,2200"),
     ["funding.csv:3: year: 2200 is above the maximum 2100"]),
    ("negative-staff", sub("agencies.csv", ",2010,15,", ",2010,-15,"),
     ["agencies.csv:3: staff: -15 is below the minimum 0"]),
    ("negative-amount", sub("links.csv", ",,,25", ",,,-25"),
     ["links.csv:4: amount_million_cny: -25 is below the minimum 0"]),
    # required values and columns
    ("missing-id", sub("agencies.csv", "a-vc,Shenzhen Angel Fund", ",Shenzhen Angel Fund"),
     ["agencies.csv:4: id: required value is missing",
      f"links.csv:2: target_id: 'a-vc' {MISSING}",
      f"links.csv:4: source_id: 'a-vc' {MISSING}",
      f"links.csv:5: source_id: 'a-vc' {MISSING}"]),
    ("missing-name", sub("agencies.csv", "a-vc,Shenzhen Angel Fund,", "a-vc,,"),
     ["agencies.csv:4: name: required value is missing"]),
    ("missing-link-end", sub("links.csv", "a-vc,MEMBER_OF,c-mob", "a-vc,MEMBER_OF,"),
     ["links.csv:5: target_id: required value is missing"]),
    ("missing-header-column", drop_column("regions.csv", "name"),
     ["funding.csv:2: funder_id: 'r-bj' " + MISSING,
      "funding.csv:3: funder_id: 'r-bj' " + MISSING,
      "parks.csv:2: region_id: 'r-bjc' " + MISSING,
      "parks.csv:3: region_id: 'r-sz' " + MISSING,
      "regions.csv:1: name: required column is missing from the header"]),
    ("missing-link-header-column", drop_column("links.csv", "type"),
     ["links.csv:1: type: required column is missing from the header"]),
    # ids
    ("duplicate-id-in-file", add("agencies.csv", "a-vc,Other fund,,finance,private,,,,,,,"),
     ["agencies.csv:5: id: duplicate id 'a-vc' (first defined at agencies.csv:4)"]),
    ("duplicate-id-across-files",
     add("platforms.csv", "a-vc,Fund platform,,finance,true,2015,p-sz,,finance,"),
     ["platforms.csv:3: id: duplicate id 'a-vc' (first defined at agencies.csv:4)"]),
    ("duplicate-id-across-kinds", add("industries.csv", "r-bj,Beijing industry,,other,"),
     ["industries.csv:5: id: duplicate id 'r-bj' (first defined at regions.csv:2)"]),
    ("id-with-semicolon", sub("clusters.csv", "c-mob,", "c-mob;x,"),
     ["clusters.csv:2: id: id 'c-mob;x' contains ';', which separates list items",
      f"links.csv:5: target_id: 'c-mob' {MISSING}"]),
    # references
    ("dangling-reference", sub("agencies.csv", ",p-sz,,finance,", ",p-nowhere,,finance,"),
     [f"agencies.csv:4: park_id: 'p-nowhere' {MISSING}"]),
    ("dangling-list-item", sub("parks.csv", ",i-mob;i-bio", ",i-mob;i-chem"),
     [f"parks.csv:3: industries: 'i-chem' {MISSING}"]),
    ("dangling-link-target", sub("links.csv", ",pr-5g,2014,,transfer,", ",pr-6g,2014,,transfer,"),
     [f"links.csv:3: target_id: 'pr-6g' {MISSING}; did you mean 'pr-5g' (5G chip transfer)?"]),
    ("wrong-kind-park-id-is-agency", sub("agencies.csv", ",p-sz,,finance,", ",a-ttc,,finance,"),
     ["agencies.csv:4: park_id: 'a-ttc' is a Agency, expected Park"]),
    ("wrong-kind-operator", sub("platforms.csv", ",p-zgc,a-ttc,", ",p-zgc,p-zgc,"),
     ["platforms.csv:2: operator_id: 'p-zgc' is a Park, expected Agency"]),
    ("wrong-kind-link-target", sub("links.csv", ",pr-5g,2014,,transfer,", ",a-vc,2014,,transfer,"),
     ["links.csv:3: target_id: 'a-vc' is a Agency, expected Project"]),
    ("wrong-kind-link-source", sub("links.csv", "a-vc,INVESTS_IN", "pl-test,INVESTS_IN"),
     ["links.csv:4: source_id: 'pl-test' is a Platform, expected Agency"]),
    ("wrong-kind-funding-recipient", sub("funding.csv", "r-bj,p-zgc,provincial_match,20",
                                         "r-bj,i-it,provincial_match,20"),
     ["funding.csv:2: recipient_id: 'i-it' is a Industry, expected Park or Agency or Platform"]),
    ("list-in-single-id-column", sub("agencies.csv", ",p-sz,,finance,", ",p-sz;p-zgc,,finance,"),
     ["agencies.csv:4: park_id: takes a single id, not a list"]),
    ("self-reference", sub("agencies.csv", ",a-ttc,technology_transfer,",
                           ",a-ttc-sz,technology_transfer,"),
     ["agencies.csv:3: parent_id: 'a-ttc-sz' refers to itself"]),
    ("self-reference-region", sub("regions.csv", "r-bjc,Beijing City,北京,city,r-bj",
                                  "r-bjc,Beijing City,北京,city,r-bjc"),
     ["regions.csv:3: parent_id: 'r-bjc' refers to itself"]),
    ("self-link", sub("links.csv", "a-ttc,PARTNERS_WITH,a-vc", "a-ttc,PARTNERS_WITH,a-ttc"),
     ["links.csv:2: target_id: 'a-ttc' links to itself"]),
    # stages and link types
    ("unknown-stage-code", sub("agencies.csv", ",p-sz,,finance,", ",p-sz,,finance;banking,"),
     [f"agencies.csv:4: stages: unknown stage code 'banking' (expected one of {STAGES})"]),
    ("stage-codes-are-case-sensitive", sub("platforms.csv", ",testing_certification,",
                                           ",Testing_Certification,"),
     [f"platforms.csv:2: stages: unknown stage code 'Testing_Certification' "
      f"(expected one of {STAGES}); did you mean 'testing_certification' (检验检测认证)?"]),
    ("unknown-link-type", sub("links.csv", "a-vc,MEMBER_OF,c-mob", "a-vc,JOINS,c-mob"),
     [f"links.csv:5: type: unknown link type 'JOINS' (expected one of {LINK_TYPES})"]),
    ("relationship-type-not-allowed-in-links", sub("links.csv", "a-vc,MEMBER_OF,c-mob",
                                                   "a-vc,LOCATED_IN,p-sz"),
     [f"links.csv:5: type: unknown link type 'LOCATED_IN' (expected one of {LINK_TYPES})"]),
    ("duplicate-link-row", add("links.csv", "a-ttc,partners_with,a-vc,2016,0.5,,"),
     ["links.csv:6: source_id: duplicate PARTNERS_WITH link a-ttc -> a-vc (first at line 2)"]),
    ("duplicate-funding-row", add("funding.csv", "r-bj,p-zgc,provincial_match,99,2013"),
     ["funding.csv:4: funder_id: duplicate FUNDS link r-bj -> p-zgc (first at line 2)"]),
    # file-level problems
    ("malformed-jsonl-line", regions_as_jsonl_with_bad_line,
     ["regions.jsonl:3: -: invalid JSON at character 24: Expecting value",
      f"regions.jsonl:4: parent_id: 'r-gd' {MISSING}"]),
    ("too-many-cells", sub("agencies.csv", "finance,\n", "finance,,extra\n"),
     ["agencies.csv:4: -: 13 cells but the header has 12 columns"]),
    ("multi-line-cells-keep-later-line-numbers", multi_line_names,
     ["agencies.csv:2: staff: not a whole number: 'lots'",
      f"agencies.csv:6: kind: unknown value 'angel' (expected one of {KINDS})"]),
    ("unterminated-quote", sub("agencies.csv", "a-ttc-sz,ZTTC", 'a-ttc-sz,"ZTTC'),
     ["agencies.csv:3: -: malformed CSV: unexpected end of data",
      f"links.csv:2: target_id: 'a-vc' {MISSING}",
      f"links.csv:4: source_id: 'a-vc' {MISSING}",
      f"links.csv:5: source_id: 'a-vc' {MISSING}"]),
    ("several-problems-in-one-pass", both(
        sub("agencies.csv", ",2010,15,", ",2010,-15,"),
        sub("parks.csv", ",yes,2012,", ",sure,2012,"),
        sub("links.csv", "a-vc,MEMBER_OF,c-mob", "a-vc,JOINS,c-mob"),
        sub("agencies.csv", ",venture_capital,private,no,", ",vc,private,maybe,")),
     # sorted by file, line, then column name
     ["agencies.csv:3: staff: -15 is below the minimum 0",
      "agencies.csv:4: backbone: not a boolean: 'maybe' (use true/false, 1/0 or yes/no)",
      f"agencies.csv:4: kind: unknown value 'vc' (expected one of {KINDS})",
      f"links.csv:5: type: unknown link type 'JOINS' (expected one of {LINK_TYPES})",
      "parks.csv:2: pilot: not a boolean: 'sure' (use true/false, 1/0 or yes/no)"]),
]


@pytest.mark.parametrize(("edit", "expected"), [(e, x) for _, e, x in CASES],
                         ids=[name for name, _, _ in CASES])
async def test_invalid_dataset_is_reported_and_refused(load, clean_db, settings, dataset_copy,
                                                       edit: Edit, expected: list[str]) -> None:
    folder = dataset_copy("tiny")
    edit(folder)
    with pytest.raises(DatasetError) as info:
        await load(folder)
    assert [str(i) for i in info.value.issues] == expected
    assert all(isinstance(i, DatasetIssue) for i in info.value.issues)
    assert await counts(clean_db, settings.neo4j_database) == EMPTY


async def test_issue_fields_and_error_message(load, dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "agencies.csv", ",p-sz,,finance,", ",p-nowhere,,finance,")
    with pytest.raises(DatasetError) as info:
        await load(folder)
    issue = info.value.issues[0]
    assert (issue.file, issue.line, issue.column) == ("agencies.csv", 4, "park_id")
    assert "p-nowhere" in issue.reason and "neither in the dataset nor in the graph" in issue.reason
    assert str(info.value) == (
        "1 problem in dataset:\n"
        f"agencies.csv:4: park_id: 'p-nowhere' {MISSING}")


async def test_long_problem_lists_are_cut_in_the_message_but_kept_in_issues(load, dataset_copy):
    folder = dataset_copy("tiny")
    for n in range(60):
        append_line(folder, "regions.csv", f"r-x{n:02d},Region {n},,county,")
    with pytest.raises(DatasetError) as info:
        await load(folder)
    assert len(info.value.issues) == 60
    assert info.value.issues[0].line == 6 and info.value.issues[-1].line == 65
    message = str(info.value)
    assert message.startswith("60 problems in dataset:\nregions.csv:6: kind: unknown value")
    assert message.endswith("\n... and 10 more")
    assert "regions.csv:55: kind" in message and "regions.csv:56: kind" not in message


# --- problems involving what is already in the graph -------------------------------------


@pytest.mark.parametrize(("rows", "expected"), [
    ([["p-sz", "Agency named like a park", "finance", ""]],
     ["agencies.csv:2: id: id 'p-sz' already exists in the graph as a Park"]),
    ([["a-new", "New agency", "finance", "a-ttc"]],
     ["agencies.csv:2: park_id: 'a-ttc' is a Agency, expected Park"]),
    ([["a-new", "New agency", "finance", "p-gone"]],
     [f"agencies.csv:2: park_id: 'p-gone' {MISSING}"]),
])
async def test_graph_is_consulted_for_ids_and_references(load, clean_db, settings, tmp_path,
                                                         rows, expected) -> None:
    await load("tiny")
    before = await dump_graph(clean_db, settings.neo4j_database)
    folder = tmp_path / "extra"
    folder.mkdir()
    write_csv(folder / "agencies.csv", ["id", "name", "kind", "park_id"], rows)
    with pytest.raises(DatasetError) as info:
        await load(folder)
    assert [str(i) for i in info.value.issues] == expected
    assert await dump_graph(clean_db, settings.neo4j_database) == before


async def test_references_to_entities_only_in_the_graph_are_valid(load, clean_db, settings,
                                                                  tmp_path) -> None:
    await load("tiny")
    folder = tmp_path / "extra"
    folder.mkdir()
    write_csv(folder / "agencies.csv", ["id", "name", "kind", "park_id", "parent_id", "stages"],
              [["a-new", "New branch", "tech_transfer", "p-sz", "a-ttc", "incubation"]])
    write_csv(folder / "links.csv", ["source_id", "type", "target_id", "year"],
              [["a-new", "SUPPORTS", "pr-5g", "2020"]])
    report = await load(folder)
    assert report.summary is not None
    assert report.summary.entities["Agency"].created == 1
    records, _, _ = await clean_db.execute_query(
        "MATCH (:Agency {id: 'a-new'})-[r]->(t) RETURN type(r) AS type, "
        "coalesce(t.id, t.code) AS target, properties(r) AS props ORDER BY type",
        database_=settings.neo4j_database)
    assert [(r["type"], r["target"], r["props"]) for r in records] == [
        ("BRANCH_OF", "a-ttc", {}), ("LOCATED_IN", "p-sz", {}), ("PROVIDES", "incubation", {}),
        ("SUPPORTS", "pr-5g", {"year": 2020, "source": "extra"})]
    row = (await clean_db.execute_query("MATCH (n {id: 'a-new'}) RETURN n.source AS s",
                                        database_=settings.neo4j_database))[0][0]
    assert row["s"] == "extra"


# --- warnings: loadable, but reported ------------------------------------------------------


async def test_unknown_columns_and_unused_link_cells_are_warnings(load, dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "regions.csv", "id,name,name_zh,kind,parent_id",
               "id,name,name_zh,kind,parent_id,population")
    replace_in(folder, "links.csv", "a-vc,MEMBER_OF,c-mob,,,,", "a-vc,MEMBER_OF,c-mob,2015,0.5,,")
    replace_in(folder, "links.csv", "a-ttc,SUPPORTS,pr-5g,2014,,transfer,",
               "a-ttc,SUPPORTS,pr-5g,2014,0.5,transfer,")
    report = await load(folder, ignore_unknown_columns=True)
    assert [str(w) for w in report.warnings] == [
        "links.csv:3: weight: ignored: SUPPORTS links have no weight",
        "links.csv:5: weight: ignored: MEMBER_OF links have no weight",
        "regions.csv:1: population: unknown column ignored",
    ]
    assert report.skipped == []
    assert report.summary is not None
    assert report.summary.relationships["MEMBER_OF"].created == 1


async def test_lower_case_link_types_and_enum_values_are_accepted(load, clean_db, settings,
                                                                  dataset_copy) -> None:
    folder = dataset_copy("tiny")
    replace_in(folder, "links.csv", "a-vc,MEMBER_OF,c-mob", "a-vc,member_of,c-mob")
    replace_in(folder, "agencies.csv", ",venture_capital,private,", ",Venture_Capital,PRIVATE,")
    await load(folder)
    records, _, _ = await clean_db.execute_query(
        "MATCH (a:Agency {id: 'a-vc'})-[:MEMBER_OF]->(c:Cluster) "
        "RETURN a.kind AS kind, a.level AS level, c.id AS cluster",
        database_=settings.neo4j_database)
    assert [dict(r) for r in records] == [
        {"kind": "venture_capital", "level": "private", "cluster": "c-mob"}]
