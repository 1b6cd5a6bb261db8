"""Year cells: Excel dates read as their year, and hints for dates where a year belongs.

Spreadsheets often hold a founding or approval date where the dataset wants a year. An
Excel date cell (openpyxl gives a datetime, which the reader turns into ISO text) is read as
its year, with a notice. Chinese Excel writes dates with built-in number formats 27-36 and
50-58 (`yyyy"年"m"月"d"日"` …) that openpyxl does not know as dates, so their cells arrive
as serial numbers (33304 for 1991-03-07); `recognise_east_asian_dates` teaches a workbook
those formats before it is read.

>>> year_of_date_text("1991-03-06T00:00:00")
1991
>>> year_hint("1991/3/6")
'; a year column takes the year alone: 1991'
>>> year_hint("33304")
'; 33304 looks like an Excel date serial (1991-03-07): format the cells as numbers holding the year'
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from graph.model import YEAR, FieldSpec, FieldType

# Excel's built-in number formats that are dates in Chinese (and Japanese, Korean) locales;
# 32-35, 55 and 56 are times of day.
EAST_ASIAN_DATE_FORMAT_IDS = frozenset({27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58})
EXCEL_EPOCH = datetime(1899, 12, 30)
# Serials worth a hint: 5 digits (1927 onwards) up to 2099-12-31; a number just above 2100
# is more likely a mistyped year than a date.
FIRST_SERIAL, LAST_SERIAL = 10_000, 73_050

_ISO_DATE = re.compile(r"(\d{4})-\d{2}-\d{2}(?:[T ][\d:.]+)?")
_TYPED_DATE = re.compile(
    r"(\d{4})\s*(?:[-/]\s*\d{1,2}(?:\s*[-/]\s*\d{1,2})?|\.\s*\d{1,2}\s*\.\s*\d{1,2}|年.*)")


def is_year_field(spec: FieldSpec) -> bool:
    return (spec.type is FieldType.INT
            and (spec.minimum, spec.maximum) == (YEAR["minimum"], YEAR["maximum"]))


def year_of_date_text(text: str) -> int | None:
    """The year of an Excel date cell as the reader writes it (ISO text), else None."""
    match = _ISO_DATE.fullmatch(text)
    return int(match.group(1)) if match else None


def year_hint(raw: str) -> str:
    """A hint for a year cell that could not be read: a typed date, or a date serial."""
    match = _TYPED_DATE.fullmatch(raw.strip()) or _ISO_DATE.fullmatch(raw.strip())
    if match:
        return f"; a year column takes the year alone: {match.group(1)}"
    text = raw.replace(",", "").replace("_", "").strip()
    if text.isdigit() and FIRST_SERIAL <= int(text) <= LAST_SERIAL:
        day = (EXCEL_EPOCH + timedelta(days=int(text))).date()
        return (f"; {text} looks like an Excel date serial ({day.isoformat()}): "
                "format the cells as numbers holding the year")
    return ""


def recognise_east_asian_dates(workbook: Any) -> None:
    """Make openpyxl read cells with East Asian built-in date formats as dates.

    openpyxl decides per cell style whether a number is a date (`_date_formats`, the style
    indexes of date formats) and leaves built-in ids it does not know as "General".
    """
    styles = getattr(workbook, "_cell_styles", None)
    dates = getattr(workbook, "_date_formats", None)
    if styles is None or not isinstance(dates, set):
        return
    dates.update(i for i, style in enumerate(styles)
                 if getattr(style, "numFmtId", None) in EAST_ASIAN_DATE_FORMAT_IDS)
