"""Compile a GraphQL selection into one Cypher statement, as `@neo4j/graphql` does.

A root field's whole selection — nested relationships, their filters, sorting, pagination
and counts — becomes one query built from map projections and `COLLECT {}` / `COUNT {}`
subqueries, so a request costs one round-trip per root field however deep it goes.
Result maps are keyed by response key (alias or name), which is what schema/types.py reads.

Labels, relationship types and property names come from schema/registry.py (itself built
from graph.model's allow-lists); every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from graph.time import exists_in, holds_in
from schema.enums import to_code
from schema.errors import QueryTooComplex
from schema.inputs import OPERATORS, sort_fields
from schema.keyset import Page, SortKey, beyond, equal, order_clause
from schema.registry import (
    ALL_ENTITIES,
    RelField,
    ScalarField,
    ScalarKind,
    rel_field,
    rel_fields,
    scalar_fields,
)
from schema.types import AGGREGATE_PREFIX, decode_cursor, numeric_fields

ABSTRACT = frozenset({"Entity", "Node"})
Selection = SelectedField | FragmentSpread | InlineFragment
LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')
LUCENE_OPERATORS = frozenset({"AND", "OR", "NOT"})
# Sizes of inputs, counted whether they come as literals or as variables (the token limit
# only sees the document): each becomes Cypher text or Lucene clauses, and a huge one can
# exhaust Neo4j's heap while it plans the query.
MAX_FILTER_TERMS = 500  # conditions and `_in` values in one field's `where`
MAX_ORDER_KEYS = 10  # `orderBy` entries
MAX_OFFSET = 1_000_000_000  # a cursor's offset (Neo4j's SKIP takes 64-bit integers only)
MAX_SEARCH_WORDS = 32  # each word is up to two Lucene clauses; Lucene allows 1024
MAX_SEARCH_CHARS = 256  # the analyzer splits long tokens (CJK bigrams) into many clauses


# min/max/avg/sum of a list `{v}` of non-null numbers (null for an empty list).
_LIST_AGGREGATES = {
    "min": "reduce(m = null, x IN {v} | CASE WHEN m IS NULL OR x < m THEN x ELSE m END)",
    "max": "reduce(m = null, x IN {v} | CASE WHEN m IS NULL OR x > m THEN x ELSE m END)",
    "sum": "CASE size({v}) WHEN 0 THEN null ELSE reduce(s = 0, x IN {v} | s + x) END",
    "avg": "CASE size({v}) WHEN 0 THEN null "
           "ELSE toFloat(reduce(s = 0, x IN {v} | s + x)) / size({v}) END",
}


class CompileError(ValueError):
    """The request asks for something the API refuses (page too large, bad cursor...)."""


@dataclass
class _Field:
    """One response key: the field and every selection set merged under it."""

    selected: SelectedField
    guard: str | None
    selections: list[Selection] = field(default_factory=list)
    # The same response key selected in fragments on other types (each with its own guard).
    alternatives: list[_Field] = field(default_factory=list)

    def merge(self, other: _Field) -> None:
        if other.guard is None or self.guard is None:
            # A field every type has (it is on the interface): one unguarded expression.
            self.guard = None
            self.selections.extend(other.selections)
            for alternative in (*self.alternatives, *other.alternatives):
                self.selections.extend(alternative.selections)
            self.alternatives.clear()
            return
        for option in (other, *other.alternatives):
            same = next((f for f in (self, *self.alternatives) if f.guard == option.guard), None)
            if same is not None:
                same.selections.extend(option.selections)
            else:
                self.alternatives.append(_Field(option.selected, option.guard,
                                                list(option.selections)))


@dataclass
class Compiler:
    default_first: int = 20
    max_first: int = 100
    params: dict[str, Any] = field(default_factory=dict)
    _count: int = 0
    _filter_terms: int = 0
    # The `asOf` year parameter (e.g. `$p1`) when the root field was asked as of a year:
    # every node reached must exist in it and every relationship followed must hold in it
    # (graph/time.py, DESIGN.md section 8). None: no condition, the whole history.
    as_of: str | None = None

    # --- naming -----------------------------------------------------------------------

    def param(self, value: Any) -> str:
        self._count += 1
        name = f"p{self._count}"
        self.params[name] = value
        return f"${name}"

    def var(self) -> str:
        self._count += 1
        return f"n{self._count}"

    # --- time -------------------------------------------------------------------------

    def set_as_of(self, year: int | None) -> None:
        """Read the graph as of `year` from here on (None: everything, whatever its dates)."""
        self.as_of = None if year is None else self.param(year)

    def exists(self, node: str, type_name: str) -> str:
        """Cypher: the node bound to `node` exists in the asOf year ("true" without one)."""
        if self.as_of is None or type_name == "ServiceStage":  # stages are not dated
            return "true"
        return exists_in(node, self.as_of, type_name if type_name in ALL_ENTITIES else None)

    def follows(self, edge: str, node: str, type_name: str) -> str:
        """Cypher: the hop over `edge` to `node` is visible in the asOf year: the
        relationship holds and the node reached exists (its start was checked before)."""
        if self.as_of is None:
            return "true"
        return f"{holds_in(edge, self.as_of)} AND {self.exists(node, type_name)}"

    # --- selections -------------------------------------------------------------------

    def _fields(self, type_name: str, selections: Iterable[Selection],
                guard: str | None = None) -> dict[str, _Field]:
        """Flatten fragments into response keys, merging repeated keys' sub-selections."""
        merged: dict[str, _Field] = {}
        for sel in selections:
            if isinstance(sel, SelectedField):
                if sel.name.startswith("__"):
                    continue
                key = sel.alias or sel.name
                entry = _Field(sel, guard, list(sel.selections))
                if key in merged:
                    merged[key].merge(entry)
                else:
                    merged[key] = entry
                continue
            condition = sel.type_condition
            if condition in (None, type_name) or condition in ABSTRACT:
                inner = self._fields(type_name, sel.selections, guard)
            elif type_name in ABSTRACT and condition in (*ALL_ENTITIES, "ServiceStage"):
                inner = self._fields(condition, sel.selections, condition)
            else:
                continue
            for key, entry in inner.items():
                if key in merged:
                    merged[key].merge(entry)
                else:
                    merged[key] = entry
        return merged

    def projection(self, var: str, type_name: str, selections: Iterable[Selection]) -> str:
        """A map of the selected fields of the node bound to `var`."""
        if type_name in ABSTRACT:
            parts = [f"__typename: head([l IN labels({var}) WHERE l <> 'Entity'])"]
        else:
            parts = [f"__typename: '{type_name}'"]
        for key, entry in self._fields(type_name, selections).items():
            if entry.guard is None:
                expression = self._field_expression(var, type_name, entry)
            else:
                branches = [f"WHEN {var}:{option.guard} THEN "
                            f"{self._field_expression(var, option.guard, option)}"
                            for option in (entry, *entry.alternatives)
                            if option.guard is not None]
                expression = f"CASE {' '.join(branches)} END"
            parts.append(f"`{key}`: {expression}")
        return "{" + ", ".join(parts) + "}"

    def _field_expression(self, var: str, type_name: str, entry: _Field) -> str:
        name = entry.selected.name
        owner = "Entity" if type_name == "Node" else type_name
        if any(f.name == name for f in scalar_fields(owner)):
            return f"{var}.`{name}`"
        rel = rel_field(owner, name)
        if rel is None:
            raise CompileError(f"{type_name}.{name} cannot be compiled")
        if rel.many and rel.target != "ServiceStage":
            return self.connection(var, rel, entry.selected.arguments, entry.selections)
        return self._related(var, rel, entry.selections)

    def _related(self, var: str, rel: RelField, selections: list[Selection]) -> str:
        node, edge = self.var(), self.var()
        pattern = rel.pattern(var, edge, node)
        proj = self.projection(node, rel.target, selections)
        pattern += _where(self.follows(edge, node, rel.target))
        if rel.many:  # service stages: a short list in taxonomy order
            return f"COLLECT {{ MATCH {pattern} WITH {node} ORDER BY {node}.order " \
                   f"RETURN {proj} }}"
        return f"COLLECT {{ MATCH {pattern} WITH {node} ORDER BY {node}.id LIMIT 1 " \
               f"RETURN {proj} }}[0]"

    # --- connections ------------------------------------------------------------------

    def page(self, arguments: dict[str, Any]) -> Page:
        """The page asked for: its size and direction, and the cursors bounding it."""
        first, last = arguments.get("first"), arguments.get("last")
        if first is not None and last is not None:
            raise CompileError("give `first` or `last`, not both")
        backward = last is not None
        size = self.default_first if first is None and last is None else int(first or last or 0)
        name = "last" if backward else "first"
        if size < 0 or size > self.max_first:
            raise CompileError(f"{name} must be between 0 and {self.max_first} (got {size})")
        after, before = arguments.get("after") or None, arguments.get("before") or None
        after_key = decode_cursor(after) if after else None
        before_key = decode_cursor(before) if before else None
        offset = 0
        if isinstance(after_key, int):  # a former offset cursor: forward pages only
            if backward or before_key is not None:
                raise CompileError(f"invalid cursor {after!r}: an offset cursor cannot be "
                                   "used with `last` or `before`")
            if after_key > MAX_OFFSET:
                raise CompileError(f"invalid cursor {after!r}: offset beyond {MAX_OFFSET}")
            offset, after_key = after_key, None
        if isinstance(before_key, int):
            raise CompileError(f"invalid cursor {before!r}: `before` takes a cursor of this "
                               "API's current form")
        return Page(size, backward, offset, after_key, before_key)

    def connection(self, var: str | None, rel: RelField | None, arguments: dict[str, Any],
                   selections: Sequence[Selection], target: str | None = None) -> str:
        """A connection map: `{offset, first, totalCount?, edges?}`.

        With `rel`, the items are the nodes `rel` reaches from `var`; without, all nodes of
        `target` (a root list field).
        """
        target = rel.target if rel else target
        assert target is not None
        page = self.page(arguments)
        if len(arguments.get("orderBy") or ()) > MAX_ORDER_KEYS:
            raise QueryTooComplex(f"orderBy has {len(arguments['orderBy'])} entries; "
                                  f"at most {MAX_ORDER_KEYS}")
        node, edge = self.var(), self.var()
        pattern = rel.pattern(var or "", edge, node) if rel else f"({node}:{target})"
        condition = self.where(node, target, arguments.get("where"))
        visible = self.follows(edge, node, target) if rel else self.exists(node, target)
        if visible != "true":
            condition = f"{visible} AND ({condition})"
        fields = self._fields(f"{target}Connection", selections)
        parts = [f"offset: {self.param(page.offset)}", f"first: {self.param(page.size)}"]
        if page.backward:
            parts.append("backward: true")
        if page.after is not None:
            parts.append("after: true")
        if page.before is not None:
            parts.append("before: true")
        if any(f.selected.name == "totalCount" for f in fields.values()):
            parts.append(f"totalCount: COUNT {{ MATCH {pattern} WHERE {condition} }}")
        for key, entry in fields.items():
            if entry.selected.name == "aggregate":
                summary = self._aggregate(pattern, condition, node, target, entry.selections)
                parts.append(f"`{AGGREGATE_PREFIX}{key}`: {summary}")
        node_selections, with_properties, with_cursors = \
            self._edge_selections(target, fields.values())
        if node_selections is not None:
            keys = self.sort_keys(node, target, arguments.get("orderBy"))
            order = ",".join(k.label for k in keys)
            names = [self.var() for _ in keys]
            bound = ", ".join(f"{k.expression} AS {n}" for k, n in zip(keys, names, strict=True))
            seek = [self._seek(keys, names, page.after, order, after=True),
                    self._seek(keys, names, page.before, order, after=False)]
            seek_where = " AND ".join(f"({c})" for c in seek if c != "true")
            # Relationship properties only when `edges { properties }` is asked; the row
            # after the page (for pageInfo's next or previous page) only when pageInfo is.
            rel_props = f"properties({edge})" if rel and with_properties else "null"
            look_ahead = 1 if any(f.selected.name == "pageInfo" for f in fields.values()) else 0
            proj = self.projection(node, target, node_selections)
            skip = f"SKIP {self.param(page.offset)} " if page.offset else ""
            # The key values make the cursors: only read (and encoded) when asked for.
            key = f", key: [{', '.join(names)}]" if with_cursors else ""
            parts.append(f"order: {self.param(order)}")
            parts.append(
                f"edges: COLLECT {{ MATCH {pattern} WHERE {condition} "
                f"WITH {node}, {edge if rel else 'null AS ' + edge}, {bound} "
                f"{'WHERE ' + seek_where + ' ' if seek_where else ''}"
                f"ORDER BY {order_clause(keys, names, page.backward)} "
                f"{skip}LIMIT {self.param(page.size + look_ahead)} "
                f"RETURN {{node: {proj}, rel: {rel_props}{key}}} }}"
            )
        return "{" + ", ".join(parts) + "}"

    def _aggregate(self, pattern: str, condition: str, node: str, target: str,
                   selections: Sequence[Selection]) -> str:
        """An `aggregate` selection: count, and min/max/avg/sum per field, as one
        expression over the list of the matching items' values. Not with Cypher's
        aggregating functions: inside a connection nested in another's projection, Neo4j
        5.26 refuses them (it takes the outer node for an implicit grouping key)."""
        numeric = {f.name: f"{f.kind.value}Aggregate" for f in numeric_fields(target)}
        entries = self._fields(f"{target}Aggregate", selections)
        props = list(dict.fromkeys(e.selected.name for e in entries.values()
                                   if e.selected.name != "count"))
        for name in props:
            if name not in numeric:
                raise CompileError(f"cannot aggregate {target}.{name}")
        rows, values = self.var(), self.var()
        parts = []
        for key, entry in entries.items():
            name = entry.selected.name
            if name == "count":
                parts.append(f"`{key}`: size({rows})")
                continue
            index = props.index(name)
            chosen = [f"`{sub_key}`: {_LIST_AGGREGATES[sub.selected.name].format(v=values)}"
                      for sub_key, sub in self._fields(numeric[name], entry.selections).items()
                      if sub.selected.name in _LIST_AGGREGATES]
            parts.append(f"`{key}`: [{values} IN [[r IN {rows} WHERE r[{index}] IS NOT NULL "
                         f"| r[{index}]]] | {{{', '.join(chosen)}}}][0]")
        columns = ", ".join(f"{node}.`{name}`" for name in props)
        return (f"[{rows} IN [COLLECT {{ MATCH {pattern} WHERE {condition} "
                f"RETURN [{columns}] }}] | {{{', '.join(parts)}}}][0]")

    def _edge_selections(self, target: str, fields: Iterable[_Field]
                         ) -> tuple[list[Selection] | None, bool, bool]:
        """Selections under `edges { node }` (None when neither edges nor pageInfo is asked),
        whether `edges { properties }` is asked and whether cursors are (`edges { cursor }`
        or pageInfo); fragments on the edge type count."""
        wanted: list[Selection] | None = None
        with_properties = False
        with_cursors = False
        for entry in fields:
            if entry.selected.name in ("edges", "pageInfo"):
                wanted = wanted or []
            if entry.selected.name == "pageInfo":
                with_cursors = True
            if entry.selected.name == "edges":
                assert wanted is not None
                for sub in self._fields(f"{target}Edge", entry.selections).values():
                    if sub.selected.name == "node":
                        wanted.extend(sub.selections)
                    elif sub.selected.name == "properties":
                        with_properties = True
                    elif sub.selected.name == "cursor":
                        with_cursors = True
        return wanted, with_properties, with_cursors

    def sort_keys(self, var: str, type_name: str, order: Any) -> list[SortKey]:
        """The keys a list is sorted by: those of `orderBy`, then the id (or stage order)
        as the tiebreak, so every row has a distinct position and a cursor can name it."""
        keys: list[SortKey] = []
        allowed = sort_fields(type_name)
        for item in order or []:
            field_name = str(item.get("field", ""))
            field_name = getattr(item.get("field"), "name", field_name)
            target = allowed.get(field_name)
            if target is None:
                raise CompileError(f"cannot sort {type_name} by {field_name}")
            direction = str(getattr(item.get("direction"), "value", item.get("direction"))
                            or "ASC").upper()
            direction = "DESC" if direction == "DESC" else "ASC"
            nulls = str(getattr(item.get("nulls"), "value", item.get("nulls")) or "LAST")
            label = f"{field_name}:{direction}:{nulls.upper()}"
            if target.startswith("count:"):
                rel = rel_field(type_name, target[len("count:"):])
                assert rel is not None
                other, edge = self.var(), self.var()
                visible = _where(self.follows(edge, other, rel.target))
                keys.append(SortKey(
                    f"COUNT {{ MATCH {rel.pattern(var, edge, other)}{visible} }}", direction,
                    nulls_last=True, nullable=False, kind=ScalarKind.INT, label=label))
            else:
                kind = next(f.kind for f in scalar_fields(type_name) if f.name == target)
                keys.append(SortKey(f"{var}.`{target}`", direction,
                                    nulls_last=nulls.upper() != "FIRST",
                                    nullable=not _never_null(type_name, target), kind=kind,
                                    label=label))
        tiebreak = "order" if type_name == "ServiceStage" else "id"
        keys.append(SortKey(f"{var}.{tiebreak}", "ASC", nulls_last=True, nullable=False,
                            kind=ScalarKind.INT if tiebreak == "order" else ScalarKind.ID,
                            label=tiebreak))
        return keys

    def _seek(self, keys: list[SortKey], names: list[str],
              cursor: tuple[str, list[Any]] | None, order: str, after: bool) -> str:
        """Cypher: the row bound to `names` comes after (or before) the cursor's row in the
        order of `keys` — a keyset condition, so inserts before the cursor shift nothing."""
        if cursor is None:
            return "true"
        cursor_order, values = cursor
        if cursor_order != order or len(values) != len(keys):
            raise CompileError("invalid cursor: it was issued for another `orderBy`; "
                               "start again without `after` / `before`")
        params = [self._cursor_value(k, v) for k, v in zip(keys, values, strict=True)]
        alternatives = []
        for i, key in enumerate(keys):
            past = beyond(key, names[i], params[i], after)
            if past == "false":
                continue
            same = [equal(names[j], params[j]) for j in range(i)]
            alternatives.append(" AND ".join([*same, past]))
        return " OR ".join(f"({a})" for a in alternatives) or "false"

    def _cursor_value(self, key: SortKey, value: Any) -> str | None:
        """The cursor's value for `key` as a parameter (None for a null), type-checked."""
        if value is None:
            if not key.nullable:
                raise CompileError("invalid cursor: a key that is never null is null")
            return None
        ok = {ScalarKind.INT: isinstance(value, int | float),
              ScalarKind.FLOAT: isinstance(value, int | float),
              ScalarKind.BOOLEAN: isinstance(value, bool)}.get(key.kind, isinstance(value, str))
        if key.kind in (ScalarKind.INT, ScalarKind.FLOAT) and isinstance(value, bool):
            ok = False
        if isinstance(value, int) and not -2**63 <= value < 2**63:
            ok = False  # Neo4j's integers are 64-bit: the driver could not send it
        if not ok:
            raise CompileError(f"invalid cursor: {value!r} is not a {key.kind.value}")
        if key.kind is ScalarKind.DATETIME:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                raise CompileError(f"invalid cursor: {value!r} is not a date-time") from None
            return f"datetime({self.param(value)})"
        return self.param(value)

    # --- filters ----------------------------------------------------------------------

    def where(self, var: str, type_name: str, where: dict[str, Any] | None) -> str:
        if not where:
            return "true"
        # null means "no filter": variables arrive with every unset key present as None.
        conditions = [self._condition(var, type_name, key, value)
                      for key, value in where.items() if value is not None]
        return " AND ".join(f"({c})" for c in conditions) or "true"

    def _count_terms(self, terms: int) -> None:
        self._filter_terms += terms
        if self._filter_terms > MAX_FILTER_TERMS:
            raise QueryTooComplex(f"the `where` filter has more than {MAX_FILTER_TERMS} "
                                  "terms (conditions and `_in` values); split the request")

    def _condition(self, var: str, type_name: str, key: str, value: Any) -> str:
        self._count_terms(len(value) if key.endswith("_in") and isinstance(value, list) else 1)
        if key in ("AND", "OR"):
            parts = [self.where(var, type_name, item) for item in value or []]
            joiner = " AND " if key == "AND" else " OR "
            return joiner.join(f"({p})" for p in parts) or "true"
        if key == "NOT":
            return f"NOT ({self.where(var, type_name, value)})" if value else "true"
        rel_name, _, quantifier = key.rpartition("_")
        rel = rel_field(type_name, rel_name) if quantifier in ("some", "none") else None
        rel = rel or rel_field(type_name, key)
        if rel is not None:
            other, edge = self.var(), self.var()
            inner = self.where(other, rel.target, value)
            visible = self.follows(edge, other, rel.target)
            if visible != "true":
                inner = f"{visible} AND ({inner})"
            exists = f"EXISTS {{ MATCH {rel.pattern(var, edge, other)} WHERE {inner} }}"
            return f"NOT {exists}" if key.endswith("_none") else exists
        return self._scalar_condition(var, type_name, key, value)

    def _scalar_condition(self, var: str, type_name: str, key: str, value: Any) -> str:
        for f in scalar_fields(type_name):
            if not key.startswith(f.name):
                continue
            op = key[len(f.name):]
            if op not in OPERATORS.get(f.kind, ()):
                continue
            prop = f"{var}.`{f.name}`"
            value = _coerce(f, value)
            if op == "":
                return f"{prop} = {self.param(value)}"
            if op == "_in":
                return f"{prop} IN {self.param(list(value))}"
            if op in ("_contains", "_startsWith"):
                verb = "CONTAINS" if op == "_contains" else "STARTS WITH"
                if f.kind is ScalarKind.ID:
                    return f"{prop} {verb} {self.param(value)}"
                return f"toLower({prop}) {verb} toLower({self.param(value)})"
            symbol = {"_gt": ">", "_gte": ">=", "_lt": "<", "_lte": "<="}[op]
            return f"{prop} {symbol} {self.param(value)}"
        raise CompileError(f"unknown filter {key!r} on {type_name}")


