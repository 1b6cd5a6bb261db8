"""Pages and keyset cursors for the compiler (schema/compiler.py): the sort keys of a list,
the ORDER BY over them in either direction, and the condition that a row comes after (or
before) a cursor's row, nulls placed where each key puts them.

A cursor holds the values of every sort key of its row, the id last (encode_keyset in
schema/types.py); "after the cursor" is the lexicographic comparison
k1 > c1 OR (k1 = c1 AND (k2 > c2 OR ...)), with > meaning "sorts after" for the key's
direction and its nulls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schema.registry import ScalarKind


@dataclass(frozen=True)
class Page:
    size: int  # `first`, or `last` when paging backward
    backward: bool
    offset: int  # of a former offset cursor (forward only), else 0
    after: tuple[str, list[Any]] | None  # a keyset cursor's (order, values)
    before: tuple[str, list[Any]] | None


@dataclass(frozen=True)
class SortKey:
    expression: str  # Cypher over the listed node
    direction: str  # ASC or DESC
    nulls_last: bool
    nullable: bool
    kind: ScalarKind  # what a cursor's value for it must be
    label: str  # its part of the order a cursor records


def order_clause(keys: list[SortKey], names: list[str], backward: bool) -> str:
    """ORDER BY items over the bound key values; `backward` reverses the whole order (to
    take the last rows of a page, which the caller puts back in order)."""
    items = []
    for key, name in zip(keys, names, strict=True):
        if key.nullable:
            # Neo4j sorts nulls as the largest value (last ascending, first descending):
            # a flag puts them where `nulls` says in both directions.
            items.append(f"{name} IS NULL {'ASC' if key.nulls_last != backward else 'DESC'}")
        descending = (key.direction == "DESC") != backward
        items.append(f"{name} {'DESC' if descending else 'ASC'}")
    return ", ".join(items)


def equal(name: str, param: str | None) -> str:
    return f"{name} IS NULL" if param is None else f"{name} = {param}"


def beyond(key: SortKey, name: str, param: str | None, after: bool) -> str:
    """Cypher: `name` sorts strictly after (`after`) or before the cursor's `param` for
    this key, nulls where the key puts them."""
    ascending = (key.direction == "ASC") == after
    nulls_beyond = key.nulls_last == after  # nulls sort beyond every value this way
    if param is None:  # the cursor's row has no value: beyond it are values or nothing
        return "false" if nulls_beyond else f"{name} IS NOT NULL"
    compare = f"{name} {'>' if ascending else '<'} {param}"
    return f"({name} IS NULL OR {compare})" if nulls_beyond and key.nullable else compare
