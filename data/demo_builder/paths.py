"""Where the demo builder reads and writes, and its seed."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
REFERENCE = ROOT / "data" / "reference" / "national_hitech_zones.csv"
OUT = ROOT / "data" / "demo"
SEED = 2013
HEADLINES = ROOT / "data" / "reference" / "headline_figures.csv"
