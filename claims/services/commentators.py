"""Writes for commentators and topics, and merging duplicate commentators."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import (
    Claim,
    Commentator,
    CommentatorKind,
    MergeRecord,
    Topic,
)
from claims.record import ledger
from sources.services import slug_for
from tracker.locks import lock_record
from tracker.services import apply_changes, validate_and_save

MERGE_SAME = "A record cannot be merged into itself."

COMMENTATOR_EDITABLE = ("name", "slug", "kind", "affiliation", "bio", "links")


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
