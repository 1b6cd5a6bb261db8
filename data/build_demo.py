"""Build the demo dataset in `data/demo/` (run from anywhere: `python data/build_demo.py`).

Real skeleton, synthetic flesh:

- REAL (synthetic=false): the 174 national high-tech zones of
  `data/reference/national_hitech_zones.csv` as Parks, their provinces and cities as Regions,
  the ten first-batch innovative industrial clusters of 2013 as Clusters, the Torch Center as
  a funder, and an industry tree (the State Council's strategic emerging industries) from
  `loaders.generate.INDUSTRY_TREE`.
- SYNTHETIC (synthetic=true): every agency (except the Torch Center), platform, talent
  team, project, link and funding row, built with a fixed seed around ~28 well-known parks
  and sprinkled thinly elsewhere, shaped so that the analyses have deliberate findings
  (see `FINDINGS`).

The script rewrites `data/demo/*.csv` and `data/demo/README.md`, then reads the CSV files
back and checks, with a small independent implementation of the gap-analysis rules of
DESIGN.md section 5, that every deliberate finding holds. It exits non-zero if one does
not. The output is byte-identical on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "data")]

from demo_builder.builder import Builder  # noqa: E402
from demo_builder.checks import Graph, check_findings  # noqa: E402
from demo_builder.history import History  # noqa: E402
from demo_builder.funding_table import funding_table  # noqa: E402
from demo_builder.paths import OUT  # noqa: E402
from demo_builder.pilots import settle_matching  # noqa: E402
from demo_builder.readme import readme  # noqa: E402
from graph.model import SPEC_BY_FILE  # noqa: E402


def main() -> int:
    builder = Builder()
    data = builder.build()
    log = History(data).run()
    settle_matching(data, builder.park_province, builder.match_ratio)
    counts = data.write(OUT)
    real = {f: sum(1 for r in rows if r.get("synthetic") is False) for f, rows in data.rows.items()}
    g = Graph.read(OUT)
    problems = check_findings(g)
    funding = funding_table(data.text_rows())
    (OUT / "README.md").write_text(readme(counts, g, real, log, funding), encoding="utf-8")
    entities = sum(n for f, n in counts.items() if f in SPEC_BY_FILE)
    print(f"wrote {OUT}: {entities} entities, " + ", ".join(f"{f} {n}" for f, n in counts.items()))
    for p in problems:
        print("FINDING NOT MET:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
