"""A small horizontal bar chart drawn on the server as SVG (no JavaScript, prints cleanly)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 150
BAR_AREA = 300
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, colour, link and geometry in the SVG's user units."""

    label: str
    count: int
    colour: str
    url: str | None
    y: int
    width: int

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= 20 else self.label[:19] + "…"


@dataclass(frozen=True)
class BarChart:
    """Bars in order, and the size of the drawing."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bar_chart(rows: Sequence[tuple[str, int, str, str | None]]) -> BarChart:
    """Lay out ``(label, count, colour, url)`` rows; the longest bar fills the bar area.

    A non-zero count always gets a visible sliver, so a 1 beside a 10,000 still shows.
    """
    largest = max((count for _, count, _, _ in rows), default=0)
    bars = []
    for index, (label, count, colour, url) in enumerate(rows):
        width = round(BAR_AREA * count / largest) if largest else 0
        if count and width < 2:
            width = 2
        bars.append(Bar(label, count, colour, url, index * ROW_HEIGHT + 4, width))
    # Room after the longest bar for its number.
    return BarChart(bars, LABEL_WIDTH + BAR_AREA + 70, len(rows) * ROW_HEIGHT + 8)
