"""docs/analysis.md's target section is the one generated from analysis/targets.py, so the
page and the code cannot drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.targets_doc import MARK_BEGIN, MARK_END, main, replace_section, rules_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


def test_the_docs_section_is_the_generated_one() -> None:
    page = DOCS.read_text(encoding="utf-8")
    section = page[page.index(MARK_BEGIN):page.index(MARK_END) + len(MARK_END)]
    assert section == rules_markdown(), \
        "docs/analysis.md is stale: run python -m app.targets_doc --write docs/analysis.md"
    assert replace_section(page) == page


def test_a_page_without_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no targets:begin"):
        replace_section("# no markers here")


def test_write_replaces_only_the_section(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"# Title\n\n{MARK_BEGIN}\nstale\n{MARK_END}\n\nafter\n", encoding="utf-8")
    main(["--write", str(page)])
    assert page.read_text(encoding="utf-8") == f"# Title\n\n{rules_markdown()}\n\nafter\n"
