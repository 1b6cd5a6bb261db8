"""The pilot lifecycle of the plan (四、组织实施: 申报 → 推荐 → 批复 → 建设 → 评价 → 完成),
as data and the one rule both the loader (`pilots` files) and the API (`advancePilot`)
apply. Pure Python: no driver.

A pilot moves one step at a time along STEPS; `rejected` is reachable only from `applied`
or `recommended` and, like `completed`, ends the lifecycle.

>>> transition_problem("applied", 2012, "approved", 2013)
'no approval without a recommendation: the pilot is applied, the next step is recommended'
>>> transition_problem("recommended", 2012, "approved", 2013) is None
True
>>> history_problem({"applied": 2012, "approved": 2013})
('approved_year', 'skips a step: approved comes after recommended, which has no year')
"""

from __future__ import annotations

STEPS: tuple[str, ...] = ("applied", "recommended", "approved", "in_construction",
                          "evaluated", "completed")
REJECTED = "rejected"
STATUSES: tuple[str, ...] = (*STEPS, REJECTED)
REJECTABLE: tuple[str, ...] = ("applied", "recommended")
TERMINAL: tuple[str, ...] = ("completed", REJECTED)

PILOT_TYPES: dict[str, str] = {  # type -> the label its subject must carry
    "service_system_park": "Park",  # 科技服务体系建设试点园区
    "service_system_city": "Region",  # 科技服务体系建设试点城市
    "cluster_pilot": "Cluster",  # 创新型产业集群试点
}
VERDICTS: tuple[str, ...] = ("excellent", "good", "pass", "fail")

# Storage: the year of each step is a property of the :Pilot node (yearApplied, ...).
STEP_PROPS: dict[str, str] = {
    "applied": "yearApplied", "recommended": "yearRecommended", "approved": "yearApproved",
    "in_construction": "yearInConstruction", "evaluated": "yearEvaluated",
    "completed": "yearCompleted", REJECTED: "yearRejected",
}
# ... and a column of the `pilots` file (applied_year, ...).
STEP_COLUMNS: dict[str, str] = {status: f"{status}_year" for status in STATUSES}


def status_of(years: dict[str, int | None]) -> str | None:
    """The latest step that has a year (rejected wins), None when no step has one."""
    if years.get(REJECTED) is not None:
        return REJECTED
    reached = [step for step in STEPS if years.get(step) is not None]
    return reached[-1] if reached else None


def transition_problem(current: str, last_year: int | None, to: str,
                       year: int) -> str | None:
    """Why a pilot in status `current` (reached in `last_year`) cannot move to `to` in
    `year`; None when it can."""
    if to not in STATUSES:
        return f"unknown status {to!r} (expected one of {', '.join(STATUSES)})"
    if current in TERMINAL:
        return f"the pilot is {current}, which ends its lifecycle"
    problem = _step_problem(current, to)
    if problem is None and last_year is not None and year < last_year:
        return f"year {year} is before {last_year}, the year the pilot became {current}"
    return problem


def _step_problem(current: str, to: str) -> str | None:
    if to == REJECTED:
        return None if current in REJECTABLE else (
            f"only an applied or recommended pilot can be rejected; this one is {current}")
    here, there = STEPS.index(current), STEPS.index(to)
    if there <= here:
        return f"no going back: the pilot is already {current}"
    if there > here + 1:
        following = STEPS[here + 1]
        if to == "approved":
            return ("no approval without a recommendation: the pilot is "
                    f"{current}, the next step is {following}")
        return f"no skipping: the pilot is {current}, the next step is {following}"
    return None


def history_problem(years: dict[str, int | None]) -> tuple[str, str] | None:
    """(column, reason) for the first problem of a step history given as status -> year:
    a step whose previous step has no year, years going backwards, a rejection after
    approval; None when the history is one the lifecycle can produce."""
    previous: tuple[str, int] | None = None
    for index, step in enumerate(STEPS):
        year = years.get(step)
        if year is None:
            continue
        if index > 0 and years.get(STEPS[index - 1]) is None:
            return (STEP_COLUMNS[step], f"skips a step: {step} comes after "
                                        f"{STEPS[index - 1]}, which has no year")
        if previous is not None and year < previous[1]:
            return (STEP_COLUMNS[step], f"years out of order: {step} in {year} is before "
                                        f"{previous[0]} in {previous[1]}")
        previous = (step, year)
    rejected = years.get(REJECTED)
    if rejected is None:
        return None
    if previous is None or previous[0] not in REJECTABLE:
        where = "before any application" if previous is None else f"after {previous[0]}"
        return (STEP_COLUMNS[REJECTED],
                f"only an applied or recommended pilot can be rejected, not {where}")
    if rejected < previous[1]:
        return (STEP_COLUMNS[REJECTED], f"years out of order: rejected in {rejected} is "
                                        f"before {previous[0]} in {previous[1]}")
    return None
