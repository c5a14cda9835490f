"""Every delete page, against every kind of record that can point at what it deletes: refused, saying what points.

The kinds are read from the models (every PROTECT or RESTRICT foreign key to the page's model), so a reference
added later is tested too, once the test is told how to make one (REFERENCES).
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from claims import services
from claims.roles import ensure_editors_group
from sources.models import Report, Source
from sources.views import DELETE_REFUSED, DeleteThroughServiceView
from tests.factories import ClaimFactory, EvidenceFactory, ReportFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

PROTECTING = (models.PROTECT, models.RESTRICT)


def delete_pages(patterns=None, prefix=""):
    """Yield (route, view class) for every page of the site that deletes through a service."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from delete_pages(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, DeleteThroughServiceView):
                yield prefix + str(pattern.pattern), view_class


# The model each delete page deletes, and how its address names a record.
DELETED = {
    "reports/<int:pk>/delete/": (Report, lambda report: f"/reports/{report.pk}/delete/"),
    "sources/<str:slug>/delete/": (Source, lambda source: f"/sources/{source.slug}/delete/"),
}


def resolved_claim():
    """Return a claim resolved on evidence of its own report, so that it can be disputed."""
    evidence = EvidenceFactory()
    services.claim_resolve(
        claim=evidence.claim, outcome="true", resolved_on=datetime.date(2019, 1, 1), rationale="Shown.",
        cited_evidence=[evidence],
    )  # fmt: skip
    return evidence.claim


def dispute_citing(report):
    resolution = resolved_claim().resolutions.get()
    return services.dispute_raise(resolution=resolution, raised_by=UserFactory(), reason="It is wrong.", report=report)


def said(kind, claim, report):
    fields = {"claim": claim, "said_on": datetime.date(2019, 5, 1), "said_precision": "day", "report": report}
    if kind == "reply":
        return services.reply_record(speaker="The commentator", text="I stand by it.", **fields)
    return services.walkback_record(text="I was wrong.", **fields)


# For each protected reference (model, field): how to make a record pointing at a given one, and which words of the
# refusal name it (None: the refusal names the record itself, as DELETE_REFUSED does).
REFERENCES = {
    ("Report", "repeats"): (lambda report: ReportFactory(source=report.source, repeats=report), "1 report repeats it"),
    ("Claim", "appeared_in"): (lambda report: ClaimFactory(appeared_in=report), "appeared in it"),
    ("Evidence", "report"): (lambda report: EvidenceFactory(report=report), "it is evidence on claim"),
    ("Walkback", "report"): (lambda report: said("walkback", ClaimFactory(), report), "1 walk-back cites it"),
    ("Reply", "report"): (lambda report: said("reply", ClaimFactory(), report), None),
    ("Dispute", "report"): (dispute_citing, None),
    ("Report", "source"): (lambda source: ReportFactory(source=source), "it has 1 report"),
}


def cases():
    """Return (route, model, reference) for every delete page and every kind of reference to what it deletes."""
    found = []
    for route, _ in delete_pages():
        model, _ = DELETED[route]
        for relation in model._meta.related_objects:
            if relation.on_delete in PROTECTING:
                found.append((route, model, (relation.related_model.__name__, relation.field.name)))
    return found


def test_every_delete_page_and_reference__is_known():
    routes = {route for route, _ in delete_pages()}
    assert routes == set(DELETED), "Say which model each delete page deletes (DELETED)"
    assert {reference for _, _, reference in cases()} == set(REFERENCES), "Say how to make each reference"


@pytest.fixture
def editor(client):
    user = UserFactory(username="deleting-editor")
    user.groups.add(ensure_editors_group())
    client.force_login(user)
    return user


@pytest.mark.parametrize(("route", "model", "reference"), cases(), ids=lambda case: str(case))
def test_deleting_what_a_record_points_at__is_refused_naming_it(client, editor, route, model, reference):
    target = {Report: ReportFactory, Source: SourceFactory}[model]()
    make, words = REFERENCES[reference]
    pointing = make(target)
    _, address = DELETED[route]
    response = client.post(address(target))
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    [message] = [str(message) for message in get_messages(response.wsgi_request)]
    if words is None:
        references = f"1 {pointing._meta.verbose_name} ({pointing})"
        assert message == DELETE_REFUSED.format(kind=model._meta.verbose_name, record=target, references=references)
    else:
        assert "cannot be deleted" in message and words in message
    assert model.objects.filter(pk=target.pk).exists()
    assert type(pointing).objects.filter(pk=pointing.pk).exists()


def test_deleting_a_report_cited_by_a_reply_and_a_dispute__names_both(client, editor):
    report = ReportFactory()
    reply = said("reply", ClaimFactory(), report)
    dispute = dispute_citing(report)
    response = client.post(f"/reports/{report.pk}/delete/", follow=True)
    references = f"1 dispute ({dispute}) and 1 reply ({reply})"
    assert DELETE_REFUSED.format(kind="report", record=report, references=references) in [
        str(message) for message in response.context["messages"]
    ]
    assert Report.objects.filter(pk=report.pk).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_delete_page__answers_other_methods_with_405_and_deletes_nothing(client, editor, method):
    report = ReportFactory()
    for address in (f"/reports/{report.pk}/delete/", f"/sources/{report.source.slug}/delete/"):
        response = getattr(client, method)(address)
        assert response.status_code == 405
        assert sorted(response["Allow"].split(", ")) == ["GET", "HEAD", "POST"]
    assert Report.objects.filter(pk=report.pk).exists()
