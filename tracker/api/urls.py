"""The JSON API under /api/: the record's endpoints, the OpenAPI schema and its interactive docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from claims import api as claims_api
from claims.record import api as ledger_api
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
    path("ledger/key/", ledger_api.KeyView.as_view(), name="ledger_key"),
    path("ledger/head/", ledger_api.HeadView.as_view(), name="ledger_head"),
    path("ledger/heads/", ledger_api.HeadListView.as_view(), name="ledger_heads"),
    path("ledger/entries/<int:sequence>/", ledger_api.EntryView.as_view(), name="ledger_entry"),
    path("ledger/proof/inclusion/", ledger_api.InclusionProofView.as_view(), name="ledger_inclusion"),
    path("ledger/proof/consistency/", ledger_api.ConsistencyProofView.as_view(), name="ledger_consistency"),
    path("ledger/export/", ledger_api.ExportView.as_view(), name="ledger_export"),
    path("", include(router.urls)),
]
