"""The claim list's filters: shared by the pages (and later the API), so a filter is written once."""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, QuerySet

from claims.models import Claim, Commentator, Evidence, Outcome, Status, Topic
from sources.models import Source


class DateInput(forms.DateInput):
    input_type = "date"


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        help_text="Words in the quote, statement or criteria; use quotes for a phrase and - to exclude a word.",
    )
    commentator = django_filters.ModelChoiceFilter(
        queryset=Commentator.objects.order_by("name"),
        to_field_name="slug",
        label="Commentator",
        empty_label="Any commentator",
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
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.order_by("name"),
        to_field_name="slug",
        method="filter_source",
        label="Has evidence from",
        empty_label="Any source",
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
