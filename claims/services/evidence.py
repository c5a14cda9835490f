"""Writes for evidence and resolutions: attach reports to claims, and resolve claims citing them."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import (
    RESOLVED_BEFORE_MADE,
    Claim,
    Evidence,
    Outcome,
    Resolution,
)
from claims.record import ledger
from claims.services.claims import CLAIM_RETRACTED
from sources.models import Report
from tracker.locks import lock_record
from tracker.services import apply_changes, validate_and_save

RESOLVED_IN_FUTURE = "A claim cannot be resolved on a day that has not yet come."

EVIDENCE_REQUIRED = "Cite at least one piece of evidence attached to this claim."

EVIDENCE_NOT_ON_CLAIM = "Only evidence attached to this claim can be cited."

EVIDENCE_NOT_MOVED = "Evidence stays on the claim and report it joins: attach the report anew instead."

CITED_EVIDENCE_FIXED = (
    "A resolution cites this evidence, so it is as fixed as the verdict: its stance cannot change and it cannot be "
    "removed. Record a new resolution if the verdict should change."
)

RATIONALE_REQUIRED = "Explain the outcome: a rationale that cites the evidence is required."

CONDITION_JUDGEMENT_REQUIRED = "This claim is conditional: say whether its condition was met."

NOT_CONDITIONAL = "This claim has no condition to judge."

UNMET_CONDITION_IS_VOID = "A claim whose condition was not met is resolved as void: it is not scored."


@transaction.atomic
def evidence_save(*, evidence: Evidence) -> Evidence:
    """Validate and save a new or changed piece of evidence; one link per claim and report.

    A link stays on the claim and report it joins, and evidence a resolution cites keeps its stance: the
    verdict's citations mean what they meant when it was given (the database holds the same rules).
    """
    evidence.note = evidence.note.strip()
    lock_record()  # serialised with retracting the claim and resolving it
    if Claim.objects.filter(pk=evidence.claim_id, retracted_at__isnull=False).exists():
        raise ValidationError(CLAIM_RETRACTED, code="retracted")
    if evidence.pk is not None:
        stored = Evidence.objects.select_for_update().filter(pk=evidence.pk).values("claim", "report", "stance").first()
        if stored is not None and (stored["claim"], stored["report"]) != (evidence.claim_id, evidence.report_id):
            raise ValidationError(EVIDENCE_NOT_MOVED, code="evidence_not_moved")
        if stored is not None and stored["stance"] != evidence.stance and evidence_cited(evidence):
            raise ValidationError({"stance": ValidationError(CITED_EVIDENCE_FIXED, code="cited_evidence_fixed")})
    return validate_and_save(evidence)


def evidence_cited(evidence: Evidence) -> bool:
    """Return whether a resolution cites this evidence."""
    return Resolution.cited_evidence.through.objects.filter(evidence_id=evidence.pk).exists()


@transaction.atomic
def evidence_remove(*, evidence: Evidence) -> None:
    """Take a piece of evidence off its claim, unless a resolution cites it (kept in the history either way)."""
    lock_record()
    if evidence_cited(evidence):
        raise ValidationError(CITED_EVIDENCE_FIXED, code="cited_evidence_fixed")
    evidence.delete()


def evidence_attach(
    *,
    claim: Claim,
    report: Report,
    stance: str,
    note: str = "",
    added_by: AbstractBaseUser | None = None,
) -> Evidence:
    """Attach a report to a claim with a stance."""
    return evidence_save(evidence=Evidence(claim=claim, report=report, stance=stance, note=note, added_by=added_by))


def evidence_update(*, evidence: Evidence, **data) -> Evidence:
    """Change the stance or note of a piece of evidence."""
    if apply_changes(evidence, allowed=("stance", "note"), data=data):
        evidence_save(evidence=evidence)
    return evidence


def resolution_check(
    *,
    claim: Claim,
    outcome: str,
    resolved_on: datetime.date,
    rationale: str,
    cited_evidence: list[Evidence],
    condition_met: bool | None = None,
) -> None:
    """Raise ValidationError, by field, if this resolution cannot be appended to the claim."""
    errors: dict[str, ValidationError] = {}
    if claim.condition and condition_met is None:
        errors["condition_met"] = ValidationError(CONDITION_JUDGEMENT_REQUIRED, code="condition_judgement_required")
    elif not claim.condition and condition_met is not None:
        errors["condition_met"] = ValidationError(NOT_CONDITIONAL, code="not_conditional")
    elif condition_met is False and outcome != Outcome.VOID:
        errors["outcome"] = ValidationError(UNMET_CONDITION_IS_VOID, code="unmet_condition_not_void")
    if not rationale.strip():
        errors["rationale"] = ValidationError(RATIONALE_REQUIRED, code="rationale_required")
    if resolved_on < claim.made_on:
        errors["resolved_on"] = ValidationError(RESOLVED_BEFORE_MADE, code="resolved_before_made")
    elif resolved_on > timezone.localdate():
        errors["resolved_on"] = ValidationError(RESOLVED_IN_FUTURE, code="resolved_in_future")
    if any(item.claim_id != claim.pk for item in cited_evidence):
        errors["cited_evidence"] = ValidationError(EVIDENCE_NOT_ON_CLAIM, code="evidence_not_on_claim")
    elif not cited_evidence and outcome != Outcome.VOID:
        errors["cited_evidence"] = ValidationError(EVIDENCE_REQUIRED, code="evidence_required")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def claim_resolve(
    *,
    claim: Claim,
    outcome: str,
    resolved_on: datetime.date,
    rationale: str,
    cited_evidence: Iterable[Evidence] = (),
    resolved_by: AbstractBaseUser | None = None,
    condition_met: bool | None = None,
) -> Resolution:
    """Append a resolution to a claim; an earlier resolution stays on record beside the new one.

    A conditional claim's resolution says whether the condition was met; when it was not, the
    outcome is void and the claim is not scored.
    """
    # Lock the claim so that two editors resolving at once append one after the other.
    lock_record()
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.retracted_at is not None:
        raise ValidationError(CLAIM_RETRACTED, code="retracted")
    cited = list(cited_evidence)
    resolution_check(
        claim=claim,
        outcome=outcome,
        resolved_on=resolved_on,
        rationale=rationale,
        cited_evidence=cited,
        condition_met=condition_met,
    )
    resolution = validate_and_save(
        Resolution(
            claim=claim,
            outcome=outcome,
            resolved_on=resolved_on,
            rationale=rationale.strip(),
            resolved_by=resolved_by,
            condition_met=condition_met,
        )
    )
    resolution.cited_evidence.set(cited)
    ledger.record_resolution(resolution, [item.pk for item in cited])
    claim.outcome = outcome
    claim.resolved_on = resolved_on
    claim.condition_met = condition_met
    claim.version += 1  # an edit begun from a copy read before this verdict is refused, not saved over it
    validate_and_save(claim)
    return resolution
