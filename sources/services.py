"""Writes for sources and reports: validate, save in a transaction, raise ValidationError with a code."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from sources.models import Credibility, Reliability, Report, Source, SourceKind
from tracker.partial_dates import Precision, truncate_to_precision
from tracker.services import apply_changes, validate_and_save

SOURCE_EDITABLE = ("name", "slug", "kind", "homepage", "country", "language", "description", "reliability")
REPORT_EDITABLE = (
    "source", "title", "url", "published_on", "published_precision", "summary", "excerpt", "archive_url",
    "credibility", "repeats",
)  # fmt: skip


PRECISION_RANK = [Precision.DAY, Precision.MONTH, Precision.YEAR]


def _slug_for(name: str, slug: str) -> str:
    return slug.strip() or slugify(name, allow_unicode=True)


@transaction.atomic
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
        slug=_slug_for(name, slug),
        kind=kind,
        homepage=homepage.strip(),
        country=country.strip().upper(),
        language=language.strip(),
        description=description.strip(),
        reliability=reliability,
    )
    return validate_and_save(source)


@transaction.atomic
def source_update(*, source: Source, **data) -> Source:
    """Change the given fields of a source."""
    if "country" in data:
        data["country"] = data["country"].strip().upper()
    if apply_changes(source, allowed=SOURCE_EDITABLE, data=data):
        validate_and_save(source)
    return source


def _check_repeats(report: Report) -> None:
    """Point a repeat at the original story, never at another repeat, and never at itself."""
    if report.repeats_id is None:
        return
    original = report.repeats
    if original.repeats_id is not None:
        report.repeats = original = original.repeats
    if report.pk is not None and original.pk == report.pk:
        raise ValidationError({"repeats": ValidationError("A report cannot repeat itself.", code="repeats_itself")})
    coarser = max(original.published_precision, report.published_precision, key=PRECISION_RANK.index)
    if truncate_to_precision(original.published_on, coarser) > truncate_to_precision(report.published_on, coarser):
        raise ValidationError(
            {
                "repeats": ValidationError(
                    "The original must have been published no later than the report that repeats it.",
                    code="repeats_later_report",
                )
            }
        )


@transaction.atomic
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
        published_on=truncate_to_precision(published_on, published_precision),
        published_precision=published_precision,
        summary=summary.strip(),
        excerpt=excerpt.strip(),
        archive_url=archive_url.strip(),
        credibility=credibility,
        repeats=repeats,
    )
    _check_repeats(report)
    return validate_and_save(report)


@transaction.atomic
def report_update(*, report: Report, **data) -> Report:
    """Change the given fields of a report; reports that repeated it follow it to its new original."""
    changed = apply_changes(report, allowed=REPORT_EDITABLE, data=data)
    if not changed:
        return report
    report.published_on = truncate_to_precision(report.published_on, report.published_precision)
    _check_repeats(report)
    validate_and_save(report)
    if report.repeats_id is not None:
        report.repeated_by.update(repeats=report.repeats_id)
    return report
