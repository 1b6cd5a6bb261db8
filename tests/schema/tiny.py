"""The `tiny` fixture dataset (tests/fixtures/datasets/tiny/) as the graph it becomes.

Tests compare API answers with these hand-written facts; `test_tiny_relationships_match_graph`
(test_subgraph.py) checks that this list is exactly what the loader writes.
"""

from __future__ import annotations

ENTITY_IDS: dict[str, list[str]] = {
    "Region": ["r-bj", "r-bjc", "r-gd", "r-sz"],
    "Industry": ["i-bio", "i-it", "i-mob"],
    "Park": ["p-sz", "p-zgc"],
    "Cluster": ["c-mob"],
    "Agency": ["a-ttc", "a-ttc-sz", "a-vc"],
    "Platform": ["pl-test"],
    "TalentTeam": ["t-lead"],
    "Project": ["pr-5g"],
}
KIND_OF = {entity_id: kind for kind, ids in ENTITY_IDS.items() for entity_id in ids}
ENTITY_COUNT = sum(map(len, ENTITY_IDS.values()))  # 16

# (source, type, target, properties) — every relationship the loader writes for `tiny`.
RELATIONSHIPS: list[tuple[str, str, str, dict[str, object]]] = [
    ("r-bjc", "PART_OF", "r-bj", {}),
    ("r-sz", "PART_OF", "r-gd", {}),
    ("i-mob", "PART_OF", "i-it", {}),
    ("p-zgc", "IN_REGION", "r-bjc", {}),
    ("p-sz", "IN_REGION", "r-sz", {}),
    ("p-zgc", "FOCUSES_ON", "i-it", {}),
    ("p-sz", "FOCUSES_ON", "i-mob", {}),
    ("p-sz", "FOCUSES_ON", "i-bio", {}),
    ("c-mob", "LOCATED_IN", "p-zgc", {}),
    ("c-mob", "FOCUSES_ON", "i-mob", {}),
    ("a-ttc", "LOCATED_IN", "p-zgc", {}),
    ("a-ttc", "PROVIDES", "technology_transfer", {}),
    ("a-ttc", "PROVIDES", "consulting", {}),
    ("a-ttc", "SERVES_INDUSTRY", "i-it", {}),
    ("a-ttc-sz", "LOCATED_IN", "p-sz", {}),
    ("a-ttc-sz", "BRANCH_OF", "a-ttc", {}),
    ("a-ttc-sz", "PROVIDES", "technology_transfer", {}),
    ("a-ttc-sz", "SERVES_INDUSTRY", "i-mob", {}),
    ("a-vc", "LOCATED_IN", "p-sz", {}),
    ("a-vc", "PROVIDES", "finance", {}),
    ("pl-test", "LOCATED_IN", "p-zgc", {}),
    ("a-ttc", "OPERATES", "pl-test", {}),
    ("pl-test", "PROVIDES", "testing_certification", {}),
    ("pl-test", "SERVES_INDUSTRY", "i-mob", {}),
    ("t-lead", "LOCATED_IN", "p-zgc", {}),
    ("t-lead", "AFFILIATED_WITH", "a-ttc", {}),
    ("t-lead", "PROVIDES", "intellectual_property", {}),
    ("t-lead", "SERVES_INDUSTRY", "i-it", {}),
    ("pr-5g", "LANDED_IN", "p-zgc", {"year": 2014}),
    ("pr-5g", "IN_INDUSTRY", "i-mob", {}),
    ("a-ttc", "PARTNERS_WITH", "a-vc", {"year": 2012, "weight": 0.8}),
    ("a-ttc", "SUPPORTS", "pr-5g", {"role": "transfer", "year": 2014}),
    ("a-vc", "INVESTS_IN", "pr-5g", {"amountMillionCny": 25.0, "year": 2014}),
    ("a-vc", "MEMBER_OF", "c-mob", {}),
    ("r-bj", "FUNDS", "p-zgc", {"program": "provincial_match", "amountMillionCny": 20.0,
                                "year": 2013}),
    ("r-bj", "FUNDS", "p-zgc", {"program": "provincial_match", "amountMillionCny": 30.0,
                                "year": 2014}),
]
