import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, Evidence, Resolution
from claims.roles import ensure_editors_group
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:sources_source_changelist",
    "admin:sources_report_changelist",
    "admin:claims_commentator_changelist",
    "admin:claims_topic_changelist",
    "admin:claims_claim_changelist",
    "admin:claims_evidence_changelist",
    "admin:claims_resolution_changelist",
]


@pytest.fixture
def editor(client):
    user = UserFactory(username="ed", is_staff=True)
    user.groups.add(ensure_editors_group())
    client.force_login(user)
    return user


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_admin_changelists__run_the_same_queries_with_more_rows(
    client, editor, django_assert_max_num_queries, url_name
):
    call_command("load_demo")
    with django_assert_max_num_queries(12):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_admin_claim_page__shows_evidence_inline_and_resolutions(client, editor):
    call_command("load_demo")
    claim = Claim.objects.resolved().first()
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "evidence-" in page  # the inline formset's prefix
    assert claim.resolutions.get().rationale[:40] in page


def test_admin_claim_add__refuses_a_probability_of_one_and_a_half(client, editor, commentator):
    response = client.post(
        reverse("admin:claims_claim_add"),
        {
            "commentator": commentator.pk,
            "quote": "It will work.",
            "statement": "It will work by 2019.",
            "resolution_criteria": "Works or not.",
            "made_on": "2016-03-01",
            "made_precision": "month",
            "probability": "1.5",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "resolutions-TOTAL_FORMS": "0",
            "resolutions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "A probability is between 0 and 1" in response.content.decode()
    assert not Claim.objects.exists()


def test_admin_claim_add__stores_a_month_date_at_its_precision(client, editor, commentator):
    response = client.post(
        reverse("admin:claims_claim_add"),
        {
            "commentator": commentator.pk,
            "quote": "It will work.",
            "statement": "It will work by 2019.",
            "resolution_criteria": "Works or not.",
            "made_on": "2016-03-17",
            "made_precision": "month",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "resolutions-TOTAL_FORMS": "0",
            "resolutions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.made_on, claim.created_by) == (datetime.date(2016, 3, 1), editor)


def test_admin_resolution_add__goes_through_claim_resolve(client, editor):
    evidence = EvidenceFactory()
    response = client.post(
        reverse("admin:claims_resolution_add"),
        {
            "claim": evidence.claim_id,
            "outcome": "false",
            "resolved_on": "2019-04-30",
            "rationale": "The cited report shows serious damage.",
            "cited_evidence": [evidence.pk],
        },
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get()
    assert resolution.resolved_by == editor
    assert list(resolution.cited_evidence.all()) == [evidence]
    assert Claim.objects.get().outcome == "false"


def test_admin_resolution_add__refuses_evidence_from_another_claim(client, editor):
    claim = ClaimFactory()
    elsewhere = EvidenceFactory()
    response = client.post(
        reverse("admin:claims_resolution_add"),
        {
            "claim": claim.pk,
            "outcome": "true",
            "resolved_on": "2019-04-30",
            "rationale": "r",
            "cited_evidence": [elsewhere.pk],
        },
    )
    assert response.status_code == 200
    assert "Only evidence attached to this claim can be cited." in response.content.decode()
    assert not Resolution.objects.exists()


def test_admin_resolution__cannot_be_changed_or_deleted(client, editor):
    evidence = EvidenceFactory()
    from claims.services import claim_resolve

    resolution = claim_resolve(
        claim=evidence.claim, outcome="true", resolved_on=datetime.date(2019, 1, 1), rationale="r",
        cited_evidence=[evidence],
    )  # fmt: skip
    change_url = reverse("admin:claims_resolution_change", args=[resolution.pk])
    client.post(change_url, {"claim": evidence.claim_id, "outcome": "false", "resolved_on": "2019-01-01"})
    assert client.post(reverse("admin:claims_resolution_delete", args=[resolution.pk])).status_code == 403
    resolution.refresh_from_db()
    assert resolution.outcome == "true"


def test_admin_evidence_add__refuses_a_duplicate_link(client, editor):
    evidence = EvidenceFactory()
    response = client.post(
        reverse("admin:claims_evidence_add"),
        {"claim": evidence.claim_id, "report": evidence.report_id, "stance": "supports", "note": ""},
    )
    assert response.status_code == 200
    assert "This report is already attached to this claim." in response.content.decode()
    assert Evidence.objects.count() == 1


def test_admin_report_add__refuses_a_javascript_url(client, editor, source):
    response = client.post(
        reverse("admin:sources_report_add"),
        {
            "source": source.pk,
            "title": "t",
            "url": "javascript:alert(1)",
            "published_on": "2018-07-01",
            "published_precision": "month",
            "summary": "s",
            "credibility": "2",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"]
    assert not source.reports.exists()


def test_cited_evidence__cannot_be_deleted_from_the_admin(client, editor, cited_evidence):
    from claims.services import CITED_EVIDENCE_FIXED

    cited_item, _ = cited_evidence
    url = reverse("admin:claims_evidence_delete", args=[cited_item.pk])
    assert CITED_EVIDENCE_FIXED in client.get(url).content.decode()
    client.post(url, {"post": "yes"})
    response = client.post(
        reverse("admin:claims_evidence_changelist"),
        {"action": "delete_selected", "_selected_action": [cited_item.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert Evidence.objects.filter(pk=cited_item.pk).exists()


def test_uncited_evidence__can_be_deleted_from_the_admin(client, editor, cited_evidence):
    _, other = cited_evidence
    response = client.post(reverse("admin:claims_evidence_delete", args=[other.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=other.pk).exists()


def test_evidence__cannot_be_moved_or_cited_stance_changed_in_the_admin(client, editor, cited_evidence):
    cited_item, other = cited_evidence
    page = client.get(reverse("admin:claims_evidence_change", args=[cited_item.pk])).content.decode()
    assert 'name="claim"' not in page and 'name="report"' not in page and 'name="stance"' not in page
    page = client.get(reverse("admin:claims_evidence_change", args=[other.pk])).content.decode()
    assert 'name="claim"' not in page and 'name="report"' not in page and 'name="stance"' in page


def test_claim_admin_inline__refuses_removing_cited_evidence_and_moving_a_link(client, editor, cited_evidence):
    from tests.html_forms import post_form

    cited_item, other = cited_evidence
    url = reverse("admin:claims_claim_change", args=[cited_item.claim_id])
    form = post_form(client.get(url).content.decode())
    data = form.data()
    rows = {int(data[f"evidence-{n}-id"][0]): n for n in range(int(data["evidence-TOTAL_FORMS"][0]))}
    removing = {**data, f"evidence-{rows[cited_item.pk]}-DELETE": ["on"]}
    response = client.post(url, removing)
    assert response.status_code == 200 and Evidence.objects.filter(pk=cited_item.pk).exists()
    moving = {**data, f"evidence-{rows[other.pk]}-report": [str(cited_item.report_id)]}
    response = client.post(url, moving)
    assert response.status_code == 200
    assert Evidence.objects.get(pk=other.pk).report_id == other.report_id
