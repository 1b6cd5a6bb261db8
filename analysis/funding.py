"""Matching funds per province and year, as the plan says (五、保障措施): "各省级科技行政
管理部门要按照不低于1:2的比例安排专项经费予以配套支持" — the province's special matching funds
against the Torch Center's special funds to its pilots (docs/analysis.md, "Matching funds").

- **Torch funds** (火炬计划、创新基金): FUNDS from `torch-center`, or of a programme in
  TORCH_PROGRAMMES, in the year, to a pilot active that year (analysis.lifecycle) or to
  something inside it: an agency or platform LOCATED_IN a pilot park, a member of a pilot
  cluster, a park in a pilot city. Counted for the pilot's province.
- **Matching funds** (专项经费配套): FUNDS from a province (a Region of kind province) whose
  programme is in MATCHING_PROGRAMMES (the allow-list is data: not every provincial grant
  is a special matching fund). Counted for that province.
- Everything else the province or the Torch Center gave that year to recipients in the
  province is listed as excluded, with the reason. A grant without a year cannot be
  placed in a year and is listed as excluded (reason `undated`) in every year asked.
- Both readings of 1:2: province >= 2 x Torch (the default: "配套" of 1 Torch : 2
  province) and province >= 0.5 x Torch (the literal 1 province : 2 Torch).

>>> from analysis.builder import worked_example
>>> G = worked_example()
>>> G.nodes["park-a"].update(pilot=True, pilotYear=2012)
>>> [(m.province.id, m.torch_million_cny, m.matching_million_cny, m.compliant,
...   [g.reason for g in m.excluded]) for m in funding_match(G, 2013)]
[('prov-a', 5.0, 0.0, False, ['not_matching_programme'])]
>>> _ = G.add_edge("prov-a", "park-a", key="m", type="FUNDS", program="sts_pilot_matching",
...                amountMillionCny=10.0, year=2013)
>>> [(m.torch_million_cny, m.matching_million_cny, m.ratio, m.compliant)
...  for m in funding_match(G, 2013)]
[(5.0, 10.0, 2.0, True)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from analysis._graph import (
    EntityRef,
    as_float,
    as_int,
    label_of,
    prop,
    ref,
    successors,
)
from analysis.lifecycle import (
    is_active,
    legacy_pilot_parks,
    pilot_province,
    pilot_records,
    pilot_subject,
    recorded_subjects,
)
from analysis.scope import actor_province, province_of_park, province_of_region

TORCH_FUNDER_ID = "torch-center"
TORCH_PROGRAMMES: tuple[str, ...] = ("torch_program", "innovation_fund")  # 火炬计划、创新基金
# The provincial programmes that are special matching funds for the pilots (documented in
# docs/analysis.md and docs/data-format.md; `provincial_match` is the demo's older code).
MATCHING_PROGRAMMES: tuple[str, ...] = ("sts_pilot_matching", "provincial_match")
MATCH_RATIO = 2.0  # the default reading: province >= 2 x Torch
ALT_MATCH_RATIO = 0.5  # the literal reading: province >= 0.5 x Torch


@dataclass(frozen=True)
class Grant:
    """One FUNDS row as the check saw it: `role` torch / matching when counted, `reason`
    (a code of the catalogue's `grant_reason` group) when excluded."""

    funder: EntityRef
    recipient: EntityRef
    program: str | None
    amount_million_cny: float
    year: int | None
    role: str | None = None
    reason: str | None = None
    pilot: EntityRef | None = None  # the pilot subject whose area the recipient is in

    def to_dict(self) -> dict[str, Any]:
        return {"funder": self.funder.to_dict(), "recipient": self.recipient.to_dict(),
                "program": self.program, "amountMillionCny": self.amount_million_cny,
                "year": self.year, "role": self.role, "reason": self.reason,
                "pilot": None if self.pilot is None else self.pilot.to_dict()}


@dataclass(frozen=True)
class ProvinceMatch:
    """Torch and matching funds of one province in one year (million CNY)."""

    province: EntityRef
    year: int
    pilots: list[EntityRef]
    torch_million_cny: float
    matching_million_cny: float
    ratio: float | None
    compliant: bool | None
    compliant_alt_reading: bool | None
    counted: list[Grant] = field(default_factory=list)
    excluded: list[Grant] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"province": self.province.to_dict(), "year": self.year,
                "pilots": [p.to_dict() for p in self.pilots],
                "torchMillionCny": self.torch_million_cny,
                "matchingMillionCny": self.matching_million_cny, "ratio": self.ratio,
                "compliant": self.compliant, "compliantAltReading": self.compliant_alt_reading,
                "counted": [g.to_dict() for g in self.counted],
                "excluded": [g.to_dict() for g in self.excluded]}


