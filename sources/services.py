"""Writes for sources and reports: validate, save in a transaction, raise ValidationError with a code.

The `*_save` functions take an instance whose fields are already set (by a form or the admin); the
`*_create` and `*_update` functions build or change one from keyword arguments and call them.
"""

import datetime

from django.db import transaction
from django.utils.text import slugify

from sources.models import Credibility, Reliability, Report, Source, SourceKind
from tracker.partial_dates import Precision
from tracker.services import apply_changes, validate_and_save

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
    validate_and_save(report)
    if report.repeats_id is not None:
        report.repeated_by.update(repeats=report.repeats_id)
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
