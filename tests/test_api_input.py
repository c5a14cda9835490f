"""The API reads numbers and dates strictly: true is not 1.0, and a week (2016-W10) is not a date.

Every writable number and date field of every endpoint is found from its serializer, so a field added later is
checked too.
"""

import datetime

import pytest
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim
from claims.roles import ensure_editors_group
from tests.conftest import if_match
from tests.factories import ClaimFactory, UserFactory
from tracker.api.serializers import NOT_A_NUMBER
from tracker.api.urls import router
from tracker.partial_dates import WEEK_DATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_api():
    user = UserFactory(username="strict-editor")
    user.groups.add(ensure_editors_group())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def writable_fields(kind: type) -> list[tuple[str, str]]:
    """Return (endpoint, field) for every writable field of the given kind of every endpoint that creates."""
    found = []
    for prefix, viewset, _ in router.registry:
        if not hasattr(viewset, "create"):
            continue
        view = viewset(action="create", request=None, format_kwarg=None)
        for name, item in view.get_serializer_class()().fields.items():
            if isinstance(item, kind) and not item.read_only:
                found.append((f"/api/{prefix}/", name))
    return found


NUMBER_FIELDS = writable_fields(serializers.FloatField)
DATE_FIELDS = writable_fields(serializers.DateField)


def test_the_fields_to_check__are_found():
    assert ("/api/claims/", "probability") in NUMBER_FIELDS
    assert {("/api/claims/", "made_on"), ("/api/claims/", "resolve_by"), ("/api/reports/", "published_on"),
            ("/api/resolutions/", "resolved_on")} <= set(DATE_FIELDS)  # fmt: skip


@pytest.mark.parametrize(("url", "name"), NUMBER_FIELDS)
@pytest.mark.parametrize("value", [True, False])
def test_true_or_false_for_a_number__is_refused_with_its_code(editor_api, url, name, value):
    response = editor_api.post(url, {name: value}, format="json")
    assert response.status_code == 400
    assert response.json()[name] == [NOT_A_NUMBER]


@pytest.mark.parametrize(("url", "name"), DATE_FIELDS)
@pytest.mark.parametrize("week", ["2016-W10", "2016W10", "2016-W10-1"])
def test_an_iso_week_for_a_date__is_refused(editor_api, url, name, week):
    response = editor_api.post(url, {name: week}, format="json")
    assert response.status_code == 400
    assert response.json()[name] == [WEEK_DATE.format(value=week)]


@pytest.mark.parametrize("value", ["20160310", "2016-02-30", "10/03/2016"])
def test_a_date_in_another_form__is_refused(editor_api, value):
    response = editor_api.post("/api/claims/", {"made_on": value}, format="json")
    assert response.status_code == 400 and "made_on" in response.json()


def test_a_patch_of_probability_true__changes_nothing(editor_api):
    claim = ClaimFactory(probability=0.3)
    url = f"/api/claims/{claim.pk}/"
    response = editor_api.patch(url, {"probability": True}, format="json", **if_match(editor_api, url))
    assert response.status_code == 400
    claim.refresh_from_db()
    assert (claim.probability, claim.version) == (0.3, 1)


def test_numbers_and_full_dates__are_still_taken(editor_api):
    claim = ClaimFactory()
    url = f"/api/claims/{claim.pk}/"
    response = editor_api.patch(
        url, {"probability": 0.7, "resolve_by": "2020-03-01"}, format="json", **if_match(editor_api, url)
    )
    assert response.status_code == 200, response.content
    claim = Claim.objects.get(pk=claim.pk)
    assert (claim.probability, claim.resolve_by) == (0.7, datetime.date(2020, 3, 1))
