"""The recorded forms of the parts of the record the ledger covers besides claims and resolutions.

Every part a published page or figure reads is covered: evidence, reports, sources, commentators, topics, each
claim's topics, walk-backs, replies, disputes, and merges (a removed commentator's address redirects by them). A
part's recorded form is the values of its fields named in COVERED (dates and times as ISO text, a link as the
number it links to), with its kind and number. A field is either in COVERED or in NOT_COVERED with the reason, and
a test checks that each of the models' fields is in one of the two, so a field added later cannot slip past the
ledger unnoticed. A field added to COVERED later joins a form only when its value is not the field's default, so
the forms recorded before keep their hashes (as a claim's "condition" does).

The forms are functions of model instances only (not of the database), so the migration that records the parts
already in the record (0013) and the benchmark's generator compute the same forms as the application.
"""

import datetime
from dataclasses import dataclass

from django.db import models

from claims.models import Claim, Commentator, Dispute, Evidence, MergeRecord, Reply, Topic, Walkback
from sources.models import Report, Source

UTC = datetime.UTC


@dataclass(frozen=True)
class Covered:
    """A kind of covered part: its model, the fields of its form and the fields that joined it later."""

    kind: str
    model: type[models.Model]
    fields: tuple[str, ...]
    later: tuple[str, ...] = ()  # joined the form after the first entries: present only when not the default
    claim_field: str | None = None  # the claim the part belongs to, kept on its ledger entries

    @property
    def label(self) -> str:
        return self.model._meta.verbose_name


COVERED: dict[str, Covered] = {
    covered.kind: covered
    for covered in (
        Covered(
            "evidence",
            Evidence,
            ("claim_id", "report_id", "stance", "note", "added_by_id", "added_at"),
            claim_field="claim_id",
        ),
        Covered(
            "report",
            Report,
            (
                "source_id",
                "title",
                "url",
                "published_on",
                "published_precision",
                "summary",
                "excerpt",
                "archive_url",
                "credibility",
                "repeats_id",
                "created_at",
            ),
        ),  # fmt: skip
        Covered(
            "source",
            Source,
            ("name", "slug", "kind", "homepage", "country", "language", "description", "reliability", "created_at"),
        ),
        Covered(
            "commentator",
            Commentator,
            ("name", "slug", "kind", "affiliation", "bio", "links", "created_at"),
        ),
        Covered("topic", Topic, ("name", "slug", "description")),
        Covered(
            "walkback",
            Walkback,
            ("claim_id", "said_on", "said_precision", "text", "report_id", "url", "added_by_id", "added_at"),
            claim_field="claim_id",
        ),
        Covered(
            "reply",
            Reply,
            ("claim_id", "speaker", "said_on", "said_precision", "text", "report_id", "url", "added_by_id", "added_at"),
            claim_field="claim_id",
        ),
        Covered(
            "dispute",
            Dispute,
            (
                "resolution_id",
                "claim_id",
                "raised_by_id",
                "raised_at",
                "reason",
                "report_id",
                "evidence_url",
                "evidence_title",
                "status",
                "decided_by_id",
                "decided_at",
                "decision",
                "new_resolution_id",
            ),
            claim_field="claim_id",
        ),  # fmt: skip
        Covered(
            "merge",
            MergeRecord,
            (
                "kind",
                "kept_id",
                "kept_name",
                "removed_id",
                "removed_name",
                "removed_slug",
                "moved",
                "merged_by_id",
                "merged_at",
            ),
        ),  # fmt: skip
    )
}
CLAIM_TOPICS = "claim_topics"

# The fields of the covered models that no recorded form holds, and why.
NOT_COVERED = {
    "id": "the part's number is in every form as 'id'",
    "updated_at": "when a row was last saved: shown nowhere, and every change it marks is itself recorded",
}

# What each model's figures, tokens and search columns are made of is recomputed, not recorded: the kept
# figures are checked against a fresh computation of the record (claims.scoring.figures.differences).


def covered_for(model: type[models.Model]) -> Covered | None:
    """Return the covered kind of a model (the application's class, not a migration's copy of it), or None."""
    for covered in COVERED.values():
        if covered.model is model:
            return covered
    return None


def json_value(value):
    """Return a field's value as the ledger records it: ISO text for dates and times (times in UTC)."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def form(covered: Covered, obj: models.Model) -> dict:
    """Return the recorded form of one covered part, as it is now."""
    content = {"kind": covered.kind, "id": obj.pk}
    for name in covered.fields:
        content[name] = json_value(getattr(obj, name))
    for name in covered.later:
        value = getattr(obj, name)
        default = obj._meta.get_field(name.removesuffix("_id")).get_default()
        if value != default:
            content[name] = json_value(value)
    return content


def removed_form(covered_kind: str, pk: int) -> dict:
    """Return the recorded form of a part that was removed through the application."""
    return {"kind": covered_kind, "id": pk, "removed": True}


def claim_topics_form(claim_id: int, topic_ids) -> dict:
    """Return the recorded form of the topics a claim is tagged with."""
    return {"kind": CLAIM_TOPICS, "id": claim_id, "topics": sorted(topic_ids)}


def claim_topic_ids(claim_ids=None) -> dict[int, list[int]]:
    """Return each claim's topics as they are now (only claims with at least one)."""
    links = Claim.topics.through.objects.all()
    if claim_ids is not None:
        links = links.filter(claim_id__in=claim_ids)
    topics: dict[int, list[int]] = {}
    for claim_id, topic_id in links.values_list("claim_id", "topic_id").iterator(chunk_size=5000):
        topics.setdefault(claim_id, []).append(topic_id)
    return topics
