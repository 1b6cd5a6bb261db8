"""Service stages as results show them.

>>> stage_ref(None, "finance").to_dict()
{'code': 'finance', 'name': 'S&T finance', 'nameZh': '科技金融'}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from analysis.vocab import STAGE_NAMES


@dataclass(frozen=True)
class StageRef:
    """A stage code with its English and Chinese names."""

    code: str
    name: str
    name_zh: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "nameZh": self.name_zh}


def stage_ref(G: nx.MultiDiGraph | None, code: str) -> StageRef:
    """The stage's names from its ServiceStage node in G, else from the built-in table."""
    name, name_zh = STAGE_NAMES.get(code, (code, code))
    if G is not None and code in G:
        attrs = G.nodes[code]
        name = str(attrs.get("name") or name)
        name_zh = str(attrs.get("nameZh") or name_zh)
    return StageRef(code, name, name_zh)
