"""The API's commentators, topics, claims, evidence, resolutions, scorecards and leaderboard.

Anyone reads; editors write, and every write goes through claims.services, as on the pages. The claim list
takes the same filters as the claim list page (claims.filters.ClaimFilter); scorecards and the leaderboard
give the same figures as the scorecard and leaderboard JSON of the pages (claims.scorecards).
"""

import django_filters
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.confidence import EstimativeWords
from claims.filters import ClaimFilter
from claims.forms import ScoreFilterForm
from claims.models import (
    Claim,
    Commentator,
    CommentatorKind,
    Evidence,
    Outcome,
    Resolution,
    RetractionReason,
    Stance,
    Status,
    Topic,
)
from claims.scoring import scorecards
from sources.api import PageUrlMixin, slug_field
from sources.models import Report
from tracker.api.schema import INVALID_QUERY
from tracker.api.serializers import ModelSerializer, NumberField
from tracker.api.viewsets import ServiceViewSet
from tracker.partial_dates import Precision, iso_partial_date


class CommentatorSerializer(PageUrlMixin, ModelSerializer):
    slug = slug_field(200, "Made from the name when left out. Used in the commentator's web address.")
    links = serializers.ListField(
        child=serializers.CharField(max_length=1000),
        required=False,
        default=list,
        source="link_list",
        help_text="Web pages about the commentator (http or https).",
    )
    scorecard_url = serializers.SerializerMethodField(help_text="The commentator's scorecard in this API.")

    class Meta:
        model = Commentator
        fields = [
            "slug", "name", "kind", "affiliation", "bio", "links", "page_url", "scorecard_url", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
        }  # fmt: skip

    @extend_schema_field(OpenApiTypes.URI)
    def get_scorecard_url(self, obj: Commentator) -> str:
        request = self.context.get("request")
        url = f"/api/commentators/{obj.slug}/scorecard/"
        return request.build_absolute_uri(url) if request else url

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if "link_list" in values:
            values["links"] = values.pop("link_list")
        return values


class CommentatorFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CommentatorKind.choices)

    class Meta:
        model = Commentator
        fields = ["kind"]


SCORE_FILTER_PARAMETERS = [
    OpenApiParameter("topic", str, description="Count only claims on this topic (its slug)."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Count only claims made on or after this day."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Count only claims made on or before this day."),
]


class ScorecardSerializer(serializers.Serializer):
    """A commentator's figures, as Scorecard.as_json gives them: unrounded, null where undefined."""

    commentator = serializers.CharField(help_text="The commentator's slug.")
    name = serializers.CharField()
    scored = serializers.IntegerField(help_text="Claims resolved true, false or partly true.")
    hit_rate = serializers.FloatField(allow_null=True)
    hit_rate_interval = serializers.ListField(
        child=serializers.FloatField(), allow_null=True, min_length=2, max_length=2, help_text="Wilson 95% interval."
    )
    brier = serializers.FloatField(allow_null=True)
    brier_n = serializers.IntegerField(help_text="Scored claims that carry a probability.")
    log_score = serializers.FloatField(allow_null=True)
    calibration = inline_serializer(
        "CalibrationBin",
        {
            "from": serializers.FloatField(),
            "to": serializers.FloatField(),
            "n": serializers.IntegerField(),
            "mean_p": serializers.FloatField(allow_null=True),
            "observed": serializers.FloatField(allow_null=True),
        },
        many=True,
    )
    reliability = serializers.FloatField(allow_null=True)
    resolution = serializers.FloatField(allow_null=True)
    uncertainty = serializers.FloatField(allow_null=True)
    discrimination = serializers.FloatField(allow_null=True)
    counts = serializers.DictField(child=serializers.IntegerField())


class LeaderboardSerializer(serializers.Serializer):
    filters = serializers.DictField(child=serializers.CharField(), help_text="The filters applied.")
    page = serializers.IntegerField(help_text="This page's number (?page=, from 1).")
    pages = serializers.IntegerField(help_text="How many pages there are.")
    count = serializers.IntegerField(help_text="How many commentators the leaderboard holds, on all pages.")
    rows = ScorecardSerializer(many=True, help_text="At most 50 rows a page, in leaderboard order.")


def score_filter(request) -> scorecards.ScoreFilter:
    """Return the ?topic=&from=&to= of the request as a ScoreFilter; raise a 400 when they are invalid."""
    form = ScoreFilterForm(request.query_params)
    if not form.is_valid():
        raise ValidationError({field: [error["message"] for error in errors] for field, errors in
                               form.errors.get_json_data().items()})  # fmt: skip
    return form.score_filter()


