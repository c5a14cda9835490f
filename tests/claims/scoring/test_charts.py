import datetime

from claims.scoring import charts
from claims.scoring.formulas import calibration_bins

DAY = datetime.date


def test_line_chart__is_none_without_points():
    assert charts.line_chart([]) is None


def test_line_chart__maps_dates_and_values_into_the_plot():
    chart = charts.line_chart([(DAY(2016, 1, 1), 0.0), (DAY(2018, 1, 1), 1.0)], y_range=(0.0, 1.0))
    (x0, y0), (x1, y1) = chart.dots
    assert (x0, y1) == (chart.plot_left, chart.plot_top)
    assert (x1, y0) == (chart.plot_right, chart.plot_bottom)
    assert chart.path == f"M{x0},{y0} H{x1} V{y1}"  # a step: flat until the next report
    assert [tick.label for tick in chart.x_ticks] == ["2016", "2017", "2018"]
    assert [tick.label for tick in chart.y_ticks] == ["0", "0.25", "0.5", "0.75", "1"]


def test_line_chart__stacks_marker_labels_and_labels_a_short_range_by_month():
    chart = charts.line_chart(
        [(DAY(2019, 2, 1), -1.0)],
        markers=[(DAY(2019, 4, 30), "resolved"), (DAY(2019, 3, 31), "deadline"), (None, "never")],
    )
    assert [(marker.label, marker.label_y) for marker in chart.markers] == [
        ("deadline", chart.plot_top + 10),
        ("resolved", chart.plot_top + 24),
    ]
    assert [tick.label for tick in chart.x_ticks] == ["Feb 2019", "Apr 2019"]
    assert chart.zero_y is None or chart.plot_top <= chart.zero_y <= chart.plot_bottom


def test_calibration_chart__places_each_bin_at_its_mean_probability():
    bins = calibration_bins([(0.12, 1.0), (0.18, 0.0), (0.9, 1.0)])
    chart = charts.calibration_chart(bins)
    first, last = chart.dots
    # Bin [0.1, 0.2): mean p 0.15, observed 0.5 -> x = 44 + 0.15 * 240 = 80, y = 284 - 0.5 * 240 = 164.
    assert (first["cx"], first["cy"]) == (80.0, 164.0)
    assert (last["cx"], last["cy"]) == (260.0, 44.0)
    assert first["r"] > last["r"]  # two claims against one
    assert charts.calibration_chart(calibration_bins([])) is None


def test_by_period__keeps_every_point_up_to_the_limit_then_the_last_of_each_month_quarter_or_year():
    daily = [(DAY(2016, 1, 1) + datetime.timedelta(days=n), float(n)) for n in range(400)]
    assert charts.by_period(daily[:5], most=5) == (daily[:5], "date")
    monthly, step = charts.by_period(daily, most=20)
    assert step == "month"
    # 1 Jan 2016 + 399 days is 3 Feb 2017: 14 months, each ending at its last day's running total.
    assert len(monthly) == 14
    assert monthly[0] == (DAY(2016, 1, 31), 30.0) and monthly[-1] == (DAY(2017, 2, 3), 399.0)
    quarterly, step = charts.by_period(daily, most=10)
    assert step == "quarter" and quarterly[:2] == [(DAY(2016, 3, 31), 90.0), (DAY(2016, 6, 30), 181.0)]
    assert len(quarterly) == 5 and quarterly[-1] == (DAY(2017, 2, 3), 399.0)
    yearly, step = charts.by_period(daily, most=3)
    assert (step, yearly) == ("year", [(DAY(2016, 12, 31), 365.0), (DAY(2017, 2, 3), 399.0)])
