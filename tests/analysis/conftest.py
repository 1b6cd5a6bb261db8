from __future__ import annotations

import networkx as nx
import pytest

from analysis.builder import worked_example
from tests.analysis.graphs import base


@pytest.fixture
def example() -> nx.MultiDiGraph:
    """The worked example of docs/scoring.md."""
    return worked_example()


@pytest.fixture
def geo():
    """A GraphBuilder holding the shared geography and industries (see graphs.py)."""
    return base()
