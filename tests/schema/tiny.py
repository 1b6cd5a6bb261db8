"""The `tiny` fixture dataset (tests/fixtures/datasets/tiny/) as the graph it becomes.

Tests compare API answers with these hand-written facts; `test_tiny_relationships_match_graph`
(test_subgraph.py) checks that this list is exactly what the loader writes.
"""

from __future__ import annotations

from tests.fixtures.tiny_graph import ENTITY_IDS, RELATIONSHIPS

__all__ = ["ENTITY_COUNT", "ENTITY_IDS", "KIND_OF", "RELATIONSHIPS"]

KIND_OF = {entity_id: kind for kind, ids in ENTITY_IDS.items() for entity_id in ids}
ENTITY_COUNT = sum(map(len, ENTITY_IDS.values()))  # 16

