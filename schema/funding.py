"""GraphQL types of the matching-funds check (analysis/funding.py): one row per province
and year, with the grants counted and those excluded (and why)."""

from typing import Any

import strawberry

from analysis.funding import ALT_MATCH_RATIO, MATCH_RATIO
from analysis.text import label
from schema.analysis import EntityRef
from schema.coded import Coded


def _coded(group: str, code: str | None) -> Coded | None:
    if code is None:
        return None
    return Coded(code=code, label=label(group, code, "en"),  # type: ignore[call-arg]
                 label_zh=label(group, code, "zh"))


@strawberry.type(description="One FUNDS grant as the matching check saw it.")
class FundingGrant:
    funder: EntityRef
    recipient: EntityRef
    program: str | None
    amount_million_cny: float
    year: int | None
    pilot: EntityRef | None = strawberry.field(
        description="The pilot whose area the recipient is in (Torch funds).")

    @strawberry.field(description="`torch` or `matching` when counted.")
    def role(self, root: Any) -> Coded | None:
        return _coded("grant_role", root.role)

    @strawberry.field(description="Why the grant was not counted.")
    def reason(self, root: Any) -> Coded | None:
        return _coded("grant_reason", root.reason)


@strawberry.type(description="The readings of the seed's 1:2 and which one `compliant` uses.")
class MatchReading:
    reading: Coded
    minimum_ratio: float
    met: bool | None
    default: bool


@strawberry.type(description="Matching funds of one province in one year (不低于1:2的比例配套): "
                             "the province's special matching funds against the Torch "
                             "Center's special funds to its pilots, million CNY.")
class FundingMatch:
    province: EntityRef
    year: int
    pilots: list[EntityRef] = strawberry.field(description="Pilots active in the year.")
    torch_million_cny: float
    matching_million_cny: float = strawberry.field(
        description="Provincial grants of the matching programmes (docs/analysis.md).")
    ratio: float | None = strawberry.field(description="matching / Torch; null without "
                                                       "Torch funds.")
    compliant: bool | None = strawberry.field(description="Matching >= 2 x Torch (default).")
    compliant_alt_reading: bool | None = strawberry.field(
        description="The literal 1:2 reading: matching >= 0.5 x Torch.")
    counted: list[FundingGrant]
    excluded: list[FundingGrant]

    @strawberry.field(description="Both readings of 1:2.")
    def readings(self, root: Any) -> list[MatchReading]:
        return [MatchReading(reading=_coded("match_reading", code),  # type: ignore[call-arg,arg-type]
                             minimum_ratio=ratio, met=met, default=default)
                for code, ratio, met, default in (
                    ("province_twice_torch", MATCH_RATIO, root.compliant, True),
                    ("province_half_torch", ALT_MATCH_RATIO, root.compliant_alt_reading,
                     False))]

    @strawberry.field(deprecation_reason="Matching is per province (各省级科技行政管理部门); "
                                         "see `matchingMillionCny`.")
    def provincial_million_cny(self, root: Any) -> float:
        return float(root.matching_million_cny)

    @strawberry.field(deprecation_reason="Rows are per province; see `pilots`. Null.")
    def park(self) -> EntityRef | None:
        return None

    @strawberry.field(deprecation_reason="See `excluded`: the sum of the grants excluded.")
    def other_million_cny(self, root: Any) -> float:
        return round(sum((g.amount_million_cny for g in root.excluded), 0.0), 2)
