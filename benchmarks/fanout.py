"""How long the API takes to answer the fragment fan-out document, level by level.

Each fragment spreads the next one twice, so `levels` fragments expand to 2^levels copies
of the last. The document goes through the real schema (parsing, the limit extensions,
validation, execution) in this process, with the default settings; no Neo4j is needed
(`{ __typename }` only). Run it on two checkouts to compare:

    .venv/bin/python -m benchmarks.fanout --levels 10,14,18,20

Before the expansion was bounded, 20 levels took seconds and 25 did not finish.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from app.settings import Settings
from schema.context import Context
from schema.schema import schema


def fan_out(levels: int) -> str:
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    fragments.append(f"fragment F{levels} on Query {{ __typename }}")
    return "query { ...F0 } " + " ".join(fragments)


async def answer(levels: int) -> tuple[float, str]:
    context = Context(driver=None, settings=Settings())  # type: ignore[arg-type]
    start = time.perf_counter()
    result: Any = await schema.execute(fan_out(levels), context_value=context)
    seconds = time.perf_counter() - start
    outcome = "data" if not result.errors else \
        str((result.errors[0].extensions or {}).get("code", result.errors[0].message[:60]))
    return seconds, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="10,14,18,20,25,40")
    args = parser.parse_args()
    print(f"{'levels':>6}  {'bytes':>6}  {'ms':>9}  answer")
    for levels in (int(n) for n in args.levels.split(",")):
        asyncio.run(answer(3))  # warm the schema up
        seconds, outcome = asyncio.run(answer(levels))
        print(f"{levels:>6}  {len(fan_out(levels)):>6}  {seconds * 1000:>9.1f}  {outcome}")


if __name__ == "__main__":
    main()
