"""Writes for commentators, topics, claims, evidence and resolutions.

Each validates its input, writes inside one transaction and raises ValidationError with a code and a
message an editor can act on, leaving the database as it was. Pages, the admin and commands call these.
The `*_save` functions take an instance whose fields a form has already set; `*_create` and `*_update`
build or change one from keyword arguments and call them.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import (
    RESOLVED_BEFORE_MADE,
    Claim,
    Commentator,
    CommentatorKind,
    Dispute,
    DisputeStatus,
    Evidence,
    MergeRecord,
    Outcome,
    Reply,
    Resolution,
    RetractionReason,
    Topic,
    Walkback,
)
from claims.record import ledger
from sources.models import Report
from sources.services import slug_for
from tracker.locks import lock_record
from tracker.partial_dates import Precision, truncate_to_precision
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
STALE_CLAIM = (
    "Someone else changed this claim after you opened it, and your changes would undo theirs. "
    "Reload the claim to see their version, then make your change again."
)
CLAIM_RETRACTED = "This claim has been retracted; a retracted claim is kept as it was and cannot be changed."
ALREADY_RETRACTED = "This claim is already retracted."
RETRACTION_NOTE_REQUIRED = "Say why the claim is retracted."
MERGE_SAME = "A record cannot be merged into itself."

COMMENTATOR_EDITABLE = ("name", "slug", "kind", "affiliation", "bio", "links")
CONDITION_JUDGEMENT_REQUIRED = "This claim is conditional: say whether its condition was met."
NOT_CONDITIONAL = "This claim has no condition to judge."
UNMET_CONDITION_IS_VOID = "A claim whose condition was not met is resolved as void: it is not scored."
# A reader may have this many disputes open at once, so that one reader cannot flood the editors' queue.
OPEN_DISPUTES_PER_READER = 3
DISPUTE_LIMIT = "You already have {limit} open disputes; wait until an editor has decided one of them."
DISPUTE_NOT_LATEST = "Only the claim's current resolution can be disputed."
DISPUTE_ALREADY_DECIDED = "This dispute has already been decided."
DISPUTE_OWN_VERDICT = "You gave this verdict: another editor must decide the dispute."
DISPUTE_OWN_DISPUTE = "You raised this dispute: another editor must decide it."

CLAIM_EDITABLE = (
    "commentator", "quote", "statement", "resolution_criteria", "condition", "appeared_in", "appeared_url", "made_on",
    "made_precision", "resolve_by", "probability", "estimative_words",
)  # fmt: skip


@transaction.atomic
def commentator_save(*, commentator: Commentator) -> Commentator:
    """Validate and save a new or changed commentator."""
    commentator.slug = slug_for(commentator.name, commentator.slug)
    return validate_and_save(commentator)


def commentator_create(
    *,
    name: str,
    slug: str = "",
    kind: str = CommentatorKind.PERSON,
    affiliation: str = "",
    bio: str = "",
    links: Iterable[str] = (),
) -> Commentator:
    """Record a person, organisation or group who makes claims."""
    commentator = Commentator(
        name=name.strip(),
        slug=slug,
        kind=kind,
        affiliation=affiliation.strip(),
        bio=bio.strip(),
        links="\n".join(links),
    )
    return commentator_save(commentator=commentator)


def commentator_update(*, commentator: Commentator, **data) -> Commentator:
    """Change the given fields of a commentator (links as a list of addresses)."""
    if "links" in data:
        data["links"] = "\n".join(data["links"])
    if apply_changes(commentator, allowed=COMMENTATOR_EDITABLE, data=data):
        commentator_save(commentator=commentator)
    return commentator


@transaction.atomic
def topic_save(*, topic: Topic) -> Topic:
    """Validate and save a new or changed topic."""
    topic.slug = slug_for(topic.name, topic.slug)
    return validate_and_save(topic)


def topic_create(*, name: str, slug: str = "", description: str = "") -> Topic:
    """Record a topic that claims can be tagged with."""
    return topic_save(topic=Topic(name=name.strip(), slug=slug, description=description.strip()))


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
def commentator_merge(
    *, keep: Commentator, duplicate: Commentator, merged_by: AbstractBaseUser | None = None
) -> MergeRecord:
    """Move every claim of a duplicate commentator to the kept one, record the merge, remove the duplicate."""
    if keep.pk == duplicate.pk:
        raise ValidationError(MERGE_SAME, code="merge_same")
    lock_record()
    moved = list(Claim.objects.select_for_update().filter(commentator=duplicate).order_by("pk"))
    for claim in moved:
        claim.commentator = keep
        claim.version += 1
    Claim.objects.bulk_update(moved, ["commentator", "version"])
    for claim in moved:
        ledger.record_claim(claim)
    record = MergeRecord.objects.create(
        kind=MergeRecord.Kind.COMMENTATOR,
        kept_id=keep.pk,
        kept_name=keep.name,
        removed_id=duplicate.pk,
        removed_name=duplicate.name,
        removed_slug=duplicate.slug,
        moved={"claims": len(moved)},
        merged_by=merged_by,
    )
    duplicate.delete()
    return record


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


@transaction.atomic
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
