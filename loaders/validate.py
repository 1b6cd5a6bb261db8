"""Validate a whole dataset before anything is written.

Rows are parsed into typed records first; references are checked afterwards against the
dataset itself and against the graph (through an async `lookup` of existing ids), so one
pass reports every problem. With `skip_invalid`, bad rows are dropped and rows that referred
to them are dropped in turn, until what is left is consistent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.model import (
    ENTITY_SPECS,
    FUNDING_COLUMNS,
    FUNDS_SPEC,
    INDICATOR_COLUMNS,
    INDICATOR_FILE,
    INDICATOR_REQUIRED,
    LINK_COLUMNS,
    LINK_SPECS,
    SERVICE_STAGES,
    STAGE_CODES,
    EntitySpec,
    FieldSpec,
    LinkSpec,
    RefSpec,
)
from loaders.dates import check_entity_years, check_link_years, parse_ref_dates
from loaders.fields import CellError, parse_cell, parse_id, split_list
from loaders.indicators import IndicatorRecord, parse_indicator_table
from loaders.issues import DatasetIssue
from loaders.pilots import (
    EVALUATION_COLUMNS,
    PILOT_COLUMNS,
    EvaluationRecord,
    PilotRecord,
    parse_evaluations,
    parse_pilots,
)
from loaders.progress import CHECKING, VALIDATING, NoProgress, Progress, counted
from loaders.readers import ReadResult, SourceRow, SourceTable
from loaders.suggest import (
    Candidate,
    GraphCandidates,
    ReferenceSuggester,
    choice_hint,
    code_hint,
    column_hint,
)
from loaders.years import is_year_field, year_hint, year_of_date_text

Lookup = Callable[[list[str]], Awaitable[dict[str, str]]]
LOOKUP_STEP = 25_000  # ids looked up in the graph per progress step


@dataclass
class EntityRecord:
    label: str
    id: str
    props: dict[str, Any]
    refs: dict[str, list[str]]
    file: str
    line: int
    # reference column -> properties of its relationship (`park_id` -> since / until)
    ref_props: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class LinkRecord:
    rel_type: str
    source: str
    target: str
    key: dict[str, Any]
    props: dict[str, Any]
    file: str
    line: int


@dataclass
class ValidatedDataset:
    name: str
    entities: dict[str, list[EntityRecord]] = field(default_factory=dict)
    ref_columns: dict[str, tuple[RefSpec, ...]] = field(default_factory=dict)
    # References whose relationship keeps its target and only takes new years (an update that
    # sends `park_since` without `park_id`): label -> those references.
    ref_dates_only: dict[str, tuple[RefSpec, ...]] = field(default_factory=dict)
    links: dict[str, list[LinkRecord]] = field(default_factory=dict)
    indicators: list[IndicatorRecord] = field(default_factory=list)  # loaders/indicators.py
    pilots: list[PilotRecord] = field(default_factory=list)
    evaluations: list[EvaluationRecord] = field(default_factory=list)
    errors: list[DatasetIssue] = field(default_factory=list)
    warnings: list[DatasetIssue] = field(default_factory=list)
    notices: list[DatasetIssue] = field(default_factory=list)
    skipped: list[DatasetIssue] = field(default_factory=list)
    # Ids (of the dataset or referenced by it) already in the graph; None when the graph was
    # not consulted. The writer creates, rather than merges, everything not listed here.
    existing_ids: set[str] | None = None

    @property
    def record_count(self) -> int:
        return (sum(map(len, self.entities.values())) + sum(map(len, self.links.values()))
                + len(self.indicators) + len(self.pilots) + len(self.evaluations))


@dataclass
class _Ref:
    """One reference to check: the row holding it and the kinds it may point to."""

    file: str
    line: int
    column: str
    owner: str  # id of the row's entity, or a link's row key
    target: str
    kinds: tuple[str, ...]


@dataclass
class _State:
    errors: dict[tuple[str, int], list[DatasetIssue]] = field(default_factory=dict)
    warnings: list[DatasetIssue] = field(default_factory=list)
    refs: list[_Ref] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # dataset id -> label
    first_seen: dict[str, str] = field(default_factory=dict)  # dataset id -> "file:line"
    strict_columns: bool = True  # an unknown column is an error, not a warning
    # Problems of a whole file that --skip-invalid cannot skip (unknown columns).
    file_errors: list[DatasetIssue] = field(default_factory=list)
    # Excel dates read as years: (file, column) -> [first row's notice, rows]
    dates: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    hints: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)

    def error(self, file: str, line: int, column: str, reason: str) -> None:
        self.errors.setdefault((file, line), []).append(DatasetIssue(file, line, column, reason))


async def validate_dataset(
    read: ReadResult, name: str, lookup: Lookup | None = None, skip_invalid: bool = False,
    *, ignore_unknown_columns: bool = False, candidates: GraphCandidates | None = None,
    progress: Progress | None = None,
) -> ValidatedDataset:
    """Turn read tables into typed records, collecting every problem as a DatasetIssue.

    An unknown column is an error unless `ignore_unknown_columns` (then a warning);
    `candidates` lets a reference to an unknown id suggest the graph entity it meant.
    """
    progress = progress or NoProgress()
    state = _State(strict_columns=not ignore_unknown_columns)
    dataset = ValidatedDataset(name)
    # The CPU-bound parts run in a worker thread: in the API (POST /loads) a large upload
    # must not hold the event loop that serves every other request.
    await asyncio.to_thread(_parse_tables, read, state, dataset, progress)
    graph_labels = await _graph_labels(state, lookup, progress)
    dataset.existing_ids = set(graph_labels) if lookup is not None else None
    _check_graph_conflicts(state, dataset, graph_labels)
    state.hints = await _reference_hints(state, dataset, graph_labels, candidates)
    await asyncio.to_thread(_resolve, state, dataset, graph_labels, skip_invalid)
    dataset.errors = sorted(read.errors + state.file_errors
                            + [i for v in state.errors.values() for i in v])
    dataset.warnings = sorted(state.warnings)
    dataset.notices = _date_notices(state)
    return dataset


# --- parsing --------------------------------------------------------------------------


def _parse_tables(read: ReadResult, state: _State, dataset: ValidatedDataset,
                  progress: Progress) -> None:
    progress.start(VALIDATING, sum(len(t.rows) for t in read.tables.values()))
    for spec in ENTITY_SPECS:
        table = read.tables.get(spec.file)
        if table is not None:
            _parse_entity_table(spec, table, state, dataset, progress)
    if "links" in read.tables:
        _parse_link_table(read.tables["links"], state, dataset, progress)
    if "funding" in read.tables:
        _parse_funding_table(read.tables["funding"], state, dataset, progress)
    if INDICATOR_FILE in read.tables:
        _parse_indicators(read.tables[INDICATOR_FILE], state, dataset, progress)
    _parse_pilot_tables(read, state, dataset)


def _check_header(table: SourceTable, known: Iterable[str], required: Iterable[str],
                  state: _State) -> bool:
    _check_unknown_columns(table, tuple(known), state)
    missing = [c for c in required if c not in table.header]
    for column in missing:
        state.error(table.display, 1, column, "required column is missing from the header")
    return not missing


def _check_unknown_columns(table: SourceTable, known: tuple[str, ...], state: _State) -> None:
    """An unknown column is an error (its data would be lost), or with
    --ignore-unknown-columns a warning; both suggest the column it most resembles."""
    for column in table.header:
        if not column or column in known:
            continue
        hint = column_hint(column, known)
        if not state.strict_columns:
            state.warnings.append(DatasetIssue(table.display, 1, column,
                                               f"unknown column ignored{hint}"))
            continue
        expected = "" if hint else f" (expected some of {', '.join(known)})"
        state.file_errors.append(DatasetIssue(
            table.display, 1, column,
            f"unknown column{expected}{hint} (--ignore-unknown-columns loads without it)"))


def _parse_fields(fields: Iterable[FieldSpec], row: SourceRow, file: str, state: _State,
                  props: dict[str, Any]) -> None:
    """Parse the cells of `fields` into `props`; an Excel date in a year column is read as
    its year, and a problem gets a hint where one exists. Runs for every cell of a load, so
    a cell costs a look-up and parse_cell unless its row holds Excel dates."""
    values, dates = row.values, row.dates
    for spec in fields:
        raw = values.get(spec.column, "")
        if dates and spec.column in dates:
            raw = _excel_date(spec, row, raw, file, state)
        try:
            props[spec.prop] = parse_cell(spec, raw)
        except CellError as e:
            state.error(file, row.line, spec.column, _hinted(spec, row, raw, e))


def _excel_date(spec: FieldSpec, row: SourceRow, raw: str, file: str, state: _State) -> str:
    """An Excel date cell in a year column as its year (noted); other cells unchanged."""
    year = year_of_date_text(raw) if is_year_field(spec) else None
    if year is None:
        return raw
    _note_date(state, file, row.line, spec.column, raw, year)
    return str(year)


def _hinted(spec: FieldSpec, row: SourceRow, raw: str, error: CellError) -> str:
    if is_year_field(spec):
        return f"{error}{year_hint(raw)}"
    if spec.column in row.dates:
        return f"{error} (the cell is an Excel date; format it as a number)"
    return str(error)


def _note_date(state: _State, file: str, line: int, column: str, raw: str, year: int) -> None:
    entry = state.dates.setdefault((file, column), [None, 0])
    if entry[0] is None:
        entry[0] = DatasetIssue(file, line, column,
                                f"Excel date {raw[:10]} read as the year {year}")
    entry[1] += 1


def _date_notices(state: _State) -> list[DatasetIssue]:
    notices = []
    for first, rows in state.dates.values():
        more = f" (and {rows - 1} more row{'s' if rows > 2 else ''} of this column)" if rows > 1 else ""
        notices.append(DatasetIssue(first.file, first.line, first.column, first.reason + more))
    return sorted(notices)


def _parse_entity_table(spec: EntitySpec, table: SourceTable, state: _State,
                        dataset: ValidatedDataset, progress: Progress) -> None:
    if not _check_header(table, spec.columns, ("id", "name"), state):
        return
    fields = [f for f in spec.all_fields if f.column in table.header]
    refs = tuple(r for r in spec.refs if r.column in table.header)
    dataset.ref_columns[spec.label] = refs
    records = dataset.entities.setdefault(spec.label, [])
    for row in counted(table.rows, progress):
        record = _parse_entity_row(spec, fields, refs, table.display, row, state)
        if record is not None:
            _parse_years(spec, table, row, record, state)
            records.append(record)


def _parse_years(spec: EntitySpec, table: SourceTable, row: SourceRow, record: EntityRecord,
                 state: _State) -> None:
    """The dates of the row's relationships and the year rules (loaders/dates.py)."""
    record.ref_props = parse_ref_dates(spec.refs, table.header, row.values, table.display,
                                       row.line, state.error)
    check_entity_years(spec, record.props, record.refs, record.ref_props, table.display,
                       row.line, state.error)


