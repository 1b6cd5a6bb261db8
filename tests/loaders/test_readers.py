"""Reading dataset files into located rows (pure: no Neo4j needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.issues import DatasetIssue
from loaders.readers import read_dataset
from tests.loaders.helpers import csv_folder_to_jsonl, csv_folder_to_xlsx

FIXTURES = Path(__file__).parent.parent / "fixtures" / "datasets"
REGIONS_HEADER = "id,name,name_zh,kind,parent_id\n"


def _folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "ds"
    folder.mkdir()
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def _lines_and_names(folder: Path, stem: str = "regions") -> list[tuple[int, str, str]]:
    result = read_dataset(folder)
    assert result.errors == []
    return [(r.line, r.values["id"], r.values["name"]) for r in result.tables[stem].rows]


def test_tiny_csv_folder_reads_every_file_and_row() -> None:
    result = read_dataset(FIXTURES / "tiny")
    assert result.errors == []
    assert result.notices == []
    sizes = {stem: len(t.rows) for stem, t in result.tables.items()}
    assert sizes == {"agencies": 3, "clusters": 1, "funding": 2, "industries": 3, "links": 4,
                     "parks": 2, "platforms": 1, "projects": 1, "regions": 4, "talent_teams": 1}
    agencies = result.tables["agencies"]
    assert agencies.display == "agencies.csv"
    assert agencies.header == ("id", "name", "name_zh", "kind", "level", "backbone",
                               "founded_year", "staff", "park_id", "parent_id", "stages",
                               "industries")
    assert agencies.rows[1].line == 3
    assert agencies.rows[1].values == {
        "id": "a-ttc-sz", "name": "ZTTC Shenzhen branch", "name_zh": "中关村技术转移中心深圳分中心",
        "kind": "tech_transfer", "level": "municipal", "backbone": "false",
        "founded_year": "2010", "staff": "15", "park_id": "p-sz", "parent_id": "a-ttc",
        "stages": "technology_transfer", "industries": "i-mob",
    }


@pytest.mark.parametrize(("content", "expected"), [
    pytest.param(
        REGIONS_HEADER + 'r-1,"two\nlines",,city,\nr-2,B,,city,\n"r-3","three\n\nlines",,city,\n'
        "r-4,D,,city,\n",
        [(2, "r-1", "two\nlines"), (4, "r-2", "B"), (5, "r-3", "three\n\nlines"),
         (8, "r-4", "D")],
        id="multi-line-quoted-cells"),
    pytest.param(
        REGIONS_HEADER.replace("\n", "\r\n") + 'r-1,"a\r\nb",,city,\r\n\r\nr-2,B,,city,\r\n',
        [(2, "r-1", "a\r\nb"), (5, "r-2", "B")],
        id="crlf-and-blank-line"),
    pytest.param(
        REGIONS_HEADER + "\n,,,,\nr-1,A,,city,\n   \nr-2,B,,city",
        [(4, "r-1", "A"), (6, "r-2", "B")],
        id="blank-rows-skipped-but-counted-no-final-newline"),
    pytest.param(
        REGIONS_HEADER + 'r-1,"say ""hi"", \\o/",,city,\n',
        [(2, "r-1", 'say "hi", \\o/')],
        id="escaped-quotes"),
    pytest.param(
        "\ufeff" + REGIONS_HEADER + "r-1,A,,city,\n",
        [(2, "r-1", "A")],
        id="utf8-bom"),
    pytest.param(
        " ID , Name ,NAME_ZH,Kind,parent_id\n  r-1 ,  A b  ,,city,\n",
        [(2, "r-1", "A b")],
        id="header-normalised-cells-trimmed"),
])
def test_csv_rows_keep_their_starting_line(tmp_path: Path, content: str,
                                           expected: list[tuple[int, str, str]]) -> None:
    folder = _folder(tmp_path, {"regions.csv": content})
    assert _lines_and_names(folder) == expected


def test_csv_row_with_fewer_cells_pads_with_empty_values(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"regions.csv": REGIONS_HEADER + "r-1,A\n"})
    result = read_dataset(folder)
    assert result.errors == []
    assert result.tables["regions"].rows[0].values == {
        "id": "r-1", "name": "A", "name_zh": "", "kind": "", "parent_id": ""}


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param({"regions.csv": REGIONS_HEADER + "r-1,A,,city,,extra\n"},
                 [DatasetIssue("regions.csv", 2, "-", "6 cells but the header has 5 columns")],
                 id="too-many-cells"),
    pytest.param({"regions.csv": REGIONS_HEADER + 'r-1,A,,city,\nr-2,"B,,city,\nr-3,C,,city,\n'},
                 [DatasetIssue("regions.csv", 3, "-", "malformed CSV: unexpected end of data")],
                 id="unterminated-quote"),
    pytest.param({"regions.csv": REGIONS_HEADER + 'r-1,"A"x,,city,\n'},
                 [DatasetIssue("regions.csv", 2, "-", "malformed CSV: ',' expected after '\"'")],
                 id="text-after-closing-quote"),
    pytest.param({"regions.csv": ""},
                 [DatasetIssue("regions.csv", 1, "-", "empty file (no header row)")],
                 id="empty-file"),
    pytest.param({"regions.jsonl": '{"id": "r-1", "name": "A"}\n{"id": "r-2", "name": }\n'},
                 [DatasetIssue("regions.jsonl", 2, "-",
                               "invalid JSON at character 23: Expecting value")],
                 id="jsonl-bad-json"),
    pytest.param({"regions.jsonl": '\n{"id": "r-1"}\n["r-2", "B"]\n"r-3"\n'},
                 [DatasetIssue("regions.jsonl", 3, "-", "each line must be a JSON object"),
                  DatasetIssue("regions.jsonl", 4, "-", "each line must be a JSON object")],
                 id="jsonl-not-objects"),
    pytest.param({"regions.csv": REGIONS_HEADER, "regions.jsonl": '{"id": "r-1"}\n'},
                 [DatasetIssue("regions.jsonl", 0, "-",
                               "regions is given twice (also as regions.csv)")],
                 id="same-file-twice"),
])
def test_file_level_errors(tmp_path: Path, files: dict[str, str],
                           expected: list[DatasetIssue]) -> None:
    result = read_dataset(_folder(tmp_path, files))
    assert result.errors == expected


def test_missing_folder_and_folder_without_dataset_files(tmp_path: Path) -> None:
    missing = read_dataset(tmp_path / "nope")
    assert missing.errors == [DatasetIssue(str(tmp_path / "nope"), 0, "-",
                                           "no such dataset folder")]
    folder = _folder(tmp_path, {"notes.txt": "hello", "people.csv": "id\n1\n"})
    result = read_dataset(folder)
    assert result.notices == [
        "people.csv: ignored (not a dataset file; expected regions, industries, parks, "
        "clusters, agencies, platforms, talent_teams, projects, links, funding, pilots, "
        "pilot_evaluations, indicators)"]
    assert len(result.errors) == 1
    assert result.errors[0].file == str(folder)
    assert result.errors[0].reason.startswith("no dataset files found")


def test_jsonl_values_become_cell_text(tmp_path: Path) -> None:
    lines = [
        {"id": "a-1", "name": "A", "staff": 12, "backbone": True, "founded_year": 2001.0,
         "stages": ["finance", "consulting"], "park_id": None},
        {"ID": "a-2", "Name": "  B  ", "backbone": False, "staff": 3.5},
    ]
    text = "\n".join(json.dumps(x) for x in lines[:1]) + "\n\n" + json.dumps(lines[1]) + "\n"
    result = read_dataset(_folder(tmp_path, {"agencies.jsonl": text}))
    assert result.errors == []
    table = result.tables["agencies"]
    assert table.header == ("id", "name", "staff", "backbone", "founded_year", "stages",
                            "park_id")
    assert [(r.line, r.values) for r in table.rows] == [
        (1, {"id": "a-1", "name": "A", "staff": "12", "backbone": "true",
             "founded_year": "2001", "stages": "finance;consulting", "park_id": ""}),
        (3, {"id": "a-2", "name": "B", "backbone": "false", "staff": "3.5",
             "founded_year": "", "stages": "", "park_id": ""}),
    ]


def test_jsonl_line_separator_characters_inside_strings_do_not_split_lines(
        tmp_path: Path) -> None:
    names = ["a\u2028b", "c\u2029d", "e\x1cf", "g\x85h", "i\x0bj", "k\x0cl"]
    text = "".join(json.dumps({"id": f"r-{i}", "name": n}, ensure_ascii=False) + "\n"
                   for i, n in enumerate(names, start=1))
    folder = _folder(tmp_path, {"regions.jsonl": text})
    assert _lines_and_names(folder) == [(i, f"r-{i}", n) for i, n in enumerate(names, start=1)]


def test_jsonl_crlf_line_endings(tmp_path: Path) -> None:
    text = '{"id": "r-1", "name": "A"}\r\n{"id": "r-2", "name": "B"}\r\n'
    assert _lines_and_names(_folder(tmp_path, {"regions.jsonl": text})) == [
        (1, "r-1", "A"), (2, "r-2", "B")]


# --- encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_gbk_csv_is_decoded_with_a_notice(tmp_path: Path, encoding: str) -> None:
    text = REGIONS_HEADER + "r-bj,Beijing,北京市,province,\nr-sz,Shenzhen,深圳,city,r-bj\n"
    folder = _folder(tmp_path, {"regions.csv": text.encode(encoding)})
    result = read_dataset(folder)
    assert result.errors == []
    assert result.notices == [
        "regions.csv: not UTF-8; read as GBK/GB18030 (how Excel in China saves CSV). "
        "Save as 'CSV UTF-8' to avoid ambiguity."]
    rows = result.tables["regions"].rows
    assert [(r.line, r.values["name_zh"]) for r in rows] == [(2, "北京市"), (3, "深圳")]


@pytest.mark.parametrize(("data", "line", "char", "byte"), [
    (REGIONS_HEADER.encode() + b"r-1,A,,city,\nr-2,B \xff C,,city,\n", 3, 7, "ff"),
    (b"\xfe\xff" + "id,name\n".encode("utf-16-be"), 1, 1, "fe"),
    # the position counts characters, not bytes
    (REGIONS_HEADER.encode() + "r-1,北京,".encode() + b"\x80\n", 2, 8, "80"),
    # a UTF-8 BOM does not shift the reported line, character or byte
    (b"\xef\xbb\xbf" + REGIONS_HEADER.encode() + b"r-1,\xff\n", 2, 5, "ff"),
    (b"\xef\xbb\xbfid\n\xfe\n", 2, 1, "fe"),
])
def test_bytes_neither_utf8_nor_gb18030_are_refused(tmp_path: Path, data: bytes, line: int,
                                                     char: int, byte: str) -> None:
    folder = _folder(tmp_path, {"regions.csv": data})
    result = read_dataset(folder)
    assert "regions" not in result.tables
    assert result.errors == [DatasetIssue(
        "regions.csv", line, "-",
        f"not valid UTF-8 (byte 0x{byte} at character {char}) and not GBK/GB18030 either; "
        "save the file as UTF-8")]
    assert str(result.errors[0]).startswith(f"regions.csv:{line}: -: not valid UTF-8")


def test_utf8_bom_in_jsonl(tmp_path: Path) -> None:
    data = "\ufeff" + '{"id": "r-1", "name": "北京"}\n'
    assert _lines_and_names(_folder(tmp_path, {"regions.jsonl": data})) == [(1, "r-1", "北京")]


# --- workbooks ----------------------------------------------------------------------------


def test_workbook_sheets_are_tables_named_by_stem(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "Regions"
    sheet.append(["ID", "name", "name_zh", "kind", None])
    sheet.append(["r-1", "A", "甲", "province", "ignored: no header"])
    sheet.append([None, None, None, None])
    sheet.append(["r-2", "B", None, "city"])
    other = wb.create_sheet("notes")
    other.append(["anything"])
    agencies = wb.create_sheet("agencies")
    agencies.append(["id", "name", "staff", "backbone", "founded_year", "weight"])
    agencies.append(["a-1", "A", 12, True, 2001, 0.25])
    path = tmp_path / "book.xlsx"
    wb.save(path)

    result = read_dataset(path)
    assert result.errors == []
    assert result.notices == ["book.xlsx#notes: sheet ignored (not a dataset file name)"]
    regions = result.tables["regions"]
    assert regions.display == "book.xlsx#Regions"
    assert [(r.line, r.values) for r in regions.rows] == [
        (2, {"id": "r-1", "name": "A", "name_zh": "甲", "kind": "province"}),
        (4, {"id": "r-2", "name": "B", "name_zh": "", "kind": "city"}),
    ]
    assert [(r.line, r.values) for r in result.tables["agencies"].rows] == [
        (2, {"id": "a-1", "name": "A", "staff": "12", "backbone": "true",
             "founded_year": "2001", "weight": "0.25"}),
    ]


def test_unreadable_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip file")
    result = read_dataset(path)
    assert len(result.errors) == 1
    assert (result.errors[0].file, result.errors[0].line) == ("broken.xlsx", 0)
    assert result.errors[0].reason.startswith("unreadable workbook:")


@pytest.mark.parametrize("fmt", ["jsonl", "xlsx"])
def test_other_formats_read_the_same_values_as_csv(tmp_path: Path, fmt: str) -> None:
    csv_result = read_dataset(FIXTURES / "tiny")
    if fmt == "jsonl":
        path = tmp_path / "tiny"
        csv_folder_to_jsonl(FIXTURES / "tiny", path)
    else:
        path = tmp_path / "tiny.xlsx"
        csv_folder_to_xlsx(FIXTURES / "tiny", path)
    other = read_dataset(path)
    assert other.errors == []
    assert sorted(other.tables) == sorted(csv_result.tables)
    for stem, table in csv_result.tables.items():
        expected = [r.values for r in table.rows]
        actual = [r.values for r in other.tables[stem].rows]
        # typed values come back as text: 20 (int cell) for "20", "true" for "yes"
        normalised = [{k: {"yes": "true", "no": "false"}.get(v, v) for k, v in row.items()}
                      for row in expected]
        assert actual == normalised, stem
