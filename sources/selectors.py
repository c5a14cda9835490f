"""Reads for the sources pages: each returns data already shaped so that templates run no query per row."""

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from sources.models import Report, Source

# The claims app's models, reached through the relations it declares on Report, so that sources imports none of it.
Evidence = Report._meta.get_field("evidence").related_model
Claim = Report._meta.get_field("claims_made").related_model


def source_list() -> QuerySet[Source]:
    """Return every source by name, with its number of reports (kept in SourceFigures)."""
    return Source.objects.annotate(report_count=F("figures__reports")).order_by("name", "id")


def source_detail(*, slug: str) -> Source:
    """Return the source with this slug; raise Source.DoesNotExist when there is none."""
    return Source.objects.get(slug=slug)


def source_reports(*, source: Source) -> QuerySet[Report]:
    """Return a source's reports newest first, each with the original it repeats and its number of claims.

    The claims are counted by a correlated subquery, so only for the reports of the page shown.
    """
    per_report = Evidence.objects.filter(report=OuterRef("pk")).order_by().values("report").annotate(n=Count("*"))
    return (
        Report.objects.filter(source=source)
        .select_related("source", "repeats__source")
        .annotate(claim_count=Coalesce(Subquery(per_report.values("n")), 0))
        .order_by("-published_on", "-id")
    )


def report_detail(*, pk: int) -> Report:
    """Return one report with its source, the original it repeats, its repeats and the claims it bears on.

    Raise Report.DoesNotExist when there is none.
    """
    return (
        Report.objects.select_related("source", "repeats__source")
        .prefetch_related(
            Prefetch("repeated_by", queryset=Report.objects.select_related("source").order_by("published_on", "id")),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("claim__commentator").order_by("claim__made_on", "claim_id"),
            ),
            Prefetch("claims_made", queryset=Claim.objects.select_related("commentator").order_by("made_on", "id")),
        )
        .get(pk=pk)
    )
