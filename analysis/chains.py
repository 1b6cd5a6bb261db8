"""Service chains: ordered stage codes plus supporting stages, configured in `chains.toml`.

>>> chains = load_chains()
>>> chains["default"].stages[:2]
('research_development', 'testing_certification')
>>> from analysis.builder import GraphBuilder
>>> G = (GraphBuilder().industry("pharmaceuticals").industry("vaccines", parent="pharmaceuticals")
...      .build())
>>> choose_chain(G, ["vaccines"]).name      # matched through the ancestor
'biomedicine'
>>> choose_chain(G, [], name="next_gen_it").name
'next_gen_it'
>>> choose_chain(G, ["unknown-industry"]).name
'default'
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from analysis._graph import label_of, prop, walk
from analysis.vocab import STAGE_CODES

DEFAULT_CHAIN = "default"


class ChainError(KeyError):
    """An unknown chain name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown chain"


class ChainConfigError(ValueError):
    """A malformed chains file."""


@dataclass(frozen=True)
class Chain:
    """An ordered service chain; `supporting` stages serve it as a whole."""

    name: str
    stages: tuple[str, ...]
    supporting: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        if not self.stages:
            raise ChainConfigError(f"chain {self.name!r} needs at least one stage")

    @property
    def all_stages(self) -> tuple[str, ...]:
        """Chain stages then supporting stages."""
        return self.stages + self.supporting

    @property
    def handoffs(self) -> tuple[tuple[str, str], ...]:
        """Consecutive (from, to) pairs of chain stages."""
        return tuple(zip(self.stages, self.stages[1:], strict=False))

    def matches_industry(self, G: nx.MultiDiGraph, industry: str) -> bool:
        """True when `industry` is listed or one of the keywords occurs in its id or names."""
        if industry in self.industries:
            return True
        texts = [str(industry)] + [
            str(value) for value in (prop(G, industry, "name"), prop(G, industry, "nameZh"))
            if value
        ]
        haystack = " ".join(texts).lower()
        return any(keyword.lower() in haystack for keyword in self.keywords)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "stages": list(self.stages),
            "supporting": list(self.supporting),
            "industries": list(self.industries),
            "keywords": list(self.keywords),
            "description": self.description,
        }


def _string_list(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = table.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ChainConfigError(f"{where}: {key} must be a list of strings")
    return tuple(values)


def _parse_chain(name: str, table: Any) -> Chain:
    where = f"chains.{name}"
    if not isinstance(table, dict):
        raise ChainConfigError(f"{where}: must be a table")
    stages = _string_list(table, "stages", where)
    supporting = _string_list(table, "supporting", where)
    if not stages:
        raise ChainConfigError(f"{where}: stages must not be empty")
    unknown = [code for code in stages + supporting if code not in STAGE_CODES]
    if unknown:
        raise ChainConfigError(f"{where}: unknown stage code(s) {', '.join(unknown)}")
    duplicated = sorted(code for code, n in Counter(stages + supporting).items() if n > 1)
    if duplicated:
        raise ChainConfigError(f"{where}: stage(s) listed twice: {', '.join(duplicated)}")
    description = table.get("description", "")
    return Chain(
        name=name,
        stages=stages,
        supporting=supporting,
        industries=_string_list(table, "industries", where),
        keywords=_string_list(table, "keywords", where),
        description=str(description).strip(),
    )


@cache
def _load_packaged() -> tuple[Chain, ...]:
    text = resources.files("analysis").joinpath("chains.toml").read_text(encoding="utf-8")
    return _parse_chains(text, "analysis/chains.toml")


def _parse_chains(text: str, source: str) -> tuple[Chain, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChainConfigError(f"{source}: {exc}") from exc
    tables = data.get("chains")
    if not isinstance(tables, dict) or DEFAULT_CHAIN not in tables:
        raise ChainConfigError(f"{source}: needs a [chains.{DEFAULT_CHAIN}] table")
    return tuple(_parse_chain(name, table) for name, table in tables.items())


def load_chains(path: str | Path | None = None) -> dict[str, Chain]:
    """Chains by name, in file order; `path` None reads the packaged `chains.toml`.

    Raises ChainConfigError for unknown stage codes, duplicates or a missing default.
    """
    if path is None:
        chains = _load_packaged()
    else:
        chains = _parse_chains(Path(path).read_text(encoding="utf-8"), str(path))
    return {chain.name: chain for chain in chains}


def get_chain(name: str, chains: Mapping[str, Chain] | None = None) -> Chain:
    """The chain called `name`; ChainError lists the known names otherwise."""
    known = load_chains() if chains is None else chains
    if name not in known:
        raise ChainError(f"unknown chain {name!r}; known chains: {', '.join(known)}")
    return known[name]


def _vote_of(G: nx.MultiDiGraph, industry: str, candidates: list[Chain]) -> Chain | None:
    """The chain matching `industry`, else its nearest ancestor that some chain matches."""
    lineage = [industry] + [
        node for node in walk(G, [industry], "PART_OF", upward=True)
        if label_of(G, node) in (None, "Industry")
    ]
    for node in lineage:
        for chain in candidates:
            if chain.matches_industry(G, node):
                return chain
    return None


def choose_chain(
    G: nx.MultiDiGraph,
    focus_industries: Iterable[str],
    name: str | None = None,
    chains: Mapping[str, Chain] | None = None,
) -> Chain:
    """The chain to analyse a scope with.

    An explicit `name` wins (ChainError when unknown). Otherwise every focus industry votes
    for the first chain (file order) matching it or its nearest matched ancestor, or for the
    default chain when none does; the chain with most votes wins and a tie between the
    leaders gives the default chain (a scope with mixed focus gets the generic chain).
    """
    known = load_chains() if chains is None else chains
    if name is not None:
        return get_chain(name, known)
    candidates = [chain for chain in known.values() if chain.name != DEFAULT_CHAIN]
    votes: Counter[str] = Counter()
    for industry in sorted(set(focus_industries)):
        chain = _vote_of(G, industry, candidates)
        votes[DEFAULT_CHAIN if chain is None else chain.name] += 1
    ranked = votes.most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return get_chain(DEFAULT_CHAIN, known)
    return known[ranked[0][0]]
