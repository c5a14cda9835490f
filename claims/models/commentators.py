"""Who makes claims (Commentator) and what claims are about (Topic)."""

from django.core.exceptions import ValidationError
from django.db import models

from sources.models import RESERVED_SLUG, RESERVED_SLUGS
from tracker.fields import BoundedTextField
from tracker.history import tracked
from tracker.links import link
from tracker.validators import http_url_validator


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
