"""Conditional claims, disputes, right of reply and reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, Dispute, ReminderPreference, ReminderSent, Resolution
from claims.record import ledger
from claims.roles import ensure_editors_group
from claims.services import (
    DISPUTE_LIMIT,
    DISPUTE_OWN_DISPUTE,
    DISPUTE_OWN_VERDICT,
    OPEN_DISPUTES_PER_READER,
    claim_resolve,
    dispute_overturn,
    dispute_raise,
    dispute_uphold,
)
from tests.conftest import error_codes
from tests.factories import ClaimFactory, CommentatorFactory, EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date


def resolved(claim, outcome="false", **kwargs):
    evidence = EvidenceFactory(claim=claim)
    return claim_resolve(
        claim=claim, outcome=outcome, resolved_on=DAY(2019, 4, 30), rationale="r", cited_evidence=[evidence], **kwargs
    )


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor-f", email="editor@example.org")
    user.groups.add(ensure_editors_group())
    return user


def test_conditional_claim__with_an_unmet_condition_is_void_and_not_scored(client):
    commentator = CommentatorFactory(slug="conditional")
    claim = ClaimFactory(commentator=commentator, condition="If enforcement is aggressive.")
    with pytest.raises(ValidationError) as raised:
        resolved(claim, "false")
    assert "condition_judgement_required" in error_codes(raised.value)
    with pytest.raises(ValidationError) as raised:
        resolved(claim, "false", condition_met=False)
    assert "unmet_condition_not_void" in error_codes(raised.value)
    resolved(claim, "void", condition_met=False)
    claim.refresh_from_db()
    assert (claim.outcome, claim.condition_met) == ("void", False)
    card = client.get(reverse("claims:scorecard_json", kwargs={"slug": "conditional"})).json()
    assert (card["scored"], card["counts"]["void_condition_unmet"]) == (0, 1)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "not met: the claim is void" in page
    assert ledger.verify() == []


def test_conditional_claim__with_a_met_condition_is_scored_on_its_consequence(client):
    commentator = CommentatorFactory(slug="met")
    claim = ClaimFactory(commentator=commentator, condition="If enforcement is aggressive.")
    resolved(claim, "true", condition_met=True)
    card = client.get(reverse("claims:scorecard_json", kwargs={"slug": "met"})).json()
    assert (card["scored"], card["hit_rate"]) == (1, 1.0)


def test_unconditional_claim__refuses_a_condition_judgement():
    with pytest.raises(ValidationError) as raised:
        resolved(ClaimFactory(), "true", condition_met=True)
    assert "not_conditional" in error_codes(raised.value)


def test_demo__the_authors_conditional_claim_shows_its_condition_and_judgement(client):
    call_command("load_demo")
    claim = Claim.objects.get(commentator__slug="joshua-stanton", outcome="partly_true")
    assert claim.condition and claim.condition_met is True
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Condition:" in page and "Condition met" in page


def test_resolve_form__asks_whether_the_condition_was_met(client, editor):
    client.force_login(editor)
    claim = ClaimFactory(condition="If enforcement is aggressive.")
    evidence = EvidenceFactory(claim=claim)
    url = reverse("claims:claim_resolve", kwargs={"pk": claim.pk})
    page = client.get(url).content.decode()
    assert "Was the condition met?" in page
    response = client.post(
        url,
        {"condition_met": "no", "outcome": "false", "resolved_on": "2019-04-30", "rationale": "r",
         "cited_evidence": [evidence.pk]},
    )  # fmt: skip
    assert response.status_code == 200 and "resolved as void" in response.content.decode()
    assert not Resolution.objects.exists()


def test_dispute__raised_by_a_reader_and_overturned_keeps_the_old_resolution(client, editor):
    commentator = CommentatorFactory(slug="disputed")
    claim = ClaimFactory(commentator=commentator)
    first = resolved(claim, "false")
    reader = UserFactory(username="reader-d")
    client.force_login(reader)
    response = client.post(
        reverse("claims:dispute_raise", kwargs={"pk": claim.pk}),
        {"reason": "The GDP estimate was later revised.", "evidence_url": "https://example.org/revision"},
    )
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    card = client.get(reverse("claims:scorecard_json", kwargs={"slug": "disputed"})).json()
    assert card["counts"]["under_dispute"] == 1
    assert "Under dispute" in client.get(claim.get_absolute_url()).content.decode()
    assert client.get(reverse("claims:dispute_queue")).status_code == 403  # readers do not decide

    client.force_login(editor)
    queue = client.get(reverse("claims:dispute_queue")).content.decode()
    assert "The GDP estimate was later revised." in queue and first.rationale in queue
    response = client.post(
        reverse("claims:dispute_decide", kwargs={"pk": dispute.pk}),
        {"decision_kind": "overturn", "decision": "The revision stands: partly true.", "outcome": "partly_true",
         "resolved_on": "2019-06-01", "cited_evidence": [claim.evidence.get().pk]},
    )  # fmt: skip
    assert response.status_code == 302
    dispute.refresh_from_db()
    claim.refresh_from_db()
    assert (dispute.status, claim.outcome) == ("overturned", "partly_true")
    assert list(claim.resolutions.order_by("recorded_at").values_list("outcome", flat=True)) == ["false", "partly_true"]
    card = client.get(reverse("claims:scorecard_json", kwargs={"slug": "disputed"})).json()
    assert (card["hit_rate"], card["counts"]["under_dispute"]) == (0.5, 0)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "The revision stands: partly true." in page and "superseded" in page
    assert ledger.verify() == []


def test_dispute__upheld_leaves_the_score(editor):
    claim = ClaimFactory()
    resolved(claim, "true")
    dispute = dispute_raise(resolution=claim.resolutions.get(), raised_by=UserFactory(), reason="Wrong.")
    dispute_uphold(dispute=dispute, decided_by=editor, decision="The reports cited are clear.")
    dispute.refresh_from_db()
    claim.refresh_from_db()
    assert (dispute.status, claim.outcome, claim.resolutions.count()) == ("upheld", "true", 1)
    with pytest.raises(ValidationError) as raised:
        dispute_overturn(dispute=dispute, decided_by=editor, decision="x", outcome="false", resolved_on=DAY(2019, 5, 1))
    assert "already_decided" in error_codes(raised.value)


@pytest.mark.parametrize("decide", ["uphold", "overturn"])
@pytest.mark.parametrize("whose", ["verdict", "dispute", "both"])
def test_dispute__cannot_be_decided_by_whoever_gave_the_verdict_or_raised_it(client, editor, decide, whose):
    other = UserFactory(username="other-editor")
    other.groups.add(ensure_editors_group())
    claim = ClaimFactory()
    resolved(claim, "true", resolved_by=editor if whose in ("verdict", "both") else other)
    raiser = editor if whose in ("dispute", "both") else other
    dispute = dispute_raise(resolution=claim.resolutions.get(), raised_by=raiser, reason="Wrong.")
    with pytest.raises(ValidationError) as raised:
        if decide == "uphold":
            dispute_uphold(dispute=dispute, decided_by=editor, decision="It stands.")
        else:
            dispute_overturn(
                dispute=dispute, decided_by=editor, decision="Overturned.", outcome="false",
                resolved_on=DAY(2019, 5, 1), cited_evidence=[claim.evidence.get()],
            )  # fmt: skip
    assert error_codes(raised.value) == {"own_verdict" if whose != "dispute" else "own_dispute"}
    dispute.refresh_from_db()
    claim.refresh_from_db()
    assert (dispute.status, claim.outcome, claim.resolutions.count()) == ("open", "true", 1)
    # The queue says so instead of offering the decision; the other editor may decide it.
    client.force_login(editor)
    queue = client.get(reverse("claims:dispute_queue")).content.decode()
    assert (DISPUTE_OWN_VERDICT if whose != "dispute" else DISPUTE_OWN_DISPUTE) in queue
    assert reverse("claims:dispute_decide", kwargs={"pk": dispute.pk}) not in queue
    response = client.post(
        reverse("claims:dispute_decide", kwargs={"pk": dispute.pk}), {"decision_kind": "uphold", "decision": "Mine."}
    )
    assert response.status_code == 200 and Dispute.objects.get(pk=dispute.pk).status == "open"
    if whose != "both":
        third = UserFactory(username="third-editor")
        dispute_uphold(dispute=dispute, decided_by=third, decision="It stands.")
        assert Dispute.objects.get(pk=dispute.pk).status == "upheld"


def test_dispute__a_reader_over_the_limit_is_refused_with_a_clear_message(client):
    reader = UserFactory(username="busy-reader")
    for _ in range(OPEN_DISPUTES_PER_READER):
        claim = ClaimFactory()
        resolved(claim)
        dispute_raise(resolution=claim.resolutions.get(), raised_by=reader, reason="No.")
    claim = ClaimFactory()
    resolved(claim)
    client.force_login(reader)
    response = client.post(reverse("claims:dispute_raise", kwargs={"pk": claim.pk}), {"reason": "Also no."})
    assert response.status_code == 200
    assert DISPUTE_LIMIT.format(limit=OPEN_DISPUTES_PER_READER) in response.content.decode()
    assert Dispute.objects.filter(claim=claim).count() == 0


def test_dispute__anonymous_users_cannot_dispute(client):
    claim = ClaimFactory()
    resolved(claim)
    response = client.post(reverse("claims:dispute_raise", kwargs={"pk": claim.pk}), {"reason": "No."})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Dispute.objects.exists()


def test_dispute__only_the_current_resolution(editor):
    claim = ClaimFactory()
    first = resolved(claim, "true")
    resolved(claim, "false")
    with pytest.raises(ValidationError) as raised:
        dispute_raise(resolution=first, raised_by=UserFactory(), reason="Old one.")
    assert "not_latest" in error_codes(raised.value)


def test_reply__is_shown_in_the_page_and_feed_and_never_changes_the_score(client, editor):
    commentator = CommentatorFactory(slug="replier", name="Replier")
    claim = ClaimFactory(commentator=commentator)
    resolved(claim, "false")
    before = client.get(reverse("claims:scorecard_json", kwargs={"slug": "replier"})).json()
    client.force_login(editor)
    response = client.post(
        reverse("claims:reply_record", kwargs={"pk": claim.pk}),
        {"speaker": "Replier", "said_on": "2019-05", "text": "I was judged on the wrong criteria."},
    )
    assert response.status_code == 302
    assert "I was judged on the wrong criteria." in client.get(claim.get_absolute_url()).content.decode()
    feed = client.get(reverse("claims:feed_claim", kwargs={"pk": claim.pk})).content.decode()
    assert "Reply by Replier" in feed
    assert client.get(reverse("claims:scorecard_json", kwargs={"slug": "replier"})).json() == before


def test_reminders__send_a_digest_once_per_period(editor):
    today = datetime.date.today()
    soon = ClaimFactory(statement="Due soon.", resolve_by=today + datetime.timedelta(days=10))
    ClaimFactory(statement="Overdue.", resolve_by=today - datetime.timedelta(days=3))
    ClaimFactory(statement="Far off.", resolve_by=today + datetime.timedelta(days=90))
    ReminderPreference.objects.create(user=editor, digest="daily")
    UserFactory(username="no-digest", email="x@example.org")
    call_command("send_reminders")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Due soon." in body and "Overdue." in body and "Far off." not in body
    call_command("send_reminders")  # the same day: nothing new
    assert len(mail.outbox) == 1
    claim_resolve(
        claim=soon, outcome="void", resolved_on=today, rationale="Moot.", cited_evidence=[]
    )  # a change does not resend the rest
    call_command("send_reminders")
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(user=editor).count() == 2


def test_reminders__weekly_digest_counts_the_iso_week():
    from claims.reminders import period_of

    assert period_of("weekly", DAY(2026, 11, 28)) == "2026-W48"
    assert period_of("daily", DAY(2026, 11, 28)) == "2026-11-28"


def test_due_feed__lists_claims_coming_due_and_overdue(client):
    today = datetime.date.today()
    ClaimFactory(statement="Due soon.", resolve_by=today + datetime.timedelta(days=10))
    ClaimFactory(statement="Far off.", resolve_by=today + datetime.timedelta(days=90))
    body = client.get(reverse("claims:feed_due")).content.decode()
    assert "Due soon." in body and "Far off." not in body


def test_reminder_preference_page__saves_the_choice(client, editor):
    client.force_login(editor)
    assert client.post(reverse("claims:reminders"), {"digest": "weekly"}).status_code == 302
    assert ReminderPreference.objects.get(user=editor).digest == "weekly"
