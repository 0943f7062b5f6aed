"""Pure arithmetic for the statistics: percentiles from a histogram, shares, and chart geometry."""
from dataclasses import dataclass


def percentile(histogram, p):
    """Return the nearest-rank ``p`` percentile (0 < p <= 1) of values given as {value: count}, or None if empty.

    The database counts rows per value; only the distinct values (a few dozen working days) reach Python.
    """
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, -(-int(p * total * 1000) // 1000))  # ceil(p * total) without float surprises
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)


def share(part, whole):
    """Return ``part / whole`` as a whole percentage, or None when there is nothing to share."""
    return None if not whole else round(100 * part / whole)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    text: str


def bar_chart(items, *, width=640, bar_height=28, gap=10, label_width=220, suffix=""):
    """Return (bars, height) for a horizontal bar chart of ``items`` [(label, value)], scaled to the largest.

    The template draws each bar as an SVG rect with its label and value as text, so the figures are
    readable without colour, and the same numbers are in the table beside it.
    """
    largest = max((value for _, value in items if value), default=0) or 1
    plot = width - label_width - 60
    bars = []
    for index, (label, value) in enumerate(items):
        length = 0 if not value else max(2, plot * value / largest)
        y = index * (bar_height + gap)
        text = "–" if value is None else f"{value}{suffix}"
        bars.append(Bar(label=str(label), value=value or 0, x=label_width, y=y, width=round(length, 1),
                        height=bar_height, text=text))
    return bars, max(len(bars) * (bar_height + gap) - gap, bar_height)
