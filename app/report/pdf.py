"""The report as an A4 PDF: the HTML page laid out by WeasyPrint (Pango, Debian's Noto CJK
fonts embedded as subsets; page numbers and repeated table headers from the CSS)."""

from __future__ import annotations

from weasyprint import HTML

from analysis.report.model import AnnualReport
from app.report.html import render_html


def render_pdf(report: AnnualReport) -> bytes:
    pdf: bytes = HTML(string=render_html(report)).write_pdf()
    return pdf
