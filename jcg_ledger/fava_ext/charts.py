"""Small inline SVG charts, drawn on the server.

The machines auditors use may have no internet, and Fava's client router replaces the page
body without running scripts in it, so a chart is plain SVG markup: bars for monthly
amounts, lines for running totals, a legend, axis labels in 万元 where amounts are large.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from typing import Any

from markupsafe import Markup

from jcg_ledger.reports import Report, Table

PALETTE = ("#2f6fb0", "#e07b39", "#3a9b5c", "#b8434b", "#7a5bb5", "#8c8c8c")
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 28, 46


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Decimal | None]
    style: str = "bar"  # "bar" or "line"


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_ends(start: date, end: date, limit: int = 36) -> list[date]:
    """The last day of each month from `start`'s month to `end` (the last one is `end`)."""
    out: list[date] = []
    year, month = start.year, start.month
    while True:
        nxt = date(year + month // 12, month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        if last >= end:
            out.append(end)
            break
        out.append(last)
        year, month = nxt.year, nxt.month
    return out[-limit:]


def nice_step(span: Decimal, ticks: int = 4) -> Decimal:
    """A round tick step (1, 2 or 5 times a power of ten) covering `span` in `ticks` steps."""
    raw = span / ticks
    power = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, 5, 10):
        if power * factor >= raw:
            return power * factor
    return power * 10  # pragma: no cover - factor 10 always covers


def _scale(values: Iterable[Decimal | None]) -> tuple[Decimal, Decimal]:
    """Axis bounds on round numbers, zero included, so tick labels read as round figures."""
    numbers = [v for v in values if v is not None]
    low = min([Decimal(0), *numbers])
    high = max([Decimal(0), *numbers])
    if high == low:
        high = low + 1
    step = nice_step(high - low)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if high == low:
        high = low + step
    return low, high


def _axis_label(value: Decimal, money: bool) -> str:
    """A tick label: 万 (ten thousand yuan) for large amounts, decimals only where needed."""
    if money and abs(value) >= 10_000:
        scaled = value / 10_000
        return f"{scaled:,.0f}万" if scaled % 1 == 0 else f"{scaled:,.1f}万"
    if value % 1 == 0:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    money: bool = True,
    chart_id: str = "chart",
) -> Markup:
    """A bar/line chart over `labels` (months); None values are gaps."""
    if not labels or not series:
        return Markup("")
    low, high = _scale(v for s in series for v in s.values)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / len(labels)

    def y(amount: Decimal) -> float:
        return TOP + float((high - amount) / (high - low)) * plot_h

    parts: list[str] = [
        f'<svg class="jcg-chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">',
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    if money:
        parts.append(
            f'<text x="{LEFT - 6}" y="{TOP - 6}" text-anchor="end" fill="#333" '
            f'font-size="11">元 CNY</text>'
        )
    step_y = nice_step(high - low)
    ticks = [low + step_y * i for i in range(int((high - low) / step_y) + 1)]
    for tick in ticks:
        yy = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" '
            f'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#555">'
            f"{escape(_axis_label(tick, money))}</text>"
        )
    every = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{LEFT + step * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle" fill="#555">{escape(label)}</text>'
            )
    bars = [s for s in series if s.style == "bar"]
    bar_w = step * 0.8 / max(1, len(bars))
    zero = y(Decimal(0))
    for n, s in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        if s.style == "bar":
            k = bars.index(s)
            for i, bar in enumerate(s.values):
                if bar is None or bar == 0:
                    continue
                value = bar
                x = LEFT + step * i + step * 0.1 + bar_w * k
                top, bottom = sorted((y(value), zero))
                parts.append(
                    f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
                    f'height="{max(bottom - top, 0.5):.1f}" fill="{color}">'
                    f"<title>{escape(s.label)} {escape(labels[i])}: {value:,.2f}</title></rect>"
                )
        else:
            points = [
                f"{LEFT + step * (i + 0.5):.1f},{y(v):.1f}"
                for i, v in enumerate(s.values)
                if v is not None
            ]
            if points:
                parts.append(
                    f'<polyline fill="none" stroke="{color}" stroke-width="2" '
                    f'points="{" ".join(points)}"/>'
                )
                for i, v in enumerate(s.values):
                    if v is not None:
                        parts.append(
                            f'<circle cx="{LEFT + step * (i + 0.5):.1f}" cy="{y(v):.1f}" r="3" '
                            f'fill="{color}"><title>{escape(s.label)} {escape(labels[i])}: '
                            f"{v:,.2f}</title></circle>"
                        )
    legend_x = LEFT
    for n, s in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        yy = HEIGHT - 12
        mark = (
            f'<rect x="{legend_x}" y="{yy - 9}" width="12" height="10" fill="{color}"/>'
            if s.style == "bar"
            else f'<line x1="{legend_x}" x2="{legend_x + 12}" y1="{yy - 4}" y2="{yy - 4}" '
            f'stroke="{color}" stroke-width="2"/>'
        )
        parts.append(
            f'{mark}<text x="{legend_x + 16}" y="{yy}" fill="#333">{escape(s.label)}</text>'
        )
        # CJK glyphs are about twice as wide as Latin ones at this size.
        legend_x += 28 + int(sum(11 if ord(ch) > 255 else 6.2 for ch in s.label))
    parts.append("</svg>")
    return Markup("".join(parts))


def cumulative(values: Sequence[Decimal]) -> list[Decimal]:
    out: list[Decimal] = []
    total = Decimal(0)
    for value in values:
        total += value
        out.append(total)
    return out


def monthly(flows: Iterable[tuple[date, Decimal]], months: Sequence[str]) -> list[Decimal]:
    """Sum (date, amount) flows into the given months."""
    sums = dict.fromkeys(months, Decimal(0))
    for day, amount in flows:
        key = month_key(day)
        if key in sums:
            sums[key] += amount
    return [sums[m] for m in months]


def month_range(first: date, last: date) -> list[str]:
    return [month_key(d) for d in month_ends(first, max(first, last), limit=120)]


def table_by_month(table: Table) -> tuple[list[str], list[Series]] | None:
    """A table with a date column (e.g. tranches by due date): its money columns by month."""
    date_col = next(
        (c for c in table.columns if c.kind == "date" and "due" in c.key),
        next((c for c in table.columns if c.kind == "date"), None),
    )
    money_cols = [c for c in table.columns if c.kind == "money"][:3]
    dated = [r for r in table.rows if isinstance(r.get(date_col.key if date_col else ""), date)]
    if date_col is None or not money_cols or not dated:
        return None
    days = [r[date_col.key] for r in dated]
    months = month_range(min(days), max(days))
    series = [
        Series(
            f"{c.title_zh} {c.title_en}",
            monthly(
                ((r[date_col.key], r[c.key]) for r in dated if isinstance(r.get(c.key), Decimal)),
                months,
            ),
        )
        for c in money_cols
    ]
    return months, series


def summary_series(reports: Sequence[Report]) -> dict[str, list[Decimal | None]]:
    """Each numeric summary figure across a sequence of reports (dates)."""
    keys: list[str] = []
    for report in reports:
        for key, value in report.summary.items():
            if _number(value) is not None and key not in keys:
                keys.append(key)
    return {k: [_number(r.summary.get(k)) for r in reports] for k in keys}


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | int):
        return Decimal(value)
    return None
