"""Reads for the pages: each returns a queryset already shaped so that templates run no query per row."""

from django.db.models import Count, Prefetch, QuerySet

from claims.models import Claim, Evidence, Resolution


def _evidence_timeline() -> Prefetch:
    return Prefetch(
        "evidence",
        queryset=Evidence.objects.select_related("report__source").order_by("report__published_on", "report_id"),
    )


def _resolutions_latest_first() -> Prefetch:
    return Prefetch(
        "resolutions",
        queryset=Resolution.objects.select_related("resolved_by")
        .prefetch_related("cited_evidence__report")
        .order_by("-recorded_at", "-id"),
    )


def claims_with_evidence() -> QuerySet[Claim]:
    """Return every claim with its commentator, topics, resolutions and evidence timeline."""
    return (
        Claim.objects.select_related("commentator", "appeared_in__source")
        .prefetch_related("topics", _evidence_timeline(), _resolutions_latest_first())
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("made_on", "id")
    )


def claim_detail(*, pk: int) -> Claim:
    """Return one claim with everything its page shows; raise Claim.DoesNotExist when there is none."""
    return claims_with_evidence().get(pk=pk)
