"""A change through the API names the copy it starts from, so that it never silently undoes another editor's."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.roles import ensure_editors_group
from tests.factories import ClaimFactory, EvidenceFactory, ReportFactory, TopicFactory, UserFactory
from tracker.api.urls import router
from tracker.api.viewsets import PRECONDITION_FAILED, PRECONDITION_REQUIRED, ServiceViewSet

pytestmark = pytest.mark.django_db


def editor_client(username: str) -> APIClient:
    user = UserFactory(username=username)
    user.groups.add(ensure_editors_group())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


# For each record the API can change: its address, and a field two editors might both change.
CHANGES = {
    "claims": (lambda: f"/api/claims/{ClaimFactory().pk}/", "statement"),
    "commentators": (lambda: f"/api/commentators/{ClaimFactory().commentator.slug}/", "bio"),
    "topics": (lambda: f"/api/topics/{TopicFactory().slug}/", "description"),
    "evidence": (lambda: f"/api/evidence/{EvidenceFactory().pk}/", "note"),
    "sources": (lambda: f"/api/sources/{ReportFactory().source.slug}/", "description"),
    "reports": (lambda: f"/api/reports/{ReportFactory().pk}/", "summary"),
}


def test_every_changeable_record_of_the_api__is_covered_here():
    changeable = {prefix for prefix, viewset, _ in router.registry if issubclass(viewset, ServiceViewSet)}
    assert changeable == set(CHANGES)


@pytest.mark.parametrize("kind", CHANGES)
def test_a_change_naming_no_copy__is_refused_with_428_and_changes_nothing(kind):
    make_url, field = CHANGES[kind]
    url = make_url()
    client = editor_client("ana")
    before = client.get(url).json()
    blind = {name: value for name, value in before.items() if name != "version"}  # a claim's version names a copy
    for method in (client.patch, client.put):
        response = method(url, {**blind, field: "Changed blind."}, format="json")
        assert response.status_code == 428, response.content
        assert response.json() == {"detail": PRECONDITION_REQUIRED}
    assert client.get(url).json() == before


@pytest.mark.parametrize("kind", CHANGES)
def test_a_change_from_a_stale_copy__is_refused_with_412_and_the_other_change_stays(kind):
    make_url, field = CHANGES[kind]
    url = make_url()
    first, second = editor_client("ana"), editor_client("ben")
    stale = second.get(url)
    response = first.patch(url, {field: "Ana's change."}, format="json", HTTP_IF_MATCH=first.get(url)["ETag"])
    assert response.status_code == 200, response.content
    assert response["ETag"] == first.get(url)["ETag"], "the answer carries the new copy's tag"
    # Ben sends his whole copy back, as a PUT from an editor's form would: it would undo Ana's change.
    copy = {**stale.json(), field: "Ben's change."}
    response = second.put(url, copy, format="json", HTTP_IF_MATCH=stale["ETag"])
    assert response.status_code == 412, response.content
    assert response.json() == {"detail": PRECONDITION_FAILED}
    assert first.get(url).json()[field] == "Ana's change."
    # Read again, his change goes through on top of hers.
    fresh = second.get(url)
    response = second.patch(url, {field: "Ben's change."}, format="json", HTTP_IF_MATCH=fresh["ETag"])
    assert response.status_code == 200 and response.json()[field] == "Ben's change."


def test_a_claim__may_name_its_copy_by_version_instead():
    claim = ClaimFactory()
    url = f"/api/claims/{claim.pk}/"
    client = editor_client("ana")
    response = client.patch(url, {"statement": "Changed.", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    response = client.patch(url, {"statement": "Stale.", "version": 1}, format="json")
    assert response.status_code == 409
    assert client.get(url).json()["statement"] == "Changed."


def test_if_match_star__names_no_copy():
    url = f"/api/topics/{TopicFactory().slug}/"
    response = editor_client("ana").patch(url, {"description": "Blind."}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 428
