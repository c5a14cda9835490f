"""Dates known to a day, a month or a year: parsed, stored as the first day of the period, shown as known."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

INVALID_PARTIAL_DATE = "Enter a date as YYYY-MM-DD, YYYY-MM, M/YYYY or YYYY."
INVALID_FULL_DATE = "Enter a date as YYYY-MM-DD."
# Python's date.fromisoformat, and Django's and DRF's date parsing after it, take 2016-W10 for a Monday.
WEEK_DATE = "{value!r} is a week (ISO 8601), not a date: enter the day as YYYY-MM-DD."
_WEEK = re.compile(r"^\d{4}-?W\d{1,2}(-?\d)?$", re.IGNORECASE)
_FULL_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)

_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("year", "month", "day"), Precision.DAY),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), ("year", "month"), Precision.MONTH),
    (re.compile(r"^(\d{1,2})/(\d{4})$"), ("month", "year"), Precision.MONTH),
    (re.compile(r"^(\d{4})$"), ("year",), Precision.YEAR),
]


def parse_partial_date(text: str) -> tuple[datetime.date, Precision]:
    """Parse "2016-03-15", "2016-03", "3/2016" or "2016" into (first day of the period, precision)."""
    value = (text or "").strip()
    for pattern, parts, precision in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        numbers = dict(zip(parts, (int(group) for group in match.groups()), strict=True))
        try:
            date = datetime.date(numbers["year"], numbers.get("month", 1), numbers.get("day", 1))
        except ValueError as error:
            raise ValidationError(f"{value!r} is not a real date: {error}.", code="invalid_date") from error
        return date, precision
    _refuse_week(value)
    raise ValidationError(f"{value!r}: {INVALID_PARTIAL_DATE}", code="invalid_date")


def parse_full_date(text: str) -> datetime.date:
    """Parse a date written YYYY-MM-DD; refuse a week (2016-W10) and the other forms fromisoformat takes."""
    value = (text or "").strip()
    match = _FULL_DATE.match(value)
    if match is None:
        _refuse_week(value)
        raise ValidationError(f"{value!r}: {INVALID_FULL_DATE}", code="invalid_date")
    try:
        return datetime.date(*(int(group) for group in match.groups()))
    except ValueError as error:
        raise ValidationError(f"{value!r} is not a real date: {error}.", code="invalid_date") from error


def _refuse_week(value: str) -> None:
    if _WEEK.match(value):
        raise ValidationError(WEEK_DATE.format(value=value), code="week_date")


def truncate_to_precision(date: datetime.date, precision: str) -> datetime.date:
    """Return the first day of the period that date falls in at the given precision."""
    if precision == Precision.YEAR:
        return date.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return date.replace(day=1)
    return date


def coarser_precision(first: str, second: str) -> str:
    """Return the less precise of two precisions (year is coarser than month, month than day)."""
    order = [Precision.DAY, Precision.MONTH, Precision.YEAR]
    return max(first, second, key=order.index)


def format_partial_date(date: datetime.date | None, precision: str) -> str:
    """Show a date only as precisely as it is known: "15 Mar 2016", "Mar 2016" or "2016"."""
    if date is None:
        return ""
    if precision == Precision.YEAR:
        return f"{date.year}"
    if precision == Precision.MONTH:
        return f"{MONTH_ABBREVIATIONS[date.month - 1]} {date.year}"
    return f"{date.day} {MONTH_ABBREVIATIONS[date.month - 1]} {date.year}"


def iso_partial_date(date: datetime.date, precision: str) -> str:
    """Return the ISO 8601 form at the date's precision: "2016-03-15", "2016-03" or "2016"."""
    if precision == Precision.YEAR:
        return f"{date.year:04d}"
    if precision == Precision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def precision_constraint(date_field: str, precision_field: str, name: str) -> models.CheckConstraint:
    """Return a constraint that a date stored at month or year precision is the first day of its period."""
    return models.CheckConstraint(
        condition=(
            models.Q(**{precision_field: Precision.DAY})
            | models.Q(**{precision_field: Precision.MONTH, f"{date_field}__day": 1})
            | models.Q(**{precision_field: Precision.YEAR, f"{date_field}__day": 1, f"{date_field}__month": 1})
        ),
        name=name,
        violation_error_code="date_not_at_precision",
        violation_error_message="A date known to the month or year is stored as the first day of that period.",
    )
