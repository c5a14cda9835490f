"""Reads for the pages: each returns data already shaped so that templates run no query per row."""

import datetime

from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims.models import (
    Claim,
    Commentator,
    Dispute,
    DisputeStatus,
    Evidence,
    LedgerEntry,
    Outcome,
    Reply,
    Resolution,
    Status,
    Topic,
    Walkback,
)


def claim_timeline(claim: Claim, *, limit: int | None) -> list[Evidence]:
    """Return a claim's evidence, oldest report first, with reports and sources: the first `limit`, or all."""
    items = Evidence.objects.filter(claim=claim).select_related("report__source", "report__repeats")
    items = items.order_by("report__published_on", "report_id")
    return list(items if limit is None else items[:limit])


def _resolutions_latest_first() -> Prefetch:
    return Prefetch(
        "resolutions",
        queryset=Resolution.objects.select_related("resolved_by")
        .prefetch_related(Prefetch("cited_evidence", queryset=Evidence.objects.select_related("report")))
        .order_by("-recorded_at", "-id"),
    )


def claim_list(queryset: QuerySet[Claim] | None = None, *, topics: bool = True) -> QuerySet[Claim]:
    """Return claims as a list shows them: commentator, topics and the number of evidence items.

    With topics=False the topics are not prefetched: several lists then share one query (with_topics).
    """
    queryset = Claim.objects.all() if queryset is None else queryset
    # A correlated subquery rather than a join and GROUP BY: PostgreSQL counts the evidence of the rows a
    # page shows, after the sort and the limit, not of every claim the filter matches.
    per_claim = Evidence.objects.filter(claim=OuterRef("pk")).order_by().values("claim").annotate(n=Count("*"))
    evidence_count = Coalesce(Subquery(per_claim.values("n")), 0)
    queryset = queryset.select_related("commentator").annotate(evidence_count=evidence_count)
    return queryset.prefetch_related("topics") if topics else queryset


def with_topics(*lists: list[Claim]) -> None:
    """Load the topics of the claims of several lists in one query."""
    prefetch_related_objects([claim for claims in lists for claim in claims], "topics")


def claim_detail(*, pk: int) -> Claim:
    """Return one claim with everything its page shows; raise Claim.DoesNotExist when there is none."""
    return (
        Claim.objects.select_related("commentator", "appeared_in__source", "created_by", "retracted_by")
        .prefetch_related(
            "topics",
            _resolutions_latest_first(),
            Prefetch("walkbacks", queryset=Walkback.objects.select_related("report__source").order_by("said_on", "id")),
            Prefetch("replies", queryset=Reply.objects.select_related("report__source").order_by("said_on", "id")),
            Prefetch(
                "disputes",
                queryset=Dispute.objects.select_related("raised_by", "decided_by", "report__source", "resolution"),
            ),
        )
        .get(pk=pk)
    )


def home(*, today: datetime.date | None = None, size: int = 8) -> dict:
    """Return what the home page shows: recent claims, claims coming due and overdue, latest evidence."""
    today = today or timezone.localdate()
    recent = list(claim_list(topics=False).order_by("-created_at", "-id")[:size])
    coming_due = list(
        # Open claims with a deadline, said so that the deadline bounds the index scan (claim_resolve_by).
        claim_list(Claim.objects.unresolved().filter(resolve_by__gte=today), topics=False).order_by("resolve_by", "id")[
            :size
        ]
    )
    overdue = list(claim_list(Claim.objects.due(today), topics=False).order_by("resolve_by", "id")[:size])
    with_topics(recent, coming_due, overdue)
    return {
        "recent_claims": recent,
        "coming_due": coming_due,
        "overdue": overdue,
        "latest_evidence": list(
            Evidence.objects.select_related("report__source", "claim__commentator").order_by("-added_at", "-id")[:size]
        ),
        "latest_resolutions": list(
            Resolution.objects.select_related("claim__commentator").order_by("-recorded_at", "-id")[:size]
        ),
    }


