import datetime

import pytest
from django.urls import reverse

from claims.forms import COMMENTATOR_CHOICE_REQUIRED, REPORT_NOT_FOUND
from claims.models import Claim, Commentator, Evidence, Resolution
from claims.roles import ensure_editors_group
from claims.services import EVIDENCE_REQUIRED, RATIONALE_REQUIRED
from sources.models import Report
from tests.factories import ClaimFactory, CommentatorFactory, EvidenceFactory, ReportFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor-x")
    user.groups.add(ensure_editors_group())
    client.force_login(user)
    return user


def claim_data(**changes) -> dict:
    return {
        "quote": "Sanctions will bite within three years.",
        "statement": "By March 2019 sanctions will have seriously hurt the North Korean regime.",
        "resolution_criteria": "True if state industry and elite incomes fall sharply by then.",
        "made": "2016-03",
        "resolve_by": "2019-03-31",
        "new_commentator_kind": "person",
        **changes,
    }


def errors_of(response) -> dict:
    return response.context["form"].errors


def test_claim_create__with_a_new_commentator_records_both(client, editor):
    response = client.post(
        reverse("claims:claim_create"), claim_data(new_commentator="김정은 watcher", probability="70%")
    )
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    assert (claim.commentator.name, claim.probability, claim.made_display) == ("김정은 watcher", 0.7, "Mar 2016")
    assert claim.created_by == editor


def test_claim_create__with_an_existing_commentator(client, editor):
    commentator = CommentatorFactory()
    client.post(reverse("claims:claim_create"), claim_data(commentator=commentator.pk, estimative_words="probable"))
    claim = Claim.objects.get()
    assert (claim.commentator, claim.forecast_probability) == (commentator, 0.75)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"new_commentator": "A", "probability": "1.5"}, "probability", "from 0 to 1"),
        ({"new_commentator": "A", "probability": "150%"}, "probability", "from 0 to 1"),
        ({"new_commentator": "A", "probability": "0.6", "estimative_words": "probable"}, "probability", "not both"),
        ({"new_commentator": "A", "resolve_by": "2015-01-01"}, "resolve_by", "deadline cannot be before"),
        ({"new_commentator": "A", "appeared_url": "javascript:alert(1)"}, "appeared_url", "valid URL"),
        ({"new_commentator": "A", "made": "March 2016"}, "made", "YYYY-MM"),
        ({"new_commentator": "A", "appeared_in": "999999"}, "appeared_in", REPORT_NOT_FOUND),
        ({"new_commentator": "A", "quote": ""}, "quote", "required"),
        ({}, "commentator", COMMENTATOR_CHOICE_REQUIRED),
    ],
)
def test_claim_create__bad_input_shows_a_message_and_writes_nothing(client, editor, changes, field, message):
    response = client.post(reverse("claims:claim_create"), claim_data(**changes))
    assert response.status_code == 200
    assert message in " ".join(errors_of(response)[field])
    assert not Claim.objects.exists() and not Commentator.objects.exists()


def test_claim_update__changes_the_claim_and_refuses_a_bad_deadline(client, editor):
    claim = ClaimFactory()
    url = reverse("claims:claim_update", kwargs={"pk": claim.pk})
    form_page = client.get(url).content.decode()
    assert "2016-03" in form_page  # the month is shown as it is known
    response = client.post(url, claim_data(commentator=claim.commentator_id, statement="Restated.", probability="0.2"))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.probability) == ("Restated.", 0.2)
    response = client.post(url, claim_data(commentator=claim.commentator_id, resolve_by="2010-01-01"))
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.resolve_by == datetime.date(2019, 3, 31)


def test_evidence_attach__an_existing_report_by_number_or_address(client, editor):
    claim = ClaimFactory()
    by_number, by_address = ReportFactory(), ReportFactory(url="https://www.dailynk.com/english/x/")
    url = reverse("claims:evidence_attach", kwargs={"pk": claim.pk})
    assert client.post(url, {"report": str(by_number.pk), "stance": "supports", "note": "n"}).status_code == 302
    assert client.post(url, {"report": by_address.url, "stance": "contradicts"}).status_code == 302
    assert set(claim.evidence.values_list("report_id", "stance")) == {
        (by_number.pk, "supports"),
        (by_address.pk, "contradicts"),
    }


