"""The bilingual catalogue: every entry has both forms, and every code the analyses
return has an entry."""

from __future__ import annotations

import re

import pytest

from analysis import text
from analysis.gaps import HandoffStatus, StageStatus
from analysis.score import DEFAULT_WEIGHTS
from analysis.vocab import STAGE_CODES, STAGE_NAMES
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
