"""The demo's `indicators` file from the real figures of data/reference/headline_figures.csv.

Every row is real (synthetic=false) and keeps its source URL; turnover figures are given in
亿元 (100 million CNY) there and converted to the indicator's unit, million CNY (x 100).
"""

from __future__ import annotations

import csv
from typing import Any

from demo_builder.paths import HEADLINES

# reference metric -> (indicator code, factor to the indicator's unit)
METRICS: dict[str, tuple[str, float]] = {
    "tech_contract_turnover": ("tech_contract_turnover", 100.0),  # 亿元 -> million CNY
    "national_hitech_zones_count": ("national_hitech_zones", 1.0),
    "national_tech_transfer_demo_agencies": ("tech_transfer_demo_agencies", 1.0),
    "tech_property_trading_institutions": ("tech_property_trading_institutions", 1.0),
    "national_incubators": ("national_incubators", 1.0),
    "innovative_industrial_cluster_pilots_first_batch": ("cluster_pilots", 1.0),
}
UNITS = {"tech_contract_turnover": "million_cny", "national_hitech_zones": "zones",
         "tech_transfer_demo_agencies": "agencies",
         "tech_property_trading_institutions": "institutions",
         "national_incubators": "incubators", "cluster_pilots": "clusters"}


def _number(value: float) -> str:
    """A figure without float noise (746913.0 -> 746913, 3.5 stays)."""
    rounded = round(value, 4)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def national_indicators() -> list[dict[str, Any]]:
    """One national row per reference figure, sorted by indicator and year."""
    with HEADLINES.open(encoding="utf-8", newline="") as handle:
        figures = list(csv.DictReader(handle))
    rows = []
    for figure in figures:
        code, factor = METRICS[figure["metric"]]
        rows.append({"region_id": None, "indicator": code, "year": int(figure["year"]),
                     "value": _number(float(figure["value"]) * factor), "unit": UNITS[code],
                     "source": figure["source_url"], "synthetic": False})
    return sorted(rows, key=lambda r: (r["indicator"], r["year"]))