def _never_null(type_name: str, prop: str) -> bool:
    return any(f.name == prop and f.required for f in scalar_fields(type_name))


def _where(condition: str) -> str:
    """` WHERE condition`, or nothing for a condition that is always true."""
    return "" if condition == "true" else f" WHERE {condition}"


def _coerce(field: ScalarField, value: Any) -> Any:
    """Literal arguments arrive as strings from the selection tree (an enum value as its
    GraphQL name); variables are typed (an enum value as its member). Enum values become
    the stored lower-case codes."""
    kind = field.kind
    if value is None:
        return None
    if isinstance(value, list):
        return [_coerce(field, v) for v in value]
    if kind is ScalarKind.ENUM:
        return to_code(field.enum, value)
    if kind is ScalarKind.INT:
        return int(value)
    if kind is ScalarKind.FLOAT:
        return float(value)
    if kind is ScalarKind.BOOLEAN:
        return value if isinstance(value, bool) else str(value).lower() == "true"
    return str(value)


def lucene_query(text: str) -> str:
    """Escape user text for the full-text index; ASCII words also match as prefixes."""
    words = text.split()
    if not words:
        raise CompileError("search text is empty")
    if len(words) > MAX_SEARCH_WORDS or len(text) > MAX_SEARCH_CHARS:
        raise CompileError(f"search text is too long ({len(words)} words, {len(text)} "
                           f"characters); at most {MAX_SEARCH_WORDS} words and "
                           f"{MAX_SEARCH_CHARS} characters")
    parts: list[str] = []
    for word in words:
        escaped = "".join(f"\\{c}" if c in LUCENE_SPECIAL else c for c in word)
        if word.isascii() and word.isalnum():
            # AND, OR and NOT are query-parser operators: lower case makes them plain terms.
            exact = escaped.lower() if word in LUCENE_OPERATORS else escaped
            parts.append(f"({exact} OR {escaped.lower()}*)")
        else:
            parts.append(escaped)
    return " ".join(parts)


def relationship_names(type_name: str) -> list[str]:
    return [r.name for r in rel_fields(type_name)]
