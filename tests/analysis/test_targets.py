"""The target rules are in one place: docs/analysis.md's section is generated from them,
every code they and the counts return has both texts in the catalogue, and every quote is
the seed's own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import text
from analysis.target_counts import COUNTS
from analysis.targets import RULES, TARGET_IDS
from analysis.targets_doc import MARK_BEGIN, MARK_END, replace_section, rules_markdown
from graph.model import INDICATOR_UNITS
from tests.analysis.test_progress import rows_of
from tests.fixtures.plan_graph import seed_graph

DOCS = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"
SEED = "".join((Path(__file__).parent / "seed_targets.zh.txt").read_text(encoding="utf-8")
               .split())


def test_the_docs_section_is_the_generated_one() -> None:
    page = DOCS.read_text(encoding="utf-8")
    section = page[page.index(MARK_BEGIN):page.index(MARK_END) + len(MARK_END)]
    assert section == rules_markdown(), \
        "docs/analysis.md is stale: run python -m analysis.targets_doc --write docs/analysis.md"
    assert replace_section(page) == page


def test_a_page_without_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no targets:begin"):
        replace_section("# no markers here")


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
