"""Time in the graph (DESIGN.md section 8): when an entity exists, when a link holds.

An entity *exists in year Y* when its start year is unknown or <= Y and its `closedYear`
is unknown or > Y. A relationship *holds in year Y* when its `since` is unknown or <= Y,
its `until` is unknown or > Y, and both its ends exist in Y. Unknown years are never
guessed: an undated entity or link counts as existing.

The builders return Cypher fragments over a variable name and a year expression (a
parameter such as `$asOf`); they interpolate nothing but those two, which the callers
choose from code, never from user text.
"""

from __future__ import annotations

import re
from datetime import date

# The property holding each label's start year; labels without one (Region, Industry,
# ServiceStage) have always existed as far as the graph knows.
START_YEAR_PROPS: dict[str, str] = {
    "Park": "approvedYear",
    "Cluster": "establishedYear",
    "Agency": "foundedYear",
    "Platform": "establishedYear",
    "TalentTeam": "establishedYear",
    "Project": "year",
}
CLOSED_YEAR_PROP = "closedYear"
SINCE_PROP = "since"
UNTIL_PROP = "until"
# Relationships that can change over time and so carry `since` / `until`.
DATED_RELATIONSHIPS = (
    "LOCATED_IN", "MEMBER_OF", "BRANCH_OF", "OPERATES", "AFFILIATED_WITH", "PROVIDES",
    "SERVES_INDUSTRY", "FOCUSES_ON", "PARTNERS_WITH",
)

MIN_AS_OF = 1949
MAX_AS_OF = 2100

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_YEAR = re.compile(r"^(\$[A-Za-z_][A-Za-z0-9_]*|\d{4})$")


def present_year() -> int:
    """The year "now" means for analyses asked without `asOf`."""
    return date.today().year


def _check(var: str, year: str) -> None:
    if not _NAME.match(var) or not _YEAR.match(year):
        raise ValueError(f"not a Cypher variable / year expression: {var!r}, {year!r}")


def start_year(var: str) -> str:
    """Cypher for the start year of the entity `var`, whatever its label (null if unknown).

    Only one of the start-year properties is set on a node of a given label, so their
    coalesce is that label's start year."""
    _check(var, "$y")
    props = dict.fromkeys(START_YEAR_PROPS.values())
    return f"coalesce({', '.join(f'{var}.{p}' for p in props)})"


# Entity labels without a start year: only their `closedYear` bounds them.
UNDATED_LABELS = ("Region", "Industry")


def exists_in(var: str, year: str = "$asOf", label: str | None = None) -> str:
    """Cypher: the node `var` exists in the year `year` (true for nodes without dates).

    `label`, when the caller knows the node's label, lets the predicate read only that
    label's start property instead of coalescing all four (a third of the property reads
    on a filtered list)."""
    _check(var, year)
    closed = f"({var}.{CLOSED_YEAR_PROP} IS NULL OR {var}.{CLOSED_YEAR_PROP} > {year})"
    if label in UNDATED_LABELS:
        return closed
    start = f"{var}.{START_YEAR_PROPS[label]}" if label in START_YEAR_PROPS else start_year(var)
    return f"(({start}) IS NULL OR ({start}) <= {year}) AND {closed}"


def rel_since(var: str) -> str:
    """Cypher for the first year the relationship `var` holds (null if unknown).

    A relationship's `year` (a partnership's start, a grant's, a landing's, a project
    support's) is its `since` when no `since` is stored: such a link does not hold before
    it happened."""
    _check(var, "$y")
    return f"coalesce({var}.{SINCE_PROP}, {var}.year)"


def holds_in(var: str, year: str = "$asOf") -> str:
    """Cypher: the relationship `var` itself holds in `year` (its ends are not checked)."""
    _check(var, year)
    since = rel_since(var)
    return (f"(({since}) IS NULL OR ({since}) <= {year}) "
            f"AND ({var}.{UNTIL_PROP} IS NULL OR {var}.{UNTIL_PROP} > {year})")
