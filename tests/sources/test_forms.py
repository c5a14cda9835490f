import datetime

import pytest
from django.core.exceptions import ValidationError

from sources.forms import ReportForm, SourceForm
from tracker.partial_dates import Precision

pytestmark = pytest.mark.django_db


def report_form(source, **changes) -> ReportForm:
    data = {"source": source.pk, "title": "Rice prices", "published": "2016", "credibility": "2", "summary": "Up."}
    return ReportForm(data={**data, **changes})


def test_report_form__sets_the_date_and_its_precision_on_the_report(source):
    form = report_form(source, published="3/2016")
    assert form.is_valid(), form.errors
    assert (form.instance.published_on, form.instance.published_precision) == (
        datetime.date(2016, 3, 1),
        Precision.MONTH,
    )


def test_report_form__puts_errors_about_the_stored_date_next_to_the_date_field(source):
    form = report_form(source)
    assert form.is_valid()
    form.add_error(None, ValidationError({"published_precision": ValidationError("Bad precision.", code="x")}))
    assert form.errors["published"] == ["Bad precision."]


def test_report_form__puts_a_record_error_next_to_the_field_its_code_names(source):
    form = report_form(source)
    assert form.is_valid()
    form.add_error(None, ValidationError("Another report already has this address.", code="duplicate_url"))
    form.add_error(None, ValidationError("Something else went wrong.", code="conflict"))
    assert form.errors["url"] == ["Another report already has this address."]
    assert form.non_field_errors() == ["Something else went wrong."]


def test_report_form__keeps_errors_about_fields_it_does_not_show_as_form_errors(source):
    form = report_form(source)
    assert form.is_valid()
    form.add_error(None, ValidationError({"created_at": ValidationError("Odd.", code="x")}))
    assert form.non_field_errors() == ["Odd."]


def test_source_form__leaves_the_slug_to_the_service():
    form = SourceForm(data={"name": "Daily NK", "slug": "", "kind": "news", "reliability": "C"})
    assert form.is_valid(), form.errors
    assert form.instance.slug == ""
