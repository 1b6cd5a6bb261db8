"""Parse one cell of a dataset file into a typed value, or explain why it cannot be."""

from __future__ import annotations

import math
import re
from typing import Any

from graph.model import FieldSpec, FieldType
from loaders.suggest import choice_hint

TRUE_WORDS = frozenset({"true", "1", "yes", "y", "t", "是"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "f", "否"})
MAX_TEXT = 2000
MAX_ID = 200
# Characters XML 1.0 cannot hold (the GraphML and GEXF exports are XML) and that no name
# means: C0 controls but tab, line feed and carriage return; DEL; lone surrogates; U+FFFE/F.
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class CellError(ValueError):
    """A cell's value does not fit its column; the message is the reason shown to the user."""


def parse_cell(spec: FieldSpec, raw: str) -> Any:
    """Return the typed value of `raw` for `spec`, None when empty; raise CellError if invalid."""
    if raw == "":
        if spec.required:
            raise CellError("required value is missing")
        return None
    if spec.type is FieldType.STR:
        if len(raw) > MAX_TEXT:
            raise CellError(f"text longer than {MAX_TEXT} characters")
        check_characters(raw)
        return raw
    if spec.type is FieldType.ENUM:
        value = raw.lower()
        if value not in spec.choices:
            raise CellError(f"unknown value {raw!r} (expected one of {', '.join(spec.choices)})"
                            + choice_hint(raw, spec.choices))
        return value
    if spec.type is FieldType.BOOL:
        word = raw.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(f"not a boolean: {raw!r} (use true/false, 1/0 or yes/no)")
    number = _parse_number(spec, raw)
    if spec.minimum is not None and number < spec.minimum:
        raise CellError(f"{raw} is below the minimum {spec.minimum:g}")
    if spec.maximum is not None and number > spec.maximum:
        raise CellError(f"{raw} is above the maximum {spec.maximum:g}")
    return number


def _parse_number(spec: FieldSpec, raw: str) -> int | float:
    text = raw.replace(",", "").replace("_", "")
    try:
        value = float(text)
    except ValueError:
        kind = "whole number" if spec.type is FieldType.INT else "number"
        raise CellError(f"not a {kind}: {raw!r}") from None
    if not math.isfinite(value):
        raise CellError(f"not a finite number: {raw!r}")
    if spec.type is FieldType.INT:
        if not value.is_integer():
            raise CellError(f"not a whole number: {raw!r}")
        return int(value)
    return value


def check_characters(raw: str) -> None:
    """CellError naming the first control character (or other non-text code point)."""
    found = FORBIDDEN_CHARS.search(raw)
    if found is not None:
        raise CellError(f"contains the non-text character U+{ord(found.group()):04X} (a "
                        f"control character) at position {found.start() + 1}; remove it")


def parse_id(raw: str) -> str:
    if raw == "":
        raise CellError("required value is missing")
    if len(raw) > MAX_ID:
        raise CellError(f"id longer than {MAX_ID} characters")
    check_characters(raw)
    if ";" in raw:
        raise CellError(f"id {raw!r} contains ';', which separates list items")
    return raw


def split_list(raw: str) -> list[str]:
    """Split a `;`-list cell, dropping blanks and repeats but keeping order."""
    return list(dict.fromkeys(part.strip() for part in raw.split(";") if part.strip()))