def _parse_entity_row(spec: EntitySpec, fields: list[FieldSpec], refs: tuple[RefSpec, ...],
                      file: str, row: SourceRow, state: _State) -> EntityRecord | None:
    values = row.values
    try:
        entity_id = parse_id(values.get("id", ""))
    except CellError as e:
        state.error(file, row.line, "id", str(e))
        return None
    where = f"{file}:{row.line}"
    if entity_id in state.first_seen:
        state.error(file, row.line, "id",
                    f"duplicate id {entity_id!r} (first defined at {state.first_seen[entity_id]})")
        return None
    state.first_seen[entity_id] = where
    state.labels[entity_id] = spec.label
    props: dict[str, Any] = {}
    _parse_fields(fields, row, file, state, props)
    record_refs: dict[str, list[str]] = {}
    for ref in refs:
        targets = split_list(values.get(ref.column, ""))
        if not ref.many and len(targets) > 1:
            state.error(file, row.line, ref.column, "takes a single id, not a list")
        record_refs[ref.column] = targets
        for target in targets:
            _queue_ref(state, file, row.line, ref.column, entity_id, target, ref.target_kinds)
    return EntityRecord(spec.label, entity_id, props, record_refs, file, row.line)


def _queue_ref(state: _State, file: str, line: int, column: str, owner: str, target: str,
               kinds: tuple[str, ...]) -> None:
    if kinds == ("ServiceStage",):
        if target not in STAGE_CODES:
            state.error(file, line, column,
                        f"unknown stage code {target!r} (expected one of {', '.join(STAGE_CODES)})"
                        + code_hint(target, SERVICE_STAGES))
        return
    if target == owner:
        state.error(file, line, column, f"{target!r} refers to itself")
        return
    state.refs.append(_Ref(file, line, column, owner, target, kinds))


