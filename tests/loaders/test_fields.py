"""Cell parsing (pure unit tests: no Neo4j needed)."""

from __future__ import annotations

import pytest

from graph.model import SPEC_BY_LABEL, FieldSpec, FieldType
from loaders.fields import CellError, parse_cell, parse_id, split_list

AGENCY = {f.column: f for f in SPEC_BY_LABEL["Agency"].all_fields}
PROJECT = {f.column: f for f in SPEC_BY_LABEL["Project"].all_fields}
PARK = {f.column: f for f in SPEC_BY_LABEL["Park"].all_fields}


@pytest.mark.parametrize(("spec", "raw", "expected"), [
    (AGENCY["staff"], "120", 120),
    (AGENCY["staff"], "1,200", 1200),
    (AGENCY["staff"], "1_200", 1200),
    (AGENCY["staff"], "12.0", 12),
    (AGENCY["staff"], "0", 0),
    (AGENCY["founded_year"], "1900", 1900),
    (AGENCY["founded_year"], "2100", 2100),
    (PROJECT["contract_value_million_cny"], "350.5", 350.5),
    (PROJECT["contract_value_million_cny"], "1e3", 1000.0),
    (PROJECT["contract_value_million_cny"], "7", 7.0),
    (PARK["pilot"], "true", True), (PARK["pilot"], "TRUE", True), (PARK["pilot"], "1", True),
    (PARK["pilot"], "yes", True), (PARK["pilot"], "Y", True), (PARK["pilot"], "是", True),
    (PARK["pilot"], "false", False), (PARK["pilot"], "0", False), (PARK["pilot"], "No", False),
    (PARK["pilot"], "否", False),
    (AGENCY["kind"], "Tech_Transfer", "tech_transfer"),
    (AGENCY["name"], "中关村 \"x\" \\ 🚀", "中关村 \"x\" \\ 🚀"),
    (AGENCY["staff"], "", None),
    (PARK["pilot"], "", None),
    (AGENCY["name_zh"], "", None),
])
def test_valid_cells(spec: FieldSpec, raw: str, expected: object) -> None:
    value = parse_cell(spec, raw)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(("spec", "raw", "reason"), [
    (AGENCY["staff"], "many", "not a whole number: 'many'"),
    (AGENCY["staff"], "12.5", "not a whole number: '12.5'"),
    (AGENCY["staff"], "-5", "-5 is below the minimum 0"),
    (AGENCY["founded_year"], "1899", "1899 is below the minimum 1900"),
    (AGENCY["founded_year"], "2101", "2101 is above the maximum 2100"),
    (PROJECT["contract_value_million_cny"], "lots", "not a number: 'lots'"),
    (PROJECT["contract_value_million_cny"], "nan", "not a finite number: 'nan'"),
    (PROJECT["contract_value_million_cny"], "inf", "not a finite number: 'inf'"),
    (PROJECT["contract_value_million_cny"], "-0.5", "-0.5 is below the minimum 0"),
    (PARK["pilot"], "maybe", "not a boolean: 'maybe' (use true/false, 1/0 or yes/no)"),
    (PARK["level"], "county", "unknown value 'county' (expected one of national, provincial)"),
    (AGENCY["id"], "", "required value is missing"),
    (AGENCY["name"], "", "required value is missing"),
    (AGENCY["name"], "x" * 2001, "text longer than 2000 characters"),
])
def test_invalid_cells(spec: FieldSpec, raw: str, reason: str) -> None:
    with pytest.raises(CellError) as info:
        parse_cell(spec, raw)
    assert str(info.value) == reason


def test_field_types_of_the_model() -> None:
    assert AGENCY["staff"].type is FieldType.INT
    assert PROJECT["contract_value_million_cny"].type is FieldType.FLOAT
    assert PARK["pilot"].type is FieldType.BOOL


@pytest.mark.parametrize(("raw", "reason"), [
    ("", "required value is missing"),
    ("a;b", "id 'a;b' contains ';', which separates list items"),
    ("x" * 201, "id longer than 200 characters"),
])
def test_invalid_ids(raw: str, reason: str) -> None:
    with pytest.raises(CellError) as info:
        parse_id(raw)
    assert str(info.value) == reason


@pytest.mark.parametrize(("raw", "expected"), [
    ("", []),
    ("a", ["a"]),
    ("a;b", ["a", "b"]),
    (" a ; ;b;a; ", ["a", "b"]),
    ("研究;开发", ["研究", "开发"]),
])
def test_split_list(raw: str, expected: list[str]) -> None:
    assert split_list(raw) == expected
