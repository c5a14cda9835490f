"""Property tests of the date-with-precision parser (Hypothesis)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tracker.partial_dates import (
    Precision,
    format_partial_date,
    iso_partial_date,
    parse_partial_date,
    truncate_to_precision,
)

dates = st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31))
precisions = st.sampled_from(list(Precision))


@given(dates, precisions)
def test_iso_form__parses_back_to_the_same_period(date, precision):
    start = truncate_to_precision(date, precision)
    assert parse_partial_date(iso_partial_date(date, precision)) == (start, precision)


@given(dates, precisions)
def test_truncation__is_idempotent_and_never_moves_forward(date, precision):
    start = truncate_to_precision(date, precision)
    assert truncate_to_precision(start, precision) == start
    assert start <= date
    assert format_partial_date(start, precision) == format_partial_date(date, precision)


@given(dates)
def test_month_slash_form__equals_the_iso_month(date):
    assert parse_partial_date(f"{date.month}/{date.year}") == parse_partial_date(f"{date.year}-{date.month:02d}")


@given(st.text(max_size=20))
def test_any_text__parses_or_is_refused_with_a_code(text):
    try:
        start, precision = parse_partial_date(text)
    except ValidationError as error:
        assert error.code == "invalid_date"
    else:
        assert truncate_to_precision(start, precision) == start


@given(dates, dates, precisions)
def test_stored_dates__sort_as_their_periods(first, second, precision):
    a, b = truncate_to_precision(first, precision), truncate_to_precision(second, precision)
    if first <= second:
        assert a <= b


def test_a_day_that_does_not_exist__is_refused():
    with pytest.raises(ValidationError):
        parse_partial_date("2019-02-29")
