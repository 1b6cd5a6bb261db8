"""The `indicators` file: official statistics loaded as :Indicator nodes, validated with
`file:line: column: reason`, in CSV, JSONL or a workbook, and reloaded idempotently."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.model import INDICATOR_UNITS
from loaders.issues import DatasetError
from tests.loaders.helpers import EMPTY, counts, csv_folder_to_jsonl, csv_folder_to_xlsx

HEADER = "region_id,indicator,year,value,unit,source,synthetic"
ROWS = [
    ",tech_contract_turnover,2015,983500,million_cny,https://example.org/2015,false",
    ",tech_contract_turnover,2013,746913,million_cny,https://example.org/2013,false",
    "r-bj,tech_contract_turnover,2015,345300,million_cny,,true",
    "c-mob,sts_output_gdp_share,2015,3.5,percent,,true",
]
INDICATORS = """MATCH (i:Indicator) RETURN i.key AS key, i.regionId AS region,
    i.indicator AS indicator, i.year AS year, i.value AS value, i.unit AS unit,
    i.source AS source, i.synthetic AS synthetic ORDER BY key"""


def with_indicators(dataset_copy: Callable[[str], Path], rows: list[str]) -> Path:
    folder = dataset_copy("tiny")
    (folder / "indicators.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return folder


async def stored(driver, settings) -> list[dict]:
    records, _, _ = await driver.execute_query(INDICATORS, database_=settings.neo4j_database)
    return [dict(r) for r in records]


@pytest.mark.parametrize("form", ["csv", "jsonl", "xlsx"])
async def test_indicators_load_in_every_format_and_reload_unchanged(
        load, clean_db, settings, dataset_copy, tmp_path, form) -> None:
    folder = with_indicators(dataset_copy, ROWS)
    if form == "jsonl":
        csv_folder_to_jsonl(folder, tmp_path / "as-jsonl")
        folder = tmp_path / "as-jsonl"
    elif form == "xlsx":
        csv_folder_to_xlsx(folder, tmp_path / "book" / "tiny.xlsx")
        folder = tmp_path / "book" / "tiny.xlsx"
    first = await load(folder)
    assert (first.summary.indicators.created, first.summary.indicators.updated) == (4, 0)
    rows = await stored(clean_db, settings)
    assert [(r["key"], r["value"], r["unit"]) for r in rows] == [   # Cypher's order: | last
        ("c-mob|sts_output_gdp_share|2015", 3.5, "percent"),
        ("r-bj|tech_contract_turnover|2015", 345300.0, "million_cny"),
        ("|tech_contract_turnover|2013", 746913.0, "million_cny"),
        ("|tech_contract_turnover|2015", 983500.0, "million_cny"),
    ]
    assert rows[3]["region"] is None and rows[3]["source"] == "https://example.org/2015"
    assert rows[3]["synthetic"] is False and rows[1]["synthetic"] is True
    again = await load(folder)
    assert (again.summary.indicators.created, again.summary.indicators.updated,
            again.summary.indicators.unchanged) == (0, 0, 4)
    assert await stored(clean_db, settings) == rows


async def test_a_changed_figure_updates_its_node(load, clean_db, settings, dataset_copy) -> None:
    folder = with_indicators(dataset_copy, ROWS)
    await load(folder)
    changed = [ROWS[0].replace("983500", "983501")] + ROWS[1:]
    (folder / "indicators.csv").write_text("\n".join([HEADER, *changed]) + "\n",
                                           encoding="utf-8")
    report = await load(folder)
    assert (report.summary.indicators.updated, report.summary.indicators.unchanged) == (1, 3)
    assert (await stored(clean_db, settings))[3]["value"] == 983501.0


UNITS = ", ".join(f"{c}" for c in INDICATOR_UNITS)
CASES = [
    ("unknown-region", "r-nowhere,tech_contract_turnover,2015,1,million_cny,,",
     "indicators.csv:6: region_id: 'r-nowhere' exists neither in the dataset nor in the graph"),
    ("region-of-wrong-kind", "a-ttc,tech_contract_turnover,2015,1,million_cny,,",
     "indicators.csv:6: region_id: 'a-ttc' is a Agency, expected Region or Park or Cluster"),
    ("non-numeric", ",tech_contract_turnover,2014,9835亿,million_cny,,",
     "indicators.csv:6: value: not a number: '9835亿'"),
    ("unknown-code", ",contract_turnover,2014,1,million_cny,,",
     "indicators.csv:6: indicator: unknown value 'contract_turnover' (expected one of "
     f"{UNITS}); did you mean 'tech_contract_turnover'?"),
    ("year-out-of-range", ",tech_contract_turnover,1900,1,million_cny,,",
     "indicators.csv:6: year: 1900 is below the minimum 1949"),
    ("wrong-unit", ",tech_contract_turnover,2014,9835,100 million CNY,,",
     "indicators.csv:6: unit: tech_contract_turnover is given in million_cny, not "
     "'100 million CNY' (convert the value)"),
    ("duplicate", ",tech_contract_turnover,2015,983500,million_cny,,",
     "indicators.csv:6: indicator: duplicate tech_contract_turnover of the nation in 2015 "
     "(first at line 2)"),
]


@pytest.mark.parametrize(("row", "expected"), [(r, e) for _, r, e in CASES],
                         ids=[name for name, _, _ in CASES])
async def test_a_bad_indicator_row_is_reported_and_nothing_is_written(
        load, clean_db, settings, dataset_copy, row, expected) -> None:
    with pytest.raises(DatasetError) as info:
        await load(with_indicators(dataset_copy, [*ROWS, row]))
    assert [str(i) for i in info.value.issues] == [expected]
    assert await counts(clean_db, settings.neo4j_database) == EMPTY
    assert await stored(clean_db, settings) == []
