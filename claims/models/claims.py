"""What a commentator claimed: the quote, the checkable statement, when, how sure, and its verdict."""

import datetime

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims.confidence import KENT_SCALE, EstimativeWords
from claims.models.commentators import Commentator, Topic
from sources.models import Report
from tracker.fields import BoundedTextField
from tracker.history import tracked
from tracker.links import link
from tracker.partial_dates import Precision, format_partial_date, precision_constraint, truncate_to_precision
from tracker.validators import http_url_constraint, http_url_validator

MADE_IN_FUTURE = "A claim cannot be recorded as made in the future."
RESOLVED_BEFORE_MADE = "A claim cannot be resolved before it was made."


class Outcome(models.TextChoices):
    TRUE = "true", "True"
    FALSE = "false", "False"
    PARTLY_TRUE = "partly_true", "Partly true"
    VOID = "void", "Void or ambiguous"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    DUE = "due", "Due"
    RESOLVED = "resolved", "Resolved"
    RETRACTED = "retracted", "Retracted"


class RetractionReason(models.TextChoices):
    WRONG_WORDS = "wrong_words", "Recorded in the wrong words"
    DUPLICATE = "duplicate", "Duplicate of another claim"
    NOT_A_CLAIM = "not_a_claim", "Not a real claim"


class ClaimQuerySet(models.QuerySet):
    def live(self) -> "ClaimQuerySet":
        """Return claims that have not been retracted."""
        return self.filter(retracted_at__isnull=True)

    def retracted(self) -> "ClaimQuerySet":
        return self.filter(retracted_at__isnull=False)

    def resolved(self) -> "ClaimQuerySet":
        """Return live claims that carry at least one resolution."""
        return self.live().exclude(outcome="")

    def unresolved(self) -> "ClaimQuerySet":
        return self.live().filter(outcome="")

    def due(self, today: datetime.date | None = None) -> "ClaimQuerySet":
        """Return unresolved claims whose deadline has passed."""
        return self.unresolved().filter(resolve_by__lt=today or timezone.localdate())

    def open(self, today: datetime.date | None = None) -> "ClaimQuerySet":
        """Return unresolved claims with no deadline or a deadline still to come."""
        today = today or timezone.localdate()
        return self.unresolved().filter(models.Q(resolve_by__isnull=True) | models.Q(resolve_by__gte=today))

    def with_status(self, status: str, today: datetime.date | None = None) -> "ClaimQuerySet":
        """Return claims in the given status (open, due, resolved or retracted)."""
        by_status = {
            Status.OPEN: self.open,
            Status.DUE: self.due,
            Status.RESOLVED: lambda today: self.resolved(),
            Status.RETRACTED: lambda today: self.retracted(),
        }
        return by_status[status](today)

    def for_list(self) -> "ClaimQuerySet":
        """Return claims with what a list of claims shows, loaded in a fixed number of queries."""
        return self.select_related("commentator").prefetch_related("topics")


_forecast_probability = Coalesce(
    models.F("probability"),
    models.Case(
        *(models.When(estimative_words=words, then=models.Value(value)) for words, value in KENT_SCALE.items()),
        default=None,
        output_field=models.FloatField(),
    ),
    output_field=models.FloatField(),
)


