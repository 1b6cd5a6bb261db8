"""Schema extensions (one per module); EXTENSIONS is the ordered list the schema uses."""

from __future__ import annotations

from typing import Any

EXTENSIONS: list[Any] = []
