import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.models import Report, Source
from sources.services import report_create, report_update, source_create, source_update
from tests.conftest import error_codes
from tests.factories import ReportFactory, SourceFactory
from tracker.partial_dates import Precision

pytestmark = pytest.mark.django_db


def test_source_create__defaults_to_reliability_f_and_slugs_korean_names():
    source = source_create(name="림진강", kind="news", country="jp")
    assert source.reliability == "F"
    assert source.slug == "림진강"
    assert source.country == "JP"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"reliability": "G"}, "invalid_choice"),
        ({"homepage": "javascript:alert(1)"}, "invalid_url"),
        ({"homepage": "ftp://example.org/"}, "invalid_url"),
        ({"country": "Korea"}, "max_length"),
        ({"kind": "tabloid"}, "invalid_choice"),
    ],
)
def test_source_create__rejects_bad_values_and_writes_nothing(changes, code):
    with pytest.raises(ValidationError) as raised:
        source_create(**{"name": "Daily NK", "kind": "news", **changes})
    assert code in error_codes(raised.value)
    assert not Source.objects.exists()


def test_source_update__rejects_a_duplicate_name_and_keeps_the_old_one(source):
    other = SourceFactory(name="Daily NK")
    with pytest.raises(ValidationError) as raised:
        source_update(source=source, name="Daily NK")
    assert "unique" in error_codes(raised.value)
    source.refresh_from_db()
    assert source.name != other.name


@pytest.mark.parametrize(
    ("sql", "constraint"),
    [
        ("UPDATE sources_source SET reliability = 'G'", "source_reliability_a_to_f"),
        ("UPDATE sources_source SET homepage = 'javascript:x'", "source_homepage_http"),
        ("UPDATE sources_source SET country = 'kr'", "source_country_iso_code"),
    ],
)
def test_source_constraints__hold_in_the_database_itself(source, sql, constraint):
    from django.db import connection

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_report_create__stores_a_month_date_as_the_first_day_and_shows_the_month(source):
    report = report_create(
        source=source,
        title="Traders say they have no work",
        published_on=datetime.date(2017, 9, 17),
        published_precision=Precision.MONTH,
        summary="Traders in China complain that sanctions have left them idle.",
    )
    report.refresh_from_db()
    assert report.published_on == datetime.date(2017, 9, 1)
    assert report.published_display == "Sep 2017"


def test_reports__sort_by_date_across_precisions(source):
    march = ReportFactory(source=source, published_on=datetime.date(2016, 3, 1), published_precision="month")
    year = ReportFactory(source=source, published_on=datetime.date(2016, 1, 1), published_precision="year")
    day = ReportFactory(source=source, published_on=datetime.date(2016, 2, 20), published_precision="day")
    assert list(Report.objects.chronological()) == [year, day, march]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"url": "javascript:alert(1)"}, "invalid_url"),
        ({"archive_url": "data:text/html,hi"}, "invalid_url"),
        ({"credibility": 7}, "invalid_choice"),
        ({"credibility": 0}, "invalid_choice"),
        ({"title": "  "}, "blank"),
        ({"summary": ""}, "blank"),
        ({"excerpt": "x" * 1001}, "max_length"),
    ],
)
def test_report_create__rejects_bad_values_and_writes_nothing(source, changes, code):
    fields = {
        "source": source,
        "title": "Pyongyang property prices fall",
        "published_on": datetime.date(2018, 7, 1),
        "published_precision": Precision.MONTH,
        "summary": "Prices fell sharply after the summit.",
        **changes,
    }
    with pytest.raises(ValidationError) as raised:
        report_create(**fields)
    assert code in error_codes(raised.value)
    assert not Report.objects.exists()


def test_report_create__refuses_a_second_report_at_the_same_address(source):
    ReportFactory(source=source, url="https://www.dailynk.com/english/a/")
    with pytest.raises(ValidationError) as raised:
        report_create(
            source=source, title="Again", published_on=datetime.date(2018, 7, 2), summary="s",
            url="https://www.dailynk.com/english/a/",
        )  # fmt: skip
    assert "duplicate_url" in error_codes(raised.value)
    assert Report.objects.count() == 1


