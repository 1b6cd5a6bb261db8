"""The explorer in headless Chromium: how long a large neighborhood takes to appear and to
settle.

    STSGRAPH_BENCH_PORT=7693 python -m benchmarks.explorer --runs 5

Loads a park with `--agencies` agencies and `--partners` partnerships among them into the
benchmark Neo4j (kept for the next run of the same size), serves the real app, and opens
`/#/entity/park-big?depth=1&limit=N` in a fresh page per run (Debian's /usr/bin/chromium
through Playwright). Per run, from the page's own clock:

- first render: navigation start to Sigma's first frame of the graph (fetch, JSON, graph
  building and the WebGL draw included); the target is under 2 s;
- of which, in order: page load and start-up (navigation to the neighborhood's request
  sent), the GraphQL request (sent to its whole body received), JSON parsing, building the
  graphology graph, and Sigma (its constructor to that first frame); above 1,500 nodes that
  frame shows the nodes, sized by degree;
- edges drawn: navigation start to the next frame, in which the edges were added and drawn;
- layout start: the main thread handing the graph to the layout worker, after those frames;
- settled: the layout's start to its result applied: ForceAtlas2 runs a fixed number of
  iterations in a web worker and sends the positions back once
  (web/src/graph/layout.worker.ts).

WebGL: `--webgl swiftshader` (the default; there is no GPU here) runs Chromium's fastest
software path, SwiftShader through ANGLE, enabled explicitly (`--enable-unsafe-swiftshader`:
recent Chromium no longer falls back to it by itself); `--webgl gpu` lets Chromium use a GPU
as a desktop browser does (it falls back to software when there is none); `--webgl
disabled-gpu` is the tests' `--disable-gpu`. The renderer WebGL reports is printed and saved.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
from pathlib import Path
from typing import Any

from benchmarks.common import (
    BENCH_DATA,
    Row,
    bench_settings,
    ensure_dataset,
    free_port,
    make_row,
    print_rows,
    rows_payload,
    write_result,
)

BENCH = "explorer"
BIG_PARK = "park-big"
BASE_FLAGS = ["--headless", "--no-sandbox", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-dev-shm-usage"]
WEBGL_FLAGS = {
    "swiftshader": ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
    "gpu": ["--ignore-gpu-blocklist"],
    "disabled-gpu": ["--disable-gpu"],
}
CHROMIUM = "/usr/bin/chromium"
# Per-run figures the page publishes on the graph's container (web/src/views/entity.ts,
# web/src/graph/view.ts): sample name -> data attribute.
PHASES = {"first_render": "firstFrameAt", "start_up": "requestSentAt",
          "request": "requestMs", "parse": "parseMs",
          "build": "buildMs", "drawing": "firstRenderMs", "edges": "edgesFrameAt",
          "layout_start": "layoutStartMs", "settled": "settledMs"}
RENDERER = """() => { const gl = document.createElement("canvas").getContext("webgl");
  if (!gl) return "no WebGL";
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER); }"""


def write_big_park(folder: Path, agencies: int, partners: int, seed: int = 7) -> Path:
    """A park with `agencies` agencies in it and `partners` PARTNERS_WITH links among them."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)

    def write(name: str, header: list[str], rows: list[list[Any]]) -> None:
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)

    write("regions", ["id", "name", "name_zh", "kind", "parent_id"],
          [["region-big", "Big Province", "大省", "province", ""]])
    write("parks", ["id", "name", "name_zh", "level", "region_id"],
          [[BIG_PARK, "Big Hi-tech Park", "大型高新区", "national", "region-big"]])
    ids = [f"agency-big-{i:05d}" for i in range(agencies)]
    write("agencies", ["id", "name", "name_zh", "kind", "park_id", "stages"],
          [[a, f"Big Agency {i}", f"大型机构{i}", "consulting", BIG_PARK, "consulting"]
           for i, a in enumerate(ids)])
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < min(partners, agencies * (agencies - 1) // 2):
        a, b = sorted(rng.sample(ids, 2))  # a partnership is one per unordered pair
        pairs.add((a, b))
    write("links", ["source_id", "type", "target_id", "year", "weight"],
          [[a, "PARTNERS_WITH", b, 2014, 0.5] for a, b in sorted(pairs)])
    return folder


async def load_big_park(agencies: int, partners: int) -> None:
    """The big park in the benchmark Neo4j: reused when the store already holds this size."""
    marker = -(agencies * 1_000_000 + partners) - 1  # negative: not a generated dataset
    await ensure_dataset(bench_settings(), marker, lambda: write_big_park(
        BENCH_DATA / f"big-park-{agencies}-{partners}", agencies, partners))


def measure(url: str, limit: int, runs: int, webgl: str = "swiftshader") -> dict[str, Any]:
    """Open the neighborhood `runs` times (plus a warm-up) in fresh pages; timings in ms."""
    from playwright.sync_api import sync_playwright

    route = f"{url}/#/entity/{BIG_PARK}?depth=1&limit={limit}"
    samples: dict[str, list[float]] = {name: [] for name in PHASES}
    sizes: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=BASE_FLAGS + WEBGL_FLAGS[webgl])
        renderer = ""
        try:
            for run in range(runs + 1):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                page.goto(route)
                graph = page.locator("[data-testid=graph][data-settled-ms]")
                try:
                    graph.wait_for(state="attached", timeout=180_000)
                except Exception as e:
                    text = page.locator("main").inner_text()[:300]
                    raise RuntimeError(f"run {run}: the graph did not settle; the page "
                                       f"shows: {text!r}") from e
                values = graph.evaluate("el => ({...el.dataset})")
                renderer = str(page.evaluate(RENDERER))
                context.close()
                sizes = {"nodes": int(values["nodes"]), "edges": int(values["edges"])}
                if run == 0:
                    continue  # warm-up: the server's caches and Chromium's shader compiles
                # a graph of up to 1,500 nodes draws its edges in the first frame
                values.setdefault("edgesFrameAt", values["firstFrameAt"])
                for name, attribute in PHASES.items():
                    samples[name].append(float(values[attribute]))
        finally:
            browser.close()
    return {"samples": samples, "webgl": webgl, "renderer": renderer, **sizes}


