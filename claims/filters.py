"""The claim list's filters: shared by the pages (and later the API), so a filter is written once."""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet

from claims.models import Claim, Commentator, Evidence, Outcome, Status, Topic
from sources.models import Source
from tracker.forms import DateInput, render_directly

AMBIGUOUS_NAME = "More than one has this name: use the name in the page's address (after the last slash)."


class NamedRecordField(forms.ModelChoiceField):
    """A record chosen by typing its name or slug, so that the form does not list thousands of them."""

    widget = forms.TextInput

    def to_python(self, value):
        value = (value or "").strip()
        if value in self.empty_values:
            return None
        matches = list(self.queryset.filter(Q(slug=value) | Q(name__iexact=value)).order_by("pk")[:2])
        exact = [record for record in matches if record.slug == value]
        if exact or len(matches) == 1:
            return (exact or matches)[0]
        if matches:
            raise ValidationError(AMBIGUOUS_NAME, code="ambiguous")
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")

    def prepare_value(self, value):
        return value.slug if isinstance(value, Model) else value


class NamedRecordFilter(django_filters.ModelChoiceFilter):
    field_class = NamedRecordField


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        help_text="Words in the quote, statement or criteria; use quotes for a phrase and - to exclude a word.",
    )
    commentator = NamedRecordFilter(
        queryset=Commentator.objects.all(),
        label="Commentator",
        help_text="Their name, or the name in their page's address.",
        error_messages={"invalid_choice": "No commentator has this name."},
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        label="Topic",
        empty_label="Any topic",
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, method="filter_status", label="Status", empty_label="Any status"
    )
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, label="Outcome", empty_label="Any outcome")
    made_after = django_filters.DateFilter(
        field_name="made_on", lookup_expr="gte", label="Made on or after", widget=DateInput
    )
    made_before = django_filters.DateFilter(
        field_name="made_on", lookup_expr="lte", label="Made on or before", widget=DateInput
    )
    deadline_after = django_filters.DateFilter(
        field_name="resolve_by", lookup_expr="gte", label="Deadline on or after", widget=DateInput
    )
    deadline_before = django_filters.DateFilter(
        field_name="resolve_by", lookup_expr="lte", label="Deadline on or before", widget=DateInput
    )
    source = NamedRecordFilter(
        queryset=Source.objects.all(),
        method="filter_source",
        label="Has evidence from",
        help_text="A source's name, or the name in its page's address.",
        error_messages={"invalid_choice": "No source has this name."},
    )
    sort = django_filters.OrderingFilter(
        label="Sort by",
        empty_label="Newest made first",
        fields=(("made_on", "made"), ("resolve_by", "deadline"), ("resolved_on", "resolved")),
        field_labels={
            "made": "Oldest made first",
            "-made": "Newest made first",
            "deadline": "Deadline, soonest first",
            "-deadline": "Deadline, latest first",
            "resolved": "Resolved, earliest first",
            "-resolved": "Resolved, latest first",
        },
    )

    class Meta:
        model = Claim
        fields = ["q", "commentator", "topic", "status", "outcome", "source"]

    def filter_search(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        """Keep claims matching the words, ranked by relevance (statement first, then quote, then criteria)."""
        if not value.strip():
            return queryset
        query = SearchQuery(value, search_type="websearch", config="english")
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))

    def filter_status(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return queryset.with_status(value)

    def filter_source(self, queryset: QuerySet[Claim], name: str, value: Source) -> QuerySet[Claim]:
        # EXISTS rather than a join, so a claim with many reports from the source is listed once.
        return queryset.filter(Exists(Evidence.objects.filter(claim=OuterRef("pk"), report__source=value)))

    @property
    def form(self):
        """The filter form, its widgets rendered without templates (it is on every page of the list)."""
        if not hasattr(self, "_form"):
            self._form = render_directly(super().form)
        return self._form

    @property
    def qs(self) -> QuerySet[Claim]:
        """Return the filtered claims: in the chosen order, else by relevance when searching, else newest made."""
        queryset = super().qs
        data = self.form.cleaned_data if self.form.is_valid() else {}
        if data.get("sort"):
            # Ordered by the OrderingFilter; the id breaks ties, so that pages neither repeat nor skip claims.
            return queryset.order_by(*queryset.query.order_by, "-id")
        if (data.get("q") or "").strip():
            return queryset.order_by("-rank", "-made_on", "-id")
        return queryset.order_by("-made_on", "-id")