def _parse_link_props(spec: LinkSpec, table: SourceTable, row: SourceRow,
                      state: _State) -> dict[str, Any]:
    props: dict[str, Any] = {}
    _parse_fields([f for f in spec.props if f.column in table.header], row, table.display,
                  state, props)
    check_link_years(spec, props, table.display, row.line, state.error)
    return props


def _parse_link_table(table: SourceTable, state: _State, dataset: ValidatedDataset,
                      progress: Progress) -> None:
    if not _check_header(table, LINK_COLUMNS, ("source_id", "type", "target_id"), state):
        return
    seen: dict[tuple[str, str, str], int] = {}
    for row in counted(table.rows, progress):
        rel_type = row.values.get("type", "").upper()
        spec = LINK_SPECS.get(rel_type)
        if spec is None:
            state.error(table.display, row.line, "type",
                        f"unknown link type {row.values.get('type', '')!r} "
                        f"(expected one of {', '.join(LINK_SPECS)})"
                        + choice_hint(row.values.get("type", ""), tuple(LINK_SPECS)))
            continue
        used = {f.column for f in spec.props}
        for column in ("year", "weight", "role", "amount_million_cny", "until"):
            if column not in used and row.values.get(column):
                state.warnings.append(DatasetIssue(
                    table.display, row.line, column, f"ignored: {rel_type} links have no {column}"))
        _add_link(spec, table, row, ("source_id", "target_id"), seen, state, dataset)


