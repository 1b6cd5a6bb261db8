"""Read dataset files (CSV, JSONL, one XLSX workbook) into rows of strings with locations.

Every reader yields the same shape, so validation never cares where a row came from.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.model import DATASET_FILES
from loaders.issues import FILE_LEVEL, DatasetIssue
from loaders.years import recognise_east_asian_dates

SUFFIXES = (".csv", ".jsonl")
FALLBACK_ENCODING = "gb18030"  # superset of GBK/GB2312, what Excel in China writes


@dataclass(frozen=True)
class SourceRow:
    line: int
    values: dict[str, str]
    dates: frozenset[str] = frozenset()  # columns whose cell was an Excel date (ISO text)


@dataclass
class SourceTable:
    """One dataset file (or workbook sheet): its display name, header and rows."""

    stem: str
    display: str
    header: tuple[str, ...]
    rows: list[SourceRow] = field(default_factory=list)


@dataclass
class ReadResult:
    tables: dict[str, SourceTable] = field(default_factory=dict)
    errors: list[DatasetIssue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def read_dataset(path: Path) -> ReadResult:
    """Read a dataset folder, or a single .xlsx workbook, into tables keyed by file stem."""
    result = ReadResult()
    if path.is_file() and path.suffix.lower() == ".xlsx":
        _read_workbook(path, result)
        return result
    if not path.is_dir():
        result.errors.append(DatasetIssue(str(path), 0, FILE_LEVEL, "no such dataset folder"))
        return result
    try:
        files = sorted(path.iterdir())
    except OSError as e:
        result.errors.append(DatasetIssue(str(path), 0, FILE_LEVEL, _os_reason(e, "folder")))
        return result
    workbooks = [p for p in files if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$")]
    for workbook in workbooks:
        _read_workbook(workbook, result)
    for file in files:
        suffix = file.suffix.lower()
        if suffix not in SUFFIXES:
            continue
        if file.stem not in DATASET_FILES:
            result.notices.append(
                f"{file.name}: ignored (not a dataset file; expected {', '.join(DATASET_FILES)})"
            )
            continue
        if file.stem in result.tables:
            first = result.tables[file.stem].display
            result.errors.append(DatasetIssue(
                file.name, 0, FILE_LEVEL, f"{file.stem} is given twice (also as {first})"))
            continue
        text = _decode(file, result)
        if text is None:
            continue
        reader = _read_csv_text if suffix == ".csv" else _read_jsonl_text
        table = reader(file.stem, file.name, text, result)
        if table is not None:
            result.tables[file.stem] = table
    if not result.tables and not result.errors:
        result.errors.append(DatasetIssue(
            str(path), 0, FILE_LEVEL,
            f"no dataset files found (expected some of {', '.join(DATASET_FILES)} "
            "as .csv, .jsonl or sheets of one .xlsx)",
        ))
    return result


def _os_reason(error: OSError, what: str) -> str:
    """Why a file or folder cannot be read, and what to do about it."""
    if isinstance(error, PermissionError):
        return (f"cannot read this {what}: permission denied; give your user read access "
                "(or close the program that locks it) and load again")
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file; rename or move it out of the dataset folder"
    return f"cannot read this {what}: {error.strerror or error}"


def _decode(file: Path, result: ReadResult) -> str | None:
    try:
        data = file.read_bytes()
    except OSError as e:
        result.errors.append(DatasetIssue(file.name, 0, FILE_LEVEL, _os_reason(e, "file")))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode(FALLBACK_ENCODING)
        except UnicodeDecodeError:
            # offsets are into the bytes after a UTF-8 BOM, which `object` holds
            raw, bad = utf8_error.object, utf8_error.start
            line = raw.count(b"\n", 0, bad) + 1
            line_start = raw.rfind(b"\n", 0, bad) + 1
            column = len(raw[line_start:bad].decode("utf-8", "replace")) + 1
            result.errors.append(DatasetIssue(
                file.name, line, FILE_LEVEL,
                f"not valid UTF-8 (byte 0x{raw[bad]:02x} at character {column}) "
                "and not GBK/GB18030 either; save the file as UTF-8",
            ))
            return None
        result.notices.append(
            f"{file.name}: not UTF-8; read as GBK/GB18030 (how Excel in China saves CSV). "
            "Save as 'CSV UTF-8' to avoid ambiguity."
        )
        return text


def _normalise_header(names: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(n).strip().lower() if n is not None else "" for n in names)


def _read_csv_text(stem: str, display: str, text: str, result: ReadResult) -> SourceTable | None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = _normalise_header(next(reader))
    except StopIteration:
        result.errors.append(DatasetIssue(display, 1, FILE_LEVEL, "empty file (no header row)"))
        return None
    table = SourceTable(stem, display, header)
    line = reader.line_num + 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(cells) > len(header):
                    result.errors.append(DatasetIssue(
                        display, line, FILE_LEVEL,
                        f"{len(cells)} cells but the header has {len(header)} columns",
                    ))
                values = {h: (cells[i].strip() if i < len(cells) else "")
                          for i, h in enumerate(header)}
                table.rows.append(SourceRow(line, values))
            line = reader.line_num + 1
    except csv.Error as e:
        result.errors.append(DatasetIssue(display, line, FILE_LEVEL, f"malformed CSV: {e}"))
    return table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ";".join(_cell_text(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()


def _read_jsonl_text(stem: str, display: str, text: str, result: ReadResult) -> SourceTable | None:
    rows: list[SourceRow] = []
    columns: dict[str, None] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            result.errors.append(DatasetIssue(
                display, number, FILE_LEVEL, f"invalid JSON at character {e.colno}: {e.msg}"))
            continue
        if not isinstance(obj, dict):
            result.errors.append(DatasetIssue(
                display, number, FILE_LEVEL, "each line must be a JSON object"))
            continue
        values = {str(k).strip().lower(): _cell_text(v) for k, v in obj.items()}
        columns.update(dict.fromkeys(values))
        rows.append(SourceRow(number, values))
    header = tuple(columns)
    for row in rows:
        for column in header:
            row.values.setdefault(column, "")
    return SourceTable(stem, display, header, rows)


def _read_workbook(path: Path, result: ReadResult) -> None:
    from openpyxl import load_workbook  # imported lazily: only workbooks need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as e:
        result.errors.append(DatasetIssue(path.name, 0, FILE_LEVEL, _os_reason(e, "workbook")))
        return
    except Exception as e:  # openpyxl raises many unrelated types for a bad file
        result.errors.append(DatasetIssue(
            path.name, 0, FILE_LEVEL,
            f"unreadable workbook: {e}; open it in Excel and save it again as .xlsx"))
        return
    recognise_east_asian_dates(workbook)
    try:
        for sheet in workbook.worksheets:
            _read_sheet(path, sheet, result)
    except Exception as e:  # a corrupt sheet fails while it is parsed, not when opened
        result.errors.append(DatasetIssue(
            path.name, 0, FILE_LEVEL,
            f"unreadable workbook: {e}; open it in Excel and save it again as .xlsx"))
    finally:
        workbook.close()


def _read_sheet(path: Path, sheet: Any, result: ReadResult) -> None:
    stem = sheet.title.strip().lower()
    display = f"{path.name}#{sheet.title}"
    if stem not in DATASET_FILES:
        result.notices.append(f"{display}: sheet ignored (not a dataset file name)")
        return
    if stem in result.tables:
        result.errors.append(DatasetIssue(
            display, 0, FILE_LEVEL,
            f"{stem} is given twice (also as {result.tables[stem].display})"))
        return
    rows = sheet.iter_rows(values_only=True)
    try:
        header = _normalise_header(next(rows))
    except StopIteration:
        return
    table = SourceTable(stem, display, header)
    for number, cells in enumerate(rows, start=2):
        texts = [_cell_text(c) for c in cells]
        if any(texts):
            values = {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(header) if h}
            dates = frozenset(h for h, c in zip(header, cells, strict=False)
                              if h and isinstance(c, date))
            table.rows.append(SourceRow(number, values, dates))
    result.tables[stem] = table
