"""Deterministic synthetic datasets of any size, in the dataset-file format of DESIGN.md section 4.

`generate_dataset(out_dir, entities, seed)` writes `regions.csv`, `industries.csv`,
`parks.csv`, `clusters.csv`, `agencies.csv`, `platforms.csv`, `talent_teams.csv`,
`projects.csv`, `links.csv` and `funding.csv` with about `entities` rows in the eight entity
files together, and returns the number of rows written per file. Every row is marked
`synthetic=true`. The same `(entities, seed)` always gives byte-identical files.

Example::

    from pathlib import Path
    from loaders.generate import generate_dataset

    counts = generate_dataset(Path("/tmp/sts-100k"), 100_000, seed=42)
    print(counts["agencies"], counts["links"])   # then: stsgraph load /tmp/sts-100k

Shape (N = `entities`):

- regions: the 34 provincial-level divisions (fewer for tiny N) and up to 330 synthetic
  cities (N // 1000, at least one per province), each city `PART_OF` one province;
- industries: the fixed tree `INDUSTRY_TREE` (64 nodes: strategic emerging industries of the
  State Council's 2010 decision and later plans, a few leading industries, services);
- parks: N // 200, at least 3, at most 2,000; clusters: parks // 5;
- of the rest: agencies 45 %, platforms 15 %, talent teams 10 %, projects 30 %;
- links: about 1.5 N rows — PARTNERS_WITH (45 %, preferential attachment inside parks, so a
  few hubs collect many partners), SUPPORTS (35 %), INVESTS_IN (8 %), MEMBER_OF (12 %);
- funding: one provincial row per park, a Torch-style national row per pilot park, and
  subsidies for about 1 % of agencies and platforms.

Dates (DESIGN.md section 8, loaders/synthetic/years.py): about 4 % of actors, 3 % of clusters
and 1 % of parks closed (`closed_year`); 15 % of actors moved into their park after they
started (`park_since`) and 3 % left it (`park_until`); members joined their cluster in a
year both existed, and a tenth of partnerships and memberships ended (`until`).

Sizes are heavy-tailed: park popularity follows a Zipf law (exponent 1), so the largest park
holds about a tenth of all actors; partner degrees follow preferential attachment, and
project support and cluster membership are Pareto-distributed.

Every reference resolves inside the generated folder to an entity of the right kind; stage
codes come from `graph.model.STAGE_CODES`, enum values from the entity specs, years lie in
1985-2024, there are no self-loops, no duplicate links (a pair of partners appears once, in
one direction), `BRANCH_OF` points to an earlier national or provincial agency, and
`PART_OF` forms trees. Rows are streamed to disk with `csv.writer`; what stays in memory is
a few integer arrays (the park, founding year and kind of each actor, the park of each
project), so a million entities take about 50 MB of memory and
well under a minute on one core (25-40 s measured).
"""

from __future__ import annotations

from pathlib import Path

from loaders.synthetic.links import DatasetWriter
from loaders.synthetic.vocab import BRANDS, INDUSTRY_TREE, PROVINCES

# Changes whenever the same (entities, seed) gives other files, so that caches of generated
# datasets (benchmarks/common.py) are rebuilt: 2 added the dates of DESIGN.md section 8.
GENERATOR_VERSION = 2

__all__ = [
    "BRANDS",
    "GENERATOR_VERSION",
    "INDUSTRY_TREE",
    "PROVINCES",
    "generate_dataset",
]


def generate_dataset(out_dir: Path, entities: int, seed: int = 42) -> dict[str, int]:
    """Write a synthetic dataset of about `entities` entity rows to `out_dir`.

    Returns the number of data rows written per file (header rows not counted), in the order
    regions, industries, parks, clusters, agencies, platforms, talent_teams, projects, links,
    funding. Existing files of those names in `out_dir` are overwritten; other files are left
    alone.
    """
    if entities < 1:
        raise ValueError("entities must be at least 1")
    return DatasetWriter(Path(out_dir), int(entities), int(seed)).run()
