"""Who publishes (Source) and what they published, when (Report)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tracker.fields import BoundedTextField
from tracker.history import tracked
from tracker.links import link
from tracker.partial_dates import (
    Precision,
    coarser_precision,
    format_partial_date,
    iso_partial_date,
    precision_constraint,
    truncate_to_precision,
)
from tracker.validators import http_url_constraint, http_url_validator


class Reliability(models.TextChoices):
    """Admiralty (NATO) grading of a source's reliability."""

    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


class Credibility(models.IntegerChoices):
    """Admiralty (NATO) grading of the credibility of one piece of information."""

    CONFIRMED = 1, "1: confirmed by other sources"
    PROBABLY_TRUE = 2, "2: probably true"
    POSSIBLY_TRUE = 3, "3: possibly true"
    DOUBTFUL = 4, "4: doubtful"
    IMPROBABLE = 5, "5: improbable"
    CANNOT_BE_JUDGED = 6, "6: truth cannot be judged"


class SourceKind(models.TextChoices):
    NEWS = "news", "News outlet"
    NGO = "ngo", "NGO"
    GOVERNMENT = "government", "Government"
    ACADEMIC = "academic", "Academic"
    THINK_TANK = "think_tank", "Think tank"
    STATE_MEDIA = "state_media", "State media"
    SOCIAL = "social", "Social media"
    BLOG = "blog", "Blog"
    OTHER = "other", "Other"


# Path segments the site uses after /sources/ and /commentators/, which a slug must not take.
RESERVED_SLUGS = {"new"}
RESERVED_SLUG = "This address is used by the site itself; choose another slug."


