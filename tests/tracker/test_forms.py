"""Widgets rendered directly (tracker.forms.DirectRenderMixin) give the HTML of Django's widget templates."""

import pytest
from django import forms
from django.test import RequestFactory

from claims.filters import ClaimFilter
from claims.forms import ScoreFilterForm
from claims.models import Claim
from tests.factories import TopicFactory
from tracker.forms import render_directly

pytestmark = pytest.mark.django_db


class Everything(forms.Form):
    text = forms.CharField(help_text="Words.", max_length=20)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    number = forms.IntegerField(required=False)
    grouped = forms.ChoiceField(choices=[("", "Any"), ("Fruit", [("a", "Apple & <pear>"), ("b", "Banana")])])
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    choice = forms.ChoiceField(choices=[("1", "One"), ("2", "Two")], widget=forms.RadioSelect)  # left to templates


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": 'a "quoted" <b>', "day": "2019-01-31", "number": "7", "grouped": "a", "many": ["x", "y"]},
        {"text": "", "day": "not a date", "grouped": "zzz"},
    ],
)
def test_direct_rendering__equals_the_templates(data):
    fields = dict(Everything(data).fields)
    assert fields  # the form has its fields before and after
    by_templates, direct = Everything(data), render_directly(Everything(data))
    if data:
        by_templates.is_valid(), direct.is_valid()
    for name in fields:
        assert str(direct[name]) == str(by_templates[name]), name


def test_direct_rendering__the_claim_filter_and_score_filter_forms_are_unchanged(rf):
    TopicFactory(name="North Korea", slug="north-korea")
    TopicFactory(name="Sanctions & <trade>", slug="sanctions")
    query = {"q": "sanctions", "topic": "north-korea", "status": "open", "sort": "-made", "made_after": "2019-01-01"}
    request = RequestFactory().get("/claims/", query)
    direct = ClaimFilter(request.GET, queryset=Claim.objects.all(), request=request).form
    plain = ClaimFilter.get_form_class(ClaimFilter(request.GET, queryset=Claim.objects.all()))(request.GET)
    assert [str(field) for field in direct] == [str(field) for field in plain]
    assert "selected>North Korea</option>" in str(direct["topic"])
    score = ScoreFilterForm({"topic": "north-korea", "from": "2019-01-01"})
    assert type(score["topic"].field.widget).__mro__[1].__name__ == "DirectRenderMixin"
    assert "selected>North Korea</option>" in str(score["topic"])
