"""Data in and out: ClaimReview of a claim, CSV import for editors, the export download."""

from django.urls import path

from claims.transfer import views as data_views

app_name = "data"

urlpatterns = [
    path("claims/<int:pk>/claimreview.json", data_views.claimreview_json, name="claimreview_json"),
    path("data/import/", data_views.ImportView.as_view(), name="import_csv"),
    path("data/export.zip", data_views.export_zip, name="export_zip"),
]