@tracked()
class Source(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="The outlet or originator, e.g. Daily NK.")
    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, help_text="Used in the source's web address."
    )
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS)
    homepage = models.URLField(blank=True, validators=[http_url_validator], help_text="http or https only.")
    country = models.CharField(
        max_length=2, blank=True, help_text="Where it is based: ISO 3166-1 two-letter code, e.g. KR, US."
    )
    language = models.CharField(
        max_length=35, blank=True, help_text="Main language of publication: BCP 47 code, e.g. ko, en."
    )
    description = BoundedTextField(
        max_length=5000, blank=True, help_text="What it is, who runs it, and why it has this grade."
    )
    reliability = models.CharField(
        max_length=1,
        choices=Reliability.choices,
        default=Reliability.F,
        help_text="Admiralty grade of the source's record: A completely reliable … E unreliable, "
        "F cannot be judged (the default until there is a record to judge).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reliability__in=Reliability.values),
                name="source_reliability_a_to_f",
                violation_error_code="invalid_reliability",
                violation_error_message="Reliability is an Admiralty grade from A to F.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SourceKind.values),
                name="source_kind_known",
                violation_error_code="invalid_kind",
                violation_error_message="Choose one of the listed kinds of source.",
            ),
            models.CheckConstraint(
                condition=models.Q(country="") | models.Q(country__regex=r"^[A-Z]{2}$"),
                name="source_country_iso_code",
                violation_error_code="invalid_country",
                violation_error_message="Country is a two-letter ISO 3166-1 code in capitals, e.g. KR.",
            ),
            http_url_constraint("homepage", "source_homepage_http"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("sources:source_detail", "slug", self.slug)

    def clean(self) -> None:
        self.country = self.country.strip().upper()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": ValidationError(RESERVED_SLUG, code="reserved_slug")})


REPEATS_ITSELF = "A report cannot repeat itself."
PUBLISHED_IN_FUTURE = "A report cannot be recorded as published on a day that has not yet come."
REPEATS_LATER_REPORT = "The original must have been published no later than the report that repeats it."


class ReportQuerySet(models.QuerySet):
    def chronological(self) -> "ReportQuerySet":
        """Return reports oldest first, with their source."""
        return self.select_related("source").order_by("published_on", "id")


@tracked()
class Report(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="reports")
    title = models.CharField(max_length=300, help_text="The report's headline, or a short description of it.")
    url = models.URLField(
        max_length=1000,
        blank=True,
        validators=[http_url_validator],
        help_text="Where it was published (http or https). Two reports cannot share an address.",
    )
    published_on = models.DateField(
        help_text="When it was published. A date known only to the month or year is stored as the first "
        "day of that period and shown as, e.g., Mar 2016."
    )
    published_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, help_text="How precisely the date is known."
    )
    summary = BoundedTextField(max_length=5000, help_text="What the report says, in the editor's own words.")
    excerpt = BoundedTextField(
        max_length=1000,
        blank=True,
        help_text="An optional short verbatim passage (at most 1,000 characters).",
    )
    archive_url = models.URLField(
        max_length=1000, blank=True, validators=[http_url_validator], help_text="An archived copy, e.g. on archive.org."
    )
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices,
        default=Credibility.CANNOT_BE_JUDGED,
        help_text="Admiralty grade of this information: 1 confirmed by other sources … 6 cannot be judged.",
    )
    repeats = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_by",
        help_text="The original report this one re-runs, so that a story repeated by several outlets counts once.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~models.Q(url=""),
                name="report_url_unique_when_given",
                violation_error_code="duplicate_url",
                violation_error_message="Another report already has this address.",
            ),
            models.CheckConstraint(
                condition=models.Q(credibility__gte=1, credibility__lte=6),
                name="report_credibility_1_to_6",
                violation_error_code="invalid_credibility",
                violation_error_message="Credibility is an Admiralty grade from 1 to 6.",
            ),
            models.CheckConstraint(
                condition=models.Q(published_precision__in=Precision.values),
                name="report_precision_known",
                violation_error_code="invalid_precision",
                violation_error_message="Precision is day, month or year.",
            ),
            precision_constraint("published_on", "published_precision", "report_published_on_at_precision"),
            models.CheckConstraint(
                condition=~models.Q(repeats=models.F("pk")),
                name="report_does_not_repeat_itself",
                violation_error_code="repeats_itself",
                violation_error_message=REPEATS_ITSELF,
            ),
            models.CheckConstraint(
                condition=~models.Q(title=""),
                name="report_title_required",
                violation_error_code="required",
                violation_error_message="A report needs a title.",
            ),
            http_url_constraint("url", "report_url_http"),
            http_url_constraint("archive_url", "report_archive_url_http"),
        ]
        indexes = [
            models.Index(fields=["source", "-published_on", "-id"], name="report_source_newest"),
            models.Index(fields=["published_on"], name="report_published_on"),
        ]

    def __str__(self) -> str:
        return f"{self.source.name}, {self.published_display}: {self.title}"

    def get_absolute_url(self) -> str:
        return link("sources:report_detail", "pk", self.pk)

    def clean(self) -> None:
        """Store the date as the start of its period, never in the future; a repeat points at the original."""
        if self.published_on and self.published_precision in Precision.values:
            self.published_on = truncate_to_precision(self.published_on, self.published_precision)
            if self.published_on > timezone.localdate():
                raise ValidationError(
                    {"published_on": ValidationError(PUBLISHED_IN_FUTURE, code="published_in_future")}
                )
        if self.repeats_id is None:
            return
        original = self.repeats
        if original.repeats_id is not None:
            self.repeats = original = original.repeats
        if self.pk is not None and original.pk == self.pk:
            raise ValidationError({"repeats": ValidationError(REPEATS_ITSELF, code="repeats_itself")})
        if self.published_on and self.published_precision in Precision.values:
            coarser = coarser_precision(original.published_precision, self.published_precision)
            if truncate_to_precision(original.published_on, coarser) > truncate_to_precision(
                self.published_on, coarser
            ):
                raise ValidationError({"repeats": ValidationError(REPEATS_LATER_REPORT, code="repeats_later_report")})

    @property
    def published_display(self) -> str:
        return format_partial_date(self.published_on, self.published_precision)

    @property
    def published_iso(self) -> str:
        return iso_partial_date(self.published_on, self.published_precision)

    @property
    def original(self) -> "Report":
        """Return the report this one repeats, or itself when it is an original."""
        return self.repeats if self.repeats_id else self


class SourceFigures(models.Model):
    """A token that changes whenever anything a source's track record depends on changes.

    Database triggers (claims migrations 0008 and 0009) write a new token when one of the source's reports, or
    evidence citing them, or the outcome of a claim they are evidence on, changes; cached figures are
    keyed on it, so a write makes the old entry unreachable. They also keep the number of the source's reports.
    Not edited by hand.
    """

    source = models.OneToOneField(Source, on_delete=models.CASCADE, primary_key=True, related_name="figures")
    changed = models.UUIDField(help_text="A new value on every change that can alter the source's figures.")
    reports = models.PositiveIntegerField(default=0, db_default=0, help_text="How many reports the source has.")

    class Meta:
        verbose_name_plural = "source figures"

    def __str__(self) -> str:
        return f"Figures of source {self.source_id}"
