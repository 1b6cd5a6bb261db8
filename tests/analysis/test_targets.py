"""The target rules are in one place: every code they and the counts return has both texts
in the catalogue, and every quote is the seed's own words (the docs: tests/app/
test_targets_doc.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import text
from analysis.target_counts import COUNTS
from analysis.targets import RULES, TARGET_IDS
from graph.model import INDICATOR_UNITS
from tests.analysis.test_progress import rows_of
from tests.fixtures.plan_graph import seed_graph

SEED = "".join((Path(__file__).parent / "seed_targets.zh.txt").read_text(encoding="utf-8")
               .split())


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_quotes_the_seed_and_has_both_texts(rule) -> None:
    assert all(part in SEED for part in rule.quote.split("……")), rule.quote
    for group in ("plan_target", "plan_rule", "plan_why") + (("plan_alt",) if rule.alternative
                                                            else ()):
        assert text.has(group, rule.id), f"{group}.{rule.id}"
    for group, code in (("plan_window", rule.window), ("plan_area", rule.area),
                        ("plan_unit", rule.unit)):
        assert text.has(group, code), f"{group}.{code}"


def test_every_count_has_a_rule_and_every_caveat_a_text() -> None:
    assert tuple(COUNTS) == TARGET_IDS
    caveats = {code for row in rows_of(seed_graph()).values() for code, _ in row.caveats}
    assert caveats and all(text.has("plan_caveat", c) for c in caveats)
    assert text.has("plan_missing", "no_indicator")


@pytest.mark.parametrize("code", list(INDICATOR_UNITS))
def test_every_indicator_code_and_unit_has_both_texts(code: str) -> None:
    assert text.has("indicator", code) and text.has("plan_unit", INDICATOR_UNITS[code])
