"""Writes for sources and reports: validate, save in a transaction, raise ValidationError with a code.

The `*_save` functions take an instance whose fields are already set (by a form or the admin); the
`*_create` and `*_update` functions build or change one from keyword arguments and call them.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from sources.models import Credibility, Reliability, Report, Source, SourceKind
from tracker.locks import lock_record
from tracker.partial_dates import Precision
from tracker.services import apply_changes, validate_and_save
from tracker.signals import rows_written

SOURCE_EDITABLE = ("name", "slug", "kind", "homepage", "country", "language", "description", "reliability")
REPORT_EDITABLE = (
    "source", "title", "url", "published_on", "published_precision", "summary", "excerpt", "archive_url",
    "credibility", "repeats",
)  # fmt: skip


def slug_for(name: str, slug: str = "") -> str:
    """Return the slug given, or one made from the name (Korean and other scripts kept)."""
    return slug.strip() or slugify(name, allow_unicode=True)


@transaction.atomic
def source_save(*, source: Source) -> Source:
    """Validate and save a new or changed source."""
    source.slug = slug_for(source.name, source.slug)
    return validate_and_save(source)


def source_create(
    *,
    name: str,
    slug: str = "",
    kind: str = SourceKind.NEWS,
    homepage: str = "",
    country: str = "",
    language: str = "",
    description: str = "",
    reliability: str = Reliability.F,
) -> Source:
    """Record a new source."""
    source = Source(
        name=name.strip(),
        slug=slug,
        kind=kind,
        homepage=homepage.strip(),
        country=country,
        language=language.strip(),
        description=description.strip(),
        reliability=reliability,
    )
    return source_save(source=source)


def source_update(*, source: Source, **data) -> Source:
    """Change the given fields of a source."""
    if apply_changes(source, allowed=SOURCE_EDITABLE, data=data):
        source_save(source=source)
    return source


@transaction.atomic
def report_save(*, report: Report) -> Report:
    """Validate and save a new or changed report; reports that repeated it follow it to its original."""
    lock_record()
    validate_and_save(report)
    if report.repeats_id is not None:
        followers = list(report.repeated_by.values_list("pk", flat=True))
        if followers:
            Report.objects.filter(pk__in=followers).update(repeats=report.repeats_id)
            rows_written.send(sender=Report, ids=followers)
    return report


def report_create(
    *,
    source: Source,
    title: str,
    published_on: datetime.date,
    published_precision: str = Precision.DAY,
    summary: str,
    url: str = "",
    excerpt: str = "",
    archive_url: str = "",
    credibility: int = Credibility.CANNOT_BE_JUDGED,
    repeats: Report | None = None,
) -> Report:
    """Record a dated publication of a source; a date known to the month or year is kept at that precision."""
    report = Report(
        source=source,
        title=title.strip(),
        url=url.strip(),
        published_on=published_on,
        published_precision=published_precision,
        summary=summary.strip(),
        excerpt=excerpt.strip(),
        archive_url=archive_url.strip(),
        credibility=credibility,
        repeats=repeats,
    )
    return report_save(report=report)


def report_update(*, report: Report, **data) -> Report:
    """Change the given fields of a report."""
    if apply_changes(report, allowed=REPORT_EDITABLE, data=data):
        report_save(report=report)
    return report


def _describe_dependents(report: Report) -> list[str]:
    """Return, in words, what points to a report."""
    parts = []
    claims = sorted(set(report.evidence.values_list("claim_id", flat=True)))
    if claims:
        parts.append(f"it is evidence on claim{'s' if len(claims) > 1 else ''} {', '.join(map(str, claims))}")
    made = list(report.claims_made.values_list("pk", flat=True))
    if made:
        parts.append(f"claim{'s' if len(made) > 1 else ''} {', '.join(map(str, made))} appeared in it")
    repeats = report.repeated_by.count()
    if repeats:
        parts.append(f"{repeats} report{'s' if repeats > 1 else ''} repeat{'' if repeats > 1 else 's'} it")
    walkbacks = report.walkbacks.count()
    if walkbacks:
        parts.append(f"{walkbacks} walk-back{'s' if walkbacks > 1 else ''} cite{'' if walkbacks > 1 else 's'} it")
    return parts


@transaction.atomic
def report_delete(*, report: Report) -> None:
    """Delete a report that nothing points to; otherwise refuse, saying what points to it."""
    lock_record()
    report = Report.objects.select_for_update().get(pk=report.pk)
    dependents = _describe_dependents(report)
    if dependents:
        raise ValidationError(
            f"The report “{report.title}” cannot be deleted: {'; '.join(dependents)}.", code="report_in_use"
        )
    report.delete()


@transaction.atomic
def source_delete(*, source: Source) -> None:
    """Delete a source with no reports; otherwise refuse, saying how many reports it has."""
    count = source.reports.count()
    if count:
        raise ValidationError(
            f"The source {source.name} cannot be deleted: it has {count} report{'s' if count > 1 else ''}. "
            "Merge it into another source instead, or delete its reports first.",
            code="source_in_use",
        )
    source.delete()


@transaction.atomic
def source_merge(*, keep: Source, duplicate: Source, merged_by=None):
    """Move every report of a duplicate source to the kept one, record the merge, remove the duplicate."""
    from claims.models import MergeRecord

    if keep.pk == duplicate.pk:
        raise ValidationError("A record cannot be merged into itself.", code="merge_same")
    lock_record()
    moved_ids = list(Report.objects.filter(source=duplicate).values_list("pk", flat=True))
    moved = Report.objects.filter(pk__in=moved_ids).update(source=keep)
    rows_written.send(sender=Report, ids=moved_ids)
    record = MergeRecord.objects.create(
        kind=MergeRecord.Kind.SOURCE,
        kept_id=keep.pk,
        kept_name=keep.name,
        removed_id=duplicate.pk,
        removed_name=duplicate.name,
        removed_slug=duplicate.slug,
        moved={"reports": moved},
        merged_by=merged_by,
    )
    duplicate.delete()
    return record
