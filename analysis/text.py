"""Text people read, in Chinese or English, from the one catalogue (analysis/catalogue.toml).

>>> label("stage", "finance", "zh")
'科技金融'
>>> label("status", "THIN", "en")
'Thin: one matching provider'
>>> label("stage", "no_such_code", "en")
'no_such_code'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"  # planners read Chinese first


@cache
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """group -> code -> {"en": ..., "zh": ...}, as written in catalogue.toml."""
    raw = resources.files("analysis").joinpath("catalogue.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)  # type: ignore[return-value]


def parse_lang(value: str | None) -> Lang:
    """`zh` or `en` (None → the default, Chinese); ValueError naming both otherwise."""
    if value is None:
        return DEFAULT_LANG
    lang = value.strip().lower()
    if lang not in LANGS:
        raise ValueError(f"unknown language {value!r}; expected zh or en")
    return lang  # type: ignore[return-value]


def has(group: str, code: str) -> bool:
    return code in catalogue().get(group, {})


def label(group: str, code: str, lang: Lang = DEFAULT_LANG) -> str:
    """The catalogue's text for `group.code` in `lang`; the code itself when it has none
    (so an unknown code is shown, never hidden)."""
    entry = catalogue().get(group, {}).get(code)
    return code if entry is None else entry[lang]


def short_label(group: str, code: str, lang: Lang = DEFAULT_LANG) -> str:
    """The label up to its explanation (`缺失：范围内无服务提供方` → `缺失`)."""
    return label(group, code, lang).split("：")[0].split(": ")[0]


def text(key: str, lang: Lang = DEFAULT_LANG, **params: object) -> str:
    """A template `group.code` filled with `params` (`{name}` placeholders)."""
    group, _, code = key.partition(".")
    return label(group, code, lang).format(**params)


@dataclass(frozen=True)
class Bilingual:
    """A value with an English and a Chinese form (an entity's name and nameZh, a stage
    code and its Chinese label), chosen when a Phrase is rendered."""

    en: str
    zh: str

    def in_lang(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Phrase:
    """A catalogue template and its parameters, rendered in either language later.

    >>> p = Phrase("reason.same_province", (("province", Bilingual("Beijing", "北京市")),))
    >>> p.render("en"), p.render("zh")
    ('same province (Beijing)', '同省（北京市）')
    """

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, lang: Lang = DEFAULT_LANG) -> str:
        return text(self.key, lang, **{k: _render(v, lang) for k, v in self.params})


def phrase(key: str, **params: object) -> Phrase:
    return Phrase(key, tuple(params.items()))


def _render(value: object, lang: Lang) -> object:
    if isinstance(value, Phrase):
        return value.render(lang)
    if isinstance(value, Bilingual):
        return value.in_lang(lang)
    return value


def coded(group: str, code: str) -> Bilingual:
    """The code itself in English (as the API has always said it), the label in Chinese."""
    return Bilingual(code, label(group, code, "zh"))
