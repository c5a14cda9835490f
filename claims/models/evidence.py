"""What bears on a claim (Evidence: a report with a stance) and how it ended (Resolution)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from claims.models.claims import Claim, Outcome
from sources.models import Report
from tracker.fields import BoundedTextField
from tracker.history import tracked


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    MIXED = "mixed", "Mixed"
    CONTEXT = "context", "Context"


@tracked()
class Evidence(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(
        max_length=12,
        choices=Stance.choices,
        help_text="Whether the report supports the claim, contradicts it, points both ways, or is background.",
    )
    note = BoundedTextField(max_length=2000, blank=True, help_text="Why this report bears on the claim.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["claim", "report__published_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "report"],
                name="evidence_one_link_per_claim_and_report",
                violation_error_code="duplicate_evidence",
                violation_error_message="This report is already attached to this claim.",
            ),
            models.CheckConstraint(
                condition=models.Q(stance__in=Stance.values),
                name="evidence_stance_known",
                violation_error_code="invalid_stance",
                violation_error_message="Stance is supports, contradicts, mixed or context.",
            ),
        ]
        indexes = [
            models.Index(fields=["report"], name="evidence_report"),
            models.Index(fields=["-added_at", "-id"], name="evidence_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.report_id} on claim {self.claim_id}"


@tracked()
class Resolution(models.Model):
    """A judgement of a claim. Appended, never changed: a re-judgement is a new resolution."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="resolutions")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    resolved_on = models.DateField(help_text="The day the outcome became known; not before the claim was made.")
    rationale = BoundedTextField(max_length=10000, help_text="Why this outcome, citing the evidence.")
    condition_met = models.BooleanField(
        null=True,
        blank=True,
        help_text="For a conditional claim, whether its condition was met; empty for a claim without a condition.",
    )
    cited_evidence = models.ManyToManyField(
        Evidence, blank=True, related_name="cited_by", help_text="The evidence on this claim the rationale relies on."
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The editor who judged it; empty when recorded by a command such as load_demo.",
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        get_latest_by = ["recorded_at", "id"]
        indexes = [models.Index(fields=["-recorded_at", "-id"], name="resolution_newest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=Outcome.values),
                name="resolution_outcome_known",
                violation_error_code="invalid_outcome",
                violation_error_message="Outcome is true, false, partly true or void.",
            ),
            models.CheckConstraint(
                condition=~models.Q(condition_met=False) | models.Q(outcome="void"),
                name="resolution_unmet_condition_is_void",
                violation_error_code="unmet_condition_not_void",
                violation_error_message="A claim whose condition was not met is resolved as void.",
            ),
            models.CheckConstraint(
                condition=~models.Q(rationale=""),
                name="resolution_rationale_required",
                violation_error_code="rationale_required",
                violation_error_message="A resolution needs a rationale that cites the evidence.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.resolved_on} (claim {self.claim_id})"
