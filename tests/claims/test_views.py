import pytest
from django.urls import reverse

from claims.models import Claim
from tests.factories import ClaimFactory, EvidenceFactory, ReportFactory, TopicFactory

pytestmark = pytest.mark.django_db


def make_claims(number: int, evidence_each: int) -> None:
    topic = TopicFactory()
    for _ in range(number):
        claim = ClaimFactory()
        claim.topics.add(topic)
        for _ in range(evidence_each):
            EvidenceFactory(claim=claim, report=ReportFactory())


@pytest.mark.parametrize(("claims", "evidence_each"), [(2, 1), (20, 5)])
def test_home__runs_the_same_queries_at_any_size(client, django_assert_max_num_queries, claims, evidence_each):
    make_claims(claims, evidence_each)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("claims:home"))
    assert response.status_code == 200
    assert response.content.decode().count('class="claim"') == claims


def test_home__shows_the_demo_chronology(client):
    from django.core.management import call_command

    call_command("load_demo")
    page = client.get(reverse("claims:home")).content.decode()
    assert "Joshua Stanton" in page
    assert "Mar 2016" in page
    assert "Bank of Korea" in page
    assert "stance-contradicts" in page and "stance-supports" in page


@pytest.mark.parametrize("evidence_each", [1, 30])
def test_claim_detail__runs_the_same_queries_at_any_size(client, django_assert_max_num_queries, evidence_each):
    claim = ClaimFactory()
    for _ in range(evidence_each):
        EvidenceFactory(claim=claim)
    with django_assert_max_num_queries(7):
        response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("<time>") == evidence_each


def test_claim_detail__answers_404_for_a_missing_claim(client):
    missing = (Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert client.get(reverse("claims:claim_detail", kwargs={"pk": missing})).status_code == 404


def test_claim_detail__shows_user_text_as_text(client):
    claim = ClaimFactory(quote='<script>alert("x")</script>')
    page = client.get(claim.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
