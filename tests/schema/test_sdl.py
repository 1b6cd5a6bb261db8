"""The checked-in schema.graphql is the served schema (regenerate: `stsgraph export-schema`)."""

from __future__ import annotations

from app.settings import PROJECT_ROOT
from schema.schema import schema


def test_checked_in_sdl_matches_the_schema() -> None:
    checked_in = (PROJECT_ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert checked_in == schema.as_str() + "\n", (
        "schema.graphql is stale: run `stsgraph export-schema` and commit it")


def test_sdl_names_the_contract_fields() -> None:
    sdl = schema.as_str()
    for name in ("serviceChainGaps(", "integrationScore(", "clusterScores(", "planProgress(",
                 "pilotCandidates(", "centrality(", "communities(", "whatIf(", "neighborhood(",
                 "shortestPath(", "search(", "node(", "nodes("):
        assert name in sdl, name
