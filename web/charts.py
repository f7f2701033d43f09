"""Small bar charts as inline SVG, drawn on the server: no JavaScript, no library, no styles
(colours are presentation attributes, which a strict CSP allows).

Each series is one <path> of rectangles, so a chart of a year of days stays a few kilobytes.
A value of None (a count too small to show) draws no bar. Every chart has a <title> (its
accessible name); the page's tables give the same numbers in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
FONT = 'font-family="system-ui,sans-serif" font-size="12"'


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: Sequence[float | None]


def _legend(series: Sequence[Series], y: int) -> str:
    out, x = [], 0
    for s in series:
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{s.colour}"/>'
                   f'<text x="{x + 16}" y="{y}">{escape(s.label)}</text>')
        x += 24 + 7 * len(s.label)
    return "".join(out)


def _svg(title: str, height: int, body: str) -> Markup:
    return Markup(f'<svg viewBox="0 0 {WIDTH} {height}" role="img" {FONT}>'
                  f"<title>{escape(title)}</title>{body}</svg>")


def _nice(top: float) -> int:
    """A round upper bound for an axis of counts: 1, 2, 5, 10, 20, 50…"""
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= top:
                return step * m
        step *= 10


def columns(title: str, labels: Sequence[str], series: Sequence[Series]) -> Markup:
    """Vertical bars, one group per label (e.g. a day), the groups' series side by side; only
    the first and last labels are written under the axis."""
    left, top, plot_h, bottom = 44, 24, 160, 40
    height = top + plot_h + bottom
    values = [v for s in series for v in s.values if v is not None]
    high = _nice(max(values, default=0) or 1)
    n = max(len(labels), 1)
    slot = (WIDTH - left) / n
    bar = max(slot * 0.8 / len(series), 0.5)
    parts = [_legend(series, 12)]
    for fraction in (0, 0.5, 1):
        y = round(top + plot_h * (1 - fraction), 1)
        value = high * fraction
        parts.append(f'<path d="M{left} {y}H{WIDTH}" stroke="#b1b4b6"/>'
                     f'<text x="{left - 4}" y="{y + 4}" text-anchor="end">'
                     f"{value:g}</text>")
    for i, s in enumerate(series):
        d = []
        for j, v in enumerate(s.values):
            if not v:
                continue
            h = plot_h * v / high
            x = left + j * slot + slot * 0.1 + i * bar
            d.append(f"M{x:.1f} {top + plot_h - h:.1f}h{bar:.1f}V{top + plot_h}h-{bar:.1f}z")
        if d:
            parts.append(f'<path fill="{s.colour}" d="{"".join(d)}"/>')
    if labels:
        y = top + plot_h + 16
        parts.append(f'<text x="{left}" y="{y}">{escape(labels[0])}</text>')
        if len(labels) > 1:
            parts.append(f'<text x="{WIDTH}" y="{y}" text-anchor="end">'
                         f"{escape(labels[-1])}</text>")
    return _svg(title, height, "".join(parts))


def bars(title: str, labels: Sequence[str], series: Sequence[Series], high: float | None = None,
         percent: bool = True, bar: int = 7) -> Markup:
    """Horizontal bars, one row per label, the series one under the other within a row. The
    axis runs from 0 to `high`, by default a round number above the largest value (rates:
    10%, 20%, 50% or 100%)."""
    values = [v for s in series for v in s.values if v is not None]
    if high is None:
        top_value = max(values, default=0)
        high = (next((h for h in (0.1, 0.2, 0.5) if top_value <= h), 1.0) if percent
                else _nice(top_value or 1))
    left = min(max((len(label) for label in labels), default=0) * 8 + 12, 320)  # Cyrillic: wide
    top, gap = 24, max(bar - 1, 6)
    row = bar * len(series) + gap
    plot_w = WIDTH - left - 24
    height = top + row * len(labels) + 20
    parts = [_legend(series, 12)]
    for fraction in (0, 0.5, 1):
        x = round(left + plot_w * fraction, 1)
        value = high * fraction
        text = f"{value:.0%}" if percent else f"{value:g}"
        parts.append(f'<path d="M{x} {top}V{height - 16}" stroke="#b1b4b6"/>'
                     f'<text x="{x}" y="{height - 4}" text-anchor="middle">{text}</text>')
    for j, label in enumerate(labels):
        y = top + j * row + bar * len(series) / 2 + 4
        parts.append(f'<text x="{left - 6}" y="{y:g}" text-anchor="end">{escape(label)}</text>')
    for i, s in enumerate(series):
        d = []
        for j, v in enumerate(s.values):
            if not v:
                continue
            w = plot_w * min(v / high, 1)
            d.append(f"M{left} {top + j * row + i * bar}h{w:.1f}v{bar}H{left}z")
        if d:
            parts.append(f'<path fill="{s.colour}" d="{"".join(d)}"/>')
    return _svg(title, height, "".join(parts))
