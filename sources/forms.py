"""Editor forms for sources and reports; the views save them through sources.services."""

from django import forms

from sources.models import Report, Source
from tracker.forms import ErrorsNextToFieldsMixin, PartialDateField
from tracker.validators import HTTP_URL_MESSAGE

NO_SUCH_REPORT = "No report has the Tracker number %(value)s."
NOT_A_RELIABILITY = "Reliability is an Admiralty grade from A to F, not %(value)s."
NOT_A_CREDIBILITY = "Credibility is an Admiralty grade from 1 to 6, not %(value)s."


class SourceForm(ErrorsNextToFieldsMixin, forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "slug", "kind", "reliability", "homepage", "country", "language", "description"]
        help_texts = {"slug": "Used in the source's web address. Leave empty to make one from the name."}
        error_messages = {
            "homepage": {"invalid": HTTP_URL_MESSAGE},
            "reliability": {"invalid_choice": NOT_A_RELIABILITY},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    code_fields = {"invalid_reliability": "reliability", "invalid_kind": "kind", "invalid_country": "country"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # source_save makes the slug from the name when it is left empty.
        self.fields["slug"].required = False


class ReportForm(ErrorsNextToFieldsMixin, forms.ModelForm):
    published = PartialDateField(label="Published")

    class Meta:
        model = Report
        fields = [
            "source", "title", "published", "url", "archive_url", "credibility", "summary", "excerpt", "repeats",
        ]  # fmt: skip
        labels = {"url": "Address (URL)", "archive_url": "Archived copy (URL)", "repeats": "Repeats report number"}
        help_texts = {
            "repeats": "If this report re-runs another one, the original's Tracker number (shown on its page). "
            "Leave empty for an original."
        }
        error_messages = {
            "url": {"invalid": HTTP_URL_MESSAGE},
            "archive_url": {"invalid": HTTP_URL_MESSAGE},
            "credibility": {"invalid_choice": NOT_A_CREDIBILITY},
            "repeats": {"invalid_choice": NO_SUCH_REPORT},
        }
        widgets = {
            # A number, never a list of every report: there may be hundreds of thousands.
            "repeats": forms.NumberInput(attrs={"min": 1}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "excerpt": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }

    field_aliases = {"published_on": "published", "published_precision": "published"}
    code_fields = {
        "duplicate_url": "url",
        "invalid_credibility": "credibility",
        "repeats_itself": "repeats",
        "date_not_at_precision": "published",
        "invalid_precision": "published",
        "required": "title",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.published_on is not None:
            self.initial.setdefault("published", (self.instance.published_on, self.instance.published_precision))

    def clean(self) -> dict:
        """Set the date and its precision on the report, so the model's checks see them."""
        cleaned_data = super().clean()
        if cleaned_data.get("published"):
            self.instance.published_on, self.instance.published_precision = cleaned_data["published"]
        return cleaned_data