@tracked(exclude=["search_vector", "forecast_probability"])
class Claim(models.Model):
    commentator = models.ForeignKey(Commentator, on_delete=models.PROTECT, related_name="claims")
    quote = BoundedTextField(max_length=5000, help_text="The commentator's words, verbatim, as published.")
    statement = BoundedTextField(
        max_length=1000, help_text="A neutral, checkable restatement of the claim that someone else could judge."
    )
    resolution_criteria = BoundedTextField(
        max_length=2000,
        help_text="What would make the claim true, and what would make it false, as concretely as possible.",
    )
    condition = BoundedTextField(
        max_length=1000,
        blank=True,
        help_text='For a conditional claim, the condition alone ("if sanctions are enforced aggressively"); '
        "the statement then holds the consequence. A claim whose condition was not met is void, not scored.",
    )
    appeared_in = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims_made",
        help_text="The report in which the claim was made, if it is recorded here.",
    )
    appeared_url = models.URLField(
        max_length=1000,
        blank=True,
        validators=[http_url_validator],
        help_text="Where the claim was made, when that is not a report recorded here (http or https).",
    )
    made_on = models.DateField(
        help_text="When the claim was made. A date known only to the month or year is stored as the first day "
        "of that period."
    )
    made_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    resolve_by = models.DateField(
        null=True,
        blank=True,
        help_text="The deadline by which the claim should be judged, if the commentator gave one or implied one.",
    )
    probability = models.FloatField(
        null=True,
        blank=True,
        help_text="The commentator's own stated probability, from 0 to 1 (70% is 0.7). Leave empty if they gave none.",
    )
    estimative_words = models.CharField(
        max_length=30,
        choices=EstimativeWords.choices,
        blank=True,
        help_text='When the commentator gave words rather than a number ("almost certainly", "probably not"), '
        "the category on Sherman Kent's scale. Use either this or a probability, not both.",
    )
    forecast_probability = models.GeneratedField(
        expression=_forecast_probability,
        output_field=models.FloatField(),
        db_persist=True,
        help_text="The probability scored: the stated one, else the Kent value of the estimative words.",
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("statement", weight="A", config="english")
        + SearchVector("quote", weight="B", config="english")
        + SearchVector("resolution_criteria", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
        help_text="Full-text index of the statement, quote and criteria (weighted in that order).",
    )
    outcome = models.CharField(
        max_length=12,
        choices=Outcome.choices,
        blank=True,
        editable=False,
        help_text="The outcome of the latest resolution; empty while unresolved. Set only by resolving.",
    )
    resolved_on = models.DateField(null=True, blank=True, editable=False)
    condition_met = models.BooleanField(
        null=True, blank=True, editable=False, help_text="Whether the latest resolution found the condition met."
    )
    retracted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the claim was retracted; it stays visible, unscored."
    )
    retraction_reason = models.CharField(max_length=20, choices=RetractionReason.choices, blank=True, editable=False)
    retraction_note = BoundedTextField(
        max_length=2000, blank=True, editable=False, help_text="Why the claim was retracted."
    )
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by each change, so that an edit based on an old copy is refused."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__isnull=True) | models.Q(probability__gte=0.0, probability__lte=1.0),
                name="claim_probability_0_to_1",
                violation_error_code="probability_out_of_range",
                violation_error_message="A probability is between 0 and 1 (for 70%%, enter 0.7).",
            ),
            models.CheckConstraint(
                condition=models.Q(probability__isnull=True) | models.Q(estimative_words=""),
                name="claim_one_confidence_basis",
                violation_error_code="two_confidences",
                violation_error_message="Give either a probability or estimative words, not both.",
            ),
            models.CheckConstraint(
                condition=models.Q(estimative_words="") | models.Q(estimative_words__in=EstimativeWords.values),
                name="claim_estimative_words_known",
                violation_error_code="invalid_estimative_words",
                violation_error_message="Choose estimative words from Kent's scale.",
            ),
            models.CheckConstraint(
                condition=models.Q(resolve_by__isnull=True) | models.Q(resolve_by__gte=models.F("made_on")),
                name="claim_deadline_not_before_made",
                violation_error_code="deadline_before_made",
                violation_error_message="The deadline cannot be before the claim was made.",
            ),
            models.CheckConstraint(
                condition=models.Q(made_precision__in=Precision.values),
                name="claim_precision_known",
                violation_error_code="invalid_precision",
                violation_error_message="Precision is day, month or year.",
            ),
            precision_constraint("made_on", "made_precision", "claim_made_on_at_precision"),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(outcome__in=Outcome.values),
                name="claim_outcome_known",
                violation_error_code="invalid_outcome",
                violation_error_message="Outcome is true, false, partly true or void.",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="", resolved_on__isnull=True)
                | (~models.Q(outcome="") & models.Q(resolved_on__isnull=False)),
                name="claim_outcome_with_date",
                violation_error_code="outcome_without_date",
                violation_error_message="A resolved claim carries its resolution date.",
            ),
            models.CheckConstraint(
                condition=~models.Q(quote="") & ~models.Q(statement="") & ~models.Q(resolution_criteria=""),
                name="claim_texts_required",
                violation_error_code="required",
                violation_error_message="A claim needs its quote, a statement and resolution criteria.",
            ),
            http_url_constraint("appeared_url", "claim_appeared_url_http"),
            models.CheckConstraint(
                condition=models.Q(retracted_at__isnull=True, retraction_reason="")
                | models.Q(retracted_at__isnull=False, retraction_reason__in=RetractionReason.values),
                name="claim_retraction_with_reason",
                violation_error_code="retraction_without_reason",
                violation_error_message="A retraction needs one of the listed reasons.",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="claim_never_deleted", operation=pgtrigger.Delete),
        ]
        indexes = [
            models.Index(fields=["-made_on", "-id"], name="claim_newest_made"),
            models.Index(fields=["-created_at", "-id"], name="claim_newest_created"),
            models.Index(fields=["commentator", "-made_on", "-id"], name="claim_commentator_made"),
            models.Index(
                F("commentator"),
                F("resolved_on").desc(nulls_last=True),
                F("made_on").desc(),
                F("id").desc(),
                name="claim_commentator_resolved",
                condition=~models.Q(outcome=""),
            ),
            models.Index(fields=["resolve_by", "id"], name="claim_resolve_by", condition=models.Q(outcome="")),
            models.Index(fields=["outcome"], name="claim_outcome"),
            GinIndex(fields=["search_vector"], name="claim_search_vector"),
        ]

    def __str__(self) -> str:
        return f"{self.commentator.name}: {self.statement[:80]}"

    def get_absolute_url(self) -> str:
        return link("claims:claim_detail", "pk", self.pk)

    def clean(self) -> None:
        """Store the date as the start of its period; refuse a future date or one after a resolution."""
        if self.made_on is None or self.made_precision not in Precision.values:
            return
        self.made_on = truncate_to_precision(self.made_on, self.made_precision)
        if self.made_on > timezone.localdate():
            raise ValidationError({"made_on": ValidationError(MADE_IN_FUTURE, code="made_in_future")})
        if self.pk is not None:
            earliest = self.resolutions.order_by("resolved_on").values_list("resolved_on", flat=True).first()
            if earliest is not None and self.made_on > earliest:
                raise ValidationError({"made_on": ValidationError(RESOLVED_BEFORE_MADE, code="resolved_before_made")})

    @property
    def made_display(self) -> str:
        return format_partial_date(self.made_on, self.made_precision)

    def status_on(self, today: datetime.date) -> str:
        """Return open, due, resolved or retracted as of the given day."""
        if self.retracted_at:
            return Status.RETRACTED
        if self.outcome:
            return Status.RESOLVED
        if self.resolve_by and self.resolve_by < today:
            return Status.DUE
        return Status.OPEN

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return Status(self.status).label


# The topics of a claim live in the many-to-many table; its changes are kept too.
tracked(app_label="claims", model_name="ClaimTopicEvent")(Claim.topics.through)