def test_evidence_attach__a_new_report_in_the_same_step(client, editor):
    claim = ClaimFactory()
    source = SourceFactory()
    response = client.post(
        reverse("claims:evidence_attach", kwargs={"pk": claim.pk}),
        {
            "new_source": source.pk,
            "new_title": "Factories in Pyongyang shut down",
            "new_published": "3/2019",
            "new_credibility": "3",
            "new_summary": "State factories close after the Hanoi summit.",
            "new_url": "https://example.org/factories",
            "stance": "contradicts",
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.select_related("report").get()
    assert (evidence.claim, evidence.report.published_display, evidence.report.credibility) == (claim, "Mar 2019", 3)


def test_evidence_attach__a_duplicate_link_is_refused_and_no_report_is_left_behind(client, editor):
    evidence = EvidenceFactory()
    url = reverse("claims:evidence_attach", kwargs={"pk": evidence.claim_id})
    response = client.post(url, {"report": str(evidence.report_id), "stance": "mixed"})
    assert response.status_code == 200
    assert "already attached" in str(errors_of(response))
    bad_new = client.post(
        url,
        {
            "new_source": SourceFactory().pk, "new_title": "t", "new_published": "2019-03", "new_summary": "s",
            "new_credibility": "2", "new_url": "javascript:alert(1)", "stance": "supports",
        },
    )  # fmt: skip
    assert bad_new.status_code == 200 and "new_url" in errors_of(bad_new)
    assert Evidence.objects.count() == 1 and Report.objects.count() == 1


def test_evidence_attach__asks_for_an_existing_or_a_new_report(client, editor):
    claim = ClaimFactory()
    response = client.post(reverse("claims:evidence_attach", kwargs={"pk": claim.pk}), {"stance": "supports"})
    assert "Pick an existing report or describe a new one" in str(errors_of(response))
    assert not Evidence.objects.exists()


def test_claim_resolve__records_a_resolution_citing_evidence(client, editor):
    evidence = EvidenceFactory()
    response = client.post(
        reverse("claims:claim_resolve", kwargs={"pk": evidence.claim_id}),
        {
            "outcome": "false",
            "resolved_on": "2019-04-30",
            "rationale": "See the report.",
            "cited_evidence": [evidence.pk],
        },
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get()
    assert (resolution.outcome, resolution.resolved_by, list(resolution.cited_evidence.all())) == (
        "false",
        editor,
        [evidence],
    )
    page = client.get(evidence.claim.get_absolute_url()).content.decode()
    assert "See the report." in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"rationale": " "}, "rationale", "required"),
        ({"cited_evidence": []}, "cited_evidence", EVIDENCE_REQUIRED),
        ({"resolved_on": "2015-01-01"}, "resolved_on", "before it was made"),
        ({"outcome": "maybe"}, "outcome", "valid choice"),
    ],
)
def test_claim_resolve__bad_input_shows_a_message_and_writes_nothing(client, editor, changes, field, message):
    evidence = EvidenceFactory()
    data = {
        "outcome": "true",
        "resolved_on": "2019-04-30",
        "rationale": "r",
        "cited_evidence": [evidence.pk],
        **changes,
    }
    response = client.post(reverse("claims:claim_resolve", kwargs={"pk": evidence.claim_id}), data)
    assert response.status_code == 200
    assert message in " ".join(errors_of(response)[field])
    assert not Resolution.objects.exists()


def test_rationale_message__is_the_services_own(client, editor):
    evidence = EvidenceFactory()
    response = client.post(
        reverse("claims:claim_resolve", kwargs={"pk": evidence.claim_id}),
        {"outcome": "true", "resolved_on": "2019-04-30", "rationale": "   ", "cited_evidence": [evidence.pk]},
    )
    assert errors_of(response)["rationale"] in (["This field is required."], [RATIONALE_REQUIRED])


def test_claim_resolve__cannot_cite_evidence_of_another_claim(client, editor):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    elsewhere = EvidenceFactory()
    response = client.post(
        reverse("claims:claim_resolve", kwargs={"pk": claim.pk}),
        {"outcome": "true", "resolved_on": "2019-04-30", "rationale": "r", "cited_evidence": [elsewhere.pk]},
    )
    assert response.status_code == 200
    assert "cited_evidence" in errors_of(response)
    assert not Resolution.objects.exists()
