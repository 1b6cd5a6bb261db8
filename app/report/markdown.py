"""The report as Markdown (for a wiki or an e-mail): the same sections and figures."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.humanize import decimal, join, number
from analysis.report.model import AnnualReport
from analysis.text import text
from app.report.html import (
    MATCHING_COLUMNS,
    heading,
    matching_cells,
    matching_total,
    target_cells,
    target_columns,
)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
    return [line(headers), "|" + "---|" * len(headers), *(line(r) for r in rows), ""]


def render_markdown(r: AnnualReport) -> str:
    lang = r.lang

    def t(key: str, **params: object) -> str:
        return text(f"report.{key}", lang, **params)

    out = [f"# {heading(r)}", "", t("recipient"), "", t("generated", date=r.generated), "",
           f"## {t('sec_targets')}", ""]
    if r.targets.note:
        out += [f"> {r.targets.note}", ""]
    out += _table(target_columns(r),
                  [target_cells(x, lang, r.region is not None) for x in r.targets.rows])
    out += [f"## {t('sec_pilots')}", ""]
    for p in r.pilots:
        out += [f"### {p.park.name}", "", f"{t('col_step')}: {p.step}; "
                f"{t('col_score')}: {decimal(p.score)}", ""]
        out += _table([t("col_component"), t("col_contribution")],
                      [[c.name, decimal(c.contribution)] for c in p.components])
        out += _table([t("col_action"), t("col_gain")],
                      [[a.description, decimal(a.gain)] for a in p.actions])
        out += _table([t("col_stage"), t("col_status"), t("col_provider"), t("col_reasons")],
                      [[g.stage_name, g.status_name, s.provider.name, join(s.reasons, lang)]
                       for g in p.gaps for s in g.suggestions])
    m = r.matching
    out += [f"## {t('sec_matching')}", ""]
    out += _table([t(f"col_{c}") for c in MATCHING_COLUMNS],
                  [*(matching_cells(p, lang) for p in m.provinces), matching_total(m, lang)])
    if m.excluded:
        out += [f"### {t('excluded_heading')}", ""]
        out += _table([t("col_reason"), t("col_count")],
                      [[c.what, str(c.count)] for c in m.excluded])
    out += [f"## {t('sec_clusters')}", ""]
    out += _table([t("col_rank"), t("col_cluster"), t("col_score")],
                  [[str(c.rank), c.cluster.name, decimal(c.score)] for c in r.clusters])
    out += [f"## {t('sec_candidates')}", ""]
    out += _table([t("col_rank"), t("col_park"), t("col_candidate_score"), t("col_status")],
                  [[number(c.rank), c.park.name, decimal(c.score), c.status_name]
                   for c in r.candidates])
    q = r.quality
    out += [f"## {t('sec_quality')}", "", f"### {t('undated_heading')}", ""]
    out += _table([t("col_what"), t("col_count")], [[c.what, str(c.count)] for c in q.undated])
    out += [f"### {t('sources_heading')}", "",
            t("entities", entities=q.entities, synthetic=q.synthetic), ""]
    out += _table([t("col_source"), t("col_count")], [[c.what, str(c.count)] for c in q.sources])
    out += [f"### {t('not_computed_heading')}", "", *(f"- {n}" for n in q.not_computed), ""]
    return "\n".join(out)
