"""Excel date cells in year columns are read as their year, with a notice; dates elsewhere
are refused with a hint. Workbooks are written with openpyxl, and one is patched to use the
built-in Chinese date format 31 (`yyyy"年"m"月"d"日"`) that openpyxl does not know."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from loaders.issues import DatasetError
from loaders.readers import read_dataset
from tests.loaders.helpers import csv_folder_to_xlsx, replace_in

FIXTURES = Path(__file__).parent.parent / "fixtures" / "datasets"


def _workbook(tmp_path: Path, cells: dict[tuple[str, str], object],
              number_format: str | None = "yyyy-mm-dd") -> Path:
    """`tiny` as a workbook, with `cells[(sheet, coordinate)]` replaced."""
    path = tmp_path / "book.xlsx"
    csv_folder_to_xlsx(FIXTURES / "tiny", path)
    wb = load_workbook(path)
    for (sheet, coordinate), value in cells.items():
        wb[sheet][coordinate] = value
        if number_format is not None:
            wb[sheet][coordinate].number_format = number_format
    wb.save(path)
    return path


def _with_builtin_format(path: Path, sheet: str, coordinate: str, format_id: int) -> None:
    """Give one cell a built-in number format id, as Excel in a Chinese locale writes it."""
    sheet_file = f"xl/worksheets/sheet{load_workbook(path).sheetnames.index(sheet) + 1}.xml"
    with zipfile.ZipFile(path) as src:
        files = {item.filename: src.read(item.filename) for item in src.infolist()}
    styles = files["xl/styles.xml"].decode()
    count = int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))  # type: ignore[union-attr]
    styles = styles.replace(f'<cellXfs count="{count}">', f'<cellXfs count="{count + 1}">')
    styles = styles.replace("</cellXfs>", f'<xf numFmtId="{format_id}" fontId="0" fillId="0" '
                            'borderId="0" applyNumberFormat="1" xfId="0"/></cellXfs>')
    files["xl/styles.xml"] = styles.encode()
    cells, n = re.subn(rf'<c r="{coordinate}"( s="\d+")?', f'<c r="{coordinate}" s="{count}"',
                       files[sheet_file].decode())
    assert n == 1
    files[sheet_file] = cells.encode()
    with zipfile.ZipFile(path, "w") as out:
        for name, data in files.items():
            out.writestr(name, data)


async def test_date_cells_in_year_columns_are_read_as_years_with_a_notice(
        load, clean_db, settings, tmp_path) -> None:
    path = _workbook(tmp_path, {("parks", "F2"): datetime(1988, 5, 10),
                                ("parks", "F3"): datetime(1991, 3, 6),
                                ("funding", "E3"): datetime(2014, 12, 1)})
    report = await load(path)
    assert report.notices == [
        "book.xlsx#funding:3: year: Excel date 2014-12-01 read as the year 2014",
        "book.xlsx#parks:2: approved_year: Excel date 1988-05-10 read as the year 1988 "
        "(and 1 more row of this column)",
    ]
    records, _, _ = await clean_db.execute_query(
        "MATCH (p:Park) RETURN p.id AS id, p.approvedYear AS year ORDER BY id",
        database_=settings.neo4j_database)
    assert [(r["id"], r["year"]) for r in records] == [("p-sz", 1991), ("p-zgc", 1988)]
    records, _, _ = await clean_db.execute_query(
        "MATCH ()-[f:FUNDS]->() RETURN f.year AS year ORDER BY year",
        database_=settings.neo4j_database)
    assert [r["year"] for r in records] == [2013, 2014]


def test_chinese_builtin_date_formats_are_read_as_dates(tmp_path) -> None:
    """Without recognising format 31 the cell reads as the serial 33304."""
    path = _workbook(tmp_path, {("parks", "F3"): 33304}, number_format=None)
    _with_builtin_format(path, "parks", "F3", 31)
    assert load_workbook(path, read_only=True)["parks"]["F3"].value == 33304  # openpyxl alone
    result = read_dataset(path)
    assert result.errors == []
    row = result.tables["parks"].rows[1]
    assert row.values["approved_year"] == "1991-03-07T00:00:00"
    assert row.dates == frozenset({"approved_year"})


async def test_a_chinese_date_cell_loads_as_its_year(load, clean_db, settings,
                                                     tmp_path) -> None:
    path = _workbook(tmp_path, {("parks", "F3"): 33304}, number_format=None)
    _with_builtin_format(path, "parks", "F3", 31)
    report = await load(path)
    assert report.notices == [
        "book.xlsx#parks:3: approved_year: Excel date 1991-03-07 read as the year 1991"]
    records, _, _ = await clean_db.execute_query(
        "MATCH (p:Park {id: 'p-sz'}) RETURN p.approvedYear AS year",
        database_=settings.neo4j_database)
    assert records[0]["year"] == 1991


async def test_a_date_in_another_number_column_is_refused_with_a_hint(load, tmp_path) -> None:
    path = _workbook(tmp_path, {("agencies", "H2"): datetime(2001, 1, 1)})
    with pytest.raises(DatasetError) as info:
        await load(path)
    assert [str(i) for i in info.value.issues] == [
        "book.xlsx#agencies:2: staff: not a whole number: '2001-01-01T00:00:00' "
        "(the cell is an Excel date; format it as a number)"]


async def test_date_text_in_a_csv_year_column_is_not_guessed(load, dataset_copy) -> None:
    """Only an Excel date cell is read as its year; typed text gets a hint instead."""
    folder = dataset_copy("tiny")
    replace_in(folder, "parks.csv", ",1991,", ",1991-03-06T00:00:00,")
    with pytest.raises(DatasetError) as info:
        await load(folder)
    assert [str(i) for i in info.value.issues] == [
        "parks.csv:3: approved_year: not a whole number: '1991-03-06T00:00:00'; "
        "a year column takes the year alone: 1991"]
