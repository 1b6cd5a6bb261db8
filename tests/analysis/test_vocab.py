"""analysis/vocab.py mirrors graph/model.py (analysis may not import graph/)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis import vocab
from graph import model

ANALYSIS_DIR = Path(__file__).resolve().parents[2] / "analysis"


def test_stage_codes_and_names_match_the_model():
    assert vocab.STAGE_CODES == model.STAGE_CODES
    assert {code: (en, zh) for code, en, zh in model.SERVICE_STAGES} == vocab.STAGE_NAMES


@pytest.mark.parametrize("label", ["Agency", "Platform", "TalentTeam"])
def test_actor_kinds_match_the_model(label):
    assert vocab.KINDS[label] == model.SPEC_BY_LABEL[label].subtype.choices


def test_labels_and_relationship_types_match_the_model():
    assert vocab.ACTOR_LABELS == model.ACTOR_LABELS
    assert set(vocab.ENTITY_LABELS) == set(model.ENTITY_LABELS)
    assert set(vocab.RELATIONSHIP_TYPES) == set(model.RELATIONSHIP_TYPES)


@pytest.mark.parametrize("rel", sorted(model.LINK_SPECS))
def test_link_rules_allow_what_the_model_allows(rel):
    spec = model.LINK_SPECS[rel]
    sources, targets = vocab.LINK_RULES[rel]
    assert set(spec.source_kinds) <= set(sources)
    assert set(spec.target_kinds) <= set(targets)


def _imports(path: Path) -> set[str]:
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    return imported


# The fast backend's library, behind analysis/backends.py (which only checks that it can be
# imported): docs/architecture.md.
IGRAPH_MODULES = {"_igraph.py"}


def test_analysis_never_imports_neo4j_or_graph():
    imported = {path.name: _imports(path) for path in ANALYSIS_DIR.glob("*.py")}
    everything = set().union(*imported.values())
    assert "neo4j" not in everything
    assert "graph" not in everything
    assert everything <= {"__future__", "analysis", "networkx", "igraph", "collections",
                          "contextlib", "contextvars", "dataclasses", "enum", "functools",
                          "importlib", "itertools", "math", "os", "pathlib", "random",
                          "threading", "tomllib", "types", "typing", "warnings"}
    assert {name for name, found in imported.items() if "igraph" in found} == IGRAPH_MODULES


def test_pilot_vocabulary_matches_the_lifecycle():
    from graph import lifecycle
    assert vocab.PILOT_STEP_PROPS == lifecycle.STEP_PROPS
    assert vocab.PILOT_TYPES == lifecycle.PILOT_TYPES
