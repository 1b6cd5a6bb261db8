"""Read the demo files back and check the deliberate findings with a small independent
implementation of the gap rules of DESIGN.md section 5, as of a year (section 8).

`year=None` is the present: every dated event of the demo lies in 2016 or before, so the
present is "closed entities and ended links left out, everything else in".
"""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from demo_builder.plan import DEFAULT_CHAIN, FINDINGS, PILOTS

Rows = Mapping[str, list[dict[str, str]]]
START = {"parks": "approved_year", "clusters": "established_year", "agencies": "founded_year",
         "platforms": "established_year", "talent_teams": "established_year",
         "projects": "year"}
ACTOR_FILES = ("agencies", "platforms", "talent_teams")


def read_rows(folder: Path) -> dict[str, list[dict[str, str]]]:
    def rows(name: str) -> list[dict[str, str]]:
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    return {name: rows(name) for name in (*START, "industries", "links", "funding")}


def _int(cell: str | None) -> int | None:
    return int(cell) if cell else None


def _holds(since: int | None, until: int | None, year: int | None) -> bool:
    if year is None:
        return until is None
    return (since is None or since <= year) and (until is None or until > year)


class Graph:
    """The demo rows (cells as text), with the gap rules on top."""

    def __init__(self, rows: Rows):
        self.parent = {r["id"]: r["parent_id"] for r in rows["industries"]}
        self.parks = {r["id"]: r for r in rows["parks"]}
        self.clusters = {r["id"]: r for r in rows["clusters"]}
        self.actors: dict[str, dict[str, str]] = {}
        for name in ACTOR_FILES:
            self.actors.update({r["id"]: r for r in rows[name]})
        self.span: dict[str, tuple[int | None, int | None]] = {
            r["id"]: (_int(r.get(START[name])), _int(r.get("closed_year")))
            for name in START for r in rows[name]}
        self.links = rows["links"]
        self.funding = rows["funding"]
        # partner pair / (actor, project) / (cluster, member) -> [(since, until)]
        self.partners: dict[frozenset[str], list[tuple[int | None, int | None]]] = {}
        self.supports: dict[str, dict[str, int | None]] = defaultdict(dict)
        self.members: dict[str, dict[str, tuple[int | None, int | None]]] = defaultdict(dict)
        for r in self.links:
            since, until = _int(r["year"]), _int(r.get("until"))
            if r["type"] == "PARTNERS_WITH":
                pair = frozenset((r["source_id"], r["target_id"]))
                self.partners.setdefault(pair, []).append((since, until))
            elif r["type"] == "SUPPORTS":
                self.supports[r["source_id"]][r["target_id"]] = since
            elif r["type"] == "MEMBER_OF":
                self.members[r["target_id"]][r["source_id"]] = (since, until)

    @classmethod
    def read(cls, folder: Path) -> Graph:
        return cls(read_rows(folder))

    @staticmethod
    def split(cell: str) -> list[str]:
        return [x for x in cell.split(";") if x]

    # --- time ---------------------------------------------------------------------------

    def exists(self, entity: str, year: int | None) -> bool:
        start, closed = self.span.get(entity, (None, None))
        if year is None:
            return closed is None
        return (start is None or start <= year) and (closed is None or closed > year)

    def located(self, actor: str, year: int | None) -> str | None:
        """The park the actor is in during `year` (None: none, or it does not exist)."""
        r = self.actors[actor]
        park = r["park_id"]
        if not park or not self.exists(actor, year) or not self.exists(park, year):
            return None
        return park if _holds(_int(r["park_since"]), _int(r["park_until"]), year) else None

    def partnered(self, x: str, y: str, year: int | None) -> bool:
        spans = self.partners.get(frozenset((x, y)), [])
        return any(_holds(s, u, year) for s, u in spans) and self.exists(x, year) \
            and self.exists(y, year)

    def projects_of(self, actor: str, year: int | None) -> set[str]:
        return {p for p, since in self.supports[actor].items()
                if _holds(since, None, year) and self.exists(p, year)}

    # --- gap rules ----------------------------------------------------------------------

    def matching(self, focus: list[str]) -> set[str]:
        children: dict[str, list[str]] = defaultdict(list)
        for child, parent in self.parent.items():
            if parent:
                children[parent].append(child)
        out: set[str] = set()
        for f in focus:
            x = f
            while x:
                out.add(x)
                x = self.parent.get(x, "")
            todo = [f]
            while todo:
                x = todo.pop()
                out.add(x)
                todo += children[x]
        return out

    def scope(self, scope_id: str, year: int | None = None) -> tuple[set[str], list[str]]:
        if scope_id.startswith("park-"):
            parks, focus, extra = [scope_id], self.split(self.parks[scope_id]["industries"]), set()
        else:
            c = self.clusters[scope_id]
            if not self.exists(scope_id, year):
                return set(), []
            parks, focus = self.split(c["park_ids"]), self.split(c["industries"])
            extra = {a for a, (s, u) in self.members[scope_id].items()
                     if a in self.actors and _holds(s, u, year) and self.exists(a, year)}
        actors = {a for a in self.actors if self.located(a, year) in parks} | extra
        return actors, focus

    def report(self, scope_id: str, chain: tuple[str, ...] = DEFAULT_CHAIN,
               year: int | None = None) -> dict[str, Any]:
        actors, focus = self.scope(scope_id, year)
        match = self.matching(focus)
        providers, status = {}, {}
        for stage in chain:
            prov = sorted(a for a in actors if stage in self.split(self.actors[a]["stages"]))
            matched = [a for a in prov
                       if not focus or set(self.split(self.actors[a]["industries"])) & match]
            providers[stage] = prov
            status[stage] = ("MISSING" if not prov else "MISMATCHED" if not matched
                             else "THIN" if len(matched) == 1 else "COVERED")
        handoffs = {}
        for a, b in itertools.pairwise(chain):
            if not providers[a] or not providers[b]:
                handoffs[(a, b)] = "UNKNOWN"
            else:
                handoffs[(a, b)] = ("CONNECTED" if self.connected(providers[a], providers[b],
                                                                  year) else "BROKEN")
        return {"status": status, "handoffs": handoffs, "actors": len(actors),
                "providers": providers, "members": sorted(actors)}

    def connected(self, xs: list[str], ys: list[str], year: int | None = None) -> bool:
        return any(x == y or self.partnered(x, y, year)
                   or self.projects_of(x, year) & self.projects_of(y, year)
                   for x in xs for y in ys)

    def match_ratio(self, park: str) -> float:
        torch = sum(float(r["amount_million_cny"]) for r in self.funding
                    if r["recipient_id"] == park and r["program"] == "torch_program")
        prov = sum(float(r["amount_million_cny"]) for r in self.funding
                   if r["recipient_id"] == park and r["program"] == "provincial_match")
        return prov / torch if torch else float("nan")


