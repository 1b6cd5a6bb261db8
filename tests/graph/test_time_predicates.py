"""graph/time.py's predicates evaluated by the real Neo4j on property maps: what "exists in
a year" and "holds in a year" mean (DESIGN.md section 8), and the label-specific form of
`exists_in` agreeing with the generic one."""

from __future__ import annotations

from typing import Any

import pytest

from graph.time import START_YEAR_PROPS, UNDATED_LABELS, exists_in, holds_in

# (label, properties, year, exists)
ENTITIES: list[tuple[str, dict[str, Any], int, bool]] = [
    ("Agency", {}, 1950, True),  # undated: always
    ("Agency", {"foundedYear": 2012}, 2011, False),
    ("Agency", {"foundedYear": 2012}, 2012, True),
    ("Agency", {"foundedYear": 2012, "closedYear": 2014}, 2013, True),
    ("Agency", {"foundedYear": 2012, "closedYear": 2014}, 2014, False),  # first year gone
    ("Agency", {"closedYear": 2014}, 1990, True),
    ("Park", {"approvedYear": 1991}, 1990, False),
    ("Cluster", {"establishedYear": 2013}, 2013, True),
    ("Platform", {"establishedYear": 2016}, 2015, False),
    ("TalentTeam", {"establishedYear": 2010, "closedYear": 2010}, 2010, False),  # never
    ("Project", {"year": 2014}, 2013, False),
    ("Region", {"closedYear": 2000}, 2001, False),
    ("Industry", {}, 1949, True),
]


async def _evaluate(driver: Any, predicate: str, var: str, props: dict[str, Any],
                    year: int) -> bool:
    records, _, _ = await driver.execute_query(
        f"WITH $props AS {var} RETURN {predicate} AS ok", props=props, year=year)
    return bool(records[0]["ok"])


@pytest.mark.parametrize(("label", "props", "year", "expected"), ENTITIES)
async def test_exists_in_with_and_without_the_label(driver, label: str, props: dict[str, Any],
                                                    year: int, expected: bool) -> None:
    generic = exists_in("n", "$year")
    specific = exists_in("n", "$year", label)
    assert await _evaluate(driver, generic, "n", props, year) is expected
    assert await _evaluate(driver, specific, "n", props, year) is expected


def test_the_label_specific_form_reads_only_that_labels_start() -> None:
    assert exists_in("n", "$y", "Agency") == (
        "((n.foundedYear) IS NULL OR (n.foundedYear) <= $y) "
        "AND (n.closedYear IS NULL OR n.closedYear > $y)")
    assert exists_in("n", "$y", "Region") == "(n.closedYear IS NULL OR n.closedYear > $y)"
    assert exists_in("n", "$y", "Entity") == exists_in("n", "$y")  # unknown: all four
    assert set(START_YEAR_PROPS).isdisjoint(UNDATED_LABELS)


@pytest.mark.parametrize(("props", "year", "expected"), [
    ({}, 1960, True),
    ({"since": 2012}, 2011, False),
    ({"since": 2012, "until": 2015}, 2014, True),
    ({"since": 2012, "until": 2015}, 2015, False),
    ({"year": 2013}, 2012, False),  # a grant's or a support's year is its since
    ({"year": 2013, "since": 2011}, 2012, True),  # an explicit since wins
    ({"until": 2001}, 2000, True),
])
async def test_holds_in(driver, props: dict[str, Any], year: int, expected: bool) -> None:
    assert await _evaluate(driver, holds_in("r", "$year"), "r", props, year) is expected


@pytest.mark.parametrize(("var", "year"), [("n; MATCH (x)", "$y"), ("n", "2020 OR true")])
def test_only_variables_and_years_are_interpolated(var: str, year: str) -> None:
    with pytest.raises(ValueError):
        exists_in(var, year)
