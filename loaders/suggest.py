"""Hints for dataset problems: "did you mean …?" for columns, codes and referenced ids.

Every function returns the hint to append to a reason (`"; did you mean 'region_id'?"`), or
an empty string when nothing is close enough to be worth saying. Ids are matched on their
exact text, case-insensitively, by the names (English or Chinese) of the entities they could
mean, and finally by closeness (difflib), so a cell holding `江苏省` suggests
`'region-jiangsu' (江苏省)`.

>>> column_hint("region", ["id", "name", "region_id", "industries"])
"; did you mean 'region_id'?"
>>> code_hint("tecnology_transfer", [("technology_transfer", "技术转移")])
"; did you mean 'technology_transfer' (技术转移)?"
>>> code_hint("技术转移", [("technology_transfer", "技术转移")])
"; did you mean 'technology_transfer' (技术转移)?"
"""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

ID_CUTOFF = 0.75  # how close (difflib ratio) an id must be to be suggested
NAME_CUTOFF = 0.7
MAX_SUGGESTIONS = 3
# difflib compares a word with every candidate; past this many comparisons in one validation
# only exact (name or case-insensitive id) matches are suggested, so a file full of bad ids
# against a graph of a million entities cannot make validation slow.
FUZZY_BUDGET = 400_000


@dataclass(frozen=True)
class Candidate:
    """An entity an id cell could have meant."""

    id: str
    label: str
    name: str | None = None
    name_zh: str | None = None


# (labels, words) -> the graph's entities of those labels; the words are the unresolved cells,
# lower-cased, so the lookup can return every entity named by one of them even when it cannot
# return them all.
GraphCandidates = Callable[[list[str], list[str]], Awaitable[list[Candidate]]]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def column_hint(column: str, known: Sequence[str]) -> str:
    """A hint for an unknown column: the known column it most resembles."""
    match = _closest(column.replace(" ", "_"), known)
    return f"; did you mean {match!r}?" if match else ""


def choice_hint(raw: str, choices: Sequence[str]) -> str:
    """A hint for an unknown enum value or link type (compared case-insensitively)."""
    folded = {c.casefold(): c for c in choices}
    match = _closest(raw.casefold().replace(" ", "_").replace("-", "_"), folded)
    return f"; did you mean {folded[match]!r}?" if match else ""


def code_hint(raw: str, codes: Sequence[tuple[str, ...]]) -> str:
    """A hint for an unknown code given as (code, name, …): matches a name exactly (any
    language, any case) or the code approximately."""
    word = _fold(raw)
    for code, *names in codes:
        if word in {_fold(n) for n in (code, *names)}:
            return f"; did you mean {code!r} ({names[-1]})?" if names else f"; did you mean {code!r}?"
    by_code = {c[0]: c for c in codes}
    match = _closest(word.replace(" ", "_"), by_code)
    if match is None:
        return ""
    labels = by_code[match][1:]
    return f"; did you mean {match!r} ({labels[-1]})?" if labels else f"; did you mean {match!r}?"


def _shown(candidate: Candidate, matched_name: str | None, word: str) -> str:
    if matched_name:
        return f"{candidate.id!r} ({matched_name})"
    cjk = any("\u3400" <= ch <= "\u9fff" for ch in word)
    name = (candidate.name_zh if cjk else candidate.name) or candidate.name or candidate.name_zh
    return f"{candidate.id!r} ({name})" if name else repr(candidate.id)


def _did_you_mean(found: list[tuple[Candidate, str | None]], word: str) -> str:
    shown = [_shown(c, name, word) for c, name in found[:MAX_SUGGESTIONS]]
    more = f" (or {len(found) - MAX_SUGGESTIONS} more)" if len(found) > MAX_SUGGESTIONS else ""
    return f"; did you mean {' or '.join(shown)}{more}?"


@dataclass
class ReferenceSuggester:
    """Suggests what an unresolved id cell meant, among candidates of the expected kinds."""

    candidates: list[Candidate]
    budget: int = FUZZY_BUDGET
    _by_label: dict[str, dict[str, Candidate]] = field(default_factory=dict, init=False)
    # label -> folded id or name -> [(candidate, the name matched, None for an id)]
    _folded: dict[str, dict[str, list[tuple[Candidate, str | None]]]] = field(
        default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for c in self.candidates:
            ids = self._by_label.setdefault(c.label, {})
            if c.id in ids:
                continue
            ids[c.id] = c
            folded = self._folded.setdefault(c.label, {})
            folded.setdefault(_fold(c.id), []).append((c, None))
            for name in {c.name_zh, c.name} - {None, ""}:
                folded.setdefault(_fold(str(name)), []).append((c, name))

    def hint(self, target: str, kinds: Sequence[str]) -> str:
        word = _fold(target)
        found = [m for kind in kinds for m in self._folded.get(kind, {}).get(word, [])]
        by_id = [m for m in found if m[1] is None]
        if by_id:
            return _did_you_mean(by_id, target) + " (ids are case-sensitive)"
        if found:
            return _did_you_mean(_unique(found), target)
        return self._fuzzy(target, kinds)

    def _fuzzy(self, target: str, kinds: Sequence[str]) -> str:
        by_id = {i: c for kind in kinds for i, c in self._by_label.get(kind, {}).items()}
        if not by_id or self.budget < 2 * len(by_id):
            return ""
        self.budget -= 2 * len(by_id)
        match = _closest(target, by_id, ID_CUTOFF)
        if match is not None:
            return _did_you_mean([(by_id[match], None)], target)
        by_name = {_fold(str(n)): (c, n) for c in by_id.values()
                   for n in (c.name, c.name_zh) if n}
        match = _closest(_fold(target), by_name, NAME_CUTOFF)
        return _did_you_mean([by_name[match]], target) if match is not None else ""


def _unique(found: list[tuple[Candidate, str | None]]) -> list[tuple[Candidate, str | None]]:
    seen: set[str] = set()
    out = []
    for c, name in found:
        if c.id not in seen:
            seen.add(c.id)
            out.append((c, name))
    return out
