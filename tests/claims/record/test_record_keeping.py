"""Retractions, walk-backs, merges, refused deletions, history and concurrent edits."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from pghistory import context as pghistory_context

from claims.models import Commentator, MergeRecord, Resolution
from claims.record import history
from claims.roles import ensure_editors_group
from claims.services import (
    STALE_CLAIM,
    claim_resolve,
    claim_retract,
    claim_update,
    commentator_merge,
    walkback_record,
)
from sources.models import Report, Source
from sources.services import report_delete, source_delete, source_merge
from tests.conftest import error_codes
from tests.factories import ClaimFactory, CommentatorFactory, EvidenceFactory, ReportFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor-h")
    user.groups.add(ensure_editors_group())
    client.force_login(user)
    return user


def test_retracted_claim__stays_visible_unscored_and_unchangeable(client, editor):
    claim = ClaimFactory(commentator=CommentatorFactory(slug="someone"))
    evidence = EvidenceFactory(claim=claim)
    claim_resolve(
        claim=claim, outcome="true", resolved_on=datetime.date(2019, 1, 1), rationale="r", cited_evidence=[evidence]
    )
    response = client.post(
        reverse("claims:claim_retract", kwargs={"pk": claim.pk}), {"reason": "duplicate", "note": "Same as claim 1."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.retraction_reason, claim.retracted_by) == ("retracted", "duplicate", editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Retracted" in page and "Same as claim 1." in page
    card = client.get(reverse("claims:scorecard_json", kwargs={"slug": "someone"})).json()
    assert (card["scored"], card["counts"]["retracted"], card["counts"]["claims"]) == (0, 1, 0)
    with pytest.raises(ValidationError) as raised:
        claim_update(claim=claim, statement="Changed after retraction.")
    assert "retracted" in error_codes(raised.value)
    with pytest.raises(ValidationError):
        claim_retract(claim=claim, reason="duplicate", note="again")


def test_retract__needs_a_reason_and_a_note(client, editor):
    claim = ClaimFactory()
    response = client.post(reverse("claims:claim_retract", kwargs={"pk": claim.pk}), {"reason": "", "note": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reason", "note"}
    claim.refresh_from_db()
    assert claim.retracted_at is None


def test_walkback__is_shown_and_the_claim_is_still_scored(client, editor):
    claim = ClaimFactory(commentator=CommentatorFactory(slug="walker"))
    evidence = EvidenceFactory(claim=claim)
    claim_resolve(
        claim=claim, outcome="false", resolved_on=datetime.date(2019, 1, 1), rationale="r", cited_evidence=[evidence]
    )
    response = client.post(
        reverse("claims:walkback_record", kwargs={"pk": claim.pk}),
        {"said_on": "2019-02", "text": "I never meant all sanctions.", "url": "https://example.org/interview"},
    )
    assert response.status_code == 302
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Walk-backs" in page and "Feb 2019" in page and "I never meant all sanctions." in page
    assert client.get(reverse("claims:scorecard_json", kwargs={"slug": "walker"})).json()["scored"] == 1
    with pytest.raises(ValidationError) as raised:
        walkback_record(claim=claim, said_on=datetime.date(2015, 1, 1), said_precision="day", text="before")
    assert "walkback_before_claim" in error_codes(raised.value)


def test_commentator_merge__moves_claims_records_the_merge_and_redirects(client):
    keep, duplicate = CommentatorFactory(name="Joshua Stanton"), CommentatorFactory(name="J. Stanton", slug="j-stanton")
    claims = [ClaimFactory(commentator=duplicate) for _ in range(3)]
    record = commentator_merge(keep=keep, duplicate=duplicate)
    assert set(keep.claims.all()) == set(claims)
    assert not Commentator.objects.filter(pk=duplicate.pk).exists()
    assert (record.removed_name, record.kept_name, record.moved) == ("J. Stanton", "Joshua Stanton", {"claims": 3})
    response = client.get("/commentators/j-stanton/")
    assert (response.status_code, response["Location"]) == (301, keep.get_absolute_url())
    with pytest.raises(ValidationError):
        commentator_merge(keep=keep, duplicate=keep)


def test_source_merge__moves_reports(client):
    keep, duplicate = SourceFactory(name="Daily NK"), SourceFactory(name="DailyNK")
    reports = [ReportFactory(source=duplicate) for _ in range(2)]
    record = source_merge(keep=keep, duplicate=duplicate)
    assert set(keep.reports.all()) == set(reports) and record.moved == {"reports": 2}
    assert not Source.objects.filter(pk=duplicate.pk).exists()
    assert MergeRecord.objects.filter(kind="source").count() == 1


def test_deleting_a_report_in_use__is_refused_saying_what_points_to_it(client, editor):
    evidence = EvidenceFactory()
    report = evidence.report
    ReportFactory(source=report.source, repeats=report)
    with pytest.raises(ValidationError) as raised:
        report_delete(report=report)
    message = raised.value.messages[0]
    assert f"evidence on claim {evidence.claim_id}" in message and "1 report repeats it" in message
    response = client.post(reverse("sources:report_delete", kwargs={"pk": report.pk}), follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Report.objects.filter(pk=report.pk).exists()
    with pytest.raises(ValidationError, match="it has 2 reports"):
        source_delete(source=report.source)


def test_deleting_an_unused_report__works_and_is_kept_in_history(client, editor):
    report = ReportFactory()
    response = client.post(reverse("sources:report_delete", kwargs={"pk": report.pk}))
    assert response.status_code == 302
    assert not Report.objects.filter(pk=report.pk).exists()
    from sources.models import ReportEvent

    assert ReportEvent.objects.filter(pgh_obj_id=report.pk, pgh_label="delete").exists()


def test_history_page__shows_who_changed_what(client, editor):
    claim = ClaimFactory(statement="The first wording.")
    client.post(
        reverse("claims:claim_update", kwargs={"pk": claim.pk}),
        {
            "commentator": claim.commentator_id, "quote": claim.quote, "statement": "The second wording.",
            "resolution_criteria": claim.resolution_criteria, "made": "2016-03", "version": claim.version,
            "resolve_by": "2019-03-31",
        },
    )  # fmt: skip
    EvidenceFactory(claim=claim)
    events = history.claim_events(claim)
    change = next(event for event in events if event.action == "changed" and event.what == "Claim")
    assert change.who == "editor-h"
    assert [(c.field, c.before, c.after) for c in change.changes] == [
        ("statement", "The first wording.", "The second wording.")
    ]
    page = client.get(reverse("claims:claim_history", kwargs={"pk": claim.pk})).content.decode()
    assert "<del>The first wording.</del>" in page and "<ins>The second wording.</ins>" in page
    assert "Evidence added" in page


def test_second_editor_saving_an_old_copy__is_refused_and_the_first_change_kept(client, editor):
    claim = ClaimFactory(statement="Original.")
    form = client.get(reverse("claims:claim_update", kwargs={"pk": claim.pk})).context["form"]
    opened_version = form.initial["version"]
    data = {
        "commentator": claim.commentator_id, "quote": claim.quote, "resolution_criteria": claim.resolution_criteria,
        "made": "2016-03", "version": opened_version,
    }  # fmt: skip
    first = client.post(reverse("claims:claim_update", kwargs={"pk": claim.pk}), {**data, "statement": "First."})
    assert first.status_code == 302
    second = client.post(reverse("claims:claim_update", kwargs={"pk": claim.pk}), {**data, "statement": "Second."})
    assert second.status_code == 200
    assert STALE_CLAIM in second.content.decode()
    claim.refresh_from_db()
    assert claim.statement == "First."


@pytest.mark.django_db(transaction=True)
def test_two_resolutions_submitted_at_once__are_both_recorded_in_order():
    from django.db import connections

    from claims.record import ledger

    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim)
    barrier = threading.Barrier(2)
    errors = []

    def resolve(outcome: str) -> None:
        try:
            barrier.wait(timeout=10)
            claim_resolve(
                claim=claim, outcome=outcome, resolved_on=datetime.date(2019, 1, 1), rationale=outcome,
                cited_evidence=[evidence],
            )  # fmt: skip
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=resolve, args=(outcome,)) for outcome in ("true", "false")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    resolutions = list(Resolution.objects.filter(claim=claim).order_by("recorded_at", "id"))
    assert sorted(r.outcome for r in resolutions) == ["false", "true"]
    claim.refresh_from_db()
    assert claim.outcome == resolutions[-1].outcome  # the claim shows the one appended last
    assert ledger.verify() == []
    connection.close()


def test_every_trigger_the_code_declares__is_installed_in_the_database():
    """History, append-only and figures triggers are declared in code; one missing is a change nobody records."""
    import pgtrigger

    missing = [
        f"{model._meta.db_table}.{trigger.name}: {status}"
        for model, trigger in pgtrigger.registered()
        for status, enabled in [trigger.get_installation_status(model)]
        if (status, enabled) != ("INSTALLED", True)
    ]
    assert len(list(pgtrigger.registered())) > 20
    assert missing == []


def test_claim_topics__changes_are_kept_with_who_made_them(client, editor):
    from claims.models import ClaimTopicEvent
    from tests.factories import TopicFactory

    claim = ClaimFactory()
    sanctions, economy = TopicFactory(name="Sanctions"), TopicFactory(name="Economy")
    with pghistory_context(user=editor.pk):
        claim_update(claim=claim, topics=[sanctions, economy])
    claim.refresh_from_db()
    with pghistory_context(user=editor.pk):
        claim_update(claim=claim, topics=[economy])
    events = list(ClaimTopicEvent.objects.order_by("pgh_id").values_list("pgh_label", "topic_id"))
    assert events == [("insert", sanctions.pk), ("insert", economy.pk), ("delete", sanctions.pk)] or events == [
        ("insert", economy.pk),
        ("insert", sanctions.pk),
        ("delete", sanctions.pk),
    ]
    shown = [(event.what, event.action, event.who) for event in history.claim_events(claim) if event.what == "Topic"]
    assert shown == [("Topic", "added", editor.username)] * 2 + [("Topic", "removed", editor.username)]
