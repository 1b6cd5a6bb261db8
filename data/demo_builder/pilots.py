"""The demo's pilot records (`pilots.csv`, `pilot_evaluations.csv`) and the provincial
matching grants that make the README's 1:2 story hold, settled after the history pass.

- Cluster pilots: the ten of Guokefahuo [2013] No. 505 (real: subject and approval year
  2013; the notice gives no earlier dates, so applied and recommended carry 2013 as well).
- Service-system pilot parks: the six of `PILOTS` (synthetic steps: applied and recommended
  the year before approval, construction from approval for a three-year build period,
  evaluated in 2015 when the build period ended by 2014) with synthetic evaluations.
- Two synthetic applicants show the other ends of the lifecycle: Hangzhou's application,
  rejected in 2013, and Chengdu's city application of 2015, still pending.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from demo_builder.dataset import Dataset
from demo_builder.plan import CLUSTERS, NON_COMPLIANT_PILOT, PILOTS

LAST_YEAR = 2015
BUILD_YEARS = 3
EVALUATIONS: dict[str, tuple[float, str, bool]] = {  # synthetic 2015 evaluations
    "park-zhongguancun": (92.0, "excellent", True),
    "park-wuhan-east-lake": (85.0, "good", True),
    "park-shanghai-zhangjiang": (74.0, "pass", False),
}
NON_COMPLIANT_RATIO = 1.25
CLUSTER_ONLY_RATIO = 2.5


def add_pilots(data: Dataset, park_province: dict[str, str], parks: dict[str, Any]) -> None:
    for key, en, zh, park, _ in CLUSTERS:
        data.rows["pilots"].append({
            "id": f"pilot-cluster-{key}", "name": f"{en} cluster pilot",
            "name_zh": f"{zh}创新型产业集群试点", "type": "cluster_pilot",
            "subject_id": f"cluster-{key}", "province_id": park_province[park],
            "applied_year": 2013, "recommended_year": 2013, "approved_year": 2013,
            "in_construction_year": 2013, "build_start": 2013, "synthetic": False})
    for park, year in PILOTS.items():
        end = year + BUILD_YEARS - 1
        evaluated = end + 1 if end + 1 <= LAST_YEAR else None
        data.rows["pilots"].append({
            "id": f"pilot-{park}", "name": f"{parks[park]['short_en']} S&T service system pilot",
            "name_zh": f"{parks[park]['short_zh']}科技服务体系建设试点",
            "type": "service_system_park", "subject_id": park,
            "province_id": park_province[park], "applied_year": year - 1,
            "recommended_year": year - 1, "approved_year": year, "in_construction_year": year,
            "evaluated_year": evaluated, "build_start": year, "build_end": end,
            "synthetic": True})
        if park in EVALUATIONS and evaluated is not None:
            score, verdict, support = EVALUATIONS[park]
            data.rows["pilot_evaluations"].append({
                "pilot_id": f"pilot-{park}", "year": evaluated, "score": score,
                "verdict": verdict, "continued_support": support, "synthetic": True})
    data.rows["pilots"].append({
        "id": "pilot-park-hangzhou", "name": "Hangzhou S&T service system pilot application",
        "name_zh": "杭州高新区科技服务体系建设试点申报", "type": "service_system_park",
        "subject_id": "park-hangzhou", "province_id": park_province["park-hangzhou"],
        "applied_year": 2012, "recommended_year": 2012, "rejected_year": 2013,
        "synthetic": True})
    data.rows["pilots"].append({
        "id": "pilot-city-chengdu", "name": "Chengdu S&T service system pilot city application",
        "name_zh": "成都市科技服务体系建设试点城市申报", "type": "service_system_city",
        "subject_id": "region-chengdu", "province_id": park_province["park-chengdu"],
        "applied_year": 2015, "synthetic": True})


def _province_of_recipient(row: dict[str, Any], parks: dict[str, str],
                           members: dict[str, list[str]]) -> set[str]:
    """Every province whose pilots the grant's recipient could count for."""
    found = set()
    if row.get("park_id") in parks:
        found.add(parks[row["park_id"]])
    if row["id"] in parks:
        found.add(parks[row["id"]])
    found.update(members.get(row["id"], ()))
    return found


def settle_matching(data: Dataset, park_province: dict[str, str],
                    ratios: dict[str, float]) -> None:
    """Provincial `provincial_match` grants, added after the history pass fixed every year:
    each compliant province gets its pilot park's ratio (2.5 for a province with cluster
    pilots only) times ALL the Torch money its parks, their actors and its clusters'
    members received that year (whatever part of it the check counts, the ratio can only be
    higher); Shaanxi (Xi'an) gets 1.25 times its pilot park's Torch programme money only,
    so with anything else counted it stays below 2."""
    cluster_province = {f"cluster-{key}": park_province[park] for key, _, _, park, _ in CLUSTERS}
    members: dict[str, list[str]] = defaultdict(list)
    for link in data.rows["links"]:
        if link["type"] == "MEMBER_OF" and link["target_id"] in cluster_province:
            members[link["source_id"]].append(cluster_province[link["target_id"]])
    rows = {r["id"]: r for name in ("parks", "agencies", "platforms")
            for r in data.rows[name]}
    torch: dict[tuple[str, int], float] = defaultdict(float)
    for grant in data.rows["funding"]:
        if grant["funder_id"] != "torch-center":
            continue
        for province in _province_of_recipient(rows[grant["recipient_id"]], park_province,
                                               members):
            torch[province, int(grant["year"])] += float(grant["amount_million_cny"])
    for province, (recipient, since, ratio) in sorted(_matched(park_province, ratios).items()):
        for year in range(since, LAST_YEAR + 1):
            if recipient == NON_COMPLIANT_PILOT:
                base = sum(float(g["amount_million_cny"]) for g in data.rows["funding"]
                           if g["recipient_id"] == recipient and int(g["year"]) == year
                           and g["program"] == "torch_program")
            else:
                base = torch[province, year]
            if base > 0:
                data.fund(province, recipient, "provincial_match",
                          round(base * ratio + 0.005, 2), year)


def _matched(park_province: dict[str, str],
             ratios: dict[str, float]) -> dict[str, tuple[str, int, float]]:
    """Province -> (the park its matching grants go to, first pilot year, ratio)."""
    found: dict[str, tuple[str, int, float]] = {}
    for _key, _, _, park, _ in CLUSTERS:
        found.setdefault(park_province[park], (park, 2013, CLUSTER_ONLY_RATIO))
    for park, since in PILOTS.items():
        ratio = NON_COMPLIANT_RATIO if park == NON_COMPLIANT_PILOT else ratios[park]
        found[park_province[park]] = (park, since, ratio)
    return found
