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


def text(key: str, lang: Lang = DEFAULT_LANG, **params: object) -> str:
    """A template `group.code` filled with `params` (`{name}` placeholders)."""
    group, _, code = key.partition(".")
    return label(group, code, lang).format(**params)
