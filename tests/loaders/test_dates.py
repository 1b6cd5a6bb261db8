"""Time columns of DESIGN.md section 8 through the real loader: `closed_year`, `park_since` /
`park_until`, `until` in links, their rules and errors, and reloads.

The `dated` fixture is `tiny` with a history: a-ttc-sz (founded 2010) moved into Shenzhen in
2012, a-vc closed in 2014, a-left left Zhongguancun in 2013, the old zone p-old closed in
2011, t-lead arrived in 2014, a partnership ended in 2013 and a membership in 2015.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from loaders.issues import DatasetError
from loaders.writer import Counts
from tests.loaders.helpers import (
    EMPTY,
    counts,
    csv_folder_to_jsonl,
    csv_folder_to_xlsx,
    dump_graph,
    read_csv,
    replace_in,
    write_csv,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "datasets"
DATED = FIXTURES / "dated"

Edit = Callable[[Path], None]


def sub(file: str, old: str, new: str) -> Edit:
    return lambda folder: replace_in(folder, file, old, new)


def drop_column(file: str, column: str) -> Edit:
    def edit(folder: Path) -> None:
        header, rows = read_csv(folder / file)
        kept = [c for c in header if c != column]
        write_csv(folder / file, kept, [[row[c] for c in kept] for row in rows])

    return edit


AFTER = "the first year the link no longer holds"
BAD_YEARS: list[tuple[str, Edit, str]] = [
    # a year that is not an integer, or not a sane one
    ("closed-year-not-a-number", sub("agencies.csv", ",2008,2014,30,", ",2008,soon,30,"),
     "agencies.csv:4: closed_year: not a whole number: 'soon'"),
    ("park-since-fractional", sub("agencies.csv", ",p-sz,2012,,a-ttc,", ",p-sz,2012.5,,a-ttc,"),
     "agencies.csv:3: park_since: not a whole number: '2012.5'"),
    ("link-until-out-of-range", sub("links.csv", ",a-ttc-sz,2011,2013,", ",a-ttc-sz,2011,3013,"),
     "links.csv:3: until: 3013 is above the maximum 2100"),
    ("park-until-before-1900", sub("agencies.csv", ",p-zgc,,2013,", ",p-zgc,,1013,"),
     "agencies.csv:6: park_until: 1013 is below the minimum 1900"),
    # until <= since
    ("park-until-equals-park-since", sub("agencies.csv", ",p-zgc,,2013,", ",p-zgc,2013,2013,"),
     f"agencies.csv:6: park_until: 2013 is not after park_since 2013 (park_until is {AFTER})"),
    ("park-until-before-park-since",
     sub("talent_teams.csv", ",p-zgc,2014,,", ",p-zgc,2014,2012,"),
     f"talent_teams.csv:2: park_until: 2012 is not after park_since 2014 (park_until is {AFTER})"),
    ("partnership-until-before-year",
     sub("links.csv", ",a-ttc-sz,2011,2013,", ",a-ttc-sz,2011,2010,"),
     f"links.csv:3: until: 2010 is not after year 2011 (until is {AFTER})"),
    ("membership-until-equals-year", sub("links.csv", ",c-mob,2013,2015,", ",c-mob,2013,2013,"),
     f"links.csv:6: until: 2013 is not after year 2013 (until is {AFTER})"),
    # closed before the start year
    ("agency-closed-before-founded", sub("agencies.csv", ",2008,2014,30,", ",2008,2007,30,"),
     "agencies.csv:4: closed_year: 2007 is before founded_year 2008 "
     "(an entity cannot close before it starts)"),
    ("park-closed-before-approved", sub("parks.csv", ",1995,2011,", ",1995,1990,"),
     "parks.csv:4: closed_year: 1990 is before approved_year 1995 "
     "(an entity cannot close before it starts)"),
    ("project-closed-before-its-year", sub("projects.csv", ",2014,,p-zgc,", ",2014,2013,p-zgc,"),
     "projects.csv:2: closed_year: 2013 is before year 2014 "
     "(an entity cannot close before it starts)"),
    ("cluster-closed-before-established", sub("clusters.csv", ",2013,\n", ",2013,2012\n"),
     "clusters.csv:2: closed_year: 2012 is before established_year 2013 "
     "(an entity cannot close before it starts)"),
    # park years without a park
    ("park-since-with-empty-park-id", sub("agencies.csv", ",p-sz,2012,,a-ttc,", ",,2012,,a-ttc,"),
     "agencies.csv:3: park_since: park_since given without a park_id "
     "(the years date the LOCATED_IN of the park_id)"),
    ("park-years-without-a-park-id-column", drop_column("talent_teams.csv", "park_id"),
     "talent_teams.csv:2: park_since: park_since given without a park_id "
     "(the years date the LOCATED_IN of the park_id)"),
    ("park-since-and-until-with-empty-park-id",
     sub("agencies.csv", ",p-zgc,,2013,,", ",,2010,2013,,"),
     "agencies.csv:6: park_since: park_since and park_until given without a park_id "
     "(the years date the LOCATED_IN of the park_id)"),
]


def _as_format(folder: Path, fmt: str, tmp_path: Path) -> tuple[Path, Callable[[str], str]]:
    """The dataset to load in `fmt`, and how a CSV problem line reads in that format."""
    if fmt == "csv":
        return folder, lambda line: line
    workbook = tmp_path / "book.xlsx"
    csv_folder_to_xlsx(folder, workbook)

    def rename(line: str) -> str:
        file, rest = line.split(".csv:", 1)
        return f"book.xlsx#{file}:{rest}"

    return workbook, rename


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("edit", "expected"), [(e, x) for _, e, x in BAD_YEARS],
                         ids=[name for name, _, _ in BAD_YEARS])
async def test_bad_years_are_refused_with_file_line_and_column(
        load, clean_db, settings, tmp_path, edit: Edit, expected: str, fmt: str) -> None:
    folder = tmp_path / "dated"
    folder.mkdir()
    for csv_file in DATED.glob("*.csv"):
        (folder / csv_file.name).write_bytes(csv_file.read_bytes())
    edit(folder)
    path, rename = _as_format(folder, fmt, tmp_path)
    with pytest.raises(DatasetError) as info:
        await load(path)
    assert [str(i) for i in info.value.issues] == [rename(expected)]
    assert await counts(clean_db, settings.neo4j_database) == EMPTY


async def test_skip_invalid_drops_a_row_with_bad_years_and_loads_the_rest(
        load, clean_db, settings, dataset_copy) -> None:
    folder = dataset_copy("dated")
    replace_in(folder, "agencies.csv", ",p-zgc,,2013,", ",p-zgc,2013,2013,")
    report = await load(folder, skip_invalid=True)
    assert [(i.file, i.line, i.column) for i in report.skipped] == [
        ("agencies.csv", 6, "park_until")]
    nodes, _ = await dump_graph(clean_db, settings.neo4j_database)
    assert "a-left" not in nodes and "a-late" in nodes


# --- what the graph holds -----------------------------------------------------------------

DATED_YEARS: dict[tuple[str, str, str], dict[str, Any]] = {
    ("a-ttc-sz", "LOCATED_IN", "p-sz"): {"since": 2012},
    ("a-left", "LOCATED_IN", "p-zgc"): {"until": 2013},
    ("t-lead", "LOCATED_IN", "p-zgc"): {"since": 2014},
    ("a-ttc", "LOCATED_IN", "p-zgc"): {},
    ("a-ttc", "PARTNERS_WITH", "a-vc"): {"year": 2012, "since": 2012, "weight": 0.8},
    ("a-ttc", "PARTNERS_WITH", "a-ttc-sz"): {"year": 2011, "since": 2011, "until": 2013,
                                             "weight": 0.5},
    ("a-ttc-sz", "MEMBER_OF", "c-mob"): {"since": 2013, "until": 2015},
    ("a-vc", "MEMBER_OF", "c-mob"): {},
    ("a-ttc", "SUPPORTS", "pr-5g"): {"year": 2014, "role": "transfer"},
}
CLOSED = {"a-vc": 2014, "p-old": 2011}


async def _years(driver: Any, db: str) -> tuple[dict[str, Any], dict[tuple[str, str, str],
                                                                        dict[str, Any]]]:
    nodes, rels = await dump_graph(driver, db)
    closed = {key: dict(props)["closedYear"] for key, (_, props) in nodes.items()
              if "closedYear" in dict(props)}
    # leaving out the bookkeeping every relationship of a load may carry: the source that
    # wrote it (links, for --sync) and the uniqueness key (FUNDS, PARTNERS_WITH)
    return closed, {(s, t, o): {k: v for k, v in dict(props).items()
                                if k not in ("source", "relKey")} for s, t, o, props in rels}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
async def test_dated_dataset_round_trips_every_year(load, clean_db, settings, tmp_path,
                                                    fmt: str) -> None:
    path = DATED
    if fmt == "jsonl":
        path = tmp_path / "dated"
        csv_folder_to_jsonl(DATED, path)
    elif fmt == "xlsx":
        path = tmp_path / "dated.xlsx"
        csv_folder_to_xlsx(DATED, path)
    await load(path)
    closed, rels = await _years(clean_db, settings.neo4j_database)
    assert closed == CLOSED
    for key, props in DATED_YEARS.items():
        assert rels[key] == props, key


async def test_reloading_an_unchanged_dated_folder_changes_nothing(load, clean_db,
                                                                   settings) -> None:
    await load(DATED)
    before = await dump_graph(clean_db, settings.neo4j_database)
    report = await load(DATED)
    summary = report.summary
    assert summary is not None
    assert all(c.created == c.updated == 0 for c in summary.entities.values())
    assert all(c.created == c.updated == c.deleted == 0
               for c in summary.relationships.values())
    assert summary.relationships["LOCATED_IN"].unchanged == 8
    assert summary.relationships["MEMBER_OF"] == Counts(unchanged=2)
    assert await dump_graph(clean_db, settings.neo4j_database) == before


async def test_tiny_without_time_columns_reloads_unchanged_over_a_dated_graph(
        load, clean_db, settings) -> None:
    """Files without the new columns leave stored years alone: loading `tiny` (the same
    ids, no time columns) over `dated` keeps every since / until / closedYear it had."""
    await load(DATED)
    await load(FIXTURES / "tiny")
    closed, rels = await _years(clean_db, settings.neo4j_database)
    assert closed == CLOSED
    assert rels[("a-ttc-sz", "LOCATED_IN", "p-sz")] == {"since": 2012}
    assert rels[("a-ttc", "PARTNERS_WITH", "a-ttc-sz")]["until"] == 2013


async def test_edited_years_update_and_empty_cells_clear_them(load, clean_db, settings,
                                                              dataset_copy) -> None:
    await load(DATED)
    folder = dataset_copy("dated")
    replace_in(folder, "agencies.csv", ",p-sz,2012,,a-ttc,", ",p-sz,2011,,a-ttc,")
    replace_in(folder, "agencies.csv", ",2008,2014,30,", ",2008,,30,")
    replace_in(folder, "links.csv", ",c-mob,2013,2015,", ",c-mob,2013,,")
    report = await load(folder)
    assert report.summary is not None
    assert report.summary.entities["Agency"] == Counts(updated=1, unchanged=4)
    assert report.summary.relationships["LOCATED_IN"] == Counts(updated=1, unchanged=7)
    assert report.summary.relationships["MEMBER_OF"] == Counts(updated=1, unchanged=1)
    closed, rels = await _years(clean_db, settings.neo4j_database)
    assert closed == {"p-old": 2011}
    assert rels[("a-ttc-sz", "LOCATED_IN", "p-sz")] == {"since": 2011}
    assert rels[("a-ttc-sz", "MEMBER_OF", "c-mob")] == {"since": 2013}


async def test_moving_to_another_park_takes_the_new_years(load, clean_db, settings,
                                                          dataset_copy) -> None:
    await load(DATED)
    folder = dataset_copy("dated")
    replace_in(folder, "agencies.csv", ",p-zgc,,2013,", ",p-sz,2013,,")
    report = await load(folder)
    assert report.summary is not None
    assert report.summary.relationships["LOCATED_IN"] == Counts(created=1, unchanged=7,
                                                                deleted=1)
    _, rels = await _years(clean_db, settings.neo4j_database)
    assert ("a-left", "LOCATED_IN", "p-zgc") not in rels
    assert rels[("a-left", "LOCATED_IN", "p-sz")] == {"since": 2013}


async def test_until_on_links_without_one_is_a_warning(load, dataset_copy) -> None:
    folder = dataset_copy("dated")
    replace_in(folder, "links.csv", "a-ttc,SUPPORTS,pr-5g,2014,,", "a-ttc,SUPPORTS,pr-5g,2014,2016,")
    report = await load(folder)
    assert [str(w) for w in report.warnings] == [
        "links.csv:4: until: ignored: SUPPORTS links have no until"]


async def test_years_set_on_list_column_relationships_survive_a_reload(load, clean_db,
                                                                       settings) -> None:
    """Years the files have no column for (a stage provided until 2015, set through the
    API) stay when the folder is reloaded: replacing a column's relationships keeps the
    ones still listed as they are."""
    db = settings.neo4j_database
    await load(DATED)
    await clean_db.execute_query(
        "MATCH (:Agency {id: 'a-ttc'})-[r:PROVIDES]->(:ServiceStage {code: 'consulting'}) "
        "SET r.until = 2015", database_=db)
    report = await load(DATED)
    assert report.summary is not None
    assert report.summary.relationships["PROVIDES"] == Counts(unchanged=8)
    _, rels = await _years(clean_db, db)
    assert rels[("a-ttc", "PROVIDES", "consulting")] == {"until": 2015}