def active_pilots(G: nx.MultiDiGraph, year: int) -> dict[str, str | None]:
    """Subject of every pilot active in `year` -> its province (legacy pilot parks too)."""
    found: dict[str, str | None] = {}
    for pilot in pilot_records(G):
        subject = pilot_subject(G, pilot)
        if subject is not None and is_active(G.nodes[pilot], year):
            found[subject] = pilot_province(G, pilot) or _province_of(G, subject)
    for park in legacy_pilot_parks(G, year, recorded_subjects(G)):
        found[park] = province_of_park(G, park)
    return found


def _province_of(G: nx.MultiDiGraph, node: str) -> str | None:
    label = label_of(G, node)
    if label == "Park":
        return province_of_park(G, node)
    if label == "Region":
        return province_of_region(G, node)
    if label == "Cluster":
        parks = sorted(p for p in successors(G, node, "LOCATED_IN")
                       if province_of_park(G, p) is not None)
        return province_of_park(G, parks[0]) if parks else None
    return actor_province(G, node)


def _containers(G: nx.MultiDiGraph, node: str) -> list[str]:
    """The node, its parks, the clusters it is a member of, and the regions of its parks."""
    parks = successors(G, node, "LOCATED_IN") if label_of(G, node) != "Cluster" else []
    own_parks = [node] if label_of(G, node) == "Park" else parks
    regions = [r for p in own_parks for r in successors(G, p, "IN_REGION")]
    return [node, *parks, *successors(G, node, "MEMBER_OF"), *regions]


def _pilot_of(G: nx.MultiDiGraph, recipient: str, pilots: dict[str, str | None]) -> str | None:
    return next((c for c in _containers(G, recipient) if c in pilots), None)


def _is_torch(funder: str, program: str | None) -> bool:
    return funder == TORCH_FUNDER_ID or program in TORCH_PROGRAMMES


def _classify(G: nx.MultiDiGraph, funder: str, recipient: str, data: dict[str, Any],
              year: int, pilots: dict[str, str | None]) -> tuple[str | None, Grant] | None:
    """(province it belongs to, grant as counted or excluded); None when the grant is
    another year's or concerns neither Torch nor a province."""
    grant_year = as_int(data.get("year"))
    if grant_year is not None and grant_year != year:
        return None
    program = data.get("program")
    program = None if program is None else str(program)
    amount = as_float(data.get("amountMillionCny")) or 0.0
    base = Grant(ref(G, funder), ref(G, recipient), program, amount, grant_year)
    torch = _is_torch(funder, program)
    provincial = label_of(G, funder) == "Region" and prop(G, funder, "kind") == "province"
    if not torch and not provincial:
        return None
    if grant_year is None:
        home = funder if provincial else _province_of(G, recipient)
        return home, _with(base, reason="undated")
    if provincial:
        if program in MATCHING_PROGRAMMES:
            return funder, _with(base, role="matching")
        return funder, _with(base, reason="not_matching_programme")
    pilot = _pilot_of(G, recipient, pilots)
    if pilot is None:
        return _province_of(G, recipient), _with(base, reason="not_in_pilot")
    return pilots[pilot], _with(base, role="torch", pilot=ref(G, pilot))


def _with(grant: Grant, **changes: Any) -> Grant:
    return Grant(**{**grant.__dict__, **changes})


def _grant_key(g: Grant) -> tuple[str, str, str]:
    return (g.funder.id, g.recipient.id, g.program or "")


def funding_match(G: nx.MultiDiGraph, year: int,
                  province: str | None = None) -> list[ProvinceMatch]:
    """One row per province (only `province`, when given) that in `year` had an active
    pilot, Torch funds or matching funds; sorted by province id. Each row lists the grants
    counted and those excluded (with the reason)."""
    pilots = active_pilots(G, year)
    grants: dict[str, list[Grant]] = {}
    for funder, recipient, data in G.edges(data=True):
        if data.get("type") != "FUNDS":
            continue
        placed = _classify(G, funder, recipient, data, year, pilots)
        if placed is not None and placed[0] is not None:
            grants.setdefault(placed[0], []).append(placed[1])
    provinces = {p for p in pilots.values() if p is not None} | {
        p for p, gs in grants.items() if any(g.role for g in gs)}
    rows = []
    for prov in sorted(provinces):
        if province is not None and prov != province:
            continue
        found = sorted(grants.get(prov, []), key=_grant_key)
        counted = [g for g in found if g.role]
        torch = round(sum((g.amount_million_cny for g in counted if g.role == "torch"), 0.0), 2)
        matching = round(sum((g.amount_million_cny for g in counted
                              if g.role == "matching"), 0.0), 2)
        ratio = round(matching / torch, 4) if torch > 0 else None
        rows.append(ProvinceMatch(
            ref(G, prov), year, [ref(G, s) for s in sorted(pilots) if pilots[s] == prov],
            torch, matching, ratio, None if ratio is None else ratio >= MATCH_RATIO,
            None if ratio is None else ratio >= ALT_MATCH_RATIO, counted,
            [g for g in found if not g.role]))
    return rows
