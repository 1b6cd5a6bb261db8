"""The `asOf` argument: a year in 1949–2100, or None (DESIGN.md section 8)."""

from __future__ import annotations

from graph.time import MAX_AS_OF, MIN_AS_OF, present_year
from schema.errors import BadUserInput


def check_as_of(value: int | None, argument: str = "asOf") -> int | None:
    """`value` if it is a sane year (or None); BAD_USER_INPUT naming the argument otherwise."""
    if value is not None and not MIN_AS_OF <= value <= MAX_AS_OF:
        raise BadUserInput(
            f"`{argument}` must be a year between {MIN_AS_OF} and {MAX_AS_OF}; got {value}",
            extensions={"argument": argument})
    return value


def analysis_year(value: int | None, argument: str = "asOf") -> int:
    """The year an analysis reads: `asOf` when given, else the present."""
    checked = check_as_of(value, argument)
    return present_year() if checked is None else checked


# Descriptions of the `asOf` argument in the schema.
AS_OF_LIST_DESCRIPTION = (
    "Only what exists in this year: entities not yet started or already closed and "
    "relationships not holding are left out, here and in every nested field. Omitted: every "
    "entity, closed ones included (see `closedYear`).")
AS_OF_PRESENT_DESCRIPTION = (
    "Read the graph as of this year (default: the present): entities not yet started or "
    "already closed and relationships not holding are left out.")
