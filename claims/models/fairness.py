"""What keeps the record fair to the commentator and to readers: walk-backs, replies, disputes, reminders."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from claims.models.claims import Claim
from claims.models.evidence import Resolution
from sources.models import Report
from tracker.fields import BoundedTextField
from tracker.history import tracked
from tracker.partial_dates import Precision, format_partial_date, precision_constraint
from tracker.validators import http_url_constraint, http_url_validator


@tracked()
class Walkback(models.Model):
    """A commentator's own later statement backing away from a claim. The claim is still scored."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="walkbacks")
    said_on = models.DateField(
        help_text="When they said it (the first day of the month or year if only that is known)."
    )
    said_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    text = BoundedTextField(max_length=5000, help_text="What they said, verbatim or closely summarised.")
    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="walkbacks",
        help_text="Where they said it.",
    )
    url = models.URLField(max_length=1000, blank=True, validators=[http_url_validator])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["said_on", "id"]
        constraints = [
            precision_constraint("said_on", "said_precision", "walkback_said_on_at_precision"),
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="walkback_text_required",
                violation_error_code="required",
                violation_error_message="Record what the commentator said.",
            ),
            http_url_constraint("url", "walkback_url_http"),
        ]

    def __str__(self) -> str:
        return f"Walk-back on claim {self.claim_id}, {self.said_display}"

    @property
    def said_display(self) -> str:
        return format_partial_date(self.said_on, self.said_precision)


@tracked()
class Reply(models.Model):
    """The commentator's reply to how a claim is recorded or judged, entered by an editor. It never changes a score."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="replies")
    speaker = models.CharField(
        max_length=200, help_text='Who replied: the commentator, or who spoke for them ("a spokesperson for …").'
    )
    said_on = models.DateField()
    said_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    text = BoundedTextField(max_length=5000, help_text="The reply, verbatim where possible.")
    report = models.ForeignKey(Report, on_delete=models.PROTECT, null=True, blank=True, related_name="replies")
    url = models.URLField(max_length=1000, blank=True, validators=[http_url_validator])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "replies"
        ordering = ["said_on", "id"]
        constraints = [
            precision_constraint("said_on", "said_precision", "reply_said_on_at_precision"),
            models.CheckConstraint(
                condition=~models.Q(text="") & ~models.Q(speaker=""),
                name="reply_text_and_speaker_required",
                violation_error_code="required",
                violation_error_message="Record who replied and what they said.",
            ),
            http_url_constraint("url", "reply_url_http"),
        ]

    def __str__(self) -> str:
        return f"Reply by {self.speaker} on claim {self.claim_id}"

    @property
    def said_display(self) -> str:
        return format_partial_date(self.said_on, self.said_precision)


class DisputeStatus(models.TextChoices):
    OPEN = "open", "Open"
    UPHELD = "upheld", "Upheld: the resolution stands"
    OVERTURNED = "overturned", "Overturned: a new resolution was recorded"


@tracked()
class Dispute(models.Model):
    """A signed-in reader's challenge to a resolution, decided by an editor."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="disputes")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="disputes")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disputes")
    raised_at = models.DateTimeField(default=timezone.now)
    reason = BoundedTextField(max_length=5000, help_text="Why the resolution is wrong.")
    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disputes",
        help_text="A report already recorded here that supports the dispute.",
    )
    evidence_url = models.URLField(
        max_length=1000,
        blank=True,
        validators=[http_url_validator],
        help_text="Or the address of new evidence, which an editor can record as a report.",
    )
    evidence_title = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = BoundedTextField(
        max_length=5000, blank=True, help_text="The editor's reasons for upholding or overturning."
    )
    new_resolution = models.OneToOneField(
        Resolution, on_delete=models.PROTECT, null=True, blank=True, related_name="overturning_dispute"
    )

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DisputeStatus.values),
                name="dispute_status_known",
                violation_error_code="invalid_status",
                violation_error_message="A dispute is open, upheld or overturned.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", decided_at__isnull=True, decision="")
                | (~models.Q(status="open") & models.Q(decided_at__isnull=False) & ~models.Q(decision="")),
                name="dispute_decided_with_reasons",
                violation_error_code="decision_incomplete",
                violation_error_message="A decided dispute carries its decision, its reasons and when.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="overturned", new_resolution__isnull=False)
                | (~models.Q(status="overturned") & models.Q(new_resolution__isnull=True)),
                name="dispute_overturned_with_new_resolution",
                violation_error_code="overturn_without_resolution",
                violation_error_message="Overturning a resolution records a new one.",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="dispute_reason_required",
                violation_error_code="required",
                violation_error_message="Say why the resolution is wrong.",
            ),
            http_url_constraint("evidence_url", "dispute_evidence_url_http"),
        ]
        indexes = [models.Index(fields=["status", "raised_at"], name="dispute_queue")]

    def __str__(self) -> str:
        return f"Dispute {self.pk} of resolution {self.resolution_id} ({self.status})"


class Digest(models.TextChoices):
    NONE = "none", "No reminders"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class ReminderPreference(models.Model):
    """How often an editor wants the digest of claims coming due, overdue claims and open disputes."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    digest = models.CharField(max_length=6, choices=Digest.choices, default=Digest.NONE)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_digest_display()}"


class ReminderSent(models.Model):
    """One item sent in one editor's digest for one period, so that it is never sent twice for that period."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=60, help_text="What was reminded, e.g. claim:12:coming_due or dispute:3.")
    period = models.CharField(max_length=10, help_text="The digest's period: a day (2026-11-28) or a week (2026-W48).")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "item", "period"], name="reminder_once_per_period")]

    def __str__(self) -> str:
        return f"{self.item} to {self.user_id} for {self.period}"
