"""The explorer's bilingual catalogue (web/src/i18n/catalogue.json) names exactly what the
server has: stages (with the server's own names), statuses, kinds (with the export palette),
relationship types, score components and plan targets."""

from __future__ import annotations

import json

from analysis.components import COMPONENTS
from analysis.progress import TARGETS
from analysis.vocab import ENTITY_LABELS, STAGE_NAMES
from app.settings import PROJECT_ROOT
from graph.export import KIND_COLORS
from graph.model import RELATIONSHIP_TYPES
from schema.schema import schema

CATALOGUE = json.loads((PROJECT_ROOT / "web" / "src" / "i18n" / "catalogue.json")
                       .read_text(encoding="utf-8"))


def _enum(name: str) -> set[str]:
    return set(schema._schema.get_type(name).values)  # type: ignore[union-attr]


def test_stages_are_the_servers_with_its_names() -> None:
    assert {code: (e["en"], e["zh"]) for code, e in CATALOGUE["stages"].items()} == STAGE_NAMES


def test_statuses_are_the_graphql_enums() -> None:
    assert set(CATALOGUE["stageStatus"]) == _enum("StageStatus")
    assert set(CATALOGUE["handoffStatus"]) == _enum("HandoffStatus")


def test_kinds_and_colours_match_the_model_and_the_exports() -> None:
    assert set(CATALOGUE["kinds"]) == {*ENTITY_LABELS, "ServiceStage"}
    assert {k: e["color"] for k, e in CATALOGUE["kinds"].items()} == KIND_COLORS


def test_relationships_components_and_targets() -> None:
    assert set(CATALOGUE["relationships"]) == set(RELATIONSHIP_TYPES)
    assert set(CATALOGUE["components"]) == set(COMPONENTS)
    assert set(CATALOGUE["targets"]) == {t.id for t in TARGETS}


def test_every_entry_has_both_languages() -> None:
    for table in CATALOGUE.values():
        for code, entry in table.items():
            assert entry["zh"].strip() and entry["en"].strip(), code
