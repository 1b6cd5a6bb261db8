"""The nine targets of the plan as the seed words them: the one place their rules live.

Each rule quotes the seed's Chinese phrase (seed/torch-sts-service-system-plan.zh.txt,
section 二、工作目标) and names what is counted, over which window, in which area and
with which readings; the person-readable text of every code is in analysis/catalogue.toml
(groups `plan_*`). docs/analysis.md's target section is generated from here
(`python -m app.targets_doc --write docs/analysis.md`) and a test holds them equal.

>>> rule = RULES_BY_ID["leading_talents"]
>>> rule.goal, rule.comparison, rule.unit, rule.window, rule.area
(100.0, '>=', 'persons', 'plan', 'pilot_areas')
>>> "100名" in rule.quote
True
>>> is_met(90, 100, "~"), is_met(800_000, 800_000, ">")
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.text import Lang, text

PLAN_START = 2011  # the plan covers 2011-2015 (12th Five-Year Plan)
PLAN_END = 2015
ABOUT_MET_RATIO = 0.9  # "about N" (左右) counts as met from 90% of N: the project's choice
# Integration score of a zone "with strong resource integration": the project's own
# threshold (docs/scoring.md), not a figure of the seed.
AGGLOMERATION_SCORE_THRESHOLD = 60.0
GDP_SHARE_BASELINE = PLAN_START - 1  # "显著提升" is read against the year before the plan
# "国家重大科技成果和重点项目": the programme codes that count (plan_why.projects_landed).
LANDED_PROGRAMS: tuple[str, ...] = ("national_major", "key_rd")
ALT_LANDED_PROGRAMS: tuple[str, ...] = LANDED_PROGRAMS + ("torch",)
KEY_RD_FIRST_YEAR = 2016  # 国家重点研发计划 began in 2016 (review B7)


@dataclass(frozen=True)
class TargetRule:
    """One target: `window` plan (growth since PLAN_START), as_of (stock) or year (the year
    alone); `area` pilot_areas, whole or nation; `alternative` True when a second reading
    is computed. Texts: plan_target / plan_rule / plan_alt / plan_why.<id>."""

    id: str
    goal: float
    comparison: str  # ">=" at least, ">" more than, "~" about
    unit: str  # plan_unit.<code>
    quote: str  # the seed's words, verbatim
    window: str
    area: str
    alternative: bool = True


RULES: tuple[TargetRule, ...] = (
    TargetRule("backbone_agencies", 100.0, ">=", "agencies",
               "在试点地区培育成长不少于100家的服务专业化、运行规范化、发展规模化的骨干科技服务机构",
               "plan", "pilot_areas"),
    TargetRule("agencies_attracted", 1000.0, ">=", "agencies",
               "带动不少于1000家科技服务机构向试点地区集聚", "plan", "pilot_areas"),
    TargetRule("new_platforms", 100.0, "~", "platforms",
               "在试点地区围绕基础条件、综合服务、工程化开发等科技服务，新建100个左右的科技创新公共服务平台",
               "plan", "pilot_areas"),
    TargetRule("talent_bases", 10.0, "~", "bases",
               "根据试点地区科技服务发展方向的不同，推动建设10家左右科技服务特色人才培养基地",
               "plan", "pilot_areas"),
    TargetRule("innovation_teams", 100.0, ">=", "teams",
               "根据试点地区科技服务发展方向的不同，……培养100支科技服务创新团队", "plan", "pilot_areas"),
    TargetRule("leading_talents", 100.0, ">=", "persons",
               "根据试点地区科技服务发展方向的不同，……培养……100名科技服务领军人才",
               "plan", "pilot_areas"),
    TargetRule("projects_landed", 1000.0, ">=", "projects",
               "推动不少于1000项的国家重大科技成果和重点项目转化落地", "plan", "whole"),
    TargetRule("tech_contract_turnover", 800_000.0, ">", "million_cny",
               "带动全国技术市场合同交易总额到“十二五”末突破8000亿元", "year", "nation",
               alternative=False),
    TargetRule("agglomeration_zones", 20.0, "~", "zones",
               "建成20家左右资源整合能力强、服务功能完善、示范效应显著的科技服务体系集聚区，"
               "实现集聚区的科技服务业产值占GDP比例显著提升", "as_of", "whole"),
)
RULES_BY_ID: dict[str, TargetRule] = {r.id: r for r in RULES}
TARGET_IDS: tuple[str, ...] = tuple(RULES_BY_ID)
_PARAMS = {"start": PLAN_START, "threshold": f"{AGGLOMERATION_SCORE_THRESHOLD:g}",
           "baseline": GDP_SHARE_BASELINE}


def is_met(actual: float, goal: float, comparison: str) -> bool:
    """'>=' at least, '>' more than, '~' about (met from ABOUT_MET_RATIO of the goal)."""
    if comparison == ">":
        return actual > goal
    if comparison == "~":
        return actual >= ABOUT_MET_RATIO * goal
    return actual >= goal


def rule_text(group: str, target: str, lang: Lang) -> str:
    """plan_target / plan_rule / plan_alt / plan_why of a target, its numbers filled in."""
    return text(f"{group}.{target}", lang, **_PARAMS)


def window_text(rule: TargetRule, year: int, lang: Lang) -> str:
    return text(f"plan_window.{rule.window}", lang, start=PLAN_START, year=year)


def window_span(rule: TargetRule, year: int) -> tuple[int | None, int]:
    """The years whose records count: the plan so far, the year alone, or (a stock) every
    year up to `year` (None: no first year)."""
    if rule.window == "plan":
        return PLAN_START, year
    return (year, year) if rule.window == "year" else (None, year)
