from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    path("sources/new/", views.SourceCreateView.as_view(), name="source_create"),
    path("sources/<str:slug>/", views.source_detail, name="source_detail"),
    path("sources/<str:slug>/edit/", views.SourceUpdateView.as_view(), name="source_update"),
    path("sources/<str:slug>/delete/", views.SourceDeleteView.as_view(), name="source_delete"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportUpdateView.as_view(), name="report_update"),
    path("reports/<int:pk>/delete/", views.ReportDeleteView.as_view(), name="report_delete"),
]
