"""The bilingual catalogue: every entry has both forms, and every code the analyses
return has an entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import analysis
import app
from analysis import text
from analysis.gaps import HandoffStatus, StageStatus
from analysis.progress import TARGETS
from analysis.score import DEFAULT_WEIGHTS
from analysis.vocab import STAGE_CODES, STAGE_NAMES, TALENT_KINDS
from graph.model import SERVICE_STAGES

CJK = re.compile(r"[\u4e00-\u9fff]")
ENTRIES = [(group, code, entry) for group, codes in text.catalogue().items()
           for code, entry in codes.items()]


@pytest.mark.parametrize(("group", "code", "entry"), ENTRIES,
                         ids=[f"{g}.{c}" for g, c, _ in ENTRIES])
def test_every_entry_has_chinese_and_english(group: str, code: str,
                                              entry: dict[str, str]) -> None:
    assert set(entry) >= {"en", "zh"}, f"{group}.{code} lacks a form"
    assert CJK.search(entry["zh"]), f"{group}.{code}: zh has no Chinese: {entry['zh']!r}"
    assert entry["en"].strip() and not CJK.search(entry["en"]), f"{group}.{code}: en"
    # the same placeholders in both forms, so a template fills in either language
    assert set(re.findall(r"{(\w+)}", entry["en"])) == set(re.findall(r"{(\w+)}", entry["zh"]))


@pytest.mark.parametrize(("group", "codes"), [
    ("stage", STAGE_CODES),
    ("status", [s.value for s in StageStatus]),
    ("handoff", [s.value for s in HandoffStatus]),
    ("component", list(DEFAULT_WEIGHTS)),
    ("plan_target", [t.id for t in TARGETS]),
    ("plan_unit", sorted({t.unit for t in TARGETS})),
    ("comparison", sorted({t.comparison for t in TARGETS})),
    ("talent", list(TALENT_KINDS)),
])
def test_every_code_has_an_entry(group: str, codes: list[str]) -> None:
    assert [c for c in codes if not text.has(group, c)] == []


def test_stage_names_agree_with_the_model_and_the_vocabulary() -> None:
    for code, en, zh in SERVICE_STAGES:
        assert (text.label("stage", code, "en"), text.label("stage", code, "zh")) == (en, zh)
        assert STAGE_NAMES[code] == (en, zh)


def test_languages() -> None:
    assert text.parse_lang(None) == "zh"
    assert text.parse_lang(" EN ") == "en"
    with pytest.raises(ValueError, match="expected zh or en"):
        text.parse_lang("fr")
    assert text.label("status", "COVERED", "zh").startswith("覆盖")
    assert text.label("stage", "unknown_code", "zh") == "unknown_code"


SOURCES = [Path(analysis.__file__).parent, Path(app.__file__).parent]
KEYS_IN_CODE = sorted({key for folder in SOURCES for path in folder.rglob("*.py")
                       for key in re.findall(r"""(?:phrase|text)\(f?["']([a-z_]+\.[a-z_]+)["']""",
                                             path.read_text(encoding="utf-8"))})


def test_code_finds_its_keys_in_the_catalogue() -> None:
    """Every literal `phrase("group.code")` / `text("group.code")` of analysis/ and app/."""
    assert len(KEYS_IN_CODE) > 40
    assert [k for k in KEYS_IN_CODE if not text.has(*k.split("."))] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phrases_render_names_in_the_language(lang: str) -> None:
    p = text.phrase("reason.hops", distance=2,
                    nearest=text.Bilingual("Zhongguancun TTC", "中关村技术转移中心"))
    assert p.render(lang) == {"en": "2 hops from Zhongguancun TTC in scope",
                              "zh": "距范围内的中关村技术转移中心 2步"}[lang]
