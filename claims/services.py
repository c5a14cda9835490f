"""Writes for commentators, topics, claims, evidence and resolutions.

Each validates its input, writes inside one transaction and raises ValidationError with a code and a
message an editor can act on, leaving the database as it was. Views, the admin and commands call these.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from claims.models import Claim, Commentator, CommentatorKind, Evidence, Outcome, Resolution, Topic
from sources.models import Report
from tracker.partial_dates import Precision, truncate_to_precision
from tracker.services import apply_changes, validate_and_save
from tracker.validators import http_url_validator

MADE_IN_FUTURE = "A claim cannot be recorded as made in the future."
RESOLVED_IN_FUTURE = "A claim cannot be resolved on a day that has not yet come."
RESOLVED_BEFORE_MADE = "A claim cannot be resolved before it was made."
EVIDENCE_REQUIRED = "Cite at least one piece of evidence attached to this claim."
EVIDENCE_NOT_ON_CLAIM = "Only evidence attached to this claim can be cited."
RATIONALE_REQUIRED = "Explain the outcome: a rationale that cites the evidence is required."

CLAIM_EDITABLE = (
    "commentator", "quote", "statement", "resolution_criteria", "appeared_in", "appeared_url", "made_on",
    "made_precision", "resolve_by", "probability", "estimative_words",
)  # fmt: skip


def _slug_for(name: str, slug: str) -> str:
    return slug.strip() or slugify(name, allow_unicode=True)


@transaction.atomic
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
    links = [link.strip() for link in links if link.strip()]
    _check_links(links)
    commentator = Commentator(
        name=name.strip(),
        slug=_slug_for(name, slug),
        kind=kind,
        affiliation=affiliation.strip(),
        bio=bio.strip(),
        links="\n".join(links),
    )
    return validate_and_save(commentator)


def _check_links(links: list[str]) -> None:
    """Refuse any link that is not an http(s) address."""
    for link in links:
        try:
            http_url_validator(link)
        except ValidationError as error:
            message = f"{link!r}: {error.messages[0]}"
            raise ValidationError({"links": ValidationError(message, code="invalid_url")}) from error


@transaction.atomic
def commentator_update(*, commentator: Commentator, **data) -> Commentator:
    """Change the given fields of a commentator."""
    if "links" in data:
        links = [link.strip() for link in data["links"] if link.strip()]
        _check_links(links)
        data["links"] = "\n".join(links)
    if apply_changes(commentator, allowed=("name", "slug", "kind", "affiliation", "bio", "links"), data=data):
        validate_and_save(commentator)
    return commentator


@transaction.atomic
def topic_create(*, name: str, slug: str = "", description: str = "") -> Topic:
    """Record a topic that claims can be tagged with."""
    return validate_and_save(Topic(name=name.strip(), slug=_slug_for(name, slug), description=description.strip()))


def _check_claim_dates(claim: Claim, today: datetime.date) -> None:
    if claim.made_on is not None and claim.made_on > today:
        raise ValidationError({"made_on": ValidationError(MADE_IN_FUTURE, code="made_in_future")})


@transaction.atomic
def claim_create(
    *,
    commentator: Commentator,
    quote: str,
    statement: str,
    resolution_criteria: str,
    made_on: datetime.date,
    made_precision: str = Precision.DAY,
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
        made_on=truncate_to_precision(made_on, made_precision),
        made_precision=made_precision,
        appeared_in=appeared_in,
        appeared_url=appeared_url.strip(),
        resolve_by=resolve_by,
        probability=probability,
        estimative_words=estimative_words,
        created_by=created_by,
    )
    _check_claim_dates(claim, timezone.localdate())
    validate_and_save(claim)
    claim.topics.set(topics)
    return claim


@transaction.atomic
def claim_update(*, claim: Claim, topics: Iterable[Topic] | None = None, **data) -> Claim:
    """Change the given fields of a claim (its resolutions are changed only by resolving it again)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if apply_changes(claim, allowed=CLAIM_EDITABLE, data=data):
        claim.made_on = truncate_to_precision(claim.made_on, claim.made_precision)
        _check_claim_dates(claim, timezone.localdate())
        earliest = claim.resolutions.order_by("resolved_on").values_list("resolved_on", flat=True).first()
        if earliest is not None and claim.made_on > earliest:
            raise ValidationError({"made_on": ValidationError(RESOLVED_BEFORE_MADE, code="resolved_before_made")})
        validate_and_save(claim)
    if topics is not None:
        claim.topics.set(topics)
    return claim


@transaction.atomic
def evidence_attach(
    *,
    claim: Claim,
    report: Report,
    stance: str,
    note: str = "",
    added_by: AbstractBaseUser | None = None,
) -> Evidence:
    """Attach a report to a claim with a stance; one link per claim and report."""
    evidence = Evidence(claim=claim, report=report, stance=stance, note=note.strip(), added_by=added_by)
    return validate_and_save(evidence)


@transaction.atomic
def evidence_update(*, evidence: Evidence, **data) -> Evidence:
    """Change the stance or note of a piece of evidence."""
    if "note" in data:
        data["note"] = data["note"].strip()
    if apply_changes(evidence, allowed=("stance", "note"), data=data):
        validate_and_save(evidence)
    return evidence


def resolution_check(
    *, claim: Claim, outcome: str, resolved_on: datetime.date, rationale: str, cited_evidence: list[Evidence]
) -> None:
    """Raise ValidationError, by field, if this resolution cannot be appended to the claim."""
    errors: dict[str, ValidationError] = {}
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
) -> Resolution:
    """Append a resolution to a claim; an earlier resolution stays on record beside the new one."""
    # Lock the claim so that two editors resolving at once append one after the other.
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    cited = list(cited_evidence)
    resolution_check(claim=claim, outcome=outcome, resolved_on=resolved_on, rationale=rationale, cited_evidence=cited)
    resolution = validate_and_save(
        Resolution(
            claim=claim,
            outcome=outcome,
            resolved_on=resolved_on,
            rationale=rationale.strip(),
            resolved_by=resolved_by,
        )
    )
    resolution.cited_evidence.set(cited)
    claim.outcome = outcome
    claim.resolved_on = resolved_on
    validate_and_save(claim)
    return resolution
