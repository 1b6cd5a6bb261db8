"""Who is calling, as the GraphQL layer sees it: a role and the authenticated subject.

The credentials that produce a Principal (API keys, JWT) are checked in app/auth.py; the
schema only needs to know the role, so these types live here, below app/.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.IntEnum):
    """Roles in increasing power; a role may do everything the roles below it may."""

    VIEWER = 1
    PLANNER = 2
    EDITOR = 3
    ADMIN = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(r.label for r in cls)
            raise ValueError(f"unknown role {text!r}; expected one of {names}") from None


@dataclass(frozen=True)
class Principal:
    """An authenticated caller."""

    subject: str
    role: Role
    method: str = "api_key"  # "api_key" or "jwt"
    # An editor limited to these provinces (Region ids; docs/api-auth.md); None: no limit.
    provinces: frozenset[str] | None = None

    @property
    def province_limited(self) -> bool:
        """True for a province-scoped editor (admin is never limited)."""
        return self.provinces is not None and self.role < Role.ADMIN

    def has(self, role: Role) -> bool:
        return self.role >= role
