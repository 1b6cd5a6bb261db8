"""Numbers for people: rounded to 2 decimals, with units in the reader's language (the API
keeps exact values; reports and the CLI show these).

>>> money(64.95, "zh"), money(800_000, "zh"), money(64.95, "en")
('6,495.00万元', '8,000.00亿元', '64.95 million CNY')
>>> number(12.0), number(0.41309), decimal(6.0), quantity(12, "agencies", "zh"), quantity(3, "teams", "en")
('12', '0.41', '6.00', '12家', '3 teams')
>>> quantity(6, "persons", "zh"), quantity(1.5, "percent", "en"), quantity(None, "zones", "zh")
('6名', '1.50%', '—')
>>> ratio(None, "zh"), yes_no(True, "en"), yes_no(None, "zh")
('—', 'yes', '—')
"""

from __future__ import annotations

from analysis.text import Lang, label, text

MONEY_UNIT = "million_cny"  # codes of the catalogue group plan_unit (analysis/targets.py)
PERCENT_UNIT = "percent"
DASH = "—"


def number(value: float | None, decimals: int = 2) -> str:
    """Whole numbers without decimals, others with `decimals`; a dash for None."""
    if value is None:
        return DASH
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


def decimal(value: float | None) -> str:
    """Always two decimals (scores, weights, ratios)."""
    return DASH if value is None else f"{value:,.2f}"


def money(million_cny: float | None, lang: Lang) -> str:
    """Million CNY as 万元 / 亿元 (from 1亿 = 100 million CNY) in Chinese."""
    if million_cny is None:
        return DASH
    if lang == "en":
        return f"{million_cny:,.2f} million CNY"
    if abs(million_cny) >= 100:
        return f"{million_cny / 100:,.2f}亿元"
    return f"{million_cny * 100:,.2f}万元"


def quantity(value: float | None, unit: str, lang: Lang) -> str:
    """A counted value with its unit (`unit` is a code of the catalogue group plan_unit)."""
    if unit == MONEY_UNIT:
        return money(value, lang)
    if value is None:
        return DASH
    if unit == PERCENT_UNIT:
        return f"{number(value)}%"
    unit_text = label("plan_unit", unit, lang)
    return f"{number(value)}{unit_text}" if lang == "zh" else f"{number(value)} {unit_text}"


def ratio(value: float | None, lang: Lang) -> str:
    return DASH if value is None else f"{value:,.2f}"


def percent(value: float | None) -> str:
    return DASH if value is None else f"{100 * value:,.2f}%"


def yes_no(value: bool | None, lang: Lang) -> str:
    if value is None:
        return DASH
    return text("report.yes" if value else "report.no", lang)


def join(items: tuple[str, ...] | list[str], lang: Lang) -> str:
    """A list of phrases in one cell: 、-free full-width semicolons in Chinese."""
    return ("；" if lang == "zh" else "; ").join(items)