def status_counts(prefix: str = "") -> dict:
    """Return Count annotations of claims by status and outcome, for use on commentators or topics.

    Retracted claims are counted apart, and in no other status or outcome.
    """
    today = timezone.localdate()

    def name(field: str) -> str:
        return f"{prefix}{field}"

    pk = name("id")
    live = Q(**{name("retracted_at__isnull"): True})
    unresolved = live & Q(**{name("outcome"): ""})
    return {
        "claim_count": Count(pk, filter=live, distinct=True),
        "open_count": Count(
            pk,
            filter=unresolved & (Q(**{name("resolve_by__isnull"): True}) | Q(**{name("resolve_by__gte"): today})),
            distinct=True,
        ),
        "due_count": Count(pk, filter=unresolved & Q(**{name("resolve_by__lt"): today}), distinct=True),
        "resolved_count": Count(pk, filter=live & ~Q(**{name("outcome"): ""}), distinct=True),
        **{
            f"{outcome.value}_count": Count(pk, filter=live & Q(**{name("outcome"): outcome.value}), distinct=True)
            for outcome in Outcome
        },
        "retracted_count": Count(pk, filter=~live, distinct=True),
        "void_condition_unmet_count": Count(
            pk, filter=live & Q(**{name("outcome"): Outcome.VOID, name("condition_met"): False}), distinct=True
        ),
        "under_dispute_count": Count(
            pk,
            filter=live & ~Q(**{name("outcome"): ""}) & Q(**{name("disputes__status"): DisputeStatus.OPEN}),
            distinct=True,
        ),
    }


def commentator_list() -> QuerySet[Commentator]:
    """Return every commentator by name; with_status_counts() then counts the claims of a page of them."""
    return Commentator.objects.order_by("name", "id")


def with_status_counts(commentators: list[Commentator]) -> list[Commentator]:
    """Set the number of claims by status and outcome on each commentator, in one query over their claims."""
    rows = (
        Claim.objects.filter(commentator__in=commentators)
        .values("commentator")
        .annotate(**status_counts())
        .order_by("commentator")
    )
    counted = {row.pop("commentator"): row for row in rows}
    empty = dict.fromkeys(status_counts(), 0)
    for commentator in commentators:
        for name, value in counted.get(commentator.pk, empty).items():
            setattr(commentator, name, value)
    return commentators


def commentator_claims(commentator: Commentator, *, size: int = 20) -> dict[str, list[Claim]]:
    """Return a commentator's latest claims in each status, retracted ones included.

    One query: a UNION of one LIMIT query a status, each reading `size` rows along an index
    (claim_commentator_made for open and due, claim_commentator_resolved for resolved); then their topics.
    """
    today = timezone.localdate()
    claims = claim_list(Claim.objects.filter(commentator=commentator), topics=False)
    unresolved = claims.filter(outcome="").order_by("-made_on", "-id")
    parts = {
        Status.OPEN: unresolved.filter(Q(resolve_by__isnull=True) | Q(resolve_by__gte=today)),
        Status.DUE: unresolved.filter(resolve_by__lt=today),
        Status.RESOLVED: claims.exclude(outcome="").order_by(F("resolved_on").desc(nulls_last=True), "-made_on", "-id"),
    }
    ordered = [part.annotate(status_group=Value(status))[:size] for status, part in parts.items()]
    groups: dict[str, list[Claim]] = {status: [] for status in parts}
    for claim in ordered[0].union(*ordered[1:], all=True).order_by():
        groups[claim.status_group].append(claim)
    # Each part was ordered inside the UNION; the rows of the whole come in no promised order.
    for claims in groups.values():
        claims.sort(key=lambda claim: (claim.made_on, claim.pk), reverse=True)
    groups[Status.RESOLVED].sort(key=lambda claim: claim.resolved_on, reverse=True)  # stable: ties keep made, id
    with_topics(*groups.values())
    return groups


def topic_detail(*, slug: str) -> Topic:
    """Return a topic with its number of claims by status (one aggregate over the topic's claims)."""
    topic = Topic.objects.get(slug=slug)
    today = timezone.localdate()
    live = Q(retracted_at__isnull=True)
    unresolved = live & Q(outcome="")
    counts = Claim.objects.filter(topics=topic).aggregate(
        claim_count=Count("id", filter=live),
        open_count=Count("id", filter=unresolved & (Q(resolve_by__isnull=True) | Q(resolve_by__gte=today))),
        due_count=Count("id", filter=unresolved & Q(resolve_by__lt=today)),
        resolved_count=Count("id", filter=live & ~Q(outcome="")),
    )
    for name, value in counts.items():
        setattr(topic, name, value)
    return topic


def claim_ledger_entry(claim: Claim) -> LedgerEntry | None:
    """Return the ledger entry that holds the claim's current recorded form."""
    return LedgerEntry.objects.filter(claim=claim, kind=LedgerEntry.Kind.CLAIM).order_by("-sequence").first()


def open_disputes() -> QuerySet[Dispute]:
    """Return open disputes, oldest first, with the claim, the disputed resolution and the argument."""
    return (
        Dispute.objects.filter(status=DisputeStatus.OPEN)
        .select_related("claim__commentator", "resolution__resolved_by", "raised_by", "report__source")
        .order_by("raised_at", "id")
    )
