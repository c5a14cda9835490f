"""The API's sources and reports: anyone reads, editors write through sources.services."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources import services
from sources.models import Credibility, Reliability, Report, Source, SourceKind
from tracker.api.serializers import ModelSerializer
from tracker.api.viewsets import ServiceViewSet
from tracker.partial_dates import Precision


class PageUrlMixin(serializers.Serializer):
    page_url = serializers.SerializerMethodField(help_text="The record's page on the site.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


def slug_field(max_length: int, help_text: str) -> serializers.CharField:
    """Return a slug field: letters of any script, digits and hyphens, checked by the service.

    A plain string in the schema, since JSON Schema's \\w would allow ASCII letters only.
    """
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, help_text=help_text)


class SourceSerializer(PageUrlMixin, ModelSerializer):
    slug = slug_field(200, "Made from the name when left out. Used in the source's web address.")

    class Meta:
        model = Source
        fields = [
            "slug", "name", "kind", "homepage", "country", "language", "description", "reliability", "page_url",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        # Uniqueness is the service's rule (it answers with the same message as the pages).
        extra_kwargs = {
            "name": {"validators": []},
        }  # fmt: skip


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    reliability = django_filters.ChoiceFilter(choices=Reliability.choices)
    country = django_filters.CharFilter(help_text="ISO 3166-1 two-letter code, e.g. KR.")

    class Meta:
        model = Source
        fields = ["kind", "reliability", "country"]


class SourceViewSet(ServiceViewSet):
    """Outlets and originators of reports, with their Admiralty reliability grade (A-F)."""

    queryset = Source.objects.order_by("name", "id")
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def create_record(self, data: dict) -> Source:
        return services.source_create(**data)

    def update_record(self, instance: Source, data: dict) -> Source:
        return services.source_update(source=instance, **data)


class ReportSerializer(PageUrlMixin, ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Source.objects.all(), help_text="Source slug.")
    repeats = serializers.PrimaryKeyRelatedField(
        queryset=Report.objects.all(),
        required=False,
        allow_null=True,
        help_text="Id of the original report this one re-runs.",
    )
    published_precision = serializers.ChoiceField(choices=Precision.choices, default=Precision.DAY)
    credibility = serializers.ChoiceField(choices=Credibility.choices, default=Credibility.CANNOT_BE_JUDGED)
    published = serializers.CharField(
        source="published_iso", read_only=True, help_text="The date at its precision: 2016-03-15, 2016-03 or 2016."
    )

    class Meta:
        model = Report
        fields = [
            "id", "source", "title", "url", "published_on", "published_precision", "published", "summary", "excerpt",
            "archive_url", "credibility", "repeats", "page_url", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the service checks the unique address


class ReportFilter(django_filters.FilterSet):
    source = django_filters.ModelChoiceFilter(queryset=Source.objects.all(), to_field_name="slug")
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")
    credibility = django_filters.TypedChoiceFilter(choices=Credibility.choices, coerce=int)

    class Meta:
        model = Report
        fields = ["source", "published_after", "published_before", "credibility"]


class ReportViewSet(ServiceViewSet):
    """Dated publications of a source, newest first; a date known to the month or year is kept at that precision."""

    queryset = Report.objects.select_related("source").order_by("-published_on", "-id")
    serializer_class = ReportSerializer
    filterset_class = ReportFilter

    def create_record(self, data: dict) -> Report:
        return services.report_create(**data)

    def update_record(self, instance: Report, data: dict) -> Report:
        return services.report_update(report=instance, **data)
