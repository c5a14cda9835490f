"""What was predicted (Claim, by a Commentator, on Topics), what bears on it (Evidence), how it ended (Resolution)."""

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
from sources.models import RESERVED_SLUG, RESERVED_SLUGS, Report
from tracker.fields import BoundedTextField
from tracker.history import tracked
from tracker.links import link
from tracker.partial_dates import Precision, format_partial_date, precision_constraint, truncate_to_precision
from tracker.validators import http_url_constraint, http_url_validator

MADE_IN_FUTURE = "A claim cannot be recorded as made in the future."
RESOLVED_BEFORE_MADE = "A claim cannot be resolved before it was made."


class CommentatorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    GROUP = "group", "Group of people"


@tracked()
class Commentator(models.Model):
    name = models.CharField(max_length=200, help_text="As the commentator is known, e.g. Joshua Stanton.")
    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, help_text="Used in the commentator's web address."
    )
    kind = models.CharField(
        max_length=20,
        choices=CommentatorKind.choices,
        default=CommentatorKind.PERSON,
        help_text="A group is several people recorded together, e.g. sanctions sceptics quoted in the press.",
    )
    affiliation = models.CharField(max_length=200, blank=True, help_text="Employer, outlet or movement, if any.")
    bio = BoundedTextField(max_length=5000, blank=True, help_text="A short, neutral description.")
    links = BoundedTextField(
        max_length=5000, blank=True, help_text="Web pages about the commentator, one http(s) address per line."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CommentatorKind.values),
                name="commentator_kind_known",
                violation_error_code="invalid_kind",
                violation_error_message="A commentator is a person, an organisation or a group.",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""),
                name="commentator_name_required",
                violation_error_code="required",
                violation_error_message="A commentator needs a name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("claims:commentator_detail", "slug", self.slug)

    def clean(self) -> None:
        """Keep one http(s) address per line; refuse a slug the site's own pages use."""
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": ValidationError(RESERVED_SLUG, code="reserved_slug")})
        links = [line.strip() for line in self.links.splitlines() if line.strip()]
        for address in links:
            try:
                http_url_validator(address)
            except ValidationError as error:
                message = f"{address!r}: {error.messages[0]}"
                raise ValidationError({"links": ValidationError(message, code="invalid_url")}) from error
        self.links = "\n".join(links)

    @property
    def link_list(self) -> list[str]:
        return self.links.splitlines()


@tracked()
class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="A tag such as North Korea or sanctions.")
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    description = BoundedTextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("claims:topic_detail", "slug", self.slug)


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


class MergeRecord(models.Model):
    """What a merge of two commentators or two sources did: the removed one's identity and what moved."""

    class Kind(models.TextChoices):
        COMMENTATOR = "commentator", "Commentator"
        SOURCE = "source", "Source"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    kept_id = models.BigIntegerField()
    kept_name = models.CharField(max_length=200)
    removed_id = models.BigIntegerField()
    removed_name = models.CharField(max_length=200)
    removed_slug = models.CharField(max_length=200)
    moved = models.JSONField(help_text="How many rows of each kind moved to the kept record.")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-merged_at", "-id"]
        indexes = [models.Index(fields=["kind", "removed_slug"], name="merge_removed_slug")]
        triggers = [pgtrigger.Protect(name="merge_record_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.removed_name} merged into {self.kept_name}"


class LedgerEntry(models.Model):
    """One link of the append-only hash chain over each claim's recorded form and each resolution."""

    class Kind(models.TextChoices):
        CLAIM = "claim", "Claim"
        RESOLUTION = "resolution", "Resolution"

    sequence = models.PositiveBigIntegerField(unique=True, help_text="1 for the first entry, then one more each.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    claim = models.ForeignKey(Claim, on_delete=models.DO_NOTHING, db_constraint=False, related_name="ledger_entries")
    resolution = models.ForeignKey(
        Resolution, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    content = models.JSONField(help_text="The recorded form, as hashed (RFC 8785 canonical JSON of this value).")
    content_hash = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sequence"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["claim", "-sequence"], name="ledger_claim_latest")]
        triggers = [pgtrigger.Protect(name="ledger_append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.kind} of claim {self.claim_id}: {self.entry_hash[:12]}"


class LedgerVerification(models.Model):
    """The result of one run of verify_ledger."""

    checked_at = models.DateTimeField(default=timezone.now)
    entries = models.PositiveBigIntegerField()
    head_hash = models.CharField(max_length=64, blank=True)
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["-checked_at", "-id"]
        get_latest_by = "checked_at"

    def __str__(self) -> str:
        return f"{'OK' if not self.problems else f'{len(self.problems)} problems'} at {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def ok(self) -> bool:
        return not self.problems


# The topics of a claim live in the many-to-many table; its changes are kept too.
tracked(app_label="claims", model_name="ClaimTopicEvent")(Claim.topics.through)


class CommentatorFigures(models.Model):
    """The sums a commentator's leaderboard row is made of, and a token of their record's last change.

    Kept by database triggers (migration 0007): any insert or update of the commentator's claims recomputes
    the row from the claims, in the same transaction; a change to a claim's topics or disputes writes a new
    token. `manage.py rebuild_figures` recomputes every row; a test checks the rows equal a fresh computation.
    Not edited by hand.
    """

    commentator = models.OneToOneField(Commentator, on_delete=models.CASCADE, primary_key=True, related_name="figures")
    claims = models.PositiveIntegerField(default=0, db_default=0, help_text="Claims not retracted.")
    retracted = models.PositiveIntegerField(default=0, db_default=0)
    scored = models.PositiveIntegerField(
        default=0, db_default=0, help_text="Claims not retracted, resolved true, false or partly."
    )
    successes = models.FloatField(
        default=0.0, db_default=0.0, help_text="Σ o over the scored claims: true 1, partly true ½, false 0."
    )
    brier_n = models.PositiveIntegerField(
        default=0, db_default=0, help_text="Scored true or false claims with a probability."
    )
    brier_sum = models.FloatField(default=0.0, db_default=0.0, help_text="Σ (p − o)² over those claims.")
    wilson_low = models.FloatField(null=True, help_text="Lower end of the 95% Wilson interval of the hit rate.")
    changed = models.UUIDField(help_text="A new value on every change to the commentator's claims, topics or disputes.")

    class Meta:
        verbose_name_plural = "commentator figures"
        indexes = [
            models.Index(F("wilson_low").desc(nulls_last=True), F("scored").desc(), name="figures_leaderboard_order"),
        ]

    def __str__(self) -> str:
        return f"Figures of commentator {self.commentator_id}"
