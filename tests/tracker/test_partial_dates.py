import datetime

import pytest
from django.core.exceptions import ValidationError

from tracker.partial_dates import (
    Precision,
    format_partial_date,
    iso_partial_date,
    parse_partial_date,
    truncate_to_precision,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-03-15", (datetime.date(2016, 3, 15), Precision.DAY)),
        ("2016-03", (datetime.date(2016, 3, 1), Precision.MONTH)),
        ("3/2016", (datetime.date(2016, 3, 1), Precision.MONTH)),
        ("12/2017", (datetime.date(2017, 12, 1), Precision.MONTH)),
        (" 2019 ", (datetime.date(2019, 1, 1), Precision.YEAR)),
    ],
)
def test_parse_partial_date__reads_each_form(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["", "March 2016", "2016-13", "2016-02-30", "13/2016", "16-03", "2016/03"])
def test_parse_partial_date__rejects_malformed_or_unreal_dates(text):
    with pytest.raises(ValidationError) as raised:
        parse_partial_date(text)
    assert raised.value.code == "invalid_date"


@pytest.mark.parametrize(
    ("date", "precision", "shown", "iso"),
    [
        (datetime.date(2016, 3, 1), Precision.MONTH, "Mar 2016", "2016-03"),
        (datetime.date(2016, 3, 5), Precision.DAY, "5 Mar 2016", "2016-03-05"),
        (datetime.date(2019, 1, 1), Precision.YEAR, "2019", "2019"),
    ],
)
def test_partial_dates__are_shown_only_as_precisely_as_known(date, precision, shown, iso):
    assert format_partial_date(date, precision) == shown
    assert iso_partial_date(date, precision) == iso


def test_truncate_to_precision__keeps_the_start_of_the_period():
    day = datetime.date(2018, 7, 19)
    assert truncate_to_precision(day, Precision.DAY) == day
    assert truncate_to_precision(day, Precision.MONTH) == datetime.date(2018, 7, 1)
    assert truncate_to_precision(day, Precision.YEAR) == datetime.date(2018, 1, 1)