def _parse_funding_table(table: SourceTable, state: _State, dataset: ValidatedDataset,
                         progress: Progress) -> None:
    if not _check_header(table, FUNDING_COLUMNS, ("funder_id", "recipient_id"), state):
        return
    seen: dict[tuple[str, str, str], int] = {}
    for row in counted(table.rows, progress):
        _add_link(FUNDS_SPEC, table, row, ("funder_id", "recipient_id"), seen, state, dataset)


def _parse_indicators(table: SourceTable, state: _State, dataset: ValidatedDataset,
                      progress: Progress) -> None:
    if _check_header(table, INDICATOR_COLUMNS, INDICATOR_REQUIRED, state):
        dataset.indicators = parse_indicator_table(
            table, state.error,
            lambda file, line, column, owner, target, kinds: _queue_ref(
                state, file, line, column, owner, target, kinds),
            progress)


def _add_link(spec: LinkSpec, table: SourceTable, row: SourceRow, columns: tuple[str, str],
              seen: dict[tuple[str, str, str], int], state: _State,
              dataset: ValidatedDataset) -> None:
    source_col, target_col = columns
    ends: list[str] = []
    for column in (source_col, target_col):
        try:
            ends.append(parse_id(row.values.get(column, "")))
        except CellError as e:
            state.error(table.display, row.line, column, str(e))
    props = _parse_link_props(spec, table, row, state)
    if len(ends) != 2:
        return
    source, target = ends
    key = {k: props.get(k) for k in spec.key}
    pair = sorted((source, target)) if spec.rel_type == "PARTNERS_WITH" else [source, target]
    identity = (spec.rel_type, pair[0], pair[1] + "|" + repr(sorted(key.items())))  # undirected
    if identity in seen:
        state.error(table.display, row.line, source_col,
                    f"duplicate {spec.rel_type} link {source} -> {target} "
                    f"(first at line {seen[identity]})")
        return
    seen[identity] = row.line
    owner = f"{spec.rel_type}:{table.display}:{row.line}"
    _queue_ref(state, table.display, row.line, source_col, owner, source, spec.source_kinds)
    _queue_ref(state, table.display, row.line, target_col, owner, target, spec.target_kinds)
    if source == target:
        state.error(table.display, row.line, target_col, f"{target!r} links to itself")
        return
    dataset.links.setdefault(spec.rel_type, []).append(
        LinkRecord(spec.rel_type, source, target, key, props, table.display, row.line))


def _parse_pilot_tables(read: ReadResult, state: _State, dataset: ValidatedDataset) -> None:
    """The pilot lifecycle files (loaders/pilots.py); references join the common check."""
    def queue(file: str, line: int, column: str, owner: str, target: str,
              kinds: tuple[str, ...]) -> None:
        _queue_ref(state, file, line, column, owner, target, kinds)

    pilots = read.tables.get("pilots")
    if pilots is not None and _check_header(pilots, PILOT_COLUMNS,
                                            ("id", "name", "type", "subject_id",
                                             "province_id"), state):
        dataset.pilots = parse_pilots(pilots, state.error, queue, {})
    evaluations = read.tables.get("pilot_evaluations")
    if evaluations is not None and _check_header(evaluations, EVALUATION_COLUMNS,
                                                 ("pilot_id", "year", "verdict"), state):
        by_id = {p.id: p for p in dataset.pilots}
        dataset.evaluations = parse_evaluations(evaluations, state.error, by_id)


# --- references -----------------------------------------------------------------------


