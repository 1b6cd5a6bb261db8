"""The report as one self-contained HTML page (CSS and SVG charts inline, system fonts),
which is also what WeasyPrint lays out as the A4 PDF (app/report/pdf.py)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from analysis.humanize import decimal, join, money, number, percent, quantity, ratio, yes_no
from analysis.report.model import (
    AnnualReport,
    MatchingSection,
    PilotRow,
    ProvinceFunding,
    TargetRow,
)
from analysis.text import Lang, label, text
from app.report import charts

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
        @bottom-center { content: "%(page_before)s" counter(page) "%(page_after)s";
                         font-size: 9pt; color: #555; } }
@page :first { @bottom-center { content: none; } }
html { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'Noto Sans', sans-serif;
       font-size: 10pt; color: #222; }
.cover { page-break-after: always; text-align: center; padding-top: 70mm; }
.cover h1 { font-size: 22pt; margin-bottom: 16mm; }
.cover p { font-size: 12pt; margin: 4mm 0; }
h2 { font-size: 14pt; border-bottom: 1px solid #888; padding-bottom: 2mm; margin-top: 8mm;
     page-break-after: avoid; }
h3 { font-size: 12pt; margin-top: 6mm; page-break-after: avoid; }
h4 { font-size: 10.5pt; margin: 4mm 0 2mm; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%%; margin: 2mm 0 4mm; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 0.5pt solid #aaa; padding: 1.2mm 1.6mm; vertical-align: top; }
th { background: #eef2f7; font-weight: bold; }
td.n { text-align: right; white-space: nowrap; }
.note { color: #555; font-size: 9pt; }
figure { margin: 3mm 0; page-break-inside: avoid; }
"""


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]],
           numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{escape(c)}</td>' if i in numeric
                         else f"<td>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _t(key: str, lang: Lang, **params: object) -> str:
    return escape(text(f"report.{key}", lang, **params))


def heading(report: AnnualReport) -> str:
    """The report's title, with the province's name (or 全国 / National)."""
    region = report.region.name if report.region else text("report.national", report.lang)
    return text("report.title", report.lang, region=region, year=report.year)


def _cover(r: AnnualReport) -> str:
    return (f'<section class="cover"><h1>{escape(heading(r))}</h1>'
            f"<p>{_t('recipient', r.lang)}</p>"
            f"<p>{_t('generated', r.lang, date=r.generated)}</p></section>")


def target_columns(r: AnnualReport) -> list[str]:
    """The targets table's headers: a province has no goal of its own, so its share of the
    national actual replaces the ratio and met columns."""
    middle = ("share",) if r.region else ("ratio", "met")
    return [text(f"report.col_{c}", r.lang)
            for c in ("target", "goal", "actual", *middle, "growth", "undated")]


def target_cells(t: TargetRow, lang: Lang, province: bool) -> list[str]:
    """One target's cells for target_columns (a dash wherever a value is unknown)."""
    middle = [percent(t.share_of_national)] if province else [percent(t.ratio),
                                                              yes_no(t.met, lang)]
    return [t.name, t.goal_text, quantity(t.actual, t.unit, lang), *middle,
            quantity(t.growth, t.unit, lang), number(t.undated_count)]


def _targets(r: AnnualReport) -> str:
    lang = r.lang
    rows = [[f"{i + 1}. {cells[0]}", *cells[1:]] for i, t in enumerate(r.targets.rows)
            for cells in (target_cells(t, lang, r.region is not None),)]
    cols = target_columns(r)
    note = f'<p class="note">{escape(r.targets.note)}</p>' if r.targets.note else ""
    chart = charts.trend_chart(r.targets.rows, text("report.trend", lang,
                                                    start=r.targets.rows[0].trend[0].year)) \
        if r.targets.rows else ""
    return (f"<h2>{_t('sec_targets', lang)}</h2>{note}"
            + _table(cols, rows, (2, 3, len(cols) - 2, len(cols) - 1))
            + f"<figure>{chart}</figure>")


def _pilot(p: PilotRow, lang: Lang) -> str:
    cols = [text(f"report.col_{c}", lang) for c in ("since", "step", "score")]
    head = _table(cols, [[str(p.pilot_year) if p.pilot_year else "—", p.step,
                          decimal(p.score)]], (0, 2))
    comps = _table([text(f"report.col_{c}", lang)
                    for c in ("component", "value", "weight", "contribution")],
                   [[c.name, decimal(c.value), decimal(c.weight), decimal(c.contribution)]
                    for c in p.components], (1, 2, 3))
    actions = _table([text("report.col_action", lang), text("report.col_gain", lang)],
                     [[a.description, decimal(a.gain)] for a in p.actions], (1,)) \
        if p.actions else f"<p>{_t('none', lang)}</p>"
    gap_rows = [[g.stage_name, g.status_name, s.provider.name if s else "—",
                 join(s.reasons, lang) if s else "—"]
                for g in p.gaps for s in (g.suggestions or (None,))]
    gaps = _table([text(f"report.col_{c}", lang)
                   for c in ("stage", "status", "provider", "reasons")], gap_rows) \
        if gap_rows else f"<p>{_t('none', lang)}</p>"
    heat = charts.heat_map(p.heat_map, text("report.heat_map", lang), lang)
    return (f"<h3>{escape(p.park.name)}</h3>{head}{comps}"
            f"<h4>{_t('actions', lang)}</h4>{actions}<h4>{_t('gaps', lang)}</h4>{gaps}"
            f"<figure>{heat}</figure>")


