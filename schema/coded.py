"""`Coded`: a code with its text in English and Chinese, from the one catalogue
(analysis/catalogue.toml), as every analysis, plan and pilot type returns its codes."""

from __future__ import annotations

import strawberry

from analysis.text import label


@strawberry.type(description="A code with its text in English and Chinese.")
class Coded:
    code: str
    label: str
    label_zh: str


def coded(group: str, code: str) -> Coded:
    """`code` of the catalogue's `group`, with both texts."""
    return Coded(code=code, label=label(group, code, "en"), label_zh=label(group, code, "zh"))