def test_reports_without_address__may_be_many(source):
    ReportFactory(source=source, url="")
    ReportFactory(source=source, url="")
    assert Report.objects.filter(url="").count() == 2


@pytest.mark.parametrize(
    ("sql", "constraint"),
    [
        ("UPDATE sources_report SET credibility = 9", "report_credibility_1_to_6"),
        ("UPDATE sources_report SET url = 'ftp://x.org/'", "report_url_http"),
        ("UPDATE sources_report SET published_on = '2018-07-15'", "report_published_on_at_precision"),
        ("UPDATE sources_report SET repeats_id = id", "report_does_not_repeat_itself"),
    ],
)
def test_report_constraints__hold_in_the_database_itself(report, sql, constraint):
    from django.db import connection

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_report_create__points_a_repeat_of_a_repeat_at_the_original(source):
    original = ReportFactory(source=source, published_on=datetime.date(2018, 7, 1))
    first_repeat = ReportFactory(source=source, repeats=original, published_on=datetime.date(2018, 8, 1))
    second = report_create(
        source=source, title="Re-run", published_on=datetime.date(2018, 9, 1), summary="s", repeats=first_repeat
    )
    assert second.repeats == original


def test_report_create__refuses_to_repeat_a_later_report(source):
    later = ReportFactory(source=source, published_on=datetime.date(2019, 1, 1), published_precision="month")
    with pytest.raises(ValidationError) as raised:
        report_create(
            source=source, title="Earlier", published_on=datetime.date(2018, 1, 1), summary="s", repeats=later
        )
    assert "repeats_later_report" in error_codes(raised.value)


def test_report_create__accepts_a_same_month_repeat_of_a_dated_original(source):
    original = ReportFactory(source=source, published_on=datetime.date(2018, 7, 19), published_precision="day")
    repeat = report_create(
        source=source,
        title="Same story, dated by month",
        published_on=datetime.date(2018, 7, 1),
        published_precision=Precision.MONTH,
        summary="s",
        repeats=original,
    )
    assert repeat.original == original


def test_report_update__refuses_to_make_a_report_repeat_itself(report):
    with pytest.raises(ValidationError) as raised:
        report_update(report=report, repeats=report)
    assert "repeats_itself" in error_codes(raised.value)
    report.refresh_from_db()
    assert report.repeats is None


def test_report_update__moves_its_repeats_to_its_new_original(source):
    original = ReportFactory(source=source, published_on=datetime.date(2018, 1, 1))
    middle = ReportFactory(source=source, published_on=datetime.date(2018, 2, 1))
    repeat = ReportFactory(source=source, repeats=middle, published_on=datetime.date(2018, 3, 1))
    report_update(report=middle, repeats=original)
    repeat.refresh_from_db()
    assert repeat.repeats == original


def test_report_update__refuses_fields_that_are_not_editable(report):
    with pytest.raises(ValidationError) as raised:
        report_update(report=report, created_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    assert "field_not_editable" in error_codes(raised.value)


@pytest.mark.parametrize(
    ("precision", "shift"),
    [
        (Precision.DAY, datetime.timedelta(days=1)),
        (Precision.MONTH, datetime.timedelta(days=32)),
        (Precision.YEAR, None),
    ],
)
def test_report_create__refuses_a_date_that_has_not_yet_come(source, precision, shift):
    from django.utils import timezone

    from sources.models import PUBLISHED_IN_FUTURE

    today = timezone.localdate()
    future = today + shift if shift else datetime.date(today.year + 1, 1, 1)
    with pytest.raises(ValidationError) as refused:
        report_create(source=source, title="T", published_on=future, published_precision=precision, summary="s")
    assert refused.value.message_dict == {"published_on": [PUBLISHED_IN_FUTURE]}
    assert error_codes(refused.value) == {"published_in_future"}
    # Today, and this month or year at their precision, are not the future.
    report = report_create(source=source, title="T", published_on=today, published_precision=precision, summary="s")
    assert report.published_on <= today
    assert Report.objects.count() == 1
