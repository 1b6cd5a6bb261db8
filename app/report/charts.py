"""The report's charts as hand-written SVG (vector in the PDF, inline in the HTML): no chart
library, no font configuration beyond the CSS font family the page already uses."""

from __future__ import annotations

from html import escape

from analysis.report.model import HeatMap, TargetRow
from analysis.text import Lang, label, short_label

FONT = "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif"
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#7f7f7f")
STATUS_COLOURS = {"COVERED": "#4caf50", "THIN": "#ffc107", "MISMATCHED": "#ab47bc",
                  "MISSING": "#e53935", None: "#eeeeee"}


def _svg(width: int, height: int, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="10">'
            + "".join(body) + "</svg>")


def _text(x: float, y: float, content: str, anchor: str = "start", size: int = 10) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}">'
            f"{escape(content)}</text>")


def _segments(row: TargetRow) -> list[list[tuple[int, float]]]:
    """The runs of consecutive years with a value: (year index, actual)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, point in enumerate(row.trend):
        if point.actual is None:
            runs.append([])
        else:
            runs[-1].append((i, point.actual))
    return [run for run in runs if run]


def trend_chart(rows: tuple[TargetRow, ...], title: str) -> str:
    """Each target's ratio of goal reached, year by year (one line per target, numbered as
    in the table; 100% dashed)."""
    width, height, left, right, top, bottom = 640, 260, 44, 150, 24, 30
    years = [p.year for p in rows[0].trend] if rows else []
    top_ratio = max([1.0, *(p.actual / r.goal for r in rows for p in r.trend
                            if r.goal and p.actual is not None)])
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / max(len(years) - 1, 1))

    def y(ratio: float) -> float:
        return top + plot_h * (1 - ratio / top_ratio)

    body = [_text(left, 14, title, size=11),
            f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
            'stroke="#999" stroke-width="0.5"/>',
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(1):.1f}" y2="{y(1):.1f}" '
            'stroke="#555" stroke-dasharray="4 3" stroke-width="0.7"/>',
            _text(left - 4, y(1) + 3, "100%", "end", 8), _text(left - 4, y(0) + 3, "0%", "end", 8)]
    body += [_text(x(i), height - 12, str(year), "middle", 8) for i, year in enumerate(years)]
    for n, row in enumerate(rows):
        colour = PALETTE[n % len(PALETTE)]
        for segment in _segments(row):  # a year without a value breaks the line
            points = " ".join(f"{x(i):.1f},{y(value / row.goal if row.goal else 0):.1f}"
                              for i, value in segment)
            body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                        'stroke-width="1.4"/>')
        ly = top + 8 + n * 22
        body.append(f'<rect x="{width - right + 10}" y="{ly - 7}" width="9" height="9" '
                    f'fill="{colour}"/>')
        body.append(_text(width - right + 23, ly + 1, f"{n + 1}. {row.name[:11]}", size=8))
    return _svg(width, height, body)


def heat_map(data: HeatMap, title: str, lang: Lang) -> str:
    """Stages down, years across, a cell coloured by the stage's status; a legend below."""
    cell_w, cell_h, left, top = 52, 20, 150, 24
    width = max(left + cell_w * len(data.years) + 10, 480)
    height = top + cell_h * (len(data.stages) + 1) + 40
    body = [_text(0, 12, title, size=11)]
    body += [_text(left + cell_w * j + cell_w / 2, top + 14, str(year), "middle", 10)
             for j, year in enumerate(data.years)]
    for i, name in enumerate(data.stage_names):
        row_y = top + cell_h * (i + 1)
        body.append(_text(left - 6, row_y + 14, name, "end", 10))
        for j, status in enumerate(data.cells[i]):
            body.append(f'<rect x="{left + cell_w * j}" y="{row_y}" width="{cell_w - 1}" '
                        f'height="{cell_h - 1}" fill="{STATUS_COLOURS.get(status, "#eee")}"/>')
    legend_y = top + cell_h * (len(data.stages) + 1) + 16
    x = 0.0
    for status in ("COVERED", "THIN", "MISMATCHED", "MISSING", None):
        name = short_label("status", status, lang) if status else \
            label("report", "not_existing", lang)
        body.append(f'<rect x="{x:.1f}" y="{legend_y - 8}" width="9" height="9" '
                    f'fill="{STATUS_COLOURS[status]}"/>')
        body.append(_text(x + 12, legend_y, name, size=9))
        x += 24 + 10 * len(name) if lang == "zh" else 24 + 6 * len(name)
    return _svg(int(width), height, body)
