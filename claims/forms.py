"""Forms editors use on the pages where they read. They check input; the services write."""

from django import forms
from django.core.exceptions import ValidationError

from claims.confidence import EstimativeWords
from claims.models import (
    Claim,
    Commentator,
    CommentatorKind,
    Digest,
    Evidence,
    Outcome,
    RetractionReason,
    Stance,
    Topic,
)
from claims.scoring.scorecards import ScoreFilter
from sources.models import Credibility, Report, Source
from tracker.forms import (
    DateInput,
    ErrorsNextToFieldsMixin,
    ParsedTextField,
    PartialDateField,
    ProbabilityField,
    render_directly,
)

COMMENTATOR_CHOICE_REQUIRED = "Pick a commentator or type the name of a new one, not both."
REPORT_CHOICE_REQUIRED = "Pick an existing report or describe a new one, not both."
REPORT_NOT_FOUND = "No report has that Tracker number or web address."
NEW_REPORT_INCOMPLETE = "A new report needs its source, title, date and summary."


def find_report(reference: str) -> Report | None:
    """Return the report with this Tracker number or web address, if there is one."""
    reference = reference.strip()
    if reference.isdigit():
        return Report.objects.select_related("source").filter(pk=int(reference)).first()
    if reference:
        return Report.objects.select_related("source").filter(url=reference).first()
    return None


class ReportReferenceField(ParsedTextField):
    """An existing report, named by its Tracker number or its web address."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("help_text", "Its Tracker number (shown on the report's page) or its web address.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.pk if isinstance(value, Report) else value

    def to_python(self, value):
        text = self.text(value)
        if not text:
            return None
        report = find_report(text)
        if report is None:
            raise ValidationError(REPORT_NOT_FOUND, code="report_not_found")
        return report


class ClaimForm(ErrorsNextToFieldsMixin, forms.Form):
    field_aliases = {"made_on": "made", "made_precision": "made", "name": "new_commentator", "slug": "new_commentator"}
    code_fields = {
        "probability_out_of_range": "probability",
        "two_confidences": "probability",
        "invalid_estimative_words": "estimative_words",
        "deadline_before_made": "resolve_by",
        "date_not_at_precision": "made",
        "invalid_url": "appeared_url",
        "stale": "__all__",
    }

    commentator = forms.ModelChoiceField(
        queryset=Commentator.objects.order_by("name"), required=False, empty_label="Pick a commentator…"
    )
    new_commentator = forms.CharField(
        max_length=200, required=False, label="…or a new commentator", help_text="The name, if they are not listed."
    )
    new_commentator_kind = forms.ChoiceField(
        choices=CommentatorKind.choices, initial=CommentatorKind.PERSON, label="The new commentator is a"
    )
    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Their words, verbatim.")
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), help_text="A neutral, checkable restatement someone else could judge."
    )
    resolution_criteria = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="What would make it true, and what would make it false."
    )
    condition = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text='For a conditional claim, the condition alone ("if sanctions are enforced aggressively"); '
        "the statement above is then the consequence. Leave empty otherwise.",
    )
    made = PartialDateField(label="Made on")
    appeared_in = ReportReferenceField(required=False, label="Appeared in report")
    appeared_url = forms.URLField(
        required=False, max_length=1000, assume_scheme="https", label="…or appeared at", help_text="http or https."
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("name"), required=False, widget=forms.CheckboxSelectMultiple
    )
    resolve_by = forms.DateField(required=False, widget=DateInput, label="Deadline", help_text="When it can be judged.")
    probability = ProbabilityField(required=False)
    estimative_words = forms.ChoiceField(
        choices=[("", "None given"), *EstimativeWords.choices],
        required=False,
        label="…or their estimative words",
        help_text="On Sherman Kent's scale, when they gave words rather than a number.",
    )

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, creating: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]
        else:
            del self.fields["new_commentator"]
            del self.fields["new_commentator_kind"]
            self.fields["commentator"].required = True

    @classmethod
    def initial_for(cls, claim: Claim) -> dict:
        """Return the form's initial values for an existing claim."""
        return {
            "commentator": claim.commentator_id,
            "quote": claim.quote,
            "statement": claim.statement,
            "resolution_criteria": claim.resolution_criteria,
            "condition": claim.condition,
            "made": (claim.made_on, claim.made_precision),
            "appeared_in": claim.appeared_in_id or "",
            "appeared_url": claim.appeared_url,
            "topics": list(claim.topics.all()),
            "resolve_by": claim.resolve_by,
            "probability": "" if claim.probability is None else claim.probability,
            "estimative_words": claim.estimative_words,
            "version": claim.version,
        }

    def clean(self):
        data = super().clean()
        if "new_commentator" in self.fields:
            picked, typed = data.get("commentator"), (data.get("new_commentator") or "").strip()
            if bool(picked) == bool(typed):
                self.add_error("commentator", ValidationError(COMMENTATOR_CHOICE_REQUIRED, code="commentator_choice"))
        return data

    def claim_fields(self) -> dict:
        """Return the cleaned data as claim_create/claim_update keyword arguments (commentator excepted)."""
        data = self.cleaned_data
        made_on, made_precision = data["made"]
        return {
            "quote": data["quote"],
            "statement": data["statement"],
            "resolution_criteria": data["resolution_criteria"],
            "condition": data.get("condition") or "",
            "made_on": made_on,
            "made_precision": made_precision,
            "appeared_in": data.get("appeared_in"),
            "appeared_url": data.get("appeared_url") or "",
            "resolve_by": data.get("resolve_by"),
            "probability": data.get("probability"),
            "estimative_words": data.get("estimative_words") or "",
        }


