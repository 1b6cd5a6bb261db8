"""Read the demo files back and check the deliberate findings with a small independent
implementation of the gap rules of DESIGN.md section 5."""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from pathlib import Path
from typing import Any

from demo_builder.plan import DEFAULT_CHAIN, FINDINGS, PILOTS


class Graph:
    """The demo files read back, with DESIGN.md section 5 gap rules on top."""

    def __init__(self, folder: Path):
        def rows(name: str) -> list[dict[str, str]]:
            with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
                return list(csv.DictReader(handle))

        self.parent = {r["id"]: r["parent_id"] for r in rows("industries")}
        self.parks = {r["id"]: r for r in rows("parks")}
        self.clusters = {r["id"]: r for r in rows("clusters")}
        self.actors: dict[str, dict[str, str]] = {}
        for name in ("agencies", "platforms", "talent_teams"):
            self.actors.update({r["id"]: r for r in rows(name)})
        self.links = rows("links")
        self.funding = rows("funding")
        self.partners = {frozenset((r["source_id"], r["target_id"])) for r in self.links
                         if r["type"] == "PARTNERS_WITH"}
        self.supports: dict[str, set[str]] = defaultdict(set)  # actor -> projects
        self.members: dict[str, set[str]] = defaultdict(set)
        for r in self.links:
            if r["type"] == "SUPPORTS":
                self.supports[r["source_id"]].add(r["target_id"])
            elif r["type"] == "MEMBER_OF":
                self.members[r["target_id"]].add(r["source_id"])

    @staticmethod
    def split(cell: str) -> list[str]:
        return [x for x in cell.split(";") if x]

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

    def scope(self, scope_id: str) -> tuple[set[str], list[str]]:
        if scope_id.startswith("park-"):
            parks, focus, extra = [scope_id], self.split(self.parks[scope_id]["industries"]), set()
        else:
            c = self.clusters[scope_id]
            parks, focus = self.split(c["park_ids"]), self.split(c["industries"])
            extra = {a for a in self.members[scope_id] if a in self.actors}
        actors = {a for a, r in self.actors.items() if r["park_id"] in parks} | extra
        return actors, focus

    def report(self, scope_id: str, chain: tuple[str, ...] = DEFAULT_CHAIN) -> dict[str, Any]:
        actors, focus = self.scope(scope_id)
        match = self.matching(focus)
        providers, status = {}, {}
        for stage in chain:
            prov = [a for a in actors if stage in self.split(self.actors[a]["stages"])]
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
                handoffs[(a, b)] = ("CONNECTED" if self.connected(providers[a], providers[b])
                                    else "BROKEN")
        return {"status": status, "handoffs": handoffs, "actors": len(actors),
                "providers": providers}

    def connected(self, xs: list[str], ys: list[str]) -> bool:
        return any(x == y or frozenset((x, y)) in self.partners
                   or self.supports[x] & self.supports[y] for x in xs for y in ys)

    def match_ratio(self, park: str) -> float:
        torch = sum(float(r["amount_million_cny"]) for r in self.funding
                    if r["recipient_id"] == park and r["program"] == "torch_program")
        prov = sum(float(r["amount_million_cny"]) for r in self.funding
                   if r["recipient_id"] == park and r["program"] == "provincial_match")
        return prov / torch if torch else float("nan")


def check_findings(g: Graph) -> list[str]:
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