async def _graph_labels(state: _State, lookup: Lookup | None,
                        progress: Progress) -> dict[str, str]:
    if lookup is None:
        return {}
    wanted = sorted(set(state.labels) | {r.target for r in state.refs})
    progress.start(CHECKING, len(wanted))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), LOOKUP_STEP):  # in steps, so progress moves
        chunk = wanted[start:start + LOOKUP_STEP]
        found.update(await lookup(chunk))
        progress.advance(len(chunk))
    return found


async def _reference_hints(state: _State, dataset: ValidatedDataset,
                           graph_labels: dict[str, str],
                           candidates: GraphCandidates | None) -> dict[tuple[str, tuple[str, ...]], str]:
    """For every id that exists neither in the dataset nor in the graph, what it may have
    meant: an entity of an expected kind with that id in another case, that name, or a
    close id or name (loaders/suggest.py)."""
    unknown = {(r.target, r.kinds) for r in state.refs
               if r.target not in state.labels and r.target not in graph_labels}
    if not unknown:
        return {}
    pool = [Candidate(r.id, r.label, r.props.get("name"), r.props.get("nameZh"))
            for records in dataset.entities.values() for r in records]
    if candidates is not None:
        kinds = sorted({k for _, ks in unknown for k in ks})
        pool += await candidates(kinds, sorted({t.casefold() for t, _ in unknown}))
    suggester = ReferenceSuggester(pool)
    return {(t, ks): suggester.hint(t, ks) for t, ks in sorted(unknown)}


def _check_graph_conflicts(state: _State, dataset: ValidatedDataset,
                           graph_labels: dict[str, str]) -> None:
    for label, records in dataset.entities.items():
        for record in records:
            existing = graph_labels.get(record.id)
            if existing is not None and existing != label:
                state.error(record.file, record.line, "id",
                            f"id {record.id!r} already exists in the graph as a {existing}")


def _ref_problem(ref: _Ref, known: dict[str, str], graph_labels: dict[str, str],
                 defined: dict[str, str],
                 hints: dict[tuple[str, tuple[str, ...]], str]) -> str | None:
    label = known.get(ref.target) or graph_labels.get(ref.target)
    if label is None:
        if ref.target in defined:
            return f"{ref.target!r} is skipped because its own row is invalid"
        return (f"{ref.target!r} exists neither in the dataset nor in the graph"
                + hints.get((ref.target, ref.kinds), ""))
    if label not in ref.kinds:
        return f"{ref.target!r} is a {label}, expected {' or '.join(ref.kinds)}"
    return None


def _resolve(state: _State, dataset: ValidatedDataset, graph_labels: dict[str, str],
             skip_invalid: bool) -> None:
    """Check references; in skip mode drop bad rows and what refers to them, to a fixpoint."""
    known = dict(state.labels)
    checked: set[int] = set()
    while True:
        bad_rows = set(state.errors)
        if skip_invalid:
            for key, records in _rows_by_location(dataset).items():
                if key in bad_rows:
                    for entity_id in records:
                        known.pop(entity_id, None)
        new_errors = False
        for index, ref in enumerate(state.refs):
            if index in checked or (skip_invalid and (ref.file, ref.line) in bad_rows):
                continue
            problem = _ref_problem(ref, known, graph_labels, state.labels, state.hints)
            if problem is not None:
                state.error(ref.file, ref.line, ref.column, problem)
                checked.add(index)
                new_errors = True
        if not skip_invalid or not new_errors:
            break
    if skip_invalid:
        _drop_bad_rows(state, dataset)


def _rows_by_location(dataset: ValidatedDataset) -> dict[tuple[str, int], list[str]]:
    rows: dict[tuple[str, int], list[str]] = {}
    for records in dataset.entities.values():
        for record in records:
            rows.setdefault((record.file, record.line), []).append(record.id)
    return rows


def _drop_bad_rows(state: _State, dataset: ValidatedDataset) -> None:
    bad = set(state.errors)
    dataset.skipped = sorted(i for v in state.errors.values() for i in v)
    for label, records in dataset.entities.items():
        dataset.entities[label] = [r for r in records if (r.file, r.line) not in bad]
    for rel_type, links in dataset.links.items():
        dataset.links[rel_type] = [r for r in links if (r.file, r.line) not in bad]
    dataset.indicators = [r for r in dataset.indicators if (r.file, r.line) not in bad]
    dataset.pilots = [r for r in dataset.pilots if (r.file, r.line) not in bad]
    kept = {r.id for r in dataset.pilots}
    dataset.evaluations = [r for r in dataset.evaluations
                           if (r.file, r.line) not in bad and r.pilot in kept]
    state.errors.clear()