class EvidenceAttachForm(ErrorsNextToFieldsMixin, forms.Form):
    # Errors from report_create belong on the new-report fields; a duplicate link on the report.
    field_aliases = {
        "source": "new_source",
        "title": "new_title",
        "url": "new_url",
        "published_on": "new_published",
        "published_precision": "new_published",
        "credibility": "new_credibility",
        "summary": "new_summary",
        "claim": "report",
    }
    code_fields = {"duplicate_evidence": "report", "duplicate_url": "new_url", "invalid_url": "new_url"}

    report = ReportReferenceField(required=False, label="An existing report")
    new_source = forms.ModelChoiceField(
        queryset=Source.objects.order_by("name"), required=False, label="…or a new report from", empty_label="Source…"
    )
    new_title = forms.CharField(max_length=300, required=False, label="Title")
    new_url = forms.URLField(required=False, max_length=1000, assume_scheme="https", label="Web address")
    new_published = PartialDateField(required=False, label="Published")
    new_credibility = forms.TypedChoiceField(
        choices=Credibility.choices,
        coerce=int,
        required=False,
        empty_value=Credibility.CANNOT_BE_JUDGED,
        initial=Credibility.CANNOT_BE_JUDGED,
        label="Credibility",
        help_text="Admiralty grade of this report's information.",
    )
    new_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Summary", help_text="In your own words."
    )
    stance = forms.ChoiceField(choices=Stance.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="Why this report bears on the claim."
    )

    def clean(self):
        data = super().clean()
        new_fields = ("new_source", "new_title", "new_url", "new_published", "new_summary")
        describes_new = any(data.get(name) for name in new_fields)
        if bool(data.get("report")) == describes_new and "report" not in self.errors:
            self.add_error("report", ValidationError(REPORT_CHOICE_REQUIRED, code="report_choice"))
        elif describes_new and not all(
            data.get(name) for name in ("new_source", "new_title", "new_published", "new_summary")
        ):
            self.add_error("new_source", ValidationError(NEW_REPORT_INCOMPLETE, code="new_report_incomplete"))
        return data

    def new_report_fields(self) -> dict | None:
        """Return report_create keyword arguments when the editor described a new report."""
        data = self.cleaned_data
        if data.get("report"):
            return None
        published_on, precision = data["new_published"]
        return {
            "source": data["new_source"],
            "title": data["new_title"],
            "url": data.get("new_url") or "",
            "published_on": published_on,
            "published_precision": precision,
            "credibility": data["new_credibility"],
            "summary": data["new_summary"],
        }


