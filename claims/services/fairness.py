"""Writes that keep the record fair: walk-backs, replies, disputes and their decisions."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import (
    Claim,
    Dispute,
    DisputeStatus,
    Evidence,
    Reply,
    Resolution,
    Walkback,
)
from claims.services.evidence import RATIONALE_REQUIRED, claim_resolve
from sources.models import Report
from tracker.locks import lock_record
from tracker.partial_dates import Precision, truncate_to_precision
from tracker.services import validate_and_save

# A reader may have this many disputes open at once, so that one reader cannot flood the editors' queue.
OPEN_DISPUTES_PER_READER = 3

DISPUTE_LIMIT = "You already have {limit} open disputes; wait until an editor has decided one of them."

DISPUTE_NOT_LATEST = "Only the claim's current resolution can be disputed."

DISPUTE_ALREADY_DECIDED = "This dispute has already been decided."

DISPUTE_OWN_VERDICT = "You gave this verdict: another editor must decide the dispute."

DISPUTE_OWN_DISPUTE = "You raised this dispute: another editor must decide it."


@transaction.atomic
def walkback_record(
    *,
    claim: Claim,
    said_on: datetime.date,
    said_precision: str,
    text: str,
    report: Report | None = None,
    url: str = "",
    added_by: AbstractBaseUser | None = None,
) -> Walkback:
    """Record a commentator's own later walk-back of a claim; the claim keeps being scored."""
    walkback = Walkback(
        claim=claim,
        said_on=truncate_to_precision(said_on, said_precision) if said_precision in Precision.values else said_on,
        said_precision=said_precision,
        text=text.strip(),
        report=report,
        url=url.strip(),
        added_by=added_by,
    )
    if walkback.said_on < claim.made_on:
        raise ValidationError(
            {"said_on": ValidationError("A walk-back comes after the claim was made.", code="walkback_before_claim")}
        )
    return validate_and_save(walkback)


@transaction.atomic
def reply_record(
    *,
    claim: Claim,
    speaker: str,
    said_on: datetime.date,
    said_precision: str,
    text: str,
    report: Report | None = None,
    url: str = "",
    added_by: AbstractBaseUser | None = None,
) -> Reply:
    """Record the commentator's reply on a claim; it is shown beside the claim and never changes a score."""
    reply = Reply(
        claim=claim,
        speaker=speaker.strip(),
        said_on=truncate_to_precision(said_on, said_precision) if said_precision in Precision.values else said_on,
        said_precision=said_precision,
        text=text.strip(),
        report=report,
        url=url.strip(),
        added_by=added_by,
    )
    return validate_and_save(reply)


@transaction.atomic
def dispute_raise(
    *,
    resolution: Resolution,
    raised_by: AbstractBaseUser,
    reason: str,
    report: Report | None = None,
    evidence_url: str = "",
    evidence_title: str = "",
) -> Dispute:
    """Record a reader's dispute of a claim's current resolution; a reader has a limited number open at once."""
    # Lock the reader's row so that two disputes sent at once cannot both slip under the limit.
    lock_record()
    get_user_model().objects.select_for_update().filter(pk=raised_by.pk).first()
    limit = getattr(settings, "TRACKER_OPEN_DISPUTES_PER_READER", OPEN_DISPUTES_PER_READER)
    if Dispute.objects.filter(raised_by=raised_by, status=DisputeStatus.OPEN).count() >= limit:
        raise ValidationError(DISPUTE_LIMIT.format(limit=limit), code="dispute_limit")
    latest = Resolution.objects.filter(claim_id=resolution.claim_id).order_by("-recorded_at", "-id").first()
    if latest is None or latest.pk != resolution.pk:
        raise ValidationError(DISPUTE_NOT_LATEST, code="not_latest")
    dispute = Dispute(
        resolution=resolution,
        claim_id=resolution.claim_id,
        raised_by=raised_by,
        reason=reason.strip(),
        report=report,
        evidence_url=evidence_url.strip(),
        evidence_title=evidence_title.strip(),
    )
    return validate_and_save(dispute)


def dispute_decider_check(*, dispute: Dispute, decided_by: AbstractBaseUser) -> None:
    """Refuse a decision by whoever gave the disputed verdict or raised the dispute: nobody judges their own case."""
    if dispute.status != DisputeStatus.OPEN:
        raise ValidationError(DISPUTE_ALREADY_DECIDED, code="already_decided")
    if decided_by.pk is not None and decided_by.pk == dispute.resolution.resolved_by_id:
        raise ValidationError(DISPUTE_OWN_VERDICT, code="own_verdict")
    if decided_by.pk is not None and decided_by.pk == dispute.raised_by_id:
        raise ValidationError(DISPUTE_OWN_DISPUTE, code="own_dispute")


@transaction.atomic
def dispute_uphold(*, dispute: Dispute, decided_by: AbstractBaseUser, decision: str) -> Dispute:
    """Decide that the disputed resolution stands, with the editor's reasons."""
    lock_record()
    dispute = Dispute.objects.select_for_update().select_related("resolution").get(pk=dispute.pk)
    dispute_decider_check(dispute=dispute, decided_by=decided_by)
    dispute.status = DisputeStatus.UPHELD
    dispute.decided_by = decided_by
    dispute.decided_at = timezone.now()
    dispute.decision = decision.strip()
    return validate_and_save(dispute)


@transaction.atomic
def dispute_overturn(
    *,
    dispute: Dispute,
    decided_by: AbstractBaseUser,
    decision: str,
    outcome: str,
    resolved_on: datetime.date,
    cited_evidence: Iterable[Evidence] = (),
    condition_met: bool | None = None,
) -> Dispute:
    """Overturn the disputed resolution: a new resolution is appended and the old one stays on record."""
    lock_record()
    dispute = Dispute.objects.select_for_update().select_related("resolution").get(pk=dispute.pk)
    dispute_decider_check(dispute=dispute, decided_by=decided_by)
    if not decision.strip():
        raise ValidationError({"decision": ValidationError(RATIONALE_REQUIRED, code="rationale_required")})
    dispute.new_resolution = claim_resolve(
        claim=dispute.claim,
        outcome=outcome,
        resolved_on=resolved_on,
        rationale=decision,
        cited_evidence=cited_evidence,
        resolved_by=decided_by,
        condition_met=condition_met,
    )
    dispute.status = DisputeStatus.OVERTURNED
    dispute.decided_by = decided_by
    dispute.decided_at = timezone.now()
    dispute.decision = decision.strip()
    return validate_and_save(dispute)