class CommentatorViewSet(ServiceViewSet):
    """People, organisations and groups who make claims; each has a scorecard."""

    queryset = Commentator.objects.order_by("name", "id")
    serializer_class = CommentatorSerializer
    filterset_class = CommentatorFilter
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def create_record(self, data: dict) -> Commentator:
        return services.commentator_create(**data)

    def update_record(self, instance: Commentator, data: dict) -> Commentator:
        return services.commentator_update(commentator=instance, **data)

    @extend_schema(
        summary="A commentator's scorecard",
        description="The same figures as the scorecard JSON of the commentator's page, narrowed by topic and period.",
        parameters=SCORE_FILTER_PARAMETERS,
        responses={200: ScorecardSerializer, **INVALID_QUERY},
        filters=False,
    )
    @action(detail=True, methods=["get"], permission_classes=[AllowAny], filter_backends=[], pagination_class=None)
    def scorecard(self, request, slug=None):
        commentator = get_object_or_404(Commentator, slug=slug)
        return Response(scorecards.scorecard(commentator, score_filter(request), detail=False).as_json())


PAGE_NUMBER_REQUIRED = "A page is a whole number from 1."


class LeaderboardView(APIView):
    """Every commentator with a claim in scope, ordered by the lower bound of the hit rate's interval."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="The leaderboard",
        description="The same rows, in the same order, as the leaderboard JSON of the site, 50 a page.",
        parameters=[
            *SCORE_FILTER_PARAMETERS,
            OpenApiParameter("page", int, description="The page (from 1); past the last, the last page."),
        ],
        responses={200: LeaderboardSerializer, **INVALID_QUERY},
    )
    def get(self, request):
        page = request.query_params.get("page", "").strip()
        if page and not (page.isascii() and page.isdigit() and int(page) >= 1):
            raise ValidationError({"page": [PAGE_NUMBER_REQUIRED]})
        return Response(scorecards.leaderboard_json(score_filter(request), page or None))


class TopicSerializer(PageUrlMixin, ModelSerializer):
    slug = slug_field(100, "Made from the name when left out. Used in the topic's web address.")

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "page_url"]
        extra_kwargs = {
            "name": {"validators": []},
        }  # fmt: skip


class TopicViewSet(ServiceViewSet):
    """Tags that claims carry, e.g. North Korea, sanctions."""

    queryset = Topic.objects.order_by("name", "id")
    serializer_class = TopicSerializer
    filterset_class = None
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def create_record(self, data: dict) -> Topic:
        return services.topic_create(**data)

    def update_record(self, instance: Topic, data: dict) -> Topic:
        for name, value in data.items():
            setattr(instance, name, value.strip() if isinstance(value, str) else value)
        return services.topic_save(topic=instance)


class ClaimSerializer(PageUrlMixin, ModelSerializer):
    commentator = serializers.SlugRelatedField(
        slug_field="slug", queryset=Commentator.objects.all(), help_text="The commentator's slug."
    )
    topics = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, required=False, help_text="Topic slugs."
    )
    appeared_in = serializers.PrimaryKeyRelatedField(
        queryset=Report.objects.all(),
        required=False,
        allow_null=True,
        help_text="Id of the report in which the claim was made.",
    )
    made_precision = serializers.ChoiceField(choices=Precision.choices, default=Precision.DAY)
    estimative_words = serializers.ChoiceField(
        choices=EstimativeWords.choices, required=False, allow_blank=True, default=""
    )
    probability = NumberField(required=False, allow_null=True, default=None, help_text="From 0 to 1 (70% is 0.7).")
    made = serializers.SerializerMethodField(help_text="The date at its precision: 2016-03-15, 2016-03 or 2016.")
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, read_only=True, allow_blank=True, help_text="Of the latest resolution; empty if none."
    )
    evidence_count = serializers.IntegerField(read_only=True)
    retraction_reason = serializers.ChoiceField(
        choices=RetractionReason.choices, read_only=True, allow_blank=True, help_text="Empty unless retracted."
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Raised by each change. Send back the version you read with a change: if someone else changed the "
        "claim since, the change is refused with 409 instead of undoing theirs.",
    )
    forecast_probability = serializers.FloatField(
        read_only=True, allow_null=True, help_text="The probability scored: the stated one, else the Kent value."
    )
    claimreview_url = serializers.SerializerMethodField(help_text="schema.org ClaimReview, once resolved.")

    class Meta:
        model = Claim
        fields = [
            "id", "commentator", "quote", "condition", "statement", "resolution_criteria", "appeared_in",
            "appeared_url", "made_on", "made_precision", "made", "topics", "resolve_by", "probability",
            "estimative_words", "forecast_probability", "status", "outcome", "condition_met", "resolved_on",
            "evidence_count", "page_url", "claimreview_url", "retracted_at", "retraction_reason", "retraction_note",
            "version", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "resolved_on", "condition_met", "retracted_at", "retraction_note", "created_at", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_claimreview_url(self, obj: Claim) -> str | None:
        if not obj.outcome:
            return None
        request = self.context.get("request")
        url = f"/claims/{obj.pk}/claimreview.json"
        return request.build_absolute_uri(url) if request else url

    def get_made(self, obj: Claim) -> str:
        return iso_partial_date(obj.made_on, obj.made_precision)


class ClaimViewSet(ServiceViewSet):
    """What commentators claimed: filter as on the claim list page (search, commentator, topic, status...)."""

    version_field = "version"

    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter

    def get_queryset(self):
        return selectors.claim_list().order_by("-made_on", "-id")

    def filter_queryset(self, queryset):
        # The claim list page's filters and order; the id breaks ties, so that pages never overlap.
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            queryset = queryset.order_by(*queryset.query.order_by, "-id")
        return queryset

    def create_record(self, data: dict) -> Claim:
        data.pop("version", None)
        return services.claim_create(created_by=self.request.user, **data)

    def update_record(self, instance: Claim, data: dict) -> Claim:
        topics = data.pop("topics", None)
        expected_version = data.pop("version", None)
        return services.claim_update(claim=instance, topics=topics, expected_version=expected_version, **data)


class EvidenceSerializer(ModelSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all(), help_text="Id of the claim.")
    report = serializers.PrimaryKeyRelatedField(queryset=Report.objects.all(), help_text="Id of the report.")
    stance = serializers.ChoiceField(choices=Stance.choices)
    added_by = serializers.CharField(
        source="added_by.username", read_only=True, allow_null=True, help_text="The editor's username, if any."
    )

    class Meta:
        model = Evidence
        fields = ["id", "claim", "report", "stance", "note", "added_by", "added_at"]
        read_only_fields = ["added_at"]
        validators = []  # one link per claim and report: the service's rule


class EvidenceChangeSerializer(EvidenceSerializer):
    """Once attached, evidence changes only its stance and note."""

    claim = serializers.PrimaryKeyRelatedField(read_only=True)
    report = serializers.PrimaryKeyRelatedField(read_only=True)


class EvidenceFilter(django_filters.FilterSet):
    claim = django_filters.NumberFilter(field_name="claim_id")
    report = django_filters.NumberFilter(field_name="report_id")
    stance = django_filters.ChoiceFilter(choices=Stance.choices)

    class Meta:
        model = Evidence
        fields = ["claim", "report", "stance"]


class EvidenceViewSet(ServiceViewSet):
    """Reports attached to claims with a stance (supports, contradicts, mixed, context)."""

    queryset = Evidence.objects.select_related("added_by").order_by("claim_id", "report__published_on", "id")
    filterset_class = EvidenceFilter

    def get_serializer_class(self):
        return EvidenceChangeSerializer if self.action in {"update", "partial_update"} else EvidenceSerializer

    def create_record(self, data: dict) -> Evidence:
        return services.evidence_attach(added_by=self.request.user, **data)

    def update_record(self, instance: Evidence, data: dict) -> Evidence:
        return services.evidence_update(evidence=instance, **data)


class ResolutionSerializer(ModelSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all(), help_text="Id of the claim.")
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    cited_evidence = serializers.PrimaryKeyRelatedField(
        queryset=Evidence.objects.all(),
        many=True,
        required=False,
        help_text="Ids of the evidence on this claim that the rationale relies on (at least one unless void).",
    )
    resolved_by = serializers.CharField(
        source="resolved_by.username",
        read_only=True,
        allow_null=True,
        help_text="The editor who judged it; empty when recorded by a command.",
    )

    class Meta:
        model = Resolution
        fields = [
            "id", "claim", "outcome", "condition_met", "resolved_on", "rationale", "cited_evidence", "resolved_by",
            "recorded_at",
        ]  # fmt: skip
        read_only_fields = ["recorded_at"]


class ResolutionFilter(django_filters.FilterSet):
    claim = django_filters.NumberFilter(field_name="claim_id")
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices)

    class Meta:
        model = Resolution
        fields = ["claim", "outcome"]


class ResolutionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Judgements of claims, latest first. Appended, never changed: a re-judgement is a new resolution."""

    queryset = (
        Resolution.objects.select_related("resolved_by")
        .prefetch_related("cited_evidence")
        .order_by("-recorded_at", "-id")
    )
    serializer_class = ResolutionSerializer
    filterset_class = ResolutionFilter

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            resolution = services.claim_resolve(resolved_by=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=resolution.pk)
