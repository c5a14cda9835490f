"""Writes for claims: record, change and retract them, each recorded in the ledger."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import (
    Claim,
    Commentator,
    RetractionReason,
    Topic,
)
from claims.record import ledger
from sources.models import Report
from tracker.locks import lock_record
from tracker.partial_dates import Precision
from tracker.services import apply_changes, validate_and_save

STALE_CLAIM = (
    "Someone else changed this claim after you opened it, and your changes would undo theirs. "
    "Reload the claim to see their version, then make your change again."
)

CLAIM_RETRACTED = "This claim has been retracted; a retracted claim is kept as it was and cannot be changed."

ALREADY_RETRACTED = "This claim is already retracted."

RETRACTION_NOTE_REQUIRED = "Say why the claim is retracted."

CLAIM_EDITABLE = (
    "commentator", "quote", "statement", "resolution_criteria", "condition", "appeared_in", "appeared_url", "made_on",
    "made_precision", "resolve_by", "probability", "estimative_words",
)  # fmt: skip


@transaction.atomic
def claim_save(*, claim: Claim, topics: Iterable[Topic] | None = None, expected_version: int | None = None) -> Claim:
    """Validate and save a new or changed claim (and its topics when given), and record it in the ledger.

    A change is refused when the claim's version in the database is no longer the one the editor
    started from (expected_version, else the version the instance was loaded with).
    """
    if claim.pk is not None:
        # The row lock serialises edits of one claim with each other and with resolving it.
        lock_record()
        stored = Claim.objects.select_for_update().filter(pk=claim.pk).values("version", "retracted_at").first()
        if stored["retracted_at"] is not None:
            raise ValidationError(CLAIM_RETRACTED, code="retracted")
        started_from = claim.version if expected_version is None else expected_version
        if started_from != stored["version"]:
            raise ValidationError(STALE_CLAIM, code="stale")
        claim.version = stored["version"] + 1
    topics = None if topics is None else list(topics)
    topics_change = (
        topics is not None
        and claim.pk is not None
        and {topic.pk for topic in topics} != set(claim.topics.values_list("pk", flat=True))
    )
    validate_and_save(claim, force=topics_change)
    if topics is not None:
        claim.topics.set(topics)
    ledger.record_claim(claim)
    return claim


def claim_create(
    *,
    commentator: Commentator,
    quote: str,
    statement: str,
    resolution_criteria: str,
    made_on: datetime.date,
    made_precision: str = Precision.DAY,
    condition: str = "",
    appeared_in: Report | None = None,
    appeared_url: str = "",
    topics: Iterable[Topic] = (),
    resolve_by: datetime.date | None = None,
    probability: float | None = None,
    estimative_words: str = "",
    created_by: AbstractBaseUser | None = None,
) -> Claim:
    """Record what a commentator claimed, when, where and how sure they were."""
    claim = Claim(
        commentator=commentator,
        quote=quote.strip(),
        statement=statement.strip(),
        resolution_criteria=resolution_criteria.strip(),
        condition=condition.strip(),
        made_on=made_on,
        made_precision=made_precision,
        appeared_in=appeared_in,
        appeared_url=appeared_url.strip(),
        resolve_by=resolve_by,
        probability=probability,
        estimative_words=estimative_words,
        created_by=created_by,
    )
    return claim_save(claim=claim, topics=topics)


def claim_update(
    *, claim: Claim, topics: Iterable[Topic] | None = None, expected_version: int | None = None, **data
) -> Claim:
    """Change the given fields of a claim (its outcome changes only by resolving it again)."""
    apply_changes(claim, allowed=CLAIM_EDITABLE, data=data)
    return claim_save(claim=claim, topics=topics, expected_version=expected_version)


@transaction.atomic
def claim_retract(*, claim: Claim, reason: str, note: str, retracted_by: AbstractBaseUser | None = None) -> Claim:
    """Retract a claim: it stays visible, marked retracted with the reason, and is no longer scored."""
    lock_record()
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.retracted_at is not None:
        raise ValidationError(ALREADY_RETRACTED, code="already_retracted")
    if reason not in RetractionReason.values:
        raise ValidationError({"reason": ValidationError("Choose one of the listed reasons.", code="invalid_choice")})
    if not note.strip():
        raise ValidationError({"note": ValidationError(RETRACTION_NOTE_REQUIRED, code="required")})
    claim.retracted_at = timezone.now()
    claim.retraction_reason = reason
    claim.retraction_note = note.strip()
    claim.retracted_by = retracted_by
    claim.version += 1
    validate_and_save(claim)
    ledger.record_claim(claim)
    return claim