def rows_of(result: dict[str, Any]) -> list[Row]:
    size = f"{result['nodes']:,} nodes / {result['edges']:,} edges"
    s = result["samples"]
    return [
        make_row(BENCH, f"first render, navigation to first frame, {size}", "ms",
                 s["first_render"], max_value=2000, target="< 2,000 ms"),
        make_row(BENCH, f"of which page load and start-up (to the request sent), {size}", "ms",
                 s["start_up"]),
        make_row(BENCH, f"of which the GraphQL request, {size}", "ms", s["request"]),
        make_row(BENCH, f"of which JSON parsing, {size}", "ms", s["parse"]),
        make_row(BENCH, f"of which building the graph, {size}", "ms", s["build"]),
        make_row(BENCH, f"of which Sigma draws the first frame, {size}", "ms", s["drawing"]),
        make_row(BENCH, f"edges drawn, navigation to their frame, {size}", "ms", s["edges"]),
        make_row(BENCH, f"layout start (after the edges' frame), {size}", "ms",
                 s["layout_start"]),
        make_row(BENCH, f"settled layout (ForceAtlas2 in a worker, applied), {size}",
                 "ms", s["settled"]),
    ]


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=5200)
    parser.add_argument("--partners", type=int, default=15_000)
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--webgl", choices=sorted(WEBGL_FLAGS), default="swiftshader")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    from benchmarks.payload import uvicorn_server

    asyncio.run(load_big_park(args.agencies, args.partners))
    with uvicorn_server(bench_settings(), free_port()) as url:
        result = measure(url, args.limit, args.runs, args.webgl)
    rows = rows_of(result)
    print_rows(rows, f"the explorer in headless Chromium (median of {args.runs} runs)")
    print(f"WebGL: --webgl {args.webgl} ({' '.join(WEBGL_FLAGS[args.webgl])}), "
          f"renderer {result['renderer']!r}")
    if not args.no_write:
        payload = {"rows": rows_payload(rows), "result": result,
                   "command": f"STSGRAPH_BENCH_PORT=7693 python -m benchmarks.explorer "
                              f"--runs {args.runs} --webgl {args.webgl}"}
        print(f"written to {write_result(BENCH, payload)}")
    return rows


if __name__ == "__main__":
    main()
