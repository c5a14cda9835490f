"""Server-side SVG charts: pure geometry from plain values; the templates draw it.

Every chart is shown with a table of the same data, for screen readers and for anyone who wants
the numbers.
"""

import datetime
import math
from dataclasses import dataclass, field

from tracker.partial_dates import MONTH_ABBREVIATIONS as MONTHS

WIDTH, HEIGHT = 640, 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 52, 16, 14, 34


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Marker:
    x: float
    label: str
    label_y: float = 0.0


@dataclass
class LineChart:
    """A step or line chart of values over dates."""

    width: int = WIDTH
    height: int = HEIGHT
    path: str = ""
    dots: list[tuple[float, float]] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    zero_y: float | None = None
    plot_left: int = MARGIN_LEFT
    plot_right: int = WIDTH - MARGIN_RIGHT
    plot_top: int = MARGIN_TOP
    plot_bottom: int = HEIGHT - MARGIN_BOTTOM


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    if high == low:
        return (start + end) / 2
    return round(start + (value - low) / (high - low) * (end - start), 2)


def _ordinal(date: datetime.date) -> int:
    return date.toordinal()


def _year_ticks(first: datetime.date, last: datetime.date, to_x) -> list[Tick]:
    years = range(first.year + (first > datetime.date(first.year, 1, 1)), last.year + 1)
    step = max(1, len(years) // 8 + (len(years) % 8 > 0))
    return [Tick(to_x(datetime.date(year, 1, 1)), str(year)) for year in list(years)[::step]]


MOST_POINTS = 60
PERIODS = (
    ("month", lambda day: (day.year, day.month)),
    ("quarter", lambda day: (day.year, (day.month - 1) // 3)),
    ("year", lambda day: day.year),
)


def by_period[P](points: list[P], most: int = MOST_POINTS, date_of=lambda point: point[0]) -> tuple[list[P], str]:
    """Return running figures as shown: every point, or, past `most`, the last point of each month (or quarter,
    or year: the finest period that gives at most `most` points, else years).

    The figures are running totals, so the last point of a period is exactly the figure at the period's end.
    Also return the step: "date", "month", "quarter" or "year".
    """
    if len(points) <= most:
        return points, "date"
    for step, period in PERIODS:
        last_of_each = {period(date_of(point)): point for point in points}  # the last point of a period wins
        if len(last_of_each) <= most:
            return list(last_of_each.values()), step
    return list(last_of_each.values()), "year"  # more than `most` years: one point a year all the same


def line_chart(
    points: list[tuple[datetime.date, float]],
    *,
    y_range: tuple[float, float] | None = None,
    y_format: str = "{:g}",
    markers: list[tuple[datetime.date | None, str]] = (),
    step: bool = True,
) -> LineChart | None:
    """Return the geometry of values over time, with optional dated markers; None with no points."""
    if not points:
        return None
    chart = LineChart()
    dates = [date for date, _ in points] + [date for date, _ in markers if date is not None]
    first, last = min(dates), max(dates)
    if first == last:
        first, last = first - datetime.timedelta(days=30), last + datetime.timedelta(days=30)
    values = [value for _, value in points]
    low, high = y_range if y_range else (min(0.0, *values), max(0.0, *values))
    if low == high:
        low, high = low - 1, high + 1

    def to_x(date: datetime.date) -> float:
        return _scale(_ordinal(date), _ordinal(first), _ordinal(last), chart.plot_left, chart.plot_right)

    def to_y(value: float) -> float:
        return _scale(value, low, high, chart.plot_bottom, chart.plot_top)

    coordinates = [(to_x(date), to_y(value)) for date, value in points]
    commands = [f"M{coordinates[0][0]},{coordinates[0][1]}"]
    for (x, y), (_, previous_y) in zip(coordinates[1:], coordinates, strict=False):
        if step:
            commands.append(f"H{x}")
            if y != previous_y:
                commands.append(f"V{y}")
        else:
            commands.append(f"L{x},{y}")
    chart.path = " ".join(commands)
    chart.dots = coordinates
    chart.x_ticks = _year_ticks(first, last, to_x) or [
        Tick(to_x(date), f"{MONTHS[date.month - 1]} {date.year}") for date in sorted({min(dates), max(dates)})
    ]
    chart.y_ticks = [
        Tick(to_y(value), "0" if value == 0 else y_format.format(value)) for value in _nice_ticks(low, high)
    ]
    # Labels of markers close together are stacked rather than drawn over each other.
    chart.markers = [
        Marker(to_x(date), label, chart.plot_top + 10 + 14 * index)
        for index, (date, label) in enumerate(sorted((m for m in markers if m[0] is not None), key=lambda m: m[0]))
    ]
    chart.zero_y = to_y(0.0) if low < 0 < high else None
    return chart


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Return round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten."""
    raw = (high - low) / (count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(multiple * power for multiple in (1, 2, 2.5, 5, 10) if multiple * power >= raw)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(index * step, 10) for index in range(first, last + 1)]


@dataclass
class CalibrationChart:
    size: int = 300
    plot_low: int = 44
    plot_high: int = 284
    dots: list[dict] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)


def calibration_chart(bins) -> CalibrationChart | None:
    """Return the geometry of a calibration plot: each bin at (mean p, observed), sized by n; None if empty."""
    filled = [b for b in bins if b.n]
    if not filled:
        return None
    chart = CalibrationChart()
    biggest = max(b.n for b in filled)

    def to_x(value: float) -> float:
        return _scale(value, 0.0, 1.0, chart.plot_low, chart.plot_high)

    def to_y(value: float) -> float:
        return _scale(value, 0.0, 1.0, chart.plot_high, chart.plot_low)

    chart.dots = [
        {"cx": to_x(b.mean_p), "cy": to_y(b.observed), "r": round(3 + 7 * (b.n / biggest) ** 0.5, 2), "bin": b}
        for b in filled
    ]
    chart.ticks = [Tick(to_x(value / 10), f"{value * 10}%") for value in range(0, 11, 2)]
    return chart
