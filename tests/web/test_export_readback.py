"""The JavaScript formats of /export read back by the libraries that define them, in Node
(web/scripts/read-exports.mjs): graphology's import (what Sigma loads), vis-network's DataSets,
and Cytoscape.js itself — with the GraphQL subgraph's nodes and edges."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import httpx
import pytest

from app.settings import PROJECT_ROOT

WEB = PROJECT_ROOT / "web"
QUERY = """query($id: ID!, $depth: Int!, $limit: Int!) {
  neighborhood(id: $id, depth: $depth, limit: $limit) {
    truncated nodes { id } edges { source type target } } }"""
CASES = [("park-benxi", 1, 500), ("park-benxi", 2, 500), ("park-big", 1, 5000),
         ("park-zhongguancun", 2, 300)]


def read_back(fmt: str, content: bytes, tmp_path: Path) -> dict[str, object]:
    node = shutil.which("node")
    assert node, "Node is needed for the explorer (web/) and these tests"
    path = tmp_path / f"export.{fmt}.json"
    path.write_bytes(content)
    run = subprocess.run([node, "scripts/read-exports.mjs", fmt, str(path)], cwd=WEB,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("fmt", ["graphology", "vis", "cytoscape"])
@pytest.mark.parametrize(("center", "depth", "limit"), CASES)
def test_export_reads_back_in_its_library(explorer_url: str, tmp_path: Path, fmt: str,
                                          center: str, depth: int, limit: int) -> None:
    sub = httpx.post(f"{explorer_url}/graphql", json={"query": QUERY, "variables": {
        "id": center, "depth": depth, "limit": limit}}, timeout=120).json()["data"]["neighborhood"]
    response = httpx.get(f"{explorer_url}/export/neighborhood/{center}", params={
        "format": fmt, "depth": depth, "limit": limit}, timeout=120)
    assert response.status_code == 200, response.text
    got = read_back(fmt, response.content, tmp_path)
    assert got["nodes"] == len(sub["nodes"]) and got["edges"] == len(sub["edges"])
    assert got["nodeKeys"] == [n["id"] for n in sub["nodes"]]
    assert Counter(map(tuple, got["edgeTriples"])) == \
        Counter((e["source"], e["type"], e["target"]) for e in sub["edges"])
    if fmt == "graphology":
        assert (got["type"], got["multi"]) == ("directed", True)
        assert got["withoutSigmaAttributes"] == 0
        assert got["attributes"]["truncated"] is sub["truncated"]
    if fmt == "vis":
        assert got["dangling"] == 0
