"""Digests for editors: claims coming due, claims overdue, open disputes; each item sent once per period."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from claims.models import Claim, Digest, Dispute, DisputeStatus, ReminderPreference, ReminderSent

COMING_DUE_DAYS = 30


def due_claims(today: datetime.date) -> QuerySet[Claim]:
    """Return unresolved claims due within COMING_DUE_DAYS or overdue, soonest deadline first."""
    horizon = today + datetime.timedelta(days=COMING_DUE_DAYS)
    return (
        Claim.objects.unresolved()
        .filter(resolve_by__isnull=False, resolve_by__lte=horizon)
        .select_related("commentator")
        .order_by("resolve_by", "id")
    )


def period_of(digest: str, today: datetime.date) -> str:
    """Return the period a digest covers: the day for a daily digest, the ISO week for a weekly one."""
    if digest == Digest.WEEKLY:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}"
    return today.isoformat()


@dataclass
class DigestItem:
    key: str
    line: str


def digest_items(today: datetime.date, site_url: str) -> list[DigestItem]:
    """Return every item a digest on this day lists."""
    items = []
    for claim in due_claims(today):
        overdue = claim.resolve_by < today
        kind = "overdue" if overdue else "coming_due"
        label = f"overdue since {claim.resolve_by:%d %b %Y}" if overdue else f"due {claim.resolve_by:%d %b %Y}"
        items.append(
            DigestItem(
                f"claim:{claim.pk}:{kind}",
                f"- {label}: {claim.commentator.name}: {claim.statement}\n  {site_url}{claim.get_absolute_url()}",
            )
        )
    for dispute in Dispute.objects.filter(status=DisputeStatus.OPEN).select_related("claim").order_by("raised_at"):
        items.append(
            DigestItem(
                f"dispute:{dispute.pk}",
                f"- open dispute of claim {dispute.claim_id}: {dispute.reason[:120]}\n"
                f"  {site_url}{reverse('claims:dispute_decide', kwargs={'pk': dispute.pk})}",
            )
        )
    return items


def send_reminders(today: datetime.date, site_url: str) -> dict[str, int]:
    """Send each subscribed editor the items not yet sent to them in this period; return counts."""
    sent = {"emails": 0, "items": 0}
    items = digest_items(today, site_url)
    preferences = ReminderPreference.objects.exclude(digest=Digest.NONE).select_related("user")
    for preference in preferences:
        user = preference.user
        if not user.is_active or not user.email:
            continue
        period = period_of(preference.digest, today)
        with transaction.atomic():
            # Lock the editor's row: two runs at once send the digest once.
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            already = set(ReminderSent.objects.filter(user=user, period=period).values_list("item", flat=True))
            fresh = [item for item in items if item.key not in already]
            if not fresh:
                continue
            body = "\n".join(
                [f"Tracker digest for {period}: {len(fresh)} item(s).", "", *(item.line for item in fresh), ""]
            )
            ReminderSent.objects.bulk_create([ReminderSent(user=user, item=item.key, period=period) for item in fresh])
            send_mail(
                subject=f"Tracker: {len(fresh)} claim(s) and dispute(s) to look at",
                message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
        sent["emails"] += 1
        sent["items"] += len(fresh)
    return sent
