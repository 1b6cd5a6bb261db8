"""The whole-graph projection built straight from a dataset's files, without Neo4j.

`project_whole` after `stsgraph load` is how the API builds its analysis graph. At 1M
entities, loading (7-13 minutes and 5.5 GB of loader memory on the benchmark machine) and
projecting the whole store take longer than the algorithms being measured, so the
algorithms benchmark builds the same graph from the validated files for sizes above its
`--neo4j-max`: the same nodes (with their label and typed properties), the same
relationships keyed as `project_whole` keys them. tests/benchmarks/test_algorithms_harness.py
checks that both give the same nodes, edges and collaboration graph for a generated dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from graph.model import ENTITY_SPECS, SERVICE_STAGES
from graph.projections import _edge_key
from graph.queries import KEY_PROPERTY, KEYED_RELATIONSHIPS
from loaders.load import dataset_name, validate_path


def _present(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def _part(text: str) -> str:
    return f"{len(text)}:{text}"


def relationship_key(rel_type: str, source: str, target: str, props: dict[str, Any]) -> str:
    """The `relKey` the loader stores on a keyed relationship (graph.queries.relationship_key,
    computed in Cypher there)."""
    if rel_type == "FUNDS":
        year = props.get("year")
        return (f"{_part(source)}>{_part(target)}|{_part(props.get('program') or '')}|"
                f"{'' if year is None else year}")
    low, high = sorted((source, target))
    return f"{_part(low)}~{_part(high)}"


async def graph_from_dataset(path: Path) -> nx.MultiDiGraph:
    """The MultiDiGraph `project_whole` would return once `path` is loaded into an empty
    store (the service stages included); raises DatasetError when the dataset is invalid."""
    dataset = (await validate_path(path, None)).dataset
    G = nx.MultiDiGraph()
    for order, (code, name, name_zh) in enumerate(SERVICE_STAGES, start=1):  # as migrated
        G.add_node(code, code=code, name=name, nameZh=name_zh, order=order,
                   label="ServiceStage")
    written_by = dataset_name(path)  # the loader records it on entities, links and funding
    for spec in ENTITY_SPECS:
        for record in dataset.entities.get(spec.label, []):
            G.add_node(record.id, **_present(record.props), source=written_by, label=spec.label)
    for spec in ENTITY_SPECS:
        for ref in dataset.ref_columns.get(spec.label, ()):
            for record in dataset.entities.get(spec.label, []):
                props = _present({**record.ref_props.get(ref.column, {}),
                                  **({"year": record.props.get(ref.year_from)}
                                     if ref.year_from else {})})
                for target in record.refs.get(ref.column, []):
                    start, end = (record.id, target) if ref.outgoing else (target, record.id)
                    G.add_edge(start, end, key=_edge_key(ref.rel_type, props),
                               type=ref.rel_type, **props)
    for rel_type, links in dataset.links.items():
        for link in links:
            props = _present({**link.key, **link.props, "source": written_by})
            start, end = link.source, link.target
            if rel_type == "PARTNERS_WITH" and end < start:
                start, end = end, start  # stored once, smaller id first
            if rel_type in KEYED_RELATIONSHIPS:
                props[KEY_PROPERTY] = relationship_key(rel_type, start, end, props)
            G.add_edge(start, end, key=_edge_key(rel_type, props), type=rel_type, **props)
    return G
