"""Hypothesis strategies: random projection-shaped graphs around a scope."""

from __future__ import annotations

from hypothesis import strategies as st

from analysis.builder import GraphBuilder
from analysis.vocab import KINDS, STAGE_CODES
from tests.analysis.graphs import base

LABELS = ("Agency", "Platform", "TalentTeam")
INDUSTRIES = ("manufacturing", "equipment", "rail", "machinery", "software")
PARKS = ("park-a", "park-a2", "park-b")
SCOPES = ("park-a", "cl", "prov-a", "city-a")


@st.composite
def actor_specs(draw, index: int) -> dict:
    label = draw(st.sampled_from(LABELS))
    return {
        "id": f"x{index}",
        "label": label,
        "park": draw(st.sampled_from(PARKS)),
        "stages": draw(st.lists(st.sampled_from(STAGE_CODES), max_size=3, unique=True)),
        "industries": draw(st.lists(st.sampled_from(INDUSTRIES), max_size=2, unique=True)),
        "kind": draw(st.sampled_from(KINDS[label])),
        "open": draw(st.sampled_from([True, False, None])),
        "level": draw(st.sampled_from(["national", "provincial", None])),
        "staff": draw(st.one_of(st.none(), st.integers(0, 500))),
        "member": draw(st.booleans()),
    }


def add_actor(b: GraphBuilder, spec: dict) -> None:
    props = {k: spec[k] for k in ("kind", "staff") if spec.get(k) is not None}
    if spec["label"] == "Agency":
        props.update({k: spec[k] for k in ("level",) if spec.get(k) is not None})
        b.agency(spec["id"], spec["park"], spec["stages"], spec["industries"], **props)
    elif spec["label"] == "Platform":
        if spec.get("open") is not None:
            props["open"] = spec["open"]
        b.platform(spec["id"], spec["park"], spec["stages"], spec["industries"], **props)
    else:
        b.team(spec["id"], spec["park"], spec["stages"], spec["industries"], **props)
    if spec.get("member"):
        b.link(spec["id"], "MEMBER_OF", "cl")


def partnerable(spec: dict) -> bool:
    return spec["label"] in ("Agency", "Platform")


@st.composite
def scoped_graphs(draw, max_actors: int = 9):
    """(GraphBuilder, scope id, actor specs): a cluster `cl` in park-a focusing on a drawn
    industry set, random actors, partnerships, projects and funding."""
    b = base()
    focus = draw(st.lists(st.sampled_from(INDUSTRIES), max_size=2, unique=True))
    b.cluster("cl", parks=["park-a"], industries=focus, kind="service_zone")
    n = draw(st.integers(0, max_actors))
    specs = [draw(actor_specs(i)) for i in range(n)]
    for spec in specs:
        add_actor(b, spec)
    linkable = [s["id"] for s in specs if partnerable(s)]
    if len(linkable) >= 2:
        pairs = draw(st.lists(st.tuples(st.sampled_from(linkable), st.sampled_from(linkable)),
                              max_size=6))
        for u, v in pairs:
            if u != v:
                b.link(u, "PARTNERS_WITH", v)
    everyone = [s["id"] for s in specs]
    for p in range(draw(st.integers(0, 3))):
        supporters = draw(st.lists(st.sampled_from(everyone), max_size=3, unique=True)) \
            if everyone else []
        b.project(f"proj-{p}", draw(st.sampled_from(PARKS)), supporters=supporters,
                  status=draw(st.sampled_from(["landed", "proposed", "industrialized"])),
                  contractValueMillionCny=draw(st.floats(0, 2000)),
                  year=draw(st.integers(2008, 2016)))
    if draw(st.booleans()):
        b.link("prov-a", "FUNDS", "park-a", program="special", amountMillionCny=3.0, year=2013)
    return b, draw(st.sampled_from(SCOPES)), specs