def _matching(r: AnnualReport) -> str:
    lang, m = r.lang, r.matching
    cols = [text(f"report.col_{c}", lang) for c in MATCHING_COLUMNS]
    rows = [matching_cells(p, lang) for p in m.provinces]
    rows.append(matching_total(m, lang))
    excluded = _table([text("report.col_reason", lang), text("report.col_count", lang)],
                      [[c.what, number(c.count)] for c in m.excluded], (1,)) \
        if m.excluded else ""
    return (f"<h2>{_t('sec_matching', lang)}</h2>" + _table(cols, rows, (2, 3, 4, 7, 8))
            + (f"<h4>{_t('excluded_heading', lang)}</h4>{excluded}" if excluded else ""))


MATCHING_COLUMNS = ("province", "pilots", "torch", "provincial", "match_ratio", "compliant",
                    "compliant_alt", "counted", "excluded")


def matching_cells(p: ProvinceFunding, lang: Lang) -> list[str]:
    return [p.province.name, join([x.name for x in p.pilots], lang) or "—",
            money(p.torch_million_cny, lang), money(p.provincial_million_cny, lang),
            ratio(p.ratio, lang), yes_no(p.compliant, lang),
            yes_no(p.compliant_alt_reading, lang), number(p.counted), number(p.excluded)]


def matching_total(m: MatchingSection, lang: Lang) -> list[str]:
    return [text("report.total", lang), "", money(m.torch_million_cny, lang),
            money(m.provincial_million_cny, lang), ratio(m.ratio, lang),
            yes_no(m.compliant, lang), yes_no(m.compliant_alt_reading, lang),
            number(sum(p.counted for p in m.provinces)),
            number(sum(p.excluded for p in m.provinces))]


def _rankings(r: AnnualReport) -> str:
    lang = r.lang
    clusters = _table([text(f"report.col_{c}", lang) for c in ("rank", "cluster", "score")],
                      [[str(c.rank), c.cluster.name, decimal(c.score)] for c in r.clusters],
                      (0, 2))
    cands = _table([text(f"report.col_{c}", lang) for c in
                    ("rank", "park", "candidate_score", "foundation", "demonstration",
                     "distinctiveness", "status")],
                   [[number(c.rank), c.park.name, decimal(c.score), decimal(c.foundation),
                     decimal(c.demonstration), decimal(c.distinctiveness), c.status_name]
                    for c in r.candidates], (0, 2, 3, 4, 5))
    return (f"<h2>{_t('sec_clusters', lang)}</h2>{clusters}"
            f"<h2>{_t('sec_candidates', lang)}</h2>{cands}")


def _quality(r: AnnualReport) -> str:
    lang, q = r.lang, r.quality
    count_cols = [text("report.col_what", lang), text("report.col_count", lang)]
    undated = _table(count_cols, [[c.what, number(c.count)] for c in q.undated], (1,)) \
        if q.undated else f"<p>{_t('none', lang)}</p>"
    sources = _table([text("report.col_source", lang), text("report.col_count", lang)],
                     [[c.what, number(c.count)] for c in q.sources], (1,))
    notes = "".join(f"<li>{escape(n)}</li>" for n in q.not_computed)
    return (f"<h2>{_t('sec_quality', lang)}</h2><h4>{_t('undated_heading', lang)}</h4>"
            f"{undated}<h4>{_t('sources_heading', lang)}</h4>"
            f"<p>{_t('entities', lang, entities=q.entities, synthetic=q.synthetic)}</p>"
            f"{sources}<h4>{_t('not_computed_heading', lang)}</h4><ul>{notes}</ul>")


def render_html(r: AnnualReport) -> str:
    before, _, after = label("report", "page", r.lang).partition("{page}")
    css = CSS % {"page_before": before, "page_after": after}
    pilots = "".join(_pilot(p, r.lang) for p in r.pilots) or f"<p>{_t('none', r.lang)}</p>"
    body = (_cover(r) + _targets(r) + f"<h2>{_t('sec_pilots', r.lang)}</h2>{pilots}"
            + _matching(r) + _rankings(r) + _quality(r))
    html_lang = "zh-CN" if r.lang == "zh" else "en"
    return (f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">'
            f"<title>{escape(heading(r))}</title><style>{css}</style></head>"
            f"<body>{body}</body></html>")
