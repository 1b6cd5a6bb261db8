"""Render an AnnualReport in a format, and write it atomically (a temporary file in the
target's folder, renamed at the end: a reader never sees a half-written report)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from analysis.report.model import AnnualReport

FORMATS = ("pdf", "xlsx", "html", "md")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def check_format(value: str | None) -> str:
    fmt = (value or "pdf").strip().lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {value!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def _renderer(fmt: str) -> Callable[[AnnualReport], bytes]:
    """Imported on use: WeasyPrint (Pango) loads only for a PDF."""
    if fmt == "pdf":
        from app.report.pdf import render_pdf
        return render_pdf
    if fmt == "xlsx":
        from app.report.xlsx import render_xlsx
        return render_xlsx
    if fmt == "html":
        from app.report.html import render_html
        return lambda r: render_html(r).encode("utf-8")
    from app.report.markdown import render_markdown
    return lambda r: render_markdown(r).encode("utf-8")


def render(report: AnnualReport, fmt: str) -> bytes:
    return _renderer(check_format(fmt))(report)


def write_atomically(path: Path, content: bytes) -> None:
    folder = path.resolve().parent
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
