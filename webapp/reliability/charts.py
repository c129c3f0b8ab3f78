"""Geometry of the reliability charts, drawn on the server as SVG (no JavaScript; prints).

Each chart carries a title and a text description (its ``<title>`` and ``<desc>``) that say
in words what the drawing shows, so it reads the same to a screen reader, in print and
without colour. The templates in ``reliability/_charts.html`` turn these into SVG.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from webapp.reliability.trend import TrendPoint

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
LABEL_WIDTH = 130
BAR_AREA = 260
ROW_HEIGHT = 24
BAR_HEIGHT = 16


def safe_colour(colour: str) -> str:
    """A scale's colour when it is a plain #rrggbb value, else neutral grey."""
    return colour if _COLOUR.fullmatch(colour or "") else "#777777"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    colour: str
    scored: bool
    y: int
    width: int

    @property
    def text(self) -> str:
        note = "" if self.scored else " (no score)"
        return f"{self.label}{note}: {self.count}"


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per rating value, with the size of the drawing."""

    title: str
    desc: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def verdict_bars(title: str, rows: Sequence[tuple[str, int, str, bool]]) -> BarChart:
    """Lay out ``(label, count, colour, scored)`` rows; the longest bar fills the bar area."""
    largest = max((count for _, count, _, _ in rows), default=0)
    bars = []
    for index, (label, count, colour, scored) in enumerate(rows):
        width = round(BAR_AREA * count / largest) if largest else 0
        width = max(width, 2) if count else 0  # a 1 beside a 10,000 still shows
        bars.append(Bar(label, count, safe_colour(colour), scored, index * ROW_HEIGHT + 4, width))
    desc = "; ".join(bar.text for bar in bars) + "." if bars else "No verdicts."
    return BarChart(title, desc, bars, LABEL_WIDTH + BAR_AREA + 60, len(rows) * ROW_HEIGHT + 8)


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class LineChart:
    """The estimate over time as a line, its 90% interval as a band."""

    title: str
    desc: str
    line: str  # SVG points of the polyline
    band: str  # SVG points of the interval polygon
    dots: list[tuple[float, float, str]]  # x, y, tooltip
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int


def trend_chart(title: str, points: Sequence[TrendPoint]) -> LineChart:
    """Lay out the trend; x is the period index, y the reliability from 0 (bottom) to 1."""
    width, height = 560, 200
    left, right, top, bottom = 44, 16, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(points)

    def x(i: int) -> float:
        return round(left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2), 1)

    def y(value: float) -> float:
        return round(top + plot_h * (1 - value), 1)

    line = " ".join(f"{x(i)},{y(p.estimate.estimate)}" for i, p in enumerate(points))
    upper = [f"{x(i)},{y(p.estimate.high)}" for i, p in enumerate(points)]
    lower = [f"{x(i)},{y(p.estimate.low)}" for i, p in reversed(list(enumerate(points)))]
    dots = [(x(i), y(p.estimate.estimate), _point_text(p)) for i, p in enumerate(points)]
    every = max(1, -(-count // 8))  # at most about eight labels on the time axis
    x_ticks = [Tick(x(i), p.label) for i, p in enumerate(points) if i % every == 0]
    if count > 1 and (count - 1) % every:
        x_ticks.append(Tick(x(count - 1), points[-1].label))
    y_ticks = [Tick(y(v), f"{v:.2f}") for v in (0.0, 0.25, 0.5, 0.75, 1.0)]
    desc = _trend_desc(points)
    return LineChart(
        title, desc, line, " ".join(upper + lower), dots, x_ticks, y_ticks,
        width, height, left, right, top, bottom,
    )  # fmt: skip


def _point_text(point: TrendPoint) -> str:
    e = point.estimate
    return f"{point.label}: {e.estimate:.2f} (90% interval {e.low:.2f}-{e.high:.2f}, n={e.n})"


def _trend_desc(points: Sequence[TrendPoint]) -> str:
    if not points:
        return "No history yet."
    first, last = points[0], points[-1]
    if len(points) == 1:
        return f"One period so far. {_point_text(last)}."
    return (
        f"From {_point_text(first)} to {_point_text(last)}; "
        f"{len(points)} periods in all (the table below lists each)."
    )