def check_findings(g: Graph) -> list[str]:
    """The deliberate findings, in the present."""
    problems = []
    for scope, check, _ in FINDINGS:
        kind, _, arg = check.partition(":")
        if kind == "funding":
            bad = [p for p in PILOTS if g.match_ratio(p) < 2]
            if bad != [scope]:
                problems.append(f"{scope}: non-compliant pilots are {bad}")
            continue
        rep = g.report(scope)
        status = rep["status"]
        if kind == "full":
            if set(status.values()) != {"COVERED"}:
                problems.append(f"{scope}: not all COVERED: {status}")
            for a in DEFAULT_CHAIN:  # every pair, so any chain order is connected
                for b in DEFAULT_CHAIN:
                    if a < b and not g.connected(rep["providers"][a], rep["providers"][b]):
                        problems.append(f"{scope}: {a} and {b} not connected")
        elif kind in ("missing", "thin", "mismatched"):
            if status[arg] != kind.upper():
                problems.append(f"{scope}: {arg} is {status[arg]}, expected {kind.upper()}")
        elif kind == "broken":
            a, b = arg.split(">")
            rep2 = g.report(scope, (a, b))
            if rep2["handoffs"][(a, b)] != "BROKEN" or "MISSING" in rep2["status"].values():
                problems.append(f"{scope}: {a}->{b} is {rep2['handoffs'][(a, b)]}")
            if set(status.values()) != {"COVERED"}:
                problems.append(f"{scope}: not all COVERED: {status}")
    return problems