CONDITION_CHOICES = [("yes", "Yes: judge the consequence"), ("no", "No: the claim is void and not scored")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ResolveForm(ErrorsNextToFieldsMixin, forms.Form):
    condition_met = forms.TypedChoiceField(
        choices=CONDITION_CHOICES,
        coerce=_yes_no,
        widget=forms.RadioSelect,
        label="Was the condition met?",
    )
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect)
    resolved_on = forms.DateField(widget=DateInput, label="Resolved on", help_text="When the outcome became known.")
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="Why this outcome: cite the evidence below."
    )
    cited_evidence = forms.ModelMultipleChoiceField(
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence cited",
        help_text="At least one, unless the claim is void.",
    )

    def __init__(self, *args, claim: Claim, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if claim.condition:
            self.fields["condition_met"].help_text = f"The condition: {claim.condition}"
        else:
            del self.fields["condition_met"]
        field = self.fields["cited_evidence"]
        field.queryset = claim.evidence.select_related("report__source").order_by("report__published_on", "id")
        field.label_from_instance = lambda item: (
            f"{item.report.published_display} · {item.get_stance_display()} · {item.report.source.name}: "
            f"{item.report.title}"
        )


class ScoreFilterForm(forms.Form):
    """Narrow a scorecard or the leaderboard to a topic and to claims made within a period (?topic=&from=&to=)."""

    topic = forms.ModelChoiceField(
        queryset=Topic.objects.order_by("name"), to_field_name="slug", required=False, empty_label="All topics"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # "from" and "to" are Python keywords, so these two fields are added by name.
        self.fields["from"] = forms.DateField(required=False, widget=DateInput, label="Claims made from")
        self.fields["to"] = forms.DateField(required=False, widget=DateInput, label="to")
        render_directly(self)  # on every scorecard and leaderboard page: no widget templates

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("to", ValidationError("The period ends before it starts.", code="period_reversed"))
        return data

    def score_filter(self) -> ScoreFilter:
        """Return the valid form's choices as a ScoreFilter."""
        data = self.cleaned_data
        return ScoreFilter(topic=data.get("topic"), made_from=data.get("from"), made_to=data.get("to"))


class RetractForm(ErrorsNextToFieldsMixin, forms.Form):
    reason = forms.ChoiceField(choices=RetractionReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why: what the right words are, which claim this one duplicates, or why it is not a claim.",
    )


class WalkbackForm(ErrorsNextToFieldsMixin, forms.Form):
    field_aliases = {"said_precision": "said_on"}

    said_on = PartialDateField(label="Said on")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="What the commentator said.")
    report = ReportReferenceField(required=False, label="Said in report")
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https", label="…or at")


class ReplyForm(ErrorsNextToFieldsMixin, forms.Form):
    field_aliases = {"said_precision": "said_on"}

    speaker = forms.CharField(max_length=200, help_text="The commentator, or who spoke for them.")
    said_on = PartialDateField(label="Said on")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Reply")
    report = ReportReferenceField(required=False, label="Published in report")
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https", label="…or at")


class DisputeForm(ErrorsNextToFieldsMixin, forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="Why the resolution is wrong, and what it should be."
    )
    report = ReportReferenceField(required=False, label="Evidence: a report recorded here")
    evidence_url = forms.URLField(
        required=False, max_length=1000, assume_scheme="https", label="…or the address of new evidence"
    )
    evidence_title = forms.CharField(max_length=300, required=False, label="Its title")


class DisputeDecisionForm(ErrorsNextToFieldsMixin, forms.Form):
    DECISIONS = [("uphold", "Uphold: the resolution stands"), ("overturn", "Overturn: record a new resolution")]

    decision_kind = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect, label="Decision")
    decision = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Reasons", help_text="Shown on the claim beside the dispute."
    )
    outcome = forms.ChoiceField(
        choices=[("", "—"), *Outcome.choices], required=False, label="New outcome (when overturning)"
    )
    resolved_on = forms.DateField(required=False, widget=DateInput, label="Resolved on (when overturning)")
    condition_met = forms.TypedChoiceField(
        choices=[("", "—"), *CONDITION_CHOICES],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        label="Was the condition met? (conditional claims)",
    )
    cited_evidence = forms.ModelMultipleChoiceField(
        queryset=Evidence.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Evidence cited"
    )

    def __init__(self, *args, claim: Claim, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cited_evidence"].queryset = claim.evidence.select_related("report__source").order_by(
            "report__published_on", "id"
        )
        self.fields["cited_evidence"].label_from_instance = lambda item: (
            f"{item.report.published_display} · {item.get_stance_display()} · {item.report.title}"
        )
        if not claim.condition:
            del self.fields["condition_met"]

    def clean(self):
        data = super().clean()
        if data.get("decision_kind") == "overturn":
            for name in ("outcome", "resolved_on"):
                if not data.get(name):
                    self.add_error(name, ValidationError("Needed to overturn.", code="required"))
        return data


class ReminderPreferenceForm(forms.Form):
    digest = forms.ChoiceField(
        choices=Digest.choices,
        widget=forms.RadioSelect,
        label="Send me a digest",
        help_text="Claims coming due in the next 30 days, claims overdue, and open disputes, by email.",
    )
