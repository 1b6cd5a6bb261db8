"""The report as one Excel workbook: a sheet per section, real numbers with number formats
(never text), Chinese headers in a Chinese report, frozen header rows, column widths set."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analysis.humanize import MONEY_UNIT, join
from analysis.report.model import AnnualReport
from analysis.text import Lang, label, text

TWO_DECIMALS = "#,##0.00"
WHOLE = "#,##0"
PERCENT = "0.00%"
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")

# (header key, number format or None for text) per column
Column = tuple[str, str | None]


def _sheet(wb: Workbook, title: str, columns: Sequence[Column],
           rows: Sequence[Sequence[Any]], lang: Lang) -> Worksheet:
    ws = wb.create_sheet(title[:31])
    ws.append([_header(key, lang) for key, _ in columns])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in rows:
        ws.append(list(row))
    for index, (_, fmt) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            if fmt and isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = fmt
        ws.column_dimensions[letter].width = _width(ws, index)
    ws.freeze_panes = "A2"
    return ws


def _header(key: str, lang: Lang) -> str:
    return text(f"report.col_{key}", lang) if not key.startswith("=") else key[1:]


def _width(ws: Worksheet, column: int) -> float:
    """Wide enough for the longest value; CJK characters count double."""
    longest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(cell.value or ""))
                   for (cell,) in ws.iter_rows(min_col=column, max_col=column)), default=8)
    return float(min(max(longest + 2, 8), 60))


def _yes_no(value: bool | None, lang: Lang) -> str | None:
    return None if value is None else text("report.yes" if value else "report.no", lang)


def _money_header(key: str, lang: Lang) -> str:
    unit = label("plan_unit", MONEY_UNIT, lang)
    return f"={text(f'report.col_{key}', lang)}（{unit}）" if lang == "zh" else \
        f"={text(f'report.col_{key}', lang)} ({unit})"


def render_xlsx(r: AnnualReport) -> bytes:
    lang = r.lang
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    province = r.region is not None
    middle: list[Column] = [("share", PERCENT)] if province else [("ratio", PERCENT),
                                                                  ("met", None)]
    _sheet(wb, text("report.sec_targets", lang), [  # an empty cell where a value is unknown
        ("target", None), ("goal", TWO_DECIMALS), ("actual", TWO_DECIMALS), *middle,
        ("growth", TWO_DECIMALS), ("undated", WHOLE),
        (f"={label('report', 'col_what', lang)}", None)],
        [[t.name, t.goal, t.actual,
          *([t.share_of_national] if province else [t.ratio, _yes_no(t.met, lang)]),
          t.growth, t.undated_count, label("plan_unit", t.unit, lang)]
         for t in r.targets.rows], lang)
    _sheet(wb, text("report.sec_pilots", lang), [
        ("park", None), ("since", None), ("step", None), ("score", TWO_DECIMALS),
        *[(f"={c.name}", TWO_DECIMALS) for c in (r.pilots[0].components if r.pilots else ())]],
        [[p.park.name, p.pilot_year, p.step, p.score,
          *[c.contribution for c in p.components]] for p in r.pilots], lang)
    _sheet(wb, text("report.gaps", lang), [
        ("park", None), ("stage", None), ("status", None), ("provider", None),
        ("reasons", None)],
        [[p.park.name, g.stage_name, g.status_name, s.provider.name, join(s.reasons, lang)]
         for p in r.pilots for g in p.gaps for s in g.suggestions], lang)
    m = r.matching
    _sheet(wb, text("report.sec_matching", lang), [
        ("province", None), (_money_header("torch", lang), TWO_DECIMALS),
        (_money_header("provincial", lang), TWO_DECIMALS), ("match_ratio", TWO_DECIMALS),
        ("compliant", None), ("compliant_alt", None), ("counted", WHOLE), ("excluded", WHOLE),
        ("pilots", None)],
        [*([p.province.name, p.torch_million_cny, p.provincial_million_cny, p.ratio,
            _yes_no(p.compliant, lang), _yes_no(p.compliant_alt_reading, lang), p.counted,
            p.excluded, join([x.name for x in p.pilots], lang)] for p in m.provinces),
         [text("report.total", lang), m.torch_million_cny, m.provincial_million_cny, m.ratio,
          _yes_no(m.compliant, lang), _yes_no(m.compliant_alt_reading, lang),
          sum(p.counted for p in m.provinces), sum(p.excluded for p in m.provinces)],
         *([f"{text('report.col_reason', lang)}: {c.what}", None, None, None, None, None,
            None, c.count] for c in m.excluded)],
        lang)
    _sheet(wb, text("report.sec_clusters", lang),
           [("rank", WHOLE), ("cluster", None), ("score", TWO_DECIMALS)],
           [[c.rank, c.cluster.name, c.score] for c in r.clusters], lang)
    _sheet(wb, text("report.sec_candidates", lang), [
        ("rank", WHOLE), ("park", None), ("candidate_score", TWO_DECIMALS),
        ("foundation", TWO_DECIMALS), ("demonstration", TWO_DECIMALS),
        ("distinctiveness", TWO_DECIMALS), ("status", None)],
        [[c.rank, c.park.name, c.score, c.foundation, c.demonstration, c.distinctiveness,
          c.status_name] for c in r.candidates], lang)
    q = r.quality
    _sheet(wb, text("report.sec_quality", lang), [("what", None), ("count", WHOLE)],
           [*([c.what, c.count] for c in q.undated),
            *([f"{text('report.col_source', lang)}: {c.what}", c.count] for c in q.sources),
            *([n, None] for n in q.not_computed)], lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
