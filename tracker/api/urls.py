"""The JSON API under /api/: the record's endpoints, the OpenAPI schema and its interactive docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from claims import api as claims_api
from sources import api as sources_api

app_name = "api"


class Router(routers.DefaultRouter):
    include_format_suffixes = False  # one address per resource: JSON is chosen by the Accept header


class DocsView(SpectacularSwaggerSplitView):
    """The interactive docs: a page to read, so GET only (DRF's OPTIONS answer has no template to render)."""

    http_method_names = ["get", "head"]


router = Router()
router.register("sources", sources_api.SourceViewSet, basename="source")
router.register("reports", sources_api.ReportViewSet, basename="report")
router.register("commentators", claims_api.CommentatorViewSet, basename="commentator")
router.register("topics", claims_api.TopicViewSet, basename="topic")
router.register("claims", claims_api.ClaimViewSet, basename="claim")
router.register("evidence", claims_api.EvidenceViewSet, basename="evidence")
router.register("resolutions", claims_api.ResolutionViewSet, basename="resolution")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page needs no inline script (CSP).
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("leaderboard/", claims_api.LeaderboardView.as_view(), name="leaderboard"),
    path("", include(router.urls)),
]
